"""Whatever a visitor types, search answers and never fails: FTS syntax is only ever text."""

import pytest

ODD_QUERIES = [
    "",
    "   ",
    "\u200b",
    '"',
    '""',
    "'",
    "*",
    "ຊຸມ*",
    "-ຊຸມຊົນ",
    "NEAR(",
    "NEAR(ຊຸມ ຊົນ)",
    "a:b",
    "search_text:ຊຸມຊົນ",
    "(",
    ")",
    "()",
    "AND",
    "OR NOT",
    "^",
    "{}",
    "\\",
    "%",
    "_",
    "%_%",
    "<->",
    "!",
    "& |",
    ":*",
    "'ຊຸມ''",
    "x" * 5000,
    "ກ" * 5000,
    "ຊຸມຊົນ " * 1000,
    "a",
    "ກ",
    "1",
    "😀",
    "ໆ",
    "ຯ",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_it_answers_odd_queries_without_error(index, query, lookup):
    index("1", "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ", keys=["Ban Na association: a test"])

    results = lookup(query)

    assert results.total == len(results.hits) <= 1
    for hit in results.hits:
        assert hit.title_html  # highlighting copes too


def test_it_finds_nothing_for_empty_and_single_letter_queries(index, found, lookup):
    index("1", "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ", keys=["a b c"])

    assert found("") == []
    assert found("  \u200b ") == []
    assert found("ກ") == []
    assert [hit.match for hit in lookup("a").hits] == ["word"]


def test_it_still_searches_the_start_of_a_very_long_query(index, found):
    index("1", "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ")

    assert found("ຊຸມຊົນ " * 1000) == ["1"]
    assert found("ຊຸມຊົນ" + " ບ້ານ" * 30) == ["1"]


def test_it_treats_fts_operators_in_the_query_as_words(index, found):
    index("near", "Near the river")
    index("other", "Far from the river")

    assert found("NEAR") == ["near"]
    assert found("river NOT far") == []  # "not" is a word to find here, and neither entry has it
