"""Who can re-index what: apps register one callable per kind in their AppConfig.ready()."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

Reindexer = Callable[[], object]  # re-indexes every entity of its kind; the return value is ignored

_reindexers: dict[str, Reindexer] = {}


def register(kind: str, reindex_all: Reindexer) -> None:
    """Declare how to re-index every entity of `kind` (called by `rebuild_search_index`)."""
    if _reindexers.get(kind, reindex_all) is not reindex_all:
        raise ImproperlyConfigured(f"Two re-indexers registered for search kind {kind!r}.")
    _reindexers[kind] = reindex_all


def reindexers() -> dict[str, Reindexer]:
    return dict(_reindexers)
