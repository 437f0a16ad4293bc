"""Lao word segmentation with ICU's dictionary-based word break iterator.

Lao is written without spaces between words; ICU's word BreakIterator finds the boundaries
with its Lao dictionary. Creating a BreakIterator costs about a millisecond, so one instance is
kept per thread (they are not thread-safe, and ``setText`` makes them reusable).
"""

from __future__ import annotations

import functools
import threading

import icu

from .normalize import normalize

__all__ = ["join_compounds", "segment"]

_local = threading.local()

# ICU word-break rule status: [0, 100) = "none" (spaces, punctuation, symbols),
# 100 = number, 200 = letter (includes dictionary words of Lao), 300 = kana, 400 = ideographs.
_UBRK_WORD_NONE_LIMIT = 100

_REPEAT = "ໆ"  # U+0EC6 LAO KO LA, repetition mark

# Question words made of a noun or classifier and ໃດ "which": ICU's dictionary has ຢ່າງໃດ, ອັນໃດ,
# ຜູ້ໃດ, ຄົນໃດ, ບ່ອນໃດ, ທາງໃດ, ເມື່ອໃດ, ເທົ່າໃດ, ປານໃດ and ປະການໃດ as single words, but splits these
# equally common ones of the same pattern: ແນວໃດ "how", ຕອນໃດ / ຍາມໃດ / ເວລາໃດ "when", ມື້ໃດ
# "which day", ສິ່ງໃດ "what thing", ແຫ່ງໃດ "where". Split, ແນວ "line, front" (as in ແນວລາວສ້າງຊາດ)
# matched every text asking "how", and ມື້ "day" every text asking "which day".
QUESTION_WORDS = frozenset({"ແນວໃດ", "ຕອນໃດ", "ຍາມໃດ", "ເວລາໃດ", "ມື້ໃດ", "ສິ່ງໃດ", "ແຫ່ງໃດ"})

_LAO_CONSONANTS = frozenset("ກຂຄງຈຊຍດຕຖທນບປຜຝພຟມຢຣລວສຫອຮໜໝ")
_LAO_TONES = frozenset("\u0ec8\u0ec9\u0eca\u0ecb")


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


def _is_lao(ch: str) -> bool:
    return "\u0e80" <= ch <= "\u0eff"


def _is_lone_consonant(word: str) -> bool:
    """ICU's leftovers next to unknown or misspelled words: one consonant, perhaps with a tone mark."""
    return word[0] in _LAO_CONSONANTS and len(word) <= 2 and all(ch in _LAO_TONES for ch in word[1:])


@functools.lru_cache(maxsize=65536)
def _one_word(text: str) -> bool:
    return text in QUESTION_WORDS or segment(text) == [text]


def join_compounds(text: str, words: list[str]) -> list[str]:
    """Join the neighbouring ``words`` of ``segment(text)`` that form one word on their own.

    ICU picks the best split of a whole run of unspaced text, so next to an unknown or
    misspelled word it may cut a word it knows into pieces (``"ສິດເສຣີພາບ"`` gives ``ເສ ຣີ``
    although ``segment("ເສຣີ")`` is one word), and a word query then matched its pieces. Two
    words that touch in ``text`` are joined when ICU reads them as one word alone, or when they
    make one of :data:`QUESTION_WORDS`, and a joined word may join the next one too. A lone
    consonant is never joined: ICU reads a consonant together with anything as one unknown run,
    which says nothing about a word. Words with a space or punctuation between them stay apart.
    Used for the search index and queries alike, so both sides agree.

    >>> join_compounds("ເປັນແນວໃດ", segment("ເປັນແນວໃດ"))
    ['ເປັນ', 'ແນວໃດ']
    """
    if len(words) < 2:
        return list(words)
    text = normalize(text)
    joined: list[str] = []
    position = -1
    for word in words:
        start = text.find(word, max(position, 0))  # segment's words are substrings, in order
        if (
            joined
            and start == position
            and _is_lao(joined[-1][-1])
            and _is_lao(word[0])
            and not _is_lone_consonant(word)
            and not _is_lone_consonant(joined[-1])
            and _one_word(joined[-1] + word)
        ):
            joined[-1] += word
        else:
            joined.append(word)
        position = start + len(word)
    return joined
