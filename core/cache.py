"""Whole-page caching of public pages for anonymous visitors, per language, with invalidation.

Each cached namespace ("directory", …) has a generation number in the shared cache; a write bumps
it, which orphans every page cached under the old number at once, in every worker process.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
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
            return response

        return wrapper

    return decorator
