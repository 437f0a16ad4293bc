import random
import unicodedata

import pytest

import lao
from lao import normalize, to_arabic_digits, to_lao_digits

AM = "\u0eb3"  # ຳ
NIGGAHITA = "\u0ecd"  # ໍ
AA = "\u0eb2"  # າ


def test_it_composes_niggahita_and_aa_into_am():
    assert normalize("ສ" + NIGGAHITA + AA + "ລັບ") == "ສ" + AM + "ລັບ"
    assert normalize("ຈໍາປາສັກ") == "ຈຳປາສັກ"


def test_it_writes_a_tone_typed_between_niggahita_and_aa_before_am():
    # ນ + ໍ + ້ + າ (legacy typing of "water") -> ນ + ້ + ຳ, the standard spelling
    assert normalize("ນ\u0ecd\u0ec9\u0eb2") == "ນ\u0ec9\u0eb3"
    assert normalize("ນ\u0ecd\u0ec8\u0eb2") == "ນ\u0ec8\u0eb3"
    # tone already before the niggahita
    assert normalize("ນ\u0ec9\u0ecd\u0eb2") == "ນ\u0ec9\u0eb3"


def test_it_composes_ho_no_and_ho_mo():
    assert normalize("ຫນ້າ") == "\u0edc\u0ec9\u0eb2"  # ໜ້າ
    assert normalize("ກົດຫມາຍ") == "ກົດ\u0eddາຍ"  # ກົດໝາຍ


def test_it_leaves_ho_lo_spellings_alone():
    assert normalize("ຫລາຍ") == "ຫລາຍ"
    assert normalize("ຫຼາຍ") == "ຫຼາຍ"


def test_it_merges_two_sign_e_into_sign_ei():
    assert normalize("ເເມ່ນ") == "ແມ່ນ"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"])
def test_it_strips_zero_width_characters(invisible):
    assert normalize(f"ສະບາຍ{invisible}ດີ") == "ສະບາຍດີ"


def test_it_strips_a_zero_width_space_hiding_a_ho_no_pair():
    assert normalize("ຫ\u200bນ້າ") == "ໜ້າ"


def test_it_collapses_whitespace_and_strips():
    assert normalize("  ວຽງ \t\n ຈັນ\u00a0\u3000 Lao  ") == "ວຽງ ຈັນ lao"
    assert normalize(" \n\t ") == ""
    assert normalize("") == ""


def test_it_lowercases_latin():
    assert normalize("Vientiane CAPITAL") == "vientiane capital"
    assert normalize("ÉCOLE") == "école"


def test_it_applies_nfc():
    assert normalize("e\u0301") == "\u00e9"
    # combining marks are put in canonical order (ຸ ccc 118 before tone ccc 122)
    assert normalize("ກ\u0ec8\u0eb8") == "ກ\u0eb8\u0ec8"


def test_it_does_not_use_compatibility_decomposition():
    for text in ["ຳ", "ໜ", "ໝ", "ນ້ຳ", "ໜອງ", "ໝາກ"]:
        assert normalize(text) == text
    assert unicodedata.normalize("NFKC", "ຳ") != "ຳ"  # what we must not do


TRICKY = [
    "ນໍ້າ",
    "ຫຫນ",
    "ເເເເ",
    "ເເເ",
    "ໍໍາ",
    "ໍ່ໍາ",
    "ຫ\u200bນ\u200bໍ\u200bາ",
    "  ABC  ກ\u200b\u200c ",
    "İstanbul",
    "ẞ straße",
    "e\u0301\u0301",
    "😀 ສະບາຍ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_it_is_idempotent_on_tricky_text(text):
    once = normalize(text)
    assert normalize(once) == once


def test_it_is_idempotent_on_random_text():
    alphabet = (
        [chr(c) for c in range(0x0E80, 0x0F00)] + list(" \t\u200b\u00a0aB1é") + ["ຫ", "ນ", "ມ", "ໍ", "າ"]
    )
    rng = random.Random(20240501)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        once = normalize(text)
        assert normalize(once) == once, repr(text)


def test_it_converts_lao_digits_to_arabic():
    assert to_arabic_digits("໐໑໒໓໔໕໖໗໘໙") == "0123456789"
    assert to_arabic_digits("ປີ ໒໐໒໔, ບ້ານ 12") == "ປີ 2024, ບ້ານ 12"


def test_it_converts_arabic_digits_to_lao():
    assert to_lao_digits("0123456789") == "໐໑໒໓໔໕໖໗໘໙"
    assert to_lao_digits("ປີ 2024 abc") == "ປີ ໒໐໒໔ abc"


def test_it_round_trips_digits():
    assert to_arabic_digits(to_lao_digits("tel 021-212 345")) == "tel 021-212 345"


def test_it_cleans_stored_text_without_losing_case_or_lines():
    typed = "ສະມາຄົມ\u200bນໍ້າ  ABC\r\nແຖວ  ທີສອງ \n"
    assert lao.clean(typed) == "ສະມາຄົມນ້ຳ ABC\nແຖວ ທີສອງ"
    assert lao.clean(lao.clean(typed)) == lao.clean(typed)
    assert lao.normalize(lao.clean(typed)) == lao.normalize(typed)
