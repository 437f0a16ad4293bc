import random
import threading

from lao import collator, sort_key

ALPHABET = "ກ ຂ ຄ ງ ຈ ສ ຊ ຍ ດ ຕ ຖ ທ ນ ບ ປ ຜ ຝ ພ ຟ ມ ຢ ຣ ລ ວ ຫ ອ ຮ".split()


def test_it_sorts_a_preposed_vowel_by_its_consonant():
    assert sorted(["ຂ້າວ", "ເກືອ", "ກາ"], key=sort_key) == ["ກາ", "ເກືອ", "ຂ້າວ"]
    # code-point order puts every ເ word after all consonants
    assert sorted(["ຂ້າວ", "ເກືອ", "ກາ"]) == ["ກາ", "ຂ້າວ", "ເກືອ"]
    assert sorted(["ຮູບ", "ເຂດ", "ຄາ", "ຂາ"], key=sort_key) == ["ຂາ", "ເຂດ", "ຄາ", "ຮູບ"]
    assert sorted(["ໄຊ", "ໂຮງ", "ແຂວງ", "ກາ"], key=sort_key) == ["ກາ", "ແຂວງ", "ໄຊ", "ໂຮງ"]


def test_it_follows_the_lao_alphabet_order():
    shuffled = ALPHABET[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == ALPHABET
    assert sorted(ALPHABET) != ALPHABET  # ສ is U+0EAA, after ຫ in code-point order
    assert sort_key("ສາລະວັນ") < sort_key("ຊຽງຂວາງ") < sort_key("ວຽງຈັນ")


def test_it_sorts_province_names_in_dictionary_order():
    names = ["ຫຼວງພະບາງ", "ອັດຕະປື", "ວຽງຈັນ", "ສາລະວັນ", "ຈຳປາສັກ", "ບໍ່ແກ້ວ", "ເຊກອງ", "ຄຳມ່ວນ"]
    assert sorted(names, key=sort_key) == [
        "ຄຳມ່ວນ",
        "ຈຳປາສັກ",
        "ສາລະວັນ",
        "ເຊກອງ",
        "ບໍ່ແກ້ວ",
        "ວຽງຈັນ",
        "ຫຼວງພະບາງ",
        "ອັດຕະປື",
    ]


def test_it_gives_legacy_spellings_the_same_key():
    assert sort_key("ນໍ້າ") == sort_key("ນ້ຳ")
    assert sort_key("ຫນອງ") == sort_key("ໜອງ")
    assert sort_key(" Lao\u200b ") == sort_key("lao")


def test_it_sorts_lao_before_latin():
    assert sorted(["zoo", "ລາວ", "Apple"], key=sort_key) == ["ລາວ", "Apple", "zoo"]


def test_it_returns_bytes():
    assert isinstance(sort_key("ກາ"), bytes)
    assert isinstance(sort_key(""), bytes)


def test_it_keeps_one_collator_per_thread():
    assert collator() is collator()
    other = []
    thread = threading.Thread(target=lambda: other.append(collator()))
    thread.start()
    thread.join()
    assert other[0] is not collator()
