"""Open data: every public dataset downloads in each of its formats, with the licence and the date of
the data, and nothing that only members or the secretariat may see is in any file."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Visibility
from reports import opendata

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def fetch(client, dataset, fmt) -> bytes:
    response = client.get(reverse("reports:open-data-file", args=[dataset, fmt]))
    assert response.status_code == 200, (dataset, fmt)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def every_file(client) -> dict[str, bytes]:
    return {
        f"{key}.{fmt}": fetch(client, key, fmt)
        for key, dataset in opendata.DATASETS.items()
        for fmt in dataset.formats
    }


def test_the_page_states_the_licence_and_the_date_of_each_file(client, contributions):
    fetch(client, "organizations", "csv")
    html = client.get("/en/dashboards/open-data/").content.decode()
    assert "CC BY 4.0" in html and "https://creativecommons.org/licenses/by/4.0/" in html
    assert "Boundaries: Lao National Geographic Department" in html
    for key, dataset in opendata.DATASETS.items():
        for fmt in dataset.formats:
            assert reverse("reports:open-data-file", args=[key, fmt]) in html
    assert "made when first downloaded" in html  # the files not made yet
    assert "3 rows" in html  # the organizations CSV made above: A, B and C (D is suspended)


def test_every_file_parses_and_holds_the_public_records(client, contributions):
    files = every_file(client)
    organizations = list(csv.DictReader(io.StringIO(files["organizations.csv"].decode("utf-8-sig"))))
    assert {row["slug"] for row in organizations} == {
        contributions.org_a.slug,
        contributions.org_b.slug,
        contributions.org_c.slug,
    }
    projects = json.loads(files["projects.json"])
    assert projects["licence"]["name"].endswith("(CC BY 4.0)") and projects["made_at"]
    titles = {record["title_en"] for record in projects["records"]}
    assert titles == {"Clean water for Ban Na", "Reading in two provinces", "Unaccepted clinic"}
    b1 = next(record for record in projects["records"] if record["title_en"] == "Reading in two provinces")
    assert b1["province_codes"] == "LA06;LA01" and b1["district_codes"] == contributions.la06.code
    sheet = load_workbook(io.BytesIO(files["project-places.xlsx"])).active
    assert sheet.cell(1, 2).value == "province_code"
    provinces = json.loads(files["provinces.geojson"])
    assert provinces["type"] == "FeatureCollection" and len(provinces["features"]) == 18
    savannakhet = next(f for f in provinces["features"] if f["properties"]["code"] == "LA13")
    assert savannakhet["properties"]["iso_3166_2"] == "LA-SV"
    assert savannakhet["properties"]["people_reached"] == 250
    districts = json.loads(files["districts.geojson"])
    assert len(districts["features"]) == 148
    assert all(
        f["properties"]["code"].startswith(f["properties"]["province_code"]) for f in districts["features"]
    )
    figures = list(csv.DictReader(io.StringIO(files["figures-provinces.csv"].decode("utf-8-sig"))))
    la13 = next(row for row in figures if row["province_code"] == "LA13" and row["sector_group"] == "all")
    assert la13["projects"] == "1" and la13["women"] == "100"


def test_no_file_holds_what_only_members_or_the_secretariat_may_see(client, contributions, org_a):
    from directory.models import Organization

    assert org_a.contacts_visibility == Visibility.MEMBERS and org_a.staff_visibility == Visibility.MEMBERS
    Organization.objects.filter(pk=contributions.org_c.pk).update(contacts_visibility=Visibility.PUBLIC)
    files = b"\n".join(every_file(client).values()).decode("utf-8", "replace")
    hidden = [
        org_a.phone,  # contacts shared with members only
        org_a.email,
        "Members-only fish ponds",
        "ໜອງປາ ສະເພາະສະມາຊິກ",
        "Secretariat-only scholarships",
        "Project of a suspended member",
        "Suspended Association",
    ]
    for value in hidden:
        assert value and value not in files, value
    organizations = list(
        csv.DictReader(io.StringIO(fetch(client, "organizations", "csv").decode("utf-8-sig")))
    )
    row_a = next(row for row in organizations if row["slug"] == org_a.slug)
    assert row_a["staff_women"] == "" and row_a["phone"] == ""  # 7 women on staff, shared with members only
    row_c = next(row for row in organizations if row["slug"] == contributions.org_c.slug)
    assert row_c["phone"] == "020 9999 0000"  # C shares its contacts with everyone


def test_cells_that_would_be_formulas_are_neutralised(client, contributions):
    from projects.models import Project

    Project.objects.filter(pk=contributions.b1.pk).update(title_en="=cmd|'/c calc'!A1")
    text = fetch(client, "projects", "csv").decode("utf-8-sig")
    assert "'=cmd|'/c calc'!A1" in text


def test_unknown_datasets_and_formats_are_not_found(client, db):
    assert client.get(reverse("reports:open-data-file", args=["secrets", "csv"])).status_code == 404
    assert client.get(reverse("reports:open-data-file", args=["projects", "geojson"])).status_code == 404
    assert client.get(reverse("reports:open-data-file", args=["provinces", "exe"])).status_code == 404


def test_the_command_makes_every_file(contributions, capsys):
    from django.core.management import call_command

    call_command("build_open_data")
    manifest = opendata.read_manifest()
    assert set(manifest) == {f"{key}.{fmt}" for key, d in opendata.DATASETS.items() for fmt in d.formats}
