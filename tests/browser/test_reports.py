"""Dashboards in a real browser: the map of 18 provinces, a province's districts, and the national report
downloaded in Lao and English."""

from decimal import Decimal

import pytest

from projects.tests.conftest import ROUND_2025

pytestmark = pytest.mark.browser


def accepted_round():
    """A round with the accepted reports of the two test organizations (through the services)."""
    from accounts.models import User
    from conftest import PERSONAS
    from core.models import District
    from directory.models import Organization
    from projects.models import Report
    from projects.services import rates_set, round_open
    from reports.tests.conftest import accept, line, make_project

    secretariat = User.objects.get(email=PERSONAS["secretariat"][0])
    org_a, org_b = Organization.objects.get(acronym="BNCDA"), Organization.objects.get(acronym="FCE")
    district = District.objects.filter(province__code="LA13").order_by("code").first()
    a1 = make_project(
        org_a,
        title_en="Clean water for Ban Na",
        title_lo="ນ້ຳສະອາດ ບ້ານນາ",
        group="FARD",
        places=[("LA13", district.code)],
        targets=["6.1"],
    )
    b1 = make_project(
        org_b,
        title_en="Reading in two provinces",
        title_lo="ການອ່ານ ສອງແຂວງ",
        group="EDSP",
        places=[("LA06", None), ("LA13", None)],
        targets=["4.1"],
    )
    reporting_round = round_open(
        data=dict(ROUND_2025),
        by=secretariat,
    )
    rates_set(reporting_round=reporting_round, rates={"USD": Decimal("21500")}, by=secretariat)
    reports = {
        r.organization_id: r for r in Report.objects.filter(round=reporting_round).select_related("round")
    }
    accept(
        reports[org_a.pk],
        {a1.pk: line((100, 80, 40, 30), (5, 4, 2, 1), "10000", "USD")},
        by=secretariat,
        author=User.objects.get(email=PERSONAS["editor_a"][0]),
    )
    accept(
        reports[org_b.pk],
        {b1.pk: line((201, 101, 51, 31), (7, 0, 0, 0), "100000000", "LAK")},
        by=secretariat,
        author=User.objects.get(email=PERSONAS["editor_b"][0]),
    )
    return reporting_round, district


def test_the_dashboard_maps_18_provinces_and_opens_a_province_and_the_report_downloads_in_both_languages(
    page,
):
    from core.models import District

    reporting_round, district = accepted_round()
    page.goto(f"{page.base_url}/en/dashboards/?round={reporting_round.pk}")
    areas = page.locator("svg.map-svg a")
    assert areas.count() == 18
    assert page.locator("svg.map-svg a > title").count() == 18
    assert (
        page.locator('svg.map-svg a[data-code="LA13"] > title').text_content() == "Savannakhet — Projects: 2"
    )
    assert page.get_by_role("table", name="Contributions by province").is_visible()

    page.locator('svg.map-svg a[data-code="LA13"]').click()
    page.wait_for_url("**/en/dashboards/provinces/LA13/**")
    assert page.locator("h1").inner_text() == "Savannakhet"
    assert (
        page.locator("svg.map-svg g[data-code]").count()
        == District.objects.filter(province__code="LA13").count()
    )
    title = page.locator(f'svg.map-svg g[data-code="{district.code}"] > title').text_content()
    assert title == f"{district.name_en} — Projects: 1"
    assert page.get_by_role("table", name="Contributions by district").is_visible()

    for language in ("lo", "en"):
        page.goto(f"{page.base_url}/{language}/dashboards/national-report/")
        link = page.locator(f'a[href$="/{reporting_round.pk}/{language}.pdf"]')
        with page.expect_download(timeout=60_000) as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename.endswith(f"-{language}.pdf")
        with open(download.path(), "rb") as handle:
            assert handle.read(5) == b"%PDF-"
    assert page.errors == []
