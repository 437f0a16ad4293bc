"""Lao text utilities: normalization, word segmentation, collation, romanization, slugs.

Plain Python on top of PyICU (word breaks, collation) and lao2ipa (romanization); no Django.

>>> from lao import segment, sort_key, romanize, latin_key
>>> segment("ຂ້ອຍໄປຕະຫຼາດ")
['ຂ້ອຍ', 'ໄປ', 'ຕະຫຼາດ']
>>> sorted(["ຂ້າວ", "ເກືອ", "ກາ"], key=sort_key)
['ກາ', 'ເກືອ', 'ຂ້າວ']
>>> latin_key("Vieng Chan") == latin_key("ວຽງຈັນ")
True
"""

from .collate import collator, sort_key
from .normalize import clean, normalize, to_arabic_digits, to_lao_digits
from .romanize import latin_key, romanize, slug
from .segment import join_compounds, segment

__all__ = [
    "clean",
    "collator",
    "join_compounds",
    "latin_key",
    "normalize",
    "romanize",
    "segment",
    "slug",
    "sort_key",
    "to_arabic_digits",
    "to_lao_digits",
]
