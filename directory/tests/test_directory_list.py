import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.models import Province, SectorGroup
from directory.models import Organization
from directory.services import organization_create

pytestmark = pytest.mark.django_db


def make_orgs(names: list[tuple[str, str]], *, province="LA01", group="ENV") -> list[Organization]:
    province, group = Province.objects.get(code=province), SectorGroup.objects.get(code=group)
    return [
        organization_create(
            data={
                "name_lo": lo,
                "name_en": en,
                "head_office_province": province,
                "primary_sector_group": group,
            },
            m2m={"provinces": [province], "sector_groups": [group]},
            status="active",
            by=None,
        )
        for lo, en in names
    ]


def listed_names(client, url: str) -> list[str]:
    return [org.name for org in client.get(url).context["page"]]


def test_it_sorts_names_in_lao_order_in_lao_and_alphabetically_in_english(client):
    make_orgs(
        [
            ("ເຄືອຂ່າຍແມ່ຍິງ", "Women's Network"),
            ("ກຸ່ມຊາວກະສິກອນ", "Farmers' Group"),
            ("ຂົວແຫ່ງຄວາມຫວັງ", "Bridge of Hope"),
            ("ສະມາຄົມໄວໜຸ່ມ", "Youth Association"),
        ],
        group="GOV",
    )
    lao = listed_names(client, "/lo/directory/?sector=GOV")
    # ເຄືອຂ່າຍ begins with the vowel ເ before ຄ: it sorts among the ຄ names, after ກ and ຂ.
    assert lao == ["ກຸ່ມຊາວກະສິກອນ", "ຂົວແຫ່ງຄວາມຫວັງ", "ເຄືອຂ່າຍແມ່ຍິງ", "ສະມາຄົມໄວໜຸ່ມ"]
    english = listed_names(client, "/en/directory/?sector=GOV")
    assert english == ["Bridge of Hope", "Farmers' Group", "Women's Network", "Youth Association"]


def test_it_filters_and_counts_each_filter_value(client, org_a, org_b):
    make_orgs([("ສະມາຄົມປ່າໄມ້ສະຫວັນ", "Savan Forest Association")], province="LA13", group="ENV")
    response = client.get("/lo/directory/?province=LA13")
    assert {org.acronym or org.name_en for org in response.context["page"]} == {
        "BNCDA",
        "Savan Forest Association",
    }
    sector = next(facet for facet in response.context["facets"] if facet.name == "sector")
    counts = {option.value: option.count for option in sector.options}
    assert counts["FARD"] == 1 and counts["ENV"] == 1 and counts["EDSP"] == 0
    narrowed = client.get("/lo/directory/?province=LA13&sector=ENV").context["page"]
    assert [org.name_en for org in narrowed] == ["Savan Forest Association"]


def test_it_ignores_unknown_filter_values_instead_of_failing(client, org_a):
    for url in [
        "/lo/directory/?sector=NOPE",
        "/lo/directory/?form=%27%3B--",
        "/lo/directory/?page=999",
        "/lo/directory/?page=abc",
        "/lo/directory/?province=" + "x" * 5000,
    ]:
        assert client.get(url).status_code == 200, url


def test_it_paginates_with_shareable_urls(client):
    make_orgs(
        [(f"ສະມາຄົມທົດລອງ {number:02d}", f"Test Association {number:02d}") for number in range(25)],
        group="LDSP",
    )
    second = client.get("/en/directory/?sector=LDSP&page=2")
    assert len(second.context["page"]) == 5
    assert 'href="?sector=LDSP&amp;page=1"' in second.content.decode()


def test_it_runs_as_many_queries_for_many_results_as_for_few(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_orgs([("ສະມາຄົມໜຶ່ງ", "Association One")], group="PH")
    with CaptureQueriesContext(connection) as few:
        client.get("/lo/directory/?sector=PH")
    make_orgs([(f"ສະມາຄົມສຸຂະພາບ {n}", f"Health Association {n}") for n in range(15)], group="PH")
    with CaptureQueriesContext(connection) as many:
        client.get("/lo/directory/?sector=PH")
    assert len(many) == len(few)


@pytest.mark.parametrize("query", ["ກ", "a", "x" * 5000, '"', "*", "NEAR(", "a:b", "' OR 1=1 --", "ຊຸມ ຊົນ"])
def test_it_answers_any_search_query_without_an_error(client, org_a, query):
    assert client.get("/lo/directory/", {"q": query}).status_code == 200


def test_it_finds_a_lao_word_inside_a_compound_name_and_highlights_it(client, org_a):
    html = client.get("/lo/directory/", {"q": "ຊຸມຊົນ"}).content.decode()
    assert "<mark>ຊຸມຊົນ</mark>" in html


def test_it_finds_a_lao_only_record_with_a_latin_query(client):
    make_orgs([("ສະມາຄົມຊ່ວຍເຫຼືອຊາວນາ", "")], province="LA13", group="FARD")
    assert "ສະມາຄົມຊ່ວຍເຫຼືອຊາວນາ" in client.get("/en/directory/", {"q": "savannakhet"}).content.decode()


def test_it_says_when_a_search_lists_only_its_best_matches(client, monkeypatch):
    make_orgs([("ສະມາຄົມປູກຝ້າຍ", "Cotton Growers"), ("ມູນນິທິຝ້າຍລາວ", "Lao Cotton Foundation")])
    narrow = client.get("/en/directory/", {"q": "cotton"}).content.decode()
    assert "2 organizations" in narrow and "only the best matches" not in narrow

    monkeypatch.setattr("search.selectors.LIST_LIMIT", 1)  # instead of hundreds of organizations
    page = client.get("/lo/directory/", {"q": "ຝ້າຍ"}).content.decode()
    assert "ສະແດງສະເພາະຜົນທີ່ກົງທີ່ສຸດ" in page


def test_it_exports_the_filtered_list_with_formulas_neutralized(client):
    make_orgs([('=HYPERLINK("http://evil")', "+cmd|' /C calc'!A0"), ("ສະມາຄົມປົກກະຕິ", "@SUM(1)")], group="EICT")
    rows = list(
        csv.reader(
            io.StringIO(client.get("/lo/directory/export.csv?sector=EICT").content.decode().lstrip("\ufeff"))
        )
    )
    assert len(rows) == 3
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert '\'=HYPERLINK("http://evil")' in cells
    workbook = load_workbook(io.BytesIO(client.get("/lo/directory/export.xlsx?sector=EICT").content))
    values = [cell.value for row in workbook.active.iter_rows(min_row=2) for cell in row if cell.value]
    assert all(not str(value).startswith(("=", "+", "@")) for value in values)
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)
