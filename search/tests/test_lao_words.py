"""Lao queries find Lao words inside unspaced text, and only real matches."""


def test_it_finds_a_word_inside_a_compound_name(index, found):
    index("1", "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ")
    index("2", "ສະມາຄົມແມ່ຍິງແຂວງສະຫວັນນະເຂດ")

    assert found("ຊຸມຊົນ") == ["1"]
    assert sorted(found("ສະມາຄົມ")) == ["1", "2"]


def test_it_does_not_match_forest_with_aunt(index, found):
    """ປ່າ (forest) and ປ້າ (aunt) differ only by the tone mark, which must stay in the word."""
    index("aunt", "ປ້າຂອງຂ້ອຍຂາຍເຂົ້າ")
    index("forest", "ຮັກສາປ່າ ແລະ ນ້ຳ")

    assert found("ປ່າ") == ["forest"]
    assert found("ປ້າ") == ["aunt"]


def test_it_matches_a_query_typed_with_a_decomposed_vowel(index, found):
    index("1", "ໂຄງການນ້ຳສະອາດ")  # ນ້ຳ with the single character SIGN AM

    assert found("ນໍ້າສະອາດ") == ["1"]  # ໍ + ້ + າ, the legacy way of typing it
    assert found("ນ\u0ecd\u0ec9\u0eb2") == ["1"]


def test_it_matches_a_query_with_zero_width_spaces(index, found):
    index("1", "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ")

    assert found("ຊຸມ\u200bຊົນ") == ["1"]
    assert found("\u200bບ້ານ\u200bນາ\u200b") == ["1"]


def test_it_matches_text_stored_with_legacy_spellings(index, found):
    index("1", "ຫນ່ວຍງານ ນໍ້າປະປາ")  # ຫນ and ໍ+າ, as much Lao text is still typed

    assert found("ໜ່ວຍງານ") == ["1"]
    assert found("ນ້ຳປະປາ") == ["1"]


def test_it_finds_a_substring_across_word_boundaries(index, lookup):
    index("1", "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ")

    hits = lookup("ຊົນບ້ານ").hits

    assert [(hit.object_id, hit.match) for hit in hits] == [("1", "substring")]


def test_it_finds_a_word_where_it_stands_alone_before_it_inside_a_question_word(index, lookup, found):
    """ແນວ "front" (ແນວລາວສ້າງຊາດ) is a word of its own; in ແນວໃດ "how" it is only a piece."""
    index("front", "ແນວລາວສ້າງຊາດແຂວງຄຳມ່ວນ")
    index("question", "ໂຄງການນີ້ເປັນແນວໃດ")

    hits = lookup("ແນວ").hits

    assert [(hit.object_id, hit.match) for hit in hits] == [("front", "word"), ("question", "substring")]
    assert found("ແນວໃດ") == ["question"]
    assert ("ແນວໃດ", True) in lookup("ແນວໃດ").hits[0].title_parts


def test_it_matches_a_word_that_icu_cut_in_pieces_next_to_an_older_spelling(index, lookup):
    index("1", "ສິດເສຣີພາບໃນການປາກເວົ້າ")

    assert [hit.match for hit in lookup("ເສຣີພາບ").hits] == ["word"]
    assert [hit.match for hit in lookup("ຣີ").hits] == ["substring"]  # a syllable, not a word here
