"""What a result list holds: who may see it, in which language, in which order, highlighted how."""

from django.db import connection
from django.utils import translation

from directory.models import Organization
from search import engines
from search.selectors import InHitOrder, list_hits


def test_it_never_shows_members_only_entries_to_the_public(index, found):
    index("open", "ສະມາຄົມພັດທະນາຊຸມຊົນ")
    index("closed", "ບົດລາຍງານຊຸມຊົນ", visibility="members")
    index("internal", "ບັນທຶກຊຸມຊົນ", visibility="secretariat")

    assert found("ຊຸມຊົນ") == ["open"]
    assert found("ລາຍງານ") == []
    assert found("ຊຸມ", levels=["public"]) == ["open"]  # the substring fallback filters too
    assert sorted(found("ຊຸມຊົນ", levels={"public", "members"})) == ["closed", "open"]
    assert found("ຊຸມຊົນ", levels={"everyone"}) == []


def test_it_shows_each_entity_in_the_viewers_language_whatever_the_query_language(index, lookup):
    texts = ["ສະມາຄົມພັດທະນາຊຸມຊົນ", "Community Development Association"]
    index("1", *texts, language="lo", title="ສະມາຄົມພັດທະນາຊຸມຊົນ")
    index("1", *texts, language="en", title="Community Development Association")

    in_english = lookup("ຊຸມຊົນ", language="en").hits
    in_lao = lookup("community").hits

    assert [hit.title for hit in in_english] == ["Community Development Association"]
    assert [hit.title for hit in in_lao] == ["ສະມາຄົມພັດທະນາຊຸມຊົນ"]


def test_it_ranks_word_hits_above_substring_hits(index, lookup):
    index("substring", "Waterfall tours", boost=5)
    index("word", "Clean water for schools")

    hits = lookup("water").hits

    assert [(hit.object_id, hit.match) for hit in hits] == [("word", "word"), ("substring", "substring")]
    assert hits[0].score > hits[1].score


def test_it_ranks_boosted_entries_first_among_equal_word_hits(index, found):
    index("plain", "ໂຄງການນ້ຳສະອາດ")
    index("boosted", "ໂຄງການນ້ຳສະອາດ", boost=3)

    assert found("ນ້ຳສະອາດ") == ["boosted", "plain"]


def test_it_filters_by_kind_and_pages_with_a_total(index, found, lookup):
    for number in range(3):
        index(f"org{number}", "ສະມາຄົມພັດທະນາຊຸມຊົນ")
    index("news1", "ຂ່າວຊຸມຊົນ", kind="news")

    assert found("ຊຸມຊົນ", kinds=["news"]) == ["news1"]
    first = lookup("ຊຸມຊົນ", limit=2)
    rest = lookup("ຊຸມຊົນ", limit=2, offset=2)
    assert (first.total, len(first.hits), len(rest.hits)) == (3, 2, 1)
    assert {hit.object_id for hit in first.hits + rest.hits} == {"org0", "org1", "org2"}


def test_it_escapes_html_in_titles_and_snippets_and_marks_the_match(index, lookup):
    index("1", "ຊຸມຊົນ <script>alert(1)</script>", snippet='<img src=x onerror="alert(1)"> ຊຸມຊົນ & co')

    hit = lookup("ຊຸມຊົນ").hits[0]

    assert hit.title_html == "<mark>ຊຸມຊົນ</mark> &lt;script&gt;alert(1)&lt;/script&gt;"
    assert hit.snippet_html == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>ຊຸມຊົນ</mark> &amp; co"
    assert ("ຊຸມຊົນ", True) in hit.title_parts


def test_it_escapes_a_query_that_is_itself_markup(index, lookup):
    index("1", "Notes about <script> tags")

    hit = lookup("<script>").hits[0]

    assert "<script" not in hit.title_html
    assert hit.title_html == "Notes about &lt;<mark>script</mark>&gt; tags"


def test_it_marks_lao_words_found_through_a_latin_query(index, lookup):
    index("1", "ໂຮງໝໍແຂວງຫຼວງພະບາງ")

    hit = lookup("luang prabang").hits[0]

    assert hit.title_html == "ໂຮງໝໍແຂວງ<mark>ຫຼວງພະບາງ</mark>"


def test_a_very_common_word_finds_every_entry_boosted_first_then_in_indexing_order(index, found, monkeypatch):
    for number in range(4):  # the later an entry, the more often it has the word
        index(f"org{number}", "ສະມາຄົມພັດທະນາຊຸມຊົນ" + " ຊຸມຊົນ" * number)
    index("boosted", "ຂ່າວຊຸມຊົນ", boost=2)
    index("other", "ໂຮງຮຽນບ້ານ")
    if connection.vendor == "postgresql":  # the estimate there comes from the column's statistics
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")

    ranked = found("ຊຸມຊົນ")
    assert ranked.index("org3") < ranked.index("org0")
    monkeypatch.setattr(engines, "COMMON_MATCHES", {"sqlite": 2, "postgresql": 2})  # instead of thousands
    assert found("ຊຸມຊົນ") == ["boosted", "org0", "org1", "org2", "org3"]
    monkeypatch.setattr(engines, "WALK_COST", 0)  # PostgreSQL: along the boost index, not from the bitmap
    assert found("ຊຸມຊົນ") == ["boosted", "org0", "org1", "org2", "org3"]


def test_a_list_that_reads_only_the_hits_gets_the_same_hits_without_the_full_count(index, lookup):
    index("word1", "Clean water for schools")
    index("word2", "Water for villages")
    index("substring", "Waterfall tours")

    counted, uncounted = lookup("water", limit=2), lookup("water", limit=2, exact_total=False)
    assert [hit.object_id for hit in uncounted.hits] == [hit.object_id for hit in counted.hits]
    assert (counted.total, uncounted.total) == (3, 2)
    wider = lookup("water", limit=5, exact_total=False)
    assert [hit.match for hit in wider.hits] == ["word", "word", "substring"]


def test_rows_in_hit_order_skip_what_the_list_filtered_out(
    index, org_a, org_b, django_assert_max_num_queries
):
    # Three hits in this order, one of them for an organization that no longer exists.
    for boost, pk in enumerate([org_a.pk, 999_999, org_b.pk]):
        index(str(pk), f"Marigold cooperative {pk}", kind="organization", boost=boost)
    with translation.override("lo"):
        hits = list_hits("marigold", kind="organization", visibility_levels=["public"])
    assert hits.object_ids == [org_b.pk, 999_999, org_a.pk]

    rows = InHitOrder(Organization.objects.all(), hits)
    assert len(rows) == 2
    with django_assert_max_num_queries(2):  # the rows, and their hits' texts
        assert list(rows) == [org_b, org_a]
    assert rows[1:] == [org_a]
    assert rows[0] == org_b
    assert "<mark>Marigold</mark>" in rows[0].hit.title_html
    assert len(InHitOrder(Organization.objects.exclude(pk=org_b.pk), hits)) == 1
    # Unchecked (the index holds exactly the list's rows): counted as found, skipped when shown.
    unchecked = InHitOrder(Organization.objects.all(), hits, filtered=False)
    assert len(unchecked) == 3 and list(unchecked) == [org_b, org_a]
