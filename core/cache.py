"""Whole-page caching of public pages for anonymous visitors, per language, with invalidation.

Each cached namespace ("directory", …) has a generation number in the shared cache; a write bumps
it, which orphans every page cached under the old number at once, in every worker process.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

PAGE_TIMEOUT = 60 * 60


def page_cache_generation(namespace: str) -> int:
    key = f"page-generation:{namespace}"
    generation = cache.get(key)
    if generation is None:
        cache.add(key, 1, timeout=None)
        generation = cache.get(key, 1)
    return generation


def page_cache_bump(namespace: str) -> None:
    """Call after a write commits (transaction.on_commit) that changes what a public page shows."""
    key = f"page-generation:{namespace}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def cache_public_page(*namespaces: str):
    """Serve anonymous GETs of the decorated view from the cache until one of the namespaces changes.
    Signed-in users always get a fresh page (it may hold what only they may see)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            generations = ".".join(str(page_cache_generation(name)) for name in namespaces)
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"page:{view.__module__}.{view.__name__}:{generations}:{get_language()}:{path}"
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    cache.set(key, response, PAGE_TIMEOUT)
            patch_vary_headers(response, ["Cookie"])
            response.page_cache = (namespaces, generations)  # for CachedPageMiddleware
            return response

        return wrapper

    return decorator


class CachedPageMiddleware:
    """Serve a page cached by cache_public_page before the session, locale, CSRF, authentication and
    header middleware run: to a visitor without a session or messages cookie, the GET of a path in a
    language prefix gets the page as the whole stack last answered it, headers included, while its
    namespaces keep their generations. A cached page then costs about what a static file does.
    Placed after GZipMiddleware (each client still gets what it accepts) and before the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method != "GET"
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
            or not translation.get_language_from_path(request.path_info)
        ):
            return self.get_response(request)
        key = "page-whole:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            namespaces, generations, response = cached
            if generations == ".".join(str(page_cache_generation(name)) for name in namespaces):
                return response
        response = self.get_response(request)
        marked = getattr(response, "page_cache", None)
        if marked and response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (*marked, response), PAGE_TIMEOUT)
        return response


COUNTS_SECONDS = 60 * 60


def _counts_keys(name: str, variant: str, namespaces: tuple[str, ...]) -> tuple[str, str]:
    generations = ".".join(str(page_cache_generation(namespace)) for namespace in namespaces)
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"counts:{name}:{generations}:{digest}", f"counts:{name}:latest:{digest}"


def cached_counts_peek(name: str, variant: str, namespaces: tuple[str, ...], *, stale_seconds: int = 0):
    """The counts cached_counts would serve for `variant` without computing them, or None."""
    exact_key, latest_key = _counts_keys(name, variant, namespaces)
    counts = cache.get(exact_key)
    if counts is None and stale_seconds:
        latest = cache.get(latest_key)
        if latest is not None and time.time() - latest[0] < stale_seconds:
            counts = latest[1]
    return counts


def cached_counts(name: str, variant: str, namespaces: tuple[str, ...], compute, *, stale_seconds: int = 0):
    """Counts that take long over many rows (the numbers beside a list's filters), from the shared cache.

    `variant` names what the counts are of (the filters, the audience). They stay exact until one of
    `namespaces` changes (the page cache's generations); after a change, the previous counts still serve
    for up to `stale_seconds`, so that a busy day of saves does not recount on every request."""
    counts = cached_counts_peek(name, variant, namespaces, stale_seconds=stale_seconds)
    if counts is None:
        counts = compute()
        exact_key, latest_key = _counts_keys(name, variant, namespaces)
        if stale_seconds:
            cache.set(latest_key, (time.time(), counts), COUNTS_SECONDS)
        cache.set(exact_key, counts, COUNTS_SECONDS)
    return counts
