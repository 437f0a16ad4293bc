"""Pages that draw on several apps at once, so they live above all of them."""

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.cache import cache_public_page
from directory.visibility import viewer_for
from search.selectors import search
from search.services import PAGE_CACHE

PAGE_SIZE = 20
# What each kind of result is called on the results page; kinds join as the apps that index them land.
KIND_LABELS = {
    "organization": _("Organization"),
    "news": _("News"),
    "event": _("Event"),
    "document": _("Document"),
    "opportunity": _("Opportunity"),
    "meeting": _("Meeting"),
    "decision": _("Decisions register"),
}


@require_safe
@cache_public_page(PAGE_CACHE)  # anew after any change to the index
def search_results(request):
    """One search box for the whole platform; results respect what the viewer may see."""
    query = request.GET.get("q", "").strip()[:200]
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) < 1000 else 1
    hits, total = [], 0
    if query:
        found = search(
            query,
            language=get_language(),
            visibility_levels=viewer_for(request.user).levels,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
        hits, total = found.hits, found.total
    for hit in hits:
        hit.kind_label = KIND_LABELS.get(hit.kind, hit.kind)
    # The paginator only counts (a range is free); the hits of this page came from the search itself.
    page = Paginator(range(total), PAGE_SIZE).get_page(number)
    params = QueryDict(mutable=True)
    params["q"] = query
    return render(
        request,
        "search/results.html",
        {"q": query, "hits": hits, "page": page, "total": total, "querystring": params.urlencode()},
    )
