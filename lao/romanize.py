"""Lao -> Latin: MoH-style romanization (via ``lao2ipa``), loose Latin search keys and slugs.

How ``lao2ipa`` is used, and why not with ``ignore_tones=True``:
``lao2ipa.transliterate(text, output="moh", ignore_tones=True)`` skips the library's whole
syllable analysis (tone marks are dropped *before* syllables are built), so it gets finals and
clusters wrong: ``ແກ້ວ`` -> "kve" (Bokeo -> "bokve"), ``ຫ້ວຍ`` -> "vy", ``ເຮັດ`` -> "hed",
``ອອກ`` -> "ook", and leaves ``ໆ`` untouched. With tones on (the default) the syllable analysis
runs and gives "keo", "houay", "het", "ok", and repeats the syllable for ``ໆ``; we then delete
the tone letters (``˥˦˧˨˩``) it appends. That mode has one systematic bug: a syllable whose
initial is ``ອ`` or ``ວ`` after a pre-posed vowel that forms a compound vowel (``ເອົາ``,
``ເວົ້າ``, ``ເອັມ``, ``ໂອະ``...) reads the ``ອ``/``ວ`` as a vowel ("oao", "ouaao"). For those
syllables we put a stand-in initial ``ຈ`` (which forms no cluster) in its place, romanize, and
swap the resulting "ch" for the real initial ("" for ``ອ``, "v" for ``ວ``): "ao", "vao".
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

import lao2ipa

from .normalize import normalize, to_arabic_digits
from .segment import segment

__all__ = ["latin_key", "romanize", "slug"]

_LAO = re.compile("[\u0e80-\u0eff]")
_TONE_LETTERS = re.compile("[˥˦˧˨˩]")
_NOT_ALNUM = re.compile("[^a-z0-9]+")
_TONE_MARKS = "\u0ec8\u0ec9\u0eca\u0ecb"
_REPEAT = "ໆ"

# Syllables (chunks starting at a pre-posed vowel) that trigger the lao2ipa bug described above:
# pre-posed vowel + ອ/ວ + a vowel sign that merges with the pre-posed vowel into a compound.
_SPLIT_AT_PREPOSED_VOWEL = re.compile("(?=[ເແໂໃໄ])")
_MAY_NEED_FIX = re.compile("[ເແໂ][ອວ]")
_MERGING_SIGNS = {"ເ": "ະັາິີຍຶືົ", "ແ": "ະັ", "ໂ": "ະ"}
_STAND_IN = "ຈ"  # romanized "ch"; ຈ never forms a consonant cluster in lao2ipa


def _lao2ipa_moh(chunk: str) -> str:
    """MoH romanization of a Lao chunk with tone letters removed; never raises."""
    try:
        return _TONE_LETTERS.sub("", lao2ipa.transliterate(chunk, output="moh"))
    except Exception:  # the library is heuristic; never let odd input break a page
        try:
            return lao2ipa.transliterate(chunk, output="moh", ignore_tones=True)
        except Exception:
            return ""


def _needs_stand_in(chunk: str) -> bool:
    if len(chunk) < 3 or chunk[0] not in _MERGING_SIGNS or chunk[1] not in "ອວ" or _REPEAT in chunk:
        return False
    following = chunk[2:].lstrip(_TONE_MARKS)
    return bool(following) and following[0] in _MERGING_SIGNS[chunk[0]]


def _romanize_chunk(chunk: str) -> str:
    if _needs_stand_in(chunk):
        out = _lao2ipa_moh(chunk[0] + _STAND_IN + chunk[2:])
        if out.startswith("ch"):
            return ("" if chunk[1] == "ອ" else "v") + out[2:]
    return _lao2ipa_moh(chunk)


@functools.lru_cache(maxsize=65536)
def _romanize_word(word: str) -> str:
    """Romanize one (normalized) Lao word to ``[a-z0-9]*``."""
    word = to_arabic_digits(word)
    if _MAY_NEED_FIX.search(word):
        out = "".join(_romanize_chunk(c) for c in _SPLIT_AT_PREPOSED_VOWEL.split(word) if c)
    else:
        out = _lao2ipa_moh(word)
    return _NOT_ALNUM.sub("", out.lower())


@functools.lru_cache(maxsize=8192)
def romanize(text: str) -> str:
    """Romanize Lao text in the Lao Ministry of Health (MoH) style, without tones.

    Text without Lao letters is returned as ``normalize(text)`` (so Latin is only lowercased
    and whitespace-collapsed). Otherwise the text is segmented into words (:func:`segment`,
    which drops punctuation); each Lao word is romanized to ASCII letters and digits, other
    words (Latin, numbers) are kept as they are, and the words are joined with single spaces.
    A lone ``ໆ`` repeats the previous word. Never raises; a Lao word the romanizer cannot read
    is dropped rather than left in Lao script.

    >>> romanize("ສະຫວັນນະເຂດ")
    'savannakhet'
    >>> romanize("ບ້ານ ໜອງບົວ, Vientiane")
    'ban nong boua vientiane'
    """
    text = normalize(text)
    if not _LAO.search(text):
        return text
    words: list[str] = []
    for token in segment(text):
        if token == _REPEAT:
            if words:
                words.append(words[-1])
            continue
        word = _romanize_word(token) if _LAO.search(token) else token
        if word:
            words.append(word)
    return " ".join(words)


def _ascii(text: str) -> str:
    """Strip Latin diacritics (é -> e, ｆｕｌｌ -> full) and drop every other non-ASCII character.

    Only ever applied to romanized text, which holds no Lao letters any more: NFKD would
    decompose Lao ຳ/ໜ/ໝ, but here it only meets Latin (and scripts we drop anyway).
    """
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


# Folding rules for latin_key, applied in order to the lowercase ASCII letters and digits of a
# name with the spaces removed. They reflect how Lao names are actually spelled in Latin:
# French-era spellings (ou, -ane, -anh, x), English/Thai-style ones (u, w, ae, ie, r, ck)
# and the MoH output of lao2ipa (kh/ph/th, x for ຊ, ny for ຍ, khv for ຂວ, final o for ວ).
_V = "aeiou"
_LATIN_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("ck|q", "k"),  # Champasack -> champasak
        ("tch|ch", "j"),  # ຈ: ch / tch / j
        ("c", "k"),
        ("sh|x|z", "s"),  # ຊ is "x" in MoH, "s" in most other spellings
        ("([kpt])h", r"\1"),  # aspiration is rarely written consistently: kh/k, ph/p, th/t
        ("([bdfgkpt])r", r"\1"),  # Lao has no r-clusters in speech: Prabang ~ phabang
        ("r", "l"),  # ຣ is pronounced l: Saravane ~ salavan
        ("ou", "u"),  # French ou: Louang ~ luang
        ("ue|eu", "u"),  # ɯ/ɤ: Attapeu ~ attapu, Mueang/Meuang ~ muang
        ("ie", "ia"),  # ຽ: Vieng ~ viang
        ("ae", "e"),  # ແ: Kaeo ~ keo
        (f"w(?![{_V}])", "o"),  # final ວ: Kaew ~ keo
        ("w", "v"),
        ("kv", "ku"),  # ຂວ/ກວ/ຄວ: MoH khv ~ khou (Xiengkhouang)
        ("ny", "y"),  # ຍ: MoH ny, often written y
        ("iy", "y"),  # ໄຍ: Sainyabuli ~ Sayabouli ~ Xayaboury
        (f"y(?![{_V}])", "i"),  # final y: Oudomxay ~ oudomxai, Phongsaly ~ phongsali
        (f"d(?![{_V}y])", "t"),  # final d/b are stops: Hadxaifong ~ hatxaifong
        (f"b(?![{_V}ly])", "p"),
        (f"h(?![{_V}y])", ""),  # h is only heard as an initial: Houaphanh, Phonsavanh
        (r"([a-z])\1+", r"\1"),  # doubled letters: Savannakhet ~ savanakhet, Attapu ~ atapu
    )
)
_FINAL_ANE = re.compile(r"ane\b")  # French -ane: Khammouane ~ khammouan, Saravane ~ salavan


def latin_key(text: str) -> str:
    """Return a loose Latin matching key: compare keys of a user's query and of a Lao name.

    Lao text is romanized first (:func:`romanize`), so ``latin_key("ວຽງຈັນ")`` and
    ``latin_key("Vieng Chan")`` are both ``"viangjan"``. Then diacritics, spaces, hyphens,
    apostrophes and punctuation go, and the spelling variants listed in ``_LATIN_FOLDS`` are
    folded (aspiration, ou/u, ie/ia, x/s, r/l, w/v, doubled letters, final h/y/w/d/b...).
    The key is meant for equality or prefix/substring search, not for display. Exonyms such
    as "Vientiane" for ວຽງຈັນ are not expected to match: they come from English names and
    aliases, not from romanization.
    """
    latin = _ascii(romanize(text))
    key = "".join(_FINAL_ANE.sub("an", word) for word in _NOT_ALNUM.split(latin))
    for pattern, replacement in _LATIN_FOLDS:
        key = pattern.sub(replacement, key)
    return key


def slug(text: str, *, max_length: int = 60) -> str:
    """Return an ASCII slug (``[a-z0-9-]``) of English or Lao text; never empty; deterministic.

    Lao is romanized (:func:`romanize`), Latin diacritics are stripped, and every run of other
    characters becomes one hyphen. Slugs longer than ``max_length`` are cut at a word boundary
    when one is in the second half. If nothing is left (empty input, punctuation only, a script
    we cannot romanize), the slug is ``"item-"`` plus 8 hex digits of a hash of the normalized
    text, e.g. ``slug("")`` -> ``"item-..."``, always the same for the same text.
    """
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    result = _NOT_ALNUM.sub("-", _ascii(romanize(text)).lower()).strip("-")
    if len(result) > max_length:
        cut = result.rfind("-", 0, max_length + 1)
        result = result[:cut] if cut >= max_length // 2 else result[:max_length].rstrip("-")
    if not result:
        digest = hashlib.blake2b(normalize(text).encode("utf-8"), digest_size=4).hexdigest()
        result = f"item-{digest}"[:max_length]
    return result
