"""Reading the search index: `search()` for result pages, the API and the bench."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString
from django.utils.translation import get_language

from search import engines
from search.models import Alias, SearchEntry
from search.text import Query, Segments, alias_keys, highlight, parse_query, query_chunks, segments_html

BOOST_STEP = 0.1  # each boost point raises a word hit's relevance by 10 %
LIST_LIMIT = 500  # hits a list page filters and pages through; it says when there may be more


@dataclass
class SearchHit:
    """One result, in the viewer's language. `match` is "word" (the word index matched) or
    "substring" (only the fallback did); word hits always come first."""

    kind: str
    object_id: str
    title: str
    snippet: str
    url: str
    score: float
    match: str
    query: Query = field(repr=False)

    # Highlights are computed when a page shows them, not for every candidate.
    @cached_property
    def title_parts(self) -> Segments:
        return highlight(self.title, self.query, word_match=self.match == "word")

    @cached_property
    def snippet_parts(self) -> Segments:
        return highlight(self.snippet, self.query, word_match=self.match == "word")

    @property
    def title_html(self) -> SafeString:
        """The title, HTML-escaped, with <mark> around the matches."""
        return segments_html(self.title_parts)

    @property
    def snippet_html(self) -> SafeString:
        """The snippet, HTML-escaped, with <mark> around the matches."""
        return segments_html(self.snippet_parts)


class InHitOrder(Sequence):
    """The rows of `queryset` that are among `hits`, in the hits' order, each with its hit as `.hit`
    (for the highlighted title and snippet). Only their ids are read at first; the rows of a slice,
    and their hits' texts, are fetched when it is asked for (a list filters hundreds of hits and shows
    twenty).

    filtered=False tells that the index holds exactly the rows of `queryset` (the directory without
    filters: the index holds the listed organizations and changes with them): the ids are not
    checked, which would cost more than the search itself."""

    def __init__(self, queryset, hits: ListHits, *, filtered: bool = True):
        if filtered:
            present = set(queryset.filter(pk__in=hits.object_ids).values_list("pk", flat=True))
            self.ids = [pk for pk in hits.object_ids if pk in present]
        else:
            self.ids = hits.object_ids
        self.queryset = queryset
        self.hits = hits
        self.capped = hits.capped  # the best hits only: a list says so beside its count

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        rows = self.queryset.in_bulk(ids)
        hits = self.hits.for_objects(ids)
        shown = []
        for pk in ids:
            if pk in rows:
                rows[pk].hit = hits.get(pk)
                shown.append(rows[pk])
        return shown

    def __iter__(self):
        return iter(self[:])  # in one query, not one a row


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int  # all matches (up to engines.MAX_CANDIDATES), not only this page


def _aliases(chunks: list[str]) -> dict[str, list[str]]:
    keys = alias_keys(chunks)
    found: dict[str, list[str]] = {}
    if keys:
        for key, expansion in Alias.objects.filter(key__in=keys).values_list("key", "expansion"):
            found.setdefault(key, []).append(expansion)
    return found


def _parsed(
    query: str, *, language: str, visibility_levels: Iterable[str], kinds: list[str] | None
) -> tuple[Query | None, engines.Filters | None]:
    """The query, parsed, and what the viewer may find; (None, None) when nothing can match."""
    language = (language or "").split("-")[0].lower()
    levels = tuple(sorted(set(visibility_levels) & set(SearchEntry.Visibility.values)))
    if language not in SearchEntry.Language.values or not levels or kinds == []:
        return None, None
    chunks = query_chunks(query or "")
    parsed = parse_query(chunks, aliases=_aliases(chunks)) if chunks else None
    if parsed is None or parsed.is_empty:
        return None, None
    return parsed, engines.Filters(
        language=language, visibility=levels, kinds=tuple(kinds) if kinds else None
    )


def search(
    query: str,
    *,
    language: str,
    visibility_levels: Iterable[str],
    kinds: list[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    exact_total: bool = True,
) -> SearchResults:
    """Entries of `kinds` (all kinds if None) the viewer may see, matching `query`, in `language`.

    Any caller may use it; it only reads. The query is normalized and segmented like the
    entries; Latin words also match through Latin keys and aliases. Word hits are ranked by
    the engine's relevance (raised by the entry's boost); substring-only hits follow, by boost
    and then shorter texts first. Never raises on odd input: FTS syntax is quoted, long
    queries are cut, and empty or one-letter queries find nothing or only whole words.

    Callers that read only the hits (a list that filters them further) pass exact_total=False: the
    engine then looks no further than the window, the substring pass, which could only add hits
    ranked below the word hits, runs only when they do not fill it, and `total` counts no further.
    """
    parsed, filters = _parsed(query, language=language, visibility_levels=visibility_levels, kinds=kinds)
    if parsed is None:
        return SearchResults(hits=[], total=0)
    window = max(offset, 0) + max(limit, 0)  # the hits asked for end here
    order, ranked = _ranked(parsed, filters, window=window, exact_total=exact_total)
    hits = _hits(order[max(offset, 0) : window], ranked, parsed)
    return SearchResults(hits=hits, total=len(order))


# entry id → (score, "word" or "substring", object id)
Ranking = dict[int, tuple[float, str, str]]


def _ranked(
    parsed: Query, filters: engines.Filters, *, window: int, exact_total: bool
) -> tuple[list[int], Ranking]:
    """The ids of the matching entries, best first, and their ranking (see search())."""
    ranked: Ranking = {}
    if parsed.words is not None:
        enough = engines.MAX_CANDIDATES if exact_total else min(window, engines.MAX_CANDIDATES)
        for entry_id, object_id, boost, relevance in engines.word_matches(
            parsed.words, filters, limit=enough
        ):
            ranked[entry_id] = (relevance * (1 + BOOST_STEP * boost), "word", object_id)
    order = sorted(ranked, key=lambda entry_id: (-ranked[entry_id][0], entry_id))
    if parsed.substrings and (exact_total or len(order) < window):
        for entry_id, object_id, _boost, _length in engines.substring_matches(parsed.substrings, filters):
            if entry_id not in ranked:  # already ordered by the engine
                ranked[entry_id] = (0.0, "substring", object_id)
                order.append(entry_id)
    return order, ranked


def _hits(entry_ids: list[int], ranked: Ranking, parsed: Query) -> list[SearchHit]:
    """The hits of these entries, in this order, with their texts read in one query."""
    columns = ("id", "kind", "object_id", "title", "snippet", "url")
    entries = {row[0]: row for row in SearchEntry.objects.filter(pk__in=entry_ids).values_list(*columns)}
    return [
        SearchHit(*entries[entry_id][1:], score=ranked[entry_id][0], match=ranked[entry_id][1], query=parsed)
        for entry_id in entry_ids
        if entry_id in entries
    ]


class ListHits:
    """The hits of one kind for a list page that filters them further (see InHitOrder): the objects'
    ids, best first. The texts of a hit (title, snippet) are read only for the objects a page shows."""

    def __init__(
        self,
        order: list[int] = (),
        ranked: Ranking | None = None,
        parsed: Query | None = None,
        *,
        limit: int = 0,
    ):
        self.ranked = ranked or {}
        self.parsed = parsed
        self.capped = bool(limit) and len(order) >= limit  # more may match than are listed
        self.entries = {int(self.ranked[entry_id][2]): entry_id for entry_id in reversed(order)}
        self.object_ids = [int(self.ranked[entry_id][2]) for entry_id in order]

    def for_objects(self, object_ids: Iterable[int]) -> dict[int, SearchHit]:
        """The whole hits of these objects, by object id, in one query."""
        entry_ids = [self.entries[pk] for pk in object_ids if pk in self.entries]
        return {int(hit.object_id): hit for hit in _hits(entry_ids, self.ranked, self.parsed)}


def list_hits(
    query: str, *, kind: str, visibility_levels: Iterable[str], limit: int | None = None
) -> ListHits:
    """The hits of one kind, in the viewer's language, for a list page that filters them further
    (see InHitOrder): the best `limit` (LIST_LIMIT), without counting the rest, and without their
    texts."""
    limit = limit or LIST_LIMIT
    parsed, filters = _parsed(
        query, language=get_language() or "lo", visibility_levels=visibility_levels, kinds=[kind]
    )
    if parsed is None:
        return ListHits()
    return ListHits(*_ranked(parsed, filters, window=limit, exact_total=False), parsed, limit=limit)
