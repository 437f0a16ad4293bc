"""Rounds: who is asked, progress by status, sector group and province, the overdue list, and totals
in kip and dollars with the round's exchange rates (decimals, never floats)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from directory.models import Organization
from projects import services
from projects.models import ExchangeRate, ReportingRound
from projects.money import add_up
from projects.tests.conftest import filled_report_data

pytestmark = pytest.mark.django_db

ROUND = {
    "title_lo": "ຮອບທົດລອງ",
    "title_en": "Trial round",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
    "deadline": "2026-02-28",
    "reminder_days": "10",
}


def test_it_lets_the_secretariat_open_a_round_for_every_active_member(client_as, personas, org_a, org_b):
    from directory.services import membership_status_set

    membership_status_set(organization=org_b, status="suspended", by=None)
    assert client_as(personas.editor_a).post("/en/projects/rounds/new/", ROUND).status_code == 403
    assert client_as(personas.sector_head).post("/en/projects/rounds/new/", ROUND).status_code == 403
    response = client_as(personas.secretariat).post("/en/projects/rounds/new/", ROUND)
    assert response.status_code == 302
    reporting_round = ReportingRound.objects.get()
    assert list(reporting_round.reports.values_list("organization", flat=True)) == [org_a.pk]
    assert reporting_round.opened_by == personas.secretariat


def test_it_can_limit_a_round_to_some_sector_groups(client_as, personas, org_a, org_b):
    from core.models import SectorGroup

    data = {**ROUND, "sector_groups": [str(SectorGroup.objects.get(code="EDSP").pk)]}
    client_as(personas.secretariat).post("/en/projects/rounds/new/", data)
    assert list(ReportingRound.objects.get().reports.values_list("organization", flat=True)) == [org_b.pk]


def test_it_refuses_a_period_that_ends_before_it_starts(client_as, personas, org_a):
    response = client_as(personas.secretariat).post(
        "/en/projects/rounds/new/", {**ROUND, "period_start": "2025-12-31", "period_end": "2025-01-01"}
    )
    assert response.status_code == 200 and 'id="id_period_end_error"' in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_it_shows_progress_and_the_overdue_list(
    client_as, personas, org_a, org_b, make_project, reporting_round
):
    make_project(org_a)
    report = reporting_round.reports.get(organization=org_a)
    data, lines = filled_report_data(report)
    report = services.report_save(
        report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
    )
    services.report_submit(report=report, by=personas.editor_a)
    reporting_round.deadline = timezone.localdate().replace(year=2020)
    reporting_round.save()
    page = client_as(personas.secretariat).get(f"/en/projects/rounds/{reporting_round.pk}/").content.decode()
    assert "1 of 2 organizations have submitted (50%)" in page
    overdue = page[page.index('id="overdue"') : page.index("Totals of accepted reports")]
    assert org_b.acronym.lower() in overdue and org_a.acronym.lower() not in overdue  # their report links
    sector = page[page.index("Completion by sector group") : page.index("Completion by province")]
    assert "Agriculture" in sector and "Education" in sector
    committee = client_as(personas.committee).get(f"/en/projects/rounds/{reporting_round.pk}/")
    assert committee.status_code == 200
    assert client_as(personas.editor_a).get(f"/en/projects/rounds/{reporting_round.pk}/").status_code == 404
    csv = (
        client_as(personas.secretariat)
        .get(f"/en/projects/rounds/{reporting_round.pk}/progress.csv")
        .content.decode()
    )
    assert org_a.name_en in csv and "Submitted" in csv


def test_it_adds_up_spending_in_kip_and_dollars_with_the_rounds_rates(
    personas, org_a, make_project, reporting_round
):
    services.rates_set(
        reporting_round=reporting_round,
        rates={"USD": Decimal("21500"), "EUR": Decimal("23300.5"), "THB": None},
        by=personas.secretariat,
    )
    rates = {rate.currency: rate.lak_per_unit for rate in ExchangeRate.objects.filter(round=reporting_round)}
    rates["LAK"] = Decimal(1)
    totals = add_up(
        [
            (Decimal("0.10"), "USD"),
            (Decimal("0.20"), "USD"),
            (Decimal("100"), "EUR"),
            (Decimal("5000"), "LAK"),
            (Decimal("30"), "THB"),
            (None, "USD"),
        ],
        rates,
    )
    # 0.30 USD is exactly 6450 kip (a float sum would give 0.30000000000000004).
    assert totals.lak == Decimal("6450") + Decimal("2330050") + Decimal("5000")
    assert totals.usd == (totals.lak / Decimal("21500")).quantize(Decimal("0.01"))
    assert totals.missing_rates == {"THB"} and totals.by_currency["THB"] == Decimal("30")
    assert all(isinstance(value, Decimal) for value in (totals.lak, totals.usd))


def test_it_shows_totals_of_accepted_reports_in_kip_and_dollars(
    client_as, personas, org_a, make_project, reporting_round
):
    make_project(org_a)
    report = reporting_round.reports.get(organization=org_a)
    data, lines = filled_report_data(report, spending_amount=Decimal("1000.50"), spending_currency="EUR")
    report = services.report_save(
        report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
    )
    report = services.report_submit(report=report, by=personas.editor_a)
    services.report_accept(report=report, by=personas.secretariat)
    client = client_as(personas.secretariat)
    response = client.post(
        f"/en/projects/rounds/{reporting_round.pk}/rates/", {"USD": "21,500", "EUR": "໒໓໓໐໐"}
    )
    assert response.status_code == 302
    assert ExchangeRate.objects.get(round=reporting_round, currency="EUR").lak_per_unit == Decimal("23300")
    page = client.get(f"/en/projects/rounds/{reporting_round.pk}/").content.decode()
    assert "23,311,650 LAK" in page  # 1000.50 EUR × 23,300
    assert "1,084 USD" in page  # ÷ 21,500
    assert "120 women, 100 men, 40 girls, 35 boys" in page
    assert (
        client_as(personas.editor_a)
        .post(f"/en/projects/rounds/{reporting_round.pk}/rates/", {"USD": "1"})
        .status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.rates_set(reporting_round=reporting_round, rates={"USD": Decimal(1)}, by=personas.committee)


def test_it_refuses_edits_once_the_round_is_closed(client_as, personas, org_a, project_a, reporting_round):
    services.round_set_status(reporting_round=reporting_round, status="closed", by=personas.secretariat)
    report = reporting_round.reports.get(organization=org_a)
    assert (
        client_as(personas.editor_a)
        .get(f"/en/projects/rounds/{reporting_round.pk}/{org_a.slug}/edit/")
        .status_code
        == 403
    )
    data, lines = filled_report_data(report)
    with pytest.raises(ValidationError):
        services.report_save(
            report=report, data=data, lines=lines, expected_version=report.version, by=personas.editor_a
        )
    report.refresh_from_db()
    assert report.status == "not_started" and not report.lines.exists()


def test_it_adds_a_new_member_to_an_open_round(client_as, personas, org_a, reporting_round):
    from core.models import Province, SectorGroup
    from directory.services import organization_create

    newcomer = organization_create(
        data={
            "name_lo": "ສະມາຄົມໃໝ່",
            "name_en": "New Association",
            "acronym": "NEWA",
            "head_office_province": Province.objects.get(code="LA01"),
            "primary_sector_group": SectorGroup.objects.get(code="PH"),
        },
        m2m={},
        status=Organization.Status.ACTIVE,
        by=None,
    )
    client = client_as(personas.secretariat)
    client.post(f"/en/projects/rounds/{reporting_round.pk}/add/", {"organization": "newa"})
    assert reporting_round.reports.filter(organization=newcomer).exists()
    assert date(2026, 3, 31) == reporting_round.deadline
