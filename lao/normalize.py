"""Canonical form of Lao (and mixed Lao/Latin) text, and Lao/Arabic digit conversion.

Everything else in :mod:`lao` (word breaking, sort keys, romanization) works on the output of
:func:`normalize`, so two strings that look the same to a reader compare equal after it.

Never use NFKC/NFKD on Lao text: their compatibility mappings decompose ``ຳ`` (U+0EB3) into
``ໍ`` + ``າ`` and ``ໜ``/``ໝ`` (U+0EDC/U+0EDD) into ``ຫ`` + ``ນ``/``ມ`` -- the opposite of the forms
modern Lao text, ICU's Lao dictionary and the Lao collation use.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "normalize", "to_arabic_digits", "to_lao_digits"]

# Invisible format characters that break matching without changing what the reader sees:
# zero-width space, (non-)joiners, word joiner, BOM / zero-width no-break space, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# Niggahita (U+0ECD) + optional tone mark + sign AA (U+0EB2)  ->  tone mark + sign AM (U+0EB3).
_AM = re.compile("\u0ecd([\u0ec8-\u0ecb]?)\u0eb2")

_LAO_DIGITS = "໐໑໒໓໔໕໖໗໘໙"  # U+0ED0..U+0ED9
_TO_ARABIC = str.maketrans(_LAO_DIGITS, "0123456789")
_TO_LAO = str.maketrans("0123456789", _LAO_DIGITS)


def normalize(text: str) -> str:
    """Return the canonical form of ``text``; idempotent.

    Steps, in order:

    1. Remove invisible format characters: U+200B ZERO WIDTH SPACE (often typed between Lao
       words), U+200C/U+200D (non-)joiners, U+2060 word joiner, U+FEFF and U+00AD soft hyphen.
    2. Lowercase (Lao has no case; this folds Latin and any other cased script).
    3. Unicode NFC (canonical only; never NFKC, see the module docstring).
    4. Lao spelling variants that render identically are unified to the modern single form:

       - ``ໍ`` + ``າ`` -> ``ຳ`` (U+0EB3 SIGN AM). ``ຳ`` has only a *compatibility*
         decomposition, so NFC leaves the two-character spelling alone and we compose it here.
       - ``ໍ`` + tone + ``າ`` -> tone + ``ຳ`` (e.g. ``ນໍ້າ`` -> ``ນ້ຳ`` "water"). This is the
         common legacy way of typing a tone over AM (the tone sits above the niggahita). A
         tone between ``ໍ`` and ``າ`` can mean nothing else: ``ໍ`` never takes a final and
         ``າ`` cannot start a syllable, so the tone belongs to the ``ຳ`` syllable and is
         written before ``ຳ`` as in standard spelling (ICU's dictionary only knows that form:
         ``ແມ່ນ້ຳຂອງ`` segments, ``ແມ່ນໍ້າຂອງ`` does not).
       - ``ຫນ`` -> ``ໜ`` (U+0EDC) and ``ຫມ`` -> ``ໝ`` (U+0EDD).
       - ``ເເ`` (two SIGN E) -> ``ແ`` (SIGN EI): a frequent typing habit that looks identical;
         two pre-posed vowels can never be adjacent in Lao spelling.

    5. Collapse every run of whitespace to one ASCII space and strip both ends.

    ``ຫລ`` vs ``ຫຼ`` is left alone (both spellings are in current use).
    """
    return " ".join(_canonical(text.lower()).split())


def clean(text: str) -> str:
    """The spelling of ``text`` to store: steps 1, 3 and 4 of :func:`normalize`, keeping letter case
    and line breaks (spaces inside a line are collapsed, lines are stripped). For names and
    descriptions that people typed; search keys use :func:`normalize`."""
    lines = [" ".join(line.split()) for line in _canonical(text).replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def _canonical(text: str) -> str:
    if _INVISIBLE.search(text):  # str.translate would be ~10x slower on every call
        text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if "\u0ecd" in text:
        text = _AM.sub("\\1\u0eb3", text)
    if "ຫ" in text:
        text = text.replace("ຫນ", "ໜ").replace("ຫມ", "ໝ")
    if "ເເ" in text:
        text = text.replace("ເເ", "ແ")
    return text


def to_arabic_digits(text: str) -> str:
    """Replace Lao digits ``໐``-``໙`` (U+0ED0-U+0ED9) with ``0``-``9``; nothing else changes."""
    return text.translate(_TO_ARABIC)


def to_lao_digits(text: str) -> str:
    """Replace ASCII digits ``0``-``9`` with Lao digits ``໐``-``໙``; nothing else changes."""
    return text.translate(_TO_LAO)
