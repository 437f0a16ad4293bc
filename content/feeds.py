"""RSS and Atom feeds of news and opportunities, per language (the URL's language prefix) and per
sector group. Feeds are read by programs that never sign in, so they hold public items only,
whoever asks; the Lao feed holds the items that have a Lao title, the English feed those with an
English one."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from content.markdown import render as markdown
from content.models import NewsItem, Opportunity
from core.cache import cache_public_page
from core.models import SectorGroup
from directory.visibility import ANONYMOUS

ITEMS = 30


@dataclass
class Scope:
    language: str
    sector: SectorGroup | None


def _in_language(queryset, language: str):
    return queryset.exclude(title_en="") if language == "en" else queryset.exclude(title_lo="")


def _title(item, language: str) -> str:
    return item.title_en if language == "en" else item.title_lo


class NewsRss(Feed):
    feed_type = Rss201rev2Feed
    list_url = "content:news-list"

    def get_object(self, request, sector: str = ""):
        group = get_object_or_404(SectorGroup, code=sector) if sector else None
        return Scope("en" if get_language() == "en" else "lo", group)

    def title(self, scope: Scope) -> str:
        site = _("Lao CSO Platform")
        if scope.sector:
            return _("%(site)s: news of %(group)s") % {"site": site, "group": scope.sector.name}
        return _("%(site)s: news") % {"site": site}

    def description(self, scope: Scope) -> str:
        return _("News of the Lao civil society organizations network.")

    def link(self, scope: Scope) -> str:
        url = reverse(self.list_url)
        return f"{url}?sector={scope.sector.code}" if scope.sector else url

    def base_items(self):
        return NewsItem.objects.visible_to(ANONYMOUS).order_by("-published_at", "-pk")

    def items(self, scope: Scope):
        items = _in_language(self.base_items(), scope.language)
        if scope.sector:
            items = items.filter(sector_groups=scope.sector)
        return items.prefetch_related("sector_groups")[:ITEMS]

    def item_title(self, item) -> str:
        return _title(item, "en" if get_language() == "en" else "lo")

    def item_description(self, item) -> str:
        return str(markdown(item.body))

    def item_link(self, item) -> str:
        return reverse("content:news-detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        return [group.name for group in item.sector_groups.all()]


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
    subtitle = NewsRss.description


class OpportunitiesRss(NewsRss):
    list_url = "content:opportunity-list"

    def title(self, scope: Scope) -> str:
        site = _("Lao CSO Platform")
        if scope.sector:
            return _("%(site)s: opportunities in %(group)s") % {"site": site, "group": scope.sector.name}
        return _("%(site)s: opportunities") % {"site": site}

    def description(self, scope: Scope) -> str:
        return _("Open calls for proposals, grants, jobs and consultancies.")

    def base_items(self):
        return (
            Opportunity.objects.visible_to(ANONYMOUS)
            .filter(deadline__gte=timezone.localdate())
            .order_by("-published_at", "-pk")
        )

    def item_description(self, item) -> str:
        deadline = _("Deadline: %(date)s") % {"date": item.deadline.isoformat()}
        return f"<p>{deadline}</p>{markdown(item.description)}"

    def item_link(self, item) -> str:
        return reverse("content:opportunity-detail", args=[item.slug])


class OpportunitiesAtom(OpportunitiesRss):
    feed_type = Atom1Feed
    subtitle = OpportunitiesRss.description


@require_safe
@cache_public_page("content")
def news_rss(request, sector: str = ""):
    return NewsRss()(request, sector=sector)


@require_safe
@cache_public_page("content")
def news_atom(request, sector: str = ""):
    return NewsAtom()(request, sector=sector)


# Opportunities leave the feeds when their deadline passes, with no write to invalidate a cache.
@require_safe
def opportunities_rss(request, sector: str = ""):
    return OpportunitiesRss()(request, sector=sector)


@require_safe
def opportunities_atom(request, sector: str = ""):
    return OpportunitiesAtom()(request, sector=sector)
