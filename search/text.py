"""Search text on both sides: what an entry is indexed under, what a query asks for, and highlights.

Plain Python over `lao`; no database. Documents and queries go through the same steps
(`lao.normalize`, `lao.segment`, then `lao.join_compounds`), so a word matches when both sides
segment alike, and the substring fallback catches the cases where they do not.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

import lao

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 20
MIN_SUBSTRING_CHARS = 2  # a single Lao letter or Latin letter is in nearly every entry
NAME_MAX_WORDS = 6  # a text this short is treated as a name: it also gets joined Latin keys
MIN_KEY_CHARS = 2
SNIPPET_MAX_CHARS = 300

_LAO = re.compile("[\u0e80-\u0eff]")
_SPACE_BETWEEN_LAO = re.compile("(?<=[\u0e80-\u0eff]) (?=[\u0e80-\u0eff])")
# A run of Lao letters together with the invisible characters lao.normalize removes from it.
# \w is exactly the characters of categories L* and N*, and the underscore.
_LETTER_OR_NUMBER = re.compile(r"[^\W_]")
_LAO_RUN = re.compile("[\u0e80-\u0eff\u200b\u200c\u200d\u2060\ufeff\u00ad]+")

# Words repeat across documents and queries (places, sectors, themes); romanizing is the costly part.
_cached_latin_key = functools.lru_cache(maxsize=65536)(lao.latin_key)


def _is_lao(text: str) -> bool:
    return bool(_LAO.search(text))


def _join_lao(text: str) -> str:
    """Drop the spaces between Lao letters: Lao writers put spaces between phrases, not words,
    and may or may not type them where a searcher does."""
    return _SPACE_BETWEEN_LAO.sub("", text)


def _word_like(token: str) -> bool:
    """Whether the token holds a letter or a number (a character of Unicode category L* or N*)."""
    return _LETTER_OR_NUMBER.search(token) is not None


def _words(text: str) -> list[str]:
    """The words a text is indexed and searched under: ICU's words, with the pieces of a word that
    ICU split only because of its neighbours joined again (see `lao.join_compounds`)."""
    return lao.join_compounds(text, [token for token in lao.segment(text) if _word_like(token)])


# --- documents ---------------------------------------------------------------------------------


def document_text(*, texts: Iterable[str], keys: Iterable[str] = ()) -> tuple[str, str]:
    """Return `(search_text, plain_text)` for an entry.

    search_text: the words of every text, in order (so phrases match), then Latin keys: the
    `lao.latin_key` of each word, and of each short text or extra key (names: "ສະຫວັນນະເຂດ" →
    "savanaket") and of its runs of words ("ບ້ານໜອງບົວ" → "bannongbua", "nongbua").
    plain_text: the normalized texts and keys as written, for the substring fallback.
    """
    words: list[str] = []
    latin_keys: dict[str, None] = {}  # ordered set
    plain: list[str] = []
    for text, is_key in [*((t, False) for t in texts), *((k, True) for k in keys)]:
        text_words, text_plain, text_keys = _text_terms(text, is_key)
        words.extend(text_words)
        if text_plain:
            plain.append(text_plain)
        latin_keys.update(dict.fromkeys(text_keys))
    known = set(words)
    search_text = " ".join([*words, *(key for key in latin_keys if key not in known)])
    return search_text, _join_lao(" ".join(plain))


@functools.lru_cache(maxsize=4096)
def _text_terms(text: str, is_key: bool) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """The words, the normalized text and the Latin keys of one text of an entry. Cached: each entry
    is indexed once per display language with the same texts, and names and places repeat."""
    tokens = [token for token in lao.segment(text) if _word_like(token)]
    if not tokens:
        return (), "", ()
    # Latin keys come from ICU's own pieces, so a name's parts stay findable in Latin.
    candidates = [_cached_latin_key(token) for token in tokens]
    if is_key or len(tokens) <= NAME_MAX_WORDS:
        # Names are typed in Latin with or without spaces ("Nong Boua", "Nongboua"), so a name also
        # gets the keys of its runs of words joined together.
        candidates.append(_cached_latin_key(text))
        candidates.extend(
            _cached_latin_key(" ".join(tokens[start:end]))
            for start in range(len(tokens))
            for end in range(start + 2, min(start + NAME_MAX_WORDS, len(tokens)) + 1)
        )
    keys = tuple(dict.fromkeys(key for key in candidates if len(key) >= MIN_KEY_CHARS))
    return tuple(lao.join_compounds(text, tokens)), lao.normalize(text), keys


def display_text(text: str, *, max_chars: int | None = None) -> str:
    """Text as shown in results: whitespace collapsed and Lao runs normalized (so highlights line up
    with normalized query words); Latin keeps its case. Cut at a space near `max_chars`."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text = _LAO_RUN.sub(lambda run: lao.normalize(run.group()), text)
    if max_chars is not None and len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars].rstrip() + "…"
    return text


# --- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """Words that must follow each other."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class All:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Any:
    parts: tuple[Node, ...]


Node = Phrase | All | Any


def _all(parts: Sequence[Node]) -> Node:
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def _any(parts: Sequence[Node]) -> Node:
    unique = list(dict.fromkeys(parts))
    return unique[0] if len(unique) == 1 else Any(tuple(unique))


@dataclass(frozen=True)
class Query:
    """A parsed query: a boolean expression of phrases for the word index, the strings the
    substring fallback looks for, and what to highlight."""

    words: Node | None
    substrings: tuple[str, ...]
    highlight_words: frozenset[str]
    highlight_keys: frozenset[str]

    @property
    def is_empty(self) -> bool:
        return self.words is None and not self.substrings


def query_chunks(text: str) -> list[str]:
    """The whitespace-separated parts of a normalized query, cut to a sane length."""
    return lao.normalize(text)[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS]


def _latin_run_ends(chunks: Sequence[str], start: int) -> list[int]:
    """Ends of the runs of 1 to 3 Latin chunks that begin at `start`, longest first."""
    ends = []
    for end in range(start + 1, min(start + 3, len(chunks)) + 1):
        if _is_lao(chunks[end - 1]):
            break
        ends.append(end)
    return ends[::-1]


def alias_keys(chunks: Sequence[str]) -> set[str]:
    """The Latin keys to look up in the alias table for these query chunks."""
    keys = {
        _cached_latin_key(" ".join(chunks[start:end]))
        for start in range(len(chunks))
        for end in _latin_run_ends(chunks, start)
    }
    return keys - {""}


def parse_query(chunks: Sequence[str], *, aliases: Mapping[str, Sequence[str]]) -> Query:
    """Build the query from `query_chunks()`; `aliases` maps Latin keys to Lao expansions.

    Every chunk must match (its words as a phrase, or for Latin its latin_key). Runs of Latin
    chunks that name an alias ("luang prabang") may match the Lao expansion instead, and a
    Latin query of 2 to 4 chunks may also match as one joined key ("ban nong bua" →
    "bannongbua", the key of a Lao name).
    """
    groups: list[Node | None] = []
    highlight_words: set[str] = set()
    highlight_keys: set[str] = set()
    word_count = 0
    for chunk in chunks:
        tokens = _words(chunk)[: MAX_QUERY_WORDS - word_count]
        if not tokens:
            groups.append(None)
            continue
        word_count += len(tokens)
        highlight_words.update(tokens)
        options: list[Node] = [Phrase(tuple(tokens))]
        if not _is_lao(chunk):
            key = _cached_latin_key(chunk)
            if len(key) >= MIN_KEY_CHARS:
                options.append(Phrase((key,)))
                highlight_keys.add(key)
        groups.append(_any(options))

    substrings = [_join_lao(" ".join(chunks))]
    parts: list[Node] = []
    position = 0
    while position < len(chunks):
        for end in _latin_run_ends(chunks, position):
            expansions = aliases.get(_cached_latin_key(" ".join(chunks[position:end])), ())
            if expansions:
                present = [group for group in groups[position:end] if group]
                choices: list[Node] = [_all(present)] if present else []
                for expansion in expansions:
                    tokens = tuple(_words(expansion))
                    if tokens:
                        choices.append(Phrase(tokens))
                        highlight_words.update(tokens)
                        substrings.append(_join_lao(lao.normalize(expansion)))
                if choices:
                    parts.append(_any(choices))
                position = end
                break
        else:
            if groups[position] is not None:
                parts.append(groups[position])
            position += 1

    words = _all(parts) if parts else None
    if words is not None and 2 <= len(chunks) <= 4 and not any(_is_lao(chunk) for chunk in chunks):
        joined = _cached_latin_key(" ".join(chunks))
        if len(joined) >= MIN_KEY_CHARS:
            words = _any([words, Phrase((joined,))])
            highlight_keys.add(joined)
    substrings = [s for s in dict.fromkeys(substrings) if len(s.replace(" ", "")) >= MIN_SUBSTRING_CHARS]
    if words is None and not any(_word_like(s) for s in substrings):
        substrings = []  # punctuation only: nothing a reader would call a match
    return Query(
        words=words,
        substrings=tuple(substrings),
        highlight_words=frozenset(highlight_words),
        highlight_keys=frozenset(highlight_keys),
    )


# --- highlighting ------------------------------------------------------------------------------

Segments = tuple[tuple[str, bool], ...]


def _token_spans(text: str) -> list[tuple[int, int]] | None:
    """Offsets of the index's words in `text` (a display_text), or None if they cannot be
    mapped back (normalize changed the length, which lowercasing a few rare letters does)."""
    lowered = text.lower()
    if lao.normalize(text) != lowered:
        return None
    spans = []
    position = 0
    for token in lao.join_compounds(text, lao.segment(text)):
        start = lowered.find(token, position)
        if start < 0:
            return None
        position = start + len(token)
        spans.append((start, position))
    return spans


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, query: Query, *, word_match: bool) -> Segments:
    """Split a display_text into (text, is_match) segments.

    Word hits mark whole words equal to a query word (or whose Latin key equals a query key);
    substring hits mark the occurrences of the substrings the fallback looked for.
    """
    spans: list[tuple[int, int]] = []
    if word_match:
        for start, end in _token_spans(text) or ():
            token = text[start:end].lower()
            if token in query.highlight_words or (
                query.highlight_keys and _cached_latin_key(token) in query.highlight_keys
            ):
                spans.append((start, end))
    if not spans:
        lowered = text.lower()
        if len(lowered) == len(text):
            for needle in query.substrings:
                start = lowered.find(needle)
                while start >= 0:
                    spans.append((start, start + len(needle)))
                    start = lowered.find(needle, start + len(needle))
    segments: list[tuple[str, bool]] = []
    position = 0
    for start, end in _merge(spans):
        if start > position:
            segments.append((text[position:start], False))
        segments.append((text[start:end], True))
        position = end
    if position < len(text):
        segments.append((text[position:], False))
    return tuple(segments)


def segments_html(segments: Segments) -> SafeString:
    """Escaped HTML with <mark> around the matches; nothing else is left unescaped."""
    return mark_safe(  # noqa: S308 -- every piece of text is escaped just above
        "".join(
            f"<mark>{escape(part)}</mark>" if is_match else str(escape(part)) for part, is_match in segments
        )
    )
