"""Writing the search index. Other apps call these from their own services, inside their transaction,
so an entity and its index rows change together (or not at all)."""

from collections.abc import Sequence
from contextvars import ContextVar

from django.db import transaction

import lao
from core.cache import page_cache_bump
from search import engines, registry
from search.aliases import PLACE_ALIASES
from search.models import Alias, SearchEntry
from search.text import SNIPPET_MAX_CHARS, display_text, document_text

TITLE_MAX_CHARS = SearchEntry._meta.get_field("title").max_length - 1  # room for the ellipsis
BULK_BATCH = 1000
PAGE_CACHE = "search"  # the namespace of the cached search pages
# While index_rebuild runs, the index holds no rows of the kinds being rebuilt: index_upsert then
# collects new rows here, per display language, and inserts them in batches of one language, instead
# of a lookup and a savepoint per row. Rows of one language then share table pages: a search reads the
# pages of its own language only (on PostgreSQL a common word's matches took 30 ms, interleaved, and
# 10–18 ms grouped, with 100,000 organizations).
_bulk_rows: ContextVar[dict[str, list[SearchEntry]] | None] = ContextVar("search_bulk_rows", default=None)


def index_upsert(
    *,
    kind: str,
    object_id: str | int,
    language: str,
    title: str,
    snippet: str,
    url: str,
    visibility: str,
    texts: Sequence[str],
    keys: Sequence[str] = (),
    boost: int = 0,
) -> None:
    """Create or replace the row of one entity in one display language.

    Called by the services that write the entity, once per language in settings.LANGUAGES.
    `title`, `snippet` and `url` are in `language`; `texts` should hold the searchable fields of
    *every* language (the title is always searchable), so any-language queries find the row.
    `keys` are extra match terms that are not shown: English names, acronyms, other spellings.
    Raises ValueError on an unknown language or visibility. (No savepoint of its own: update_or_create
    takes one, and during a rebuild the rows are only collected.)
    """
    if language not in SearchEntry.Language.values:
        raise ValueError(f"Unknown search language {language!r}.")
    if visibility not in SearchEntry.Visibility.values:
        raise ValueError(f"Unknown search visibility {visibility!r}.")
    search_text, plain_text = document_text(
        texts=[title, *(text for text in texts if text != title)], keys=keys
    )
    values = {
        "title": display_text(title, max_chars=TITLE_MAX_CHARS),
        "snippet": display_text(snippet, max_chars=SNIPPET_MAX_CHARS),
        "url": url,
        "visibility": visibility,
        "boost": boost,
        "search_text": search_text,
        "plain_text": plain_text,
    }
    bulk = _bulk_rows.get()
    if bulk is not None:
        rows = bulk.setdefault(language, [])
        rows.append(SearchEntry(kind=kind, object_id=str(object_id), language=language, **values))
        if len(rows) >= BULK_BATCH:
            _flush(rows)
        return
    SearchEntry.objects.update_or_create(
        kind=kind, object_id=str(object_id), language=language, defaults=values
    )
    transaction.on_commit(_results_changed)


def _results_changed() -> None:
    """Anonymous visitors' cached search pages (laocso.views.search_results) are read anew."""
    page_cache_bump(PAGE_CACHE)


def _flush(rows: list[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(rows)
    rows.clear()


@transaction.atomic
def index_delete(*, kind: str, object_id: str | int) -> None:
    """Remove every language row of one entity (deleted, unpublished or made private)."""
    SearchEntry.objects.filter(kind=kind, object_id=str(object_id)).delete()
    transaction.on_commit(_results_changed)


@transaction.atomic
def index_rebuild(*, kinds: Sequence[str] | None = None) -> dict[str, int]:
    """Empty the index (or the rows of `kinds`) and have the registered apps re-index everything.

    For the `rebuild_search_index` command. One transaction: searches see the old index until
    the new one is complete. Returns the number of entities indexed per kind. Raises KeyError
    for a kind no app registered.
    """
    reindexers = registry.reindexers()
    selected = reindexers if kinds is None else {kind: reindexers[kind] for kind in kinds}
    replaced = SearchEntry.objects.all() if kinds is None else SearchEntry.objects.filter(kind__in=selected)
    rows_by_language: dict[str, list[SearchEntry]] = {}
    token = _bulk_rows.set(rows_by_language)
    try:
        with engines.bulk_load():
            replaced.delete()
            for reindex_all in selected.values():
                reindex_all()
            for rows in rows_by_language.values():
                _flush(rows)
    finally:
        _bulk_rows.reset(token)
    aliases_load()
    transaction.on_commit(_results_changed)
    return {
        kind: SearchEntry.objects.filter(kind=kind).values("object_id").distinct().count()
        for kind in selected
    }


@transaction.atomic
def aliases_load() -> int:
    """Create or update the place-name aliases of search/aliases.py; other aliases stay. Idempotent.

    Migration 0003 seeds them; `rebuild_search_index` and test set-ups that flush the database
    call this to put them back. Returns the number of aliases loaded.
    """
    count = 0
    for expansion, terms in PLACE_ALIASES.items():
        for term in terms:
            Alias.objects.update_or_create(
                term=lao.normalize(term),
                defaults={"key": lao.latin_key(term), "expansion": lao.normalize(expansion)},
            )
            count += 1
    return count
