"""What the search index holds about news, events, documents and opportunities: only live items,
with the item's own visibility, so that a members-only document is found by members only."""

from django.urls import reverse
from django.utils import formats, translation

from content.markdown import plain_text, summary
from content.models import Document, Event, NewsItem, Opportunity, Publication
from search.services import index_delete, index_upsert

KINDS = {NewsItem: "news", Event: "event", Document: "document", Opportunity: "opportunity"}
URL_NAMES = {
    NewsItem: "content:news-detail",
    Event: "content:event-detail",
    Document: "content:document-detail",
    Opportunity: "content:opportunity-detail",
}


def _names(rows) -> list[str]:
    return [name for row in rows for name in (row.name_lo, row.name_en) if name]


def _texts(item: Publication) -> tuple[list[str], list[str]]:
    """(texts, keys) of an item in both languages."""
    texts = [item.title_lo, item.title_en, *_names(item.sector_groups.all())]
    keys: list[str] = []
    if isinstance(item, NewsItem):
        texts += [
            plain_text(item.body_lo),
            plain_text(item.body_en),
            item.supported_by_lo,
            item.supported_by_en,
        ]
        organizations = list(item.organizations.all())
    elif isinstance(item, Event):
        texts += [plain_text(item.description_lo), plain_text(item.description_en)]
        texts += [item.location_lo, item.location_en, *_names([item.province] if item.province else [])]
        organizations = list(item.organizers.all())
    elif isinstance(item, Document):
        texts += [plain_text(item.description_lo), plain_text(item.description_en), item.text]
        keys.append(item.original_name)
        organizations = [item.organization] if item.organization else []
    else:
        texts += [plain_text(item.description_lo), plain_text(item.description_en), item.offered_by]
        organizations = [item.organization] if item.organization else []
    texts += _names(organizations)
    keys += [organization.acronym for organization in organizations if organization.acronym]
    return [text for text in texts if text], [key for key in keys if key]


def _snippet(item: Publication) -> str:
    if isinstance(item, NewsItem):
        return summary(item.body, 300)
    if isinstance(item, Event):
        when = formats.date_format(item.starts_at, "DATE_FORMAT")
        return f"{when} · {item.location}" if item.location else when
    text = summary(item.description, 300)
    if isinstance(item, Document) and not text:
        text = summary(item.text, 300)
    if isinstance(item, Opportunity):
        deadline = formats.date_format(item.deadline, "DATE_FORMAT")
        return f"{deadline} · {text}" if text else deadline
    return text


def item_index(item: Publication) -> None:
    """Index an item in Lao and English if it is live; remove it from the index otherwise. Called by
    the services that change it, inside their transaction."""
    kind = KINDS[type(item)]
    if not item.is_live:
        index_delete(kind=kind, object_id=item.pk)
        return
    texts, keys = _texts(item)
    for language in ("lo", "en"):
        with translation.override(language):
            index_upsert(
                kind=kind,
                object_id=item.pk,
                language=language,
                title=item.title,
                snippet=_snippet(item),
                url=reverse(URL_NAMES[type(item)], args=[item.slug]),
                visibility=item.visibility,
                texts=texts,
                keys=keys,
            )


def _reindexer(model):
    def reindex_all() -> int:
        count = 0
        for item in model.objects.live().prefetch_related("sector_groups").iterator(chunk_size=200):
            item_index(item)
            count += 1
        return count

    return reindex_all


REINDEXERS = {kind: _reindexer(model) for model, kind in KINDS.items()}
