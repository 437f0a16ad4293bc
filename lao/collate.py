"""Lao dictionary order with ICU's collator for locale ``lo``.

Code-point order is wrong for Lao in two ways: the consonants are not encoded in alphabet order
(``ສ`` U+0EAA comes after ``ຫ`` in Unicode but right after ``ຈ`` in the alphabet), and the
pre-posed vowels ``ເ ແ ໂ ໃ ໄ`` (U+0EC0..U+0EC4) sort after every consonant. ICU's Lao
collation orders by consonant first (``ເກືອ`` sorts with ``ກ``), in the alphabet order
ກ ຂ ຄ ງ ຈ ສ ຊ ຍ ດ ຕ ຖ ທ ນ ບ ປ ຜ ຝ ພ ຟ ມ ຢ ຣ ລ ວ ຫ ອ ຮ; ``ໜ``/``ໝ`` sort as ``ຫນ``/``ຫມ``.
The ``lo`` tailoring (``[reorder Laoo]``) also puts Lao script before Latin.
"""

from __future__ import annotations

import threading

import icu

from .normalize import normalize

__all__ = ["collator", "sort_key"]

_local = threading.local()


def collator() -> icu.Collator:
    """Return this thread's ICU collator for Lao (created on first use; not thread-safe)."""
    coll = getattr(_local, "collator", None)
    if coll is None:
        coll = _local.collator = icu.Collator.createInstance(icu.Locale("lo"))
    return coll


def sort_key(text: str) -> bytes:
    """Return a byte string whose order is Lao dictionary order of ``normalize(text)``.

    Use as ``sorted(names, key=sort_key)`` or store it in an indexed column; keys are only
    comparable with keys made by the same ICU version.
    """
    return collator().getSortKey(normalize(text))
