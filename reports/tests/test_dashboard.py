"""The dashboard pages: a map of 18 provinces drawn on the server, a table and a CSV beside every chart,
province drill-down, clear answers to bad filters, and nothing hidden shown to the wrong people."""

import csv
import io
import re

import pytest
from django.urls import reverse

from core.models import District

pytestmark = pytest.mark.django_db

URL = "/en/dashboards/"


def map_areas(html: str) -> list[tuple[str, str, str]]:
    """(href, data-code, title) of each linked area of the map."""
    return re.findall(r'<a href="([^"]+)" data-code="(LA\d+)"><title>([^<]+)</title><path', html)


def test_it_draws_the_18_provinces_with_a_title_and_a_link_each_and_no_script_or_style(client, contributions):
    response = client.get(URL, {"round": contributions.round.pk})
    assert response.status_code == 200
    html = response.content.decode()
    areas = map_areas(html)
    assert len(areas) == 18
    assert len({code for _href, code, _title in areas}) == 18
    savannakhet = next(area for area in areas if area[1] == "LA13")
    assert savannakhet[0].startswith(reverse("reports:province", args=["LA13"]))
    assert savannakhet[2] == "Savannakhet — Projects: 1"
    assert " style=" not in html and "<script>" not in html and "<style" not in html
    assert 'id="table-provinces"' in html and reverse("reports:table-csv", args=["summary"]) in html
    # The other pages of the dashboard: a chart and a data table beside it, and its download.
    for url_name, tables in [
        ("reports:sectors", ["sectors", "matrix"]),
        ("reports:goals", ["goals", "outcomes"]),
        ("reports:people", ["people"]),
        ("reports:trends", ["trends"]),
    ]:
        html = client.get(reverse(url_name), {"round": contributions.round.pk}).content.decode()
        assert '<svg class="chart-svg"' in html, url_name
        assert " style=" not in html and "<script>" not in html and "<style" not in html
        for table in tables:
            assert f'id="table-{table}"' in html, table
            assert reverse("reports:table-csv", args=[table]) in html


def test_it_shows_the_public_figures_to_everyone_and_more_to_the_secretariat(
    client, client_as, contributions, personas
):
    html = client.get(URL, {"round": contributions.round.pk}).content.decode()
    people = '<span class="card-title">{}</span><br>people reached'
    assert people.format(634) in html
    secretariat = client_as(personas.secretariat).get(URL, {"round": contributions.round.pk}).content.decode()
    assert people.format(734) in secretariat
    member = client_as(personas.editor_b).get(URL, {"round": contributions.round.pk}).content.decode()
    assert people.format(694) in member


def test_the_map_can_show_people_reached_and_members(client, contributions):
    html = client.get(URL, {"round": contributions.round.pk, "show": "people"}).content.decode()
    assert ("LA13", "Savannakhet — People reached: 250") in [
        (code, title) for _h, code, title in map_areas(html)
    ]
    html = client.get(URL, {"show": "members"}).content.decode()
    titles = dict((code, title) for _h, code, title in map_areas(html))
    assert titles["LA13"] == "Savannakhet — Member organizations: 1"


@pytest.mark.parametrize(
    "params, name",
    [
        ({"round": "99999"}, "round"),
        ({"round": "abc"}, "round"),
        ({"sector": "NOPE"}, "sector"),
        ({"year": "1999"}, "year"),
        ({"show": "secrets"}, "show"),
    ],
)
def test_it_answers_unknown_filter_values_with_a_page_that_names_them(client, contributions, params, name):
    response = client.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert f"<strong>{name}</strong>" in html
    assert 'href="/en/dashboards/"' in html  # the way back


def test_a_province_shows_its_districts_on_a_map_and_in_a_table(client, contributions):
    response = client.get(reverse("reports:province", args=["LA06"]), {"round": contributions.round.pk})
    assert response.status_code == 200
    html = response.content.decode()
    districts = District.objects.filter(province__code="LA06")
    assert html.count('<g data-code="LA06') == districts.count()
    assert f"<title>{contributions.la06.name_en} — Projects: 1</title>" in html
    assert client.get(reverse("reports:province", args=["LA99"])).status_code == 404
    assert client.get(reverse("reports:province", args=["LA06"]), {"sector": "x"}).status_code == 400


def test_every_table_downloads_as_csv_with_the_same_figures(client, contributions):
    response = client.get(reverse("reports:table-csv", args=["provinces"]), {"round": contributions.round.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    savannakhet = next(row for row in rows if row[1] == "LA13")
    assert savannakhet[header.index("People reached")] == "250"
    response = client.get(
        reverse("reports:table-csv", args=["districts"]),
        {"round": contributions.round.pk, "province": "LA06"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert any(row[1] == contributions.la06.code and row[5] == "190" for row in rows)
    assert (
        client.get(reverse("reports:table-csv", args=["districts"]), {"province": "LA99"}).status_code == 400
    )
    assert client.get(reverse("reports:table-csv", args=["secrets"])).status_code == 404


def test_it_says_so_when_no_report_is_accepted_yet(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No report has been accepted yet" in response.content.decode()
    assert len(map_areas(response.content.decode())) == 18


def test_the_lao_page_draws_the_same_map(client, contributions):
    html = client.get("/lo/dashboards/", {"round": contributions.round.pk}).content.decode()
    areas = map_areas(html)
    assert len(areas) == 18
    assert any("ສະຫວັນນະເຂດ" in title for _h, _c, title in areas)


def test_the_dashboard_checks_each_round_with_accepted_reports_once(contributions):
    from projects.models import Report
    from reports.selectors import rounds_with_accepted_reports

    accepted = Report.objects.filter(status=Report.Status.ACCEPTED)
    assert accepted.count() > accepted.values("round").distinct().count()  # several reports a round
    assert sorted(rounds_with_accepted_reports()) == sorted(set(accepted.values_list("round_id", flat=True)))
