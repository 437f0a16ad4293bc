import threading

from lao import join_compounds, normalize, segment
from lao.segment import _word_breaker


def test_it_keeps_sabaidee_as_one_word():
    assert segment("ສະບາຍດີ") == ["ສະບາຍດີ"]


def test_it_splits_a_joined_sentence_into_words():
    assert segment("ຂ້ອຍໄປຕະຫຼາດ") == ["ຂ້ອຍ", "ໄປ", "ຕະຫຼາດ"]


def test_it_keeps_words_differing_only_by_tone_apart():
    words = segment("ປ້າໄປປ່າ")  # "aunt goes to the forest"
    assert words == ["ປ້າ", "ໄປ", "ປ່າ"]
    assert words[0] != words[2]


def test_it_drops_whitespace_and_punctuation_but_keeps_numbers_and_latin():
    assert segment("ສະບາຍດີ, ໂລກ! Hello World 3.14 ໑໒໓ (CSO)") == [
        "ສະບາຍດີ",
        "ໂລກ",
        "hello",
        "world",
        "3.14",
        "໑໒໓",
        "cso",
    ]


def test_it_returns_nothing_for_empty_or_punctuation_only_text():
    assert segment("") == []
    assert segment(" \u200b ") == []
    assert segment("... !!! —") == []


def test_it_normalizes_before_breaking():
    # the dictionary only knows ນ້ຳ, not the legacy ນໍ້າ
    assert segment("ແມ່ນໍ້າຂອງ") == ["ແມ່", "ນ້ຳ", "ຂອງ"]
    assert segment("ຫນ້າ\u200bທີ່") == ["ໜ້າທີ່"]
    assert segment("ສໍາລັບ") == ["ສຳລັບ"]


def test_it_glues_a_repetition_mark_onto_the_word_it_follows():
    assert segment("ທຸກໆ") == ["ທຸກໆ"]
    assert segment("ເຮັດທຸກໆມື້") == ["ເຮັດ", "ທຸກໆ", "ມື້"]
    # written with a space, ICU's separate token stays separate
    assert segment("ທຸກ ໆ") == ["ທຸກ", "ໆ"]


def test_it_handles_characters_outside_the_basic_plane():
    assert segment("😀ສະບາຍດີ 𝐀b ກ") == ["ສະບາຍດີ", "𝐀b", "ກ"]
    assert segment("😀ທຸກໆ") == ["ທຸກໆ"]


def test_it_returns_substrings_of_the_normalized_text_in_order():
    text = "ນະຄອນຫຼວງວຽງຈັນ, ປະເທດລາວ ມີ ໑໘ ແຂວງ (2024)"
    normalized = normalize(text)
    cursor = 0
    for word in segment(text):
        cursor = normalized.index(word, cursor) + len(word)  # raises if not found in order
    assert cursor == len(normalized) - 1  # everything up to the closing parenthesis


def test_it_reuses_one_break_iterator_per_thread():
    assert _word_breaker() is _word_breaker()
    other = []
    thread = threading.Thread(target=lambda: other.append(_word_breaker()))
    thread.start()
    thread.join()
    assert other[0] is not _word_breaker()


def test_it_gives_the_same_words_from_several_threads():
    sentence = "ຂ້ອຍໄປຕະຫຼາດກັບແມ່ທຸກໆມື້"
    expected = segment(sentence)
    results = []

    def work():
        results.extend(segment(sentence) == expected for _ in range(200))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 800
    assert all(results)


def test_it_joins_the_pieces_of_a_word_icu_cut_because_of_its_neighbours():
    text = "ສິດເສຣີພາບ"  # "right to freedom", with the older spelling ເສຣີ of ເສລີ "free"
    assert segment("ເສຣີ") == ["ເສຣີ"]

    assert join_compounds(text, segment(text)) == ["ສິດ", "ເສຣີ", "ພາບ"]


def test_it_keeps_question_words_with_dai_whole():
    assert segment("ເປັນແນວໃດ") == ["ເປັນ", "ແນວ", "ໃດ"]
    assert join_compounds("ເປັນແນວໃດ", segment("ເປັນແນວໃດ")) == ["ເປັນ", "ແນວໃດ"]
    assert join_compounds("ມື້ໃດກໍໄດ້", segment("ມື້ໃດກໍໄດ້"))[0] == "ມື້ໃດ"


def test_it_joins_only_words_that_touch_and_never_a_lone_consonant():
    assert join_compounds("ເປັນແນວ ໃດ", segment("ເປັນແນວ ໃດ")) == ["ເປັນ", "ແນວ", "ໃດ"]
    assert join_compounds("ແນວ, ໃດ", ["ແນວ", "ໃດ"]) == ["ແນວ", "ໃດ"]
    # ICU reads a consonant with anything as one unknown run, so ມີ + ຄ would "be a word"
    assert join_compounds("ມີຄວາມ", ["ມີ", "ຄ", "ວາມ"]) == ["ມີ", "ຄ", "ວາມ"]
    assert join_compounds("ແນວໃດ abc", ["ແນວ", "ໃດ", "abc"]) == ["ແນວໃດ", "abc"]


def test_it_joins_into_substrings_of_the_normalized_text_in_order():
    text = "ເຂົາເຈົ້າຖາມວ່າ ຍາມໃດ ແລະ ເຮັດແນວໃດ (2024) ສິດເສຣີພາບ ທຸກໆມື້"
    words = join_compounds(text, segment(text))
    assert "ຍາມໃດ" in words and "ແນວໃດ" in words
    normalized = normalize(text)
    cursor = 0
    for word in words:
        cursor = normalized.index(word, cursor) + len(word)
