"""Dashboard figures through the API: the dashboards' own numbers (reports.selectors), from accepted
reports only, at the caller's visibility; a round without accepted reports is a 422."""

from decimal import Decimal

import pytest

from projects.models import Report
from projects.services import report_accept, report_due_projects, report_save, report_submit

PEOPLE = {"women": 10, "men": 20, "girls": 30, "boys": 40}


@pytest.fixture
def accepted(world, reporting_round, personas, org_a):
    """Organization A's report accepted: its public, members-only and secretariat-only projects,
    each with the same line (100 people, 1,000 kip)."""
    report = Report.objects.get(round=reporting_round, organization=org_a)
    lines = {
        project.pk: {
            **PEOPLE,
            "spending_amount": Decimal("1000"),
            "spending_currency": "LAK",
            "results_en": "Done.",
            "ethnic_groups": [],
        }
        for project in report_due_projects(report)
    }
    data = {
        "staff_women": 1,
        "staff_men": 1,
        "volunteers_women": 0,
        "volunteers_men": 0,
        "spending_amount": Decimal("3000"),
        "spending_currency": "LAK",
    }
    report = report_save(
        report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
    )
    report = report_submit(report=report, by=personas.editor_a)
    report_accept(report=report, by=personas.secretariat)
    return reporting_round


def test_it_counts_what_the_caller_may_see_from_accepted_reports(api, accepted, token_b):
    public = api.get("/dashboard").json()
    assert [entry["id"] for entry in public["rounds"]] == [accepted.pk]
    assert public["audience"] == "public"
    assert public["totals"]["projects"] == 1  # the public project only
    assert public["totals"]["people"] == sum(PEOPLE.values())
    assert Decimal(public["totals"]["spending_lak"]) == Decimal("1000")
    members = api.get("/dashboard", token=token_b).json()
    assert members["audience"] == "members"
    assert members["totals"]["projects"] == 2  # and the members-only one; never the secretariat's
    by_province = {entry["code"]: entry for entry in public["by_province"]}
    assert len(by_province) == 18
    assert by_province["LA13"]["figures"]["projects"] == 1
    assert by_province["LA06"]["figures"]["projects"] == 0
    goals = {entry["code"]: entry["figures"]["projects"] for entry in public["by_sdg_goal"]}
    assert len(goals) == 17 and goals["6"] == 1


def test_it_gives_a_province_by_district(api, accepted):
    answer = api.get("/dashboard/provinces/LA13", {"round": accepted.pk})
    assert answer.status_code == 200
    found = answer.json()
    assert found["province"]["code"] == "LA13"
    assert sum(entry["figures"]["projects"] for entry in found["by_district"]) == 1
    assert api.get("/dashboard/provinces/LA99").status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [({"round": 999999}, "round"), ({"year": 1990}, "year"), ({"sector": "NOPE"}, "sector")],
)
def test_it_refuses_filters_that_name_nothing(api, accepted, params, field):
    response = api.get("/dashboard", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", field]


def test_it_refuses_a_round_with_no_accepted_report(api, reporting_round, world):
    response = api.get("/dashboard", {"round": reporting_round.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "round"]
    assert api.get("/dashboard/options").json()["rounds"] == []
