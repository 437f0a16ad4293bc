"""Information sharing: events, news, documents and opportunities that are published and shared
with the caller (content.selectors decides, as for the pages and the feeds).

An event's link to join online is never given: the event's page shows it only to registered
organizations."""

from typing import Literal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop as N_
from ninja import Path, Query, Router
from pydantic import Field

from api.common import (
    DETAIL_ERRORS,
    READ_ERRORS,
    PageParams,
    check_code,
    codes,
    organization_ref,
    page,
    page_url,
)
from api.schemas import (
    CODE,
    DocumentOut,
    DocumentSummaryOut,
    EventOut,
    EventSummaryOut,
    NewsOut,
    NewsSummaryOut,
    OpportunityOut,
    OpportunitySummaryOut,
    page_of,
)
from content import selectors
from content.models import Document, Event, NewsItem, Opportunity
from core.models import Province, SectorGroup

router = Router(tags=[N_("News, events, documents and opportunities")])

EventPage = page_of(EventSummaryOut, "EventPage")
NewsPage = page_of(NewsSummaryOut, "NewsPage")
DocumentPage = page_of(DocumentSummaryOut, "DocumentPage")
OpportunityPage = page_of(OpportunitySummaryOut, "OpportunityPage")

Slug = Path(..., max_length=80, pattern=CODE)
SECTOR = Field(None, max_length=10, pattern=CODE, description=N_("Sector group code."))


def visible(model, viewer):
    return selectors.for_viewer(model.objects.all(), viewer)


def sectors_of(item) -> list[str]:
    return codes(item.sector_groups.order_by("order", "code"))


# --- events -----------------------------------------------------------------------------------------


class EventFilters(PageParams):
    when: Literal["upcoming", "past"] = Field(
        "upcoming", description=N_("upcoming: not yet ended, soonest first; past: ended, latest first.")
    )
    kind: Literal["training", "fair", "meeting", "webinar", "other"] | None = None
    sector: str | None = SECTOR
    province: str | None = Field(None, max_length=4, pattern=CODE, description=N_("p-code of the province."))


def event_summary(request, event: Event) -> dict:
    return {
        "slug": event.slug,
        "kind": event.kind,
        "title_lo": event.title_lo,
        "title_en": event.title_en,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "province": event.province.code if event.province else None,
        "location_lo": event.location_lo,
        "location_en": event.location_en,
        "visibility": event.visibility,
        "url": page_url(request, "content:event-detail", event.slug),
    }


@router.get(
    "/events",
    response={200: EventPage, **READ_ERRORS},
    summary=N_("List events"),
    description=N_("Trainings, fairs, meetings and webinars in the calendar."),
)
def event_list(request, filters: Query[EventFilters]):
    check_code("sector", filters.sector, SectorGroup)
    check_code("province", filters.province, Province)
    now = timezone.now()
    events = visible(Event, request.auth.viewer).select_related("province")
    if filters.when == "past":
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.sector:
        events = events.filter(sector_groups__code=filters.sector)
    if filters.province:
        events = events.filter(province__code=filters.province)
    return page(events, filters, lambda event: event_summary(request, event))


@router.get(
    "/events/{slug}",
    response={200: EventOut, **DETAIL_ERRORS},
    summary=N_("One event"),
    description=N_("An event; register through its page."),
)
def event_detail(request, slug: str = Slug):
    event = visible(Event, request.auth.viewer).select_related("province").filter(slug=slug).first()
    if event is None:
        raise Http404
    return {
        **event_summary(request, event),
        "description_lo": event.description_lo,
        "description_en": event.description_en,
        "sector_groups": sectors_of(event),
        "organizers": [organization_ref(row) for row in event.organizers.order_by("name_lo_sort", "pk")],
        "registration_is_open": event.registration_is_open,
        "capacity": event.capacity,
        "published_at": event.published_at,
    }


# --- news ---------------------------------------------------------------------------------------------


class NewsFilters(PageParams):
    sector: str | None = SECTOR


def news_summary(request, news: NewsItem) -> dict:
    return {
        "slug": news.slug,
        "title_lo": news.title_lo,
        "title_en": news.title_en,
        "published_at": news.published_at,
        "sector_groups": sorted(group.code for group in news.sector_groups.all()),
        "url": page_url(request, "content:news-detail", news.slug),
    }


@router.get(
    "/news",
    response={200: NewsPage, **READ_ERRORS},
    summary=N_("List news"),
    description=N_("News of the network, latest first."),
)
def news_list(request, filters: Query[NewsFilters]):
    check_code("sector", filters.sector, SectorGroup)
    group = SectorGroup.objects.filter(code=filters.sector).first() if filters.sector else None
    news = selectors.news_list(request.auth.viewer, sector=group)
    return page(news, filters, lambda item: news_summary(request, item))


@router.get(
    "/news/{slug}",
    response={200: NewsOut, **DETAIL_ERRORS},
    summary=N_("One news item"),
    description=N_("A news item with its text in Markdown."),
)
def news_detail(request, slug: str = Slug):
    news = visible(NewsItem, request.auth.viewer).filter(slug=slug).first()
    if news is None:
        raise Http404
    return {
        **news_summary(request, news),
        "body_lo": news.body_lo,
        "body_en": news.body_en,
        "byline": news.byline,
        "supported_by_lo": news.supported_by_lo,
        "supported_by_en": news.supported_by_en,
        "organizations": [organization_ref(row) for row in news.organizations.order_by("name_lo_sort", "pk")],
        "cover_url": page_url(request, "content:news-cover", news.slug) if news.cover else None,
        "cover_alt_lo": news.cover_alt_lo,
        "cover_alt_en": news.cover_alt_en,
    }


# --- documents -------------------------------------------------------------------------------------------


class DocumentFilters(PageParams):
    kind: Literal["report", "policy", "law", "guideline", "minutes", "training", "other"] | None = None
    language: Literal["lo", "en", "lo-en", "other"] | None = Field(
        None, description=N_("Language of the document.")
    )
    year: int | None = Field(None, ge=1950, le=2100)
    sector: str | None = SECTOR


def document_summary(request, document: Document) -> dict:
    return {
        "slug": document.slug,
        "kind": document.kind,
        "title_lo": document.title_lo,
        "title_en": document.title_en,
        "language": document.language,
        "year": document.year,
        "file_type": document.file_type,
        "file_size": document.file_size,
        "published_at": document.published_at,
        "url": page_url(request, "content:document-detail", document.slug),
    }


@router.get(
    "/documents",
    response={200: DocumentPage, **READ_ERRORS},
    summary=N_("List documents"),
    description=N_("The documents library, latest first."),
)
def document_list(request, filters: Query[DocumentFilters]):
    check_code("sector", filters.sector, SectorGroup)
    query = selectors.DocumentQuery(
        kind=filters.kind or "",
        language=filters.language or "",
        year=filters.year,
        sector=filters.sector or "",
    )
    documents = query.filtered(visible(Document, request.auth.viewer)).order_by("-published_at", "-pk")
    return page(documents, filters, lambda document: document_summary(request, document))


@router.get(
    "/documents/{slug}",
    response={200: DocumentOut, **DETAIL_ERRORS},
    summary=N_("One document"),
    description=N_("A document's description and the address of its file."),
)
def document_detail(request, slug: str = Slug):
    document = visible(Document, request.auth.viewer).select_related("organization").filter(slug=slug).first()
    if document is None:
        raise Http404
    return {
        **document_summary(request, document),
        "description_lo": document.description_lo,
        "description_en": document.description_en,
        "sector_groups": sectors_of(document),
        "organization": organization_ref(document.organization) if document.organization else None,
        "download_url": page_url(request, "content:document-download", document.slug),
    }


# --- opportunities -----------------------------------------------------------------------------------------


class OpportunityFilters(PageParams):
    open: bool = Field(
        True, description=N_("true: deadline not passed, soonest first; false: closed, latest first.")
    )
    kind: Literal["call", "grant", "job", "consultancy", "other"] | None = None
    sector: str | None = SECTOR


def opportunity_summary(request, item: Opportunity) -> dict:
    return {
        "slug": item.slug,
        "kind": item.kind,
        "title_lo": item.title_lo,
        "title_en": item.title_en,
        "deadline": item.deadline,
        "is_open": item.is_open,
        "organization": organization_ref(item.organization) if item.organization else None,
        "offered_by": item.offered_by,
        "url": page_url(request, "content:opportunity-detail", item.slug),
    }


@router.get(
    "/opportunities",
    response={200: OpportunityPage, **READ_ERRORS},
    summary=N_("List opportunities"),
    description=N_("Calls for proposals, grants, jobs and consultancies."),
)
def opportunity_list(request, filters: Query[OpportunityFilters]):
    check_code("sector", filters.sector, SectorGroup)
    viewer = request.auth.viewer
    items = selectors.open_opportunities(viewer) if filters.open else selectors.closed_opportunities(viewer)
    items = items.select_related("organization")
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.sector:
        items = items.filter(sector_groups__code=filters.sector)
    return page(items, filters, lambda item: opportunity_summary(request, item))


@router.get(
    "/opportunities/{slug}",
    response={200: OpportunityOut, **DETAIL_ERRORS},
    summary=N_("One opportunity"),
    description=N_("An opportunity with how and where to apply."),
)
def opportunity_detail(request, slug: str = Slug):
    item = visible(Opportunity, request.auth.viewer).select_related("organization").filter(slug=slug).first()
    if item is None:
        raise Http404
    return {
        **opportunity_summary(request, item),
        "description_lo": item.description_lo,
        "description_en": item.description_en,
        "apply_url": item.apply_url,
        "sector_groups": sectors_of(item),
        "published_at": item.published_at,
    }
