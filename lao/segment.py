"""Lao word segmentation with ICU's dictionary-based word break iterator.

Lao is written without spaces between words; ICU's word BreakIterator finds the boundaries
with its Lao dictionary. Creating a BreakIterator costs about a millisecond, so one instance is
kept per thread (they are not thread-safe, and ``setText`` makes them reusable).
"""

from __future__ import annotations

import threading

import icu

from .normalize import normalize

__all__ = ["segment"]

_local = threading.local()

# ICU word-break rule status: [0, 100) = "none" (spaces, punctuation, symbols),
# 100 = number, 200 = letter (includes dictionary words of Lao), 300 = kana, 400 = ideographs.
_UBRK_WORD_NONE_LIMIT = 100

_REPEAT = "ໆ"  # U+0EC6 LAO KO LA, repetition mark


def _word_breaker() -> icu.BreakIterator:
    bi = getattr(_local, "word_breaker", None)
    if bi is None:
        bi = _local.word_breaker = icu.BreakIterator.createWordInstance(icu.Locale("lo"))
    return bi


def _utf16_to_index(text: str) -> list[int]:
    """Map UTF-16 offsets (what ICU returns) to str indexes, for text with non-BMP characters."""
    mapping = [0]
    for i, ch in enumerate(text, 1):
        if ord(ch) > 0xFFFF:
            mapping.append(i)  # the low surrogate position maps to after the character
        mapping.append(i)
    return mapping


def segment(text: str) -> list[str]:
    """Split ``text`` into words: normalize it, then break it with ICU's Lao word iterator.

    Only word tokens are returned: tokens made of whitespace, punctuation or symbols are
    dropped; Lao words, Latin words (``"it's"`` stays one token) and numbers (``"3.14"``,
    ``"໑໒໓"``) are kept. A repetition mark ``ໆ`` that ICU splits off a word it directly follows
    is glued back onto that word (``"ທຸກໆ"`` stays one token, as Lao dictionaries and corpora
    treat it). Every returned token is a substring of ``normalize(text)``, in order.

    >>> segment("ຂ້ອຍໄປຕະຫຼາດ")
    ['ຂ້ອຍ', 'ໄປ', 'ຕະຫຼາດ']
    """
    text = normalize(text)
    if not text:
        return []
    bi = _word_breaker()
    bi.setText(text)
    status = bi.getRuleStatus
    if _REPEAT not in text and max(text) <= "\uffff":
        # Fast path (nearly all text): ICU's UTF-16 offsets are str indexes, nothing to glue.
        words: list[str] = []
        append = words.append
        start = 0
        for end in bi:
            if status() >= _UBRK_WORD_NONE_LIMIT:
                append(text[start:end])
            start = end
        return words
    # Slow path: glue ``ໆ`` and/or map UTF-16 offsets of non-BMP text to str indexes.
    index = _utf16_to_index(text) if max(text) > "\uffff" else None
    words = []
    last_end = -1
    start = 0
    for end in bi:
        if status() >= _UBRK_WORD_NONE_LIMIT:
            word = text[start:end] if index is None else text[index[start] : index[end]]
            if word == _REPEAT and start == last_end:
                words[-1] += word
            else:
                words.append(word)
            last_end = end
        start = end
    return words
