"""Reading the search index: `search()` for result pages, the API and the bench."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.safestring import SafeString

from search import engines
from search.models import Alias, SearchEntry
from search.text import Query, Segments, alias_keys, highlight, parse_query, query_chunks, segments_html

BOOST_STEP = 0.1  # each boost point raises a word hit's relevance by 10 %


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


def search(
    query: str,
    *,
    language: str,
    visibility_levels: Iterable[str],
    kinds: list[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Entries of `kinds` (all kinds if None) the viewer may see, matching `query`, in `language`.

    Any caller may use it; it only reads. The query is normalized and segmented like the
    entries; Latin words also match through Latin keys and aliases. Word hits are ranked by
    the engine's relevance (raised by the entry's boost); substring-only hits follow, by boost
    and then shorter texts first. Never raises on odd input: FTS syntax is quoted, long
    queries are cut, and empty or one-letter queries find nothing or only whole words.
    """
    language = (language or "").split("-")[0].lower()
    levels = tuple(sorted(set(visibility_levels) & set(SearchEntry.Visibility.values)))
    if language not in SearchEntry.Language.values or not levels or kinds == []:
        return SearchResults(hits=[], total=0)
    chunks = query_chunks(query or "")
    parsed = parse_query(chunks, aliases=_aliases(chunks)) if chunks else None
    if parsed is None or parsed.is_empty:
        return SearchResults(hits=[], total=0)
    filters = engines.Filters(language=language, visibility=levels, kinds=tuple(kinds) if kinds else None)

    ranked: dict[int, tuple[float, str]] = {}
    if parsed.words is not None:
        for entry_id, boost, relevance in engines.word_matches(parsed.words, filters):
            ranked[entry_id] = (relevance * (1 + BOOST_STEP * boost), "word")
    order = sorted(ranked, key=lambda entry_id: (-ranked[entry_id][0], entry_id))
    if parsed.substrings:
        for entry_id, _boost, _length in engines.substring_matches(parsed.substrings, filters):
            if entry_id not in ranked:  # already ordered by the engine
                ranked[entry_id] = (0.0, "substring")
                order.append(entry_id)

    page = order[max(offset, 0) : max(offset, 0) + max(limit, 0)]
    entries = SearchEntry.objects.only("kind", "object_id", "title", "snippet", "url").in_bulk(page)
    hits = [
        SearchHit(
            kind=entries[entry_id].kind,
            object_id=entries[entry_id].object_id,
            title=entries[entry_id].title,
            snippet=entries[entry_id].snippet,
            url=entries[entry_id].url,
            score=ranked[entry_id][0],
            match=ranked[entry_id][1],
            query=parsed,
        )
        for entry_id in page
        if entry_id in entries
    ]
    return SearchResults(hits=hits, total=len(order))
