"""Reads of the content app: lists as the viewer may see them, the calendar, filtered documents."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import F, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from content.calendar import external_entries
from content.models import Document, Event, NewsItem, Opportunity
from core.models import SectorGroup
from core.panels import PanelItem, SectorPanel
from directory.visibility import Viewer


def for_viewer(queryset: QuerySet, viewer: Viewer, *, manager: bool = False) -> QuerySet:
    """Live items the viewer may see; managers (the secretariat) also see drafts and scheduled items."""
    return queryset if manager else queryset.visible_to(viewer)


def news_list(viewer: Viewer, *, sector: SectorGroup | None = None, manager: bool = False) -> QuerySet:
    news = for_viewer(NewsItem.objects.all(), viewer, manager=manager)
    if sector is not None:
        news = news.filter(sector_groups=sector)
    # Drafts (no publication time) first for the secretariat, on both databases.
    latest = F("published_at").desc(nulls_first=True)
    return news.prefetch_related("sector_groups").order_by(latest, "-created_at", "-pk")


def related_news(news: NewsItem, viewer: Viewer, *, limit: int = 3) -> list[NewsItem]:
    """Other live news of the same sector groups, the latest first; the latest news if it has none."""
    others = NewsItem.objects.visible_to(viewer).exclude(pk=news.pk)
    groups = list(news.sector_groups.values_list("pk", flat=True))
    if groups:
        others = others.filter(sector_groups__in=groups).distinct()
    return list(others.order_by("-published_at", "-pk")[:limit])


def latest_news(viewer: Viewer, *, limit: int = 3) -> list[NewsItem]:
    return list(NewsItem.objects.visible_to(viewer).order_by("-published_at", "-pk")[:limit])


def upcoming_events(viewer: Viewer, *, limit: int | None = None, manager: bool = False) -> list:
    """Events that have not ended, soonest first, with the other apps' public-enough entries."""
    now = timezone.now()
    events = for_viewer(Event.objects.all(), viewer, manager=manager).filter(ends_at__gt=now)
    events = events.select_related("province").order_by("starts_at", "pk")
    events = list(events[:limit] if limit else events)
    # With a limit, other apps' entries after the last event shown cannot make the list.
    full = limit and len(events) == limit
    horizon = events[-1].starts_at + timedelta(seconds=1) if full else now + timedelta(days=366)
    entries = sorted(
        [*events, *external_entries(start=now, end=horizon, levels=viewer.levels)],
        key=lambda entry: entry.starts_at,
    )
    return entries[:limit] if limit else entries


def past_events(viewer: Viewer, *, manager: bool = False) -> QuerySet:
    events = for_viewer(Event.objects.all(), viewer, manager=manager)
    return events.filter(ends_at__lte=timezone.now()).select_related("province").order_by("-starts_at", "-pk")


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    entries: list


def month_grid(viewer: Viewer, year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of a month, each day with the events that take place on it."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    following = date(year + (month == 12), month % 12 + 1, 1)
    end = following + timedelta(days=(7 - following.weekday()) % 7)
    zone = timezone.get_current_timezone()
    start_at = datetime.combine(start, time.min, tzinfo=zone)
    end_at = datetime.combine(end, time.min, tzinfo=zone)
    events = list(
        Event.objects.visible_to(viewer)
        .filter(starts_at__lt=end_at, ends_at__gt=start_at)
        .order_by("starts_at")
    )
    entries = [*events, *external_entries(start=start_at, end=end_at, levels=viewer.levels)]
    weeks, day = [], start
    while day < end:
        week = []
        for _weekday in range(7):
            day_start = datetime.combine(day, time.min, tzinfo=zone)
            day_end = day_start + timedelta(days=1)
            on_day = [entry for entry in entries if entry.starts_at < day_end and entry.ends_at > day_start]
            week.append(
                CalendarDay(day, day.month == month, sorted(on_day, key=lambda entry: entry.starts_at))
            )
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


def open_opportunities(viewer: Viewer, *, manager: bool = False) -> QuerySet:
    """Opportunities whose deadline has not passed (the deadline day itself still counts)."""
    items = for_viewer(Opportunity.objects.all(), viewer, manager=manager)
    return items.filter(deadline__gte=timezone.localdate()).order_by("deadline", "pk")


def closed_opportunities(viewer: Viewer, *, manager: bool = False) -> QuerySet:
    items = for_viewer(Opportunity.objects.all(), viewer, manager=manager)
    return items.filter(deadline__lt=timezone.localdate()).order_by("-deadline", "-pk")


# --- documents ----------------------------------------------------------------------------------


@dataclass
class DocumentQuery:
    """The whitelisted filters of the documents list (unknown values are ignored)."""

    q: str = ""
    kind: str = ""
    language: str = ""
    year: int | None = None
    sector: str = ""

    @classmethod
    def from_params(cls, params: QueryDict) -> "DocumentQuery":
        kind = params.get("kind", "")
        language = params.get("language", "")
        year = params.get("year", "")
        return cls(
            q=params.get("q", "").strip()[:200],
            kind=kind if kind in Document.Kind.values else "",
            language=language if language in Document.Language.values else "",
            year=int(year) if year.isdigit() and 1950 <= int(year) <= 2100 else None,
            sector=params.get("sector", "").strip()[:10],
        )

    def filtered(self, queryset: QuerySet) -> QuerySet:
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.language:
            queryset = queryset.filter(language=self.language)
        if self.year:
            queryset = queryset.filter(year=self.year)
        if self.sector:
            queryset = queryset.filter(sector_groups__code=self.sector)
        return queryset


def document_years(documents: QuerySet) -> list[int]:
    return sorted({year for year in documents.values_list("year", flat=True) if year}, reverse=True)


# --- the sector group page (governance) ----------------------------------------------------------

PANEL_SIZE = 5


def sector_news_panel(group: SectorGroup, viewer: Viewer) -> SectorPanel | None:
    """Provider for governance.hooks.register_sector_panel("news", …): the group's latest news."""
    news = news_list(viewer, sector=group)[:PANEL_SIZE]
    if not news:
        return None
    return SectorPanel(
        title=gettext("News of the group"),
        items=[
            PanelItem(item.title, reverse("content:news-detail", args=[item.slug]), _published(item))
            for item in news
        ],
        more_url=reverse("content:news-list") + f"?sector={group.code}",
    )


def sector_documents_panel(group: SectorGroup, viewer: Viewer) -> SectorPanel | None:
    """Provider for governance.hooks.register_sector_panel("documents", …): the group's latest
    documents the viewer may see."""
    documents = (
        Document.objects.visible_to(viewer)
        .filter(sector_groups=group)
        .order_by("-published_at", "-pk")[:PANEL_SIZE]
    )
    if not documents:
        return None
    return SectorPanel(
        title=gettext("Documents of the group"),
        items=[
            PanelItem(
                document.title,
                reverse("content:document-detail", args=[document.slug]),
                f"{document.get_kind_display()} · {document.year}" if document.year else "",
            )
            for document in documents
        ],
        more_url=reverse("content:document-list") + f"?sector={group.code}",
    )


def _published(item) -> str:
    return date_format(timezone.localtime(item.published_at), "DATE_FORMAT")
