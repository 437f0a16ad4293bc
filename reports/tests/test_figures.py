"""The dashboard figures: only accepted reports, visibility by audience, sharing among places, and
equality with a count made directly from the reports."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Sum

from directory.visibility import ANONYMOUS, viewer_for
from projects.models import Report, ReportProject
from reports.figures import split_ints
from reports.models import FigureRow, RoundSnapshot
from reports.selectors import DashboardFilters, FilterError, dashboard_figures, province_figures
from reports.services import refresh_snapshots

pytestmark = pytest.mark.django_db


def figures_for(user, **filters):
    viewer = ANONYMOUS if user is None else viewer_for(user)
    return dashboard_figures(viewer=viewer, filters=DashboardFilters(**filters))


def direct_people(lines) -> int:
    sums = lines.aggregate(**{name: Sum(name) for name in ("women", "men", "girls", "boys")})
    return sum(value or 0 for value in sums.values())


def test_it_shares_whole_units_so_that_the_parts_add_up():
    parts = split_ints((201, 101, 51, 31, 1), 2)
    assert parts == [(101, 51, 26, 16, 1), (100, 50, 25, 15, 0)]
    assert [sum(column) for column in zip(*split_ints((7, 0, 1_000_003), 3), strict=True)] == [
        7,
        0,
        1_000_003,
    ]


def test_it_counts_only_accepted_reports_of_public_projects_of_active_members_for_everyone(contributions):
    figures = figures_for(None, round_id=contributions.round.pk)
    # A1 (250 people) and B1 (384): not the members-only A2, the secretariat's B2, the unaccepted C1 or
    # the suspended member's D1.
    assert figures.totals.people == 250 + 384
    assert figures.totals.projects == 2
    assert figures.totals.disabled == 12 + 7
    assert figures.organization_totals.organizations == 2
    assert figures.totals.spending_lak == Decimal("215000000") + Decimal("100000000")
    assert figures.totals.spending_usd == Decimal("14651.16")
    assert figures.missing_currencies == []  # D1's baht is not the public's business


def test_it_equals_a_direct_count_of_the_accepted_reports_for_each_audience(contributions, personas):
    accepted = ReportProject.objects.filter(
        report__round=contributions.round, report__status=Report.Status.ACCEPTED
    )
    public = accepted.filter(project__visibility="public", report__organization__status="active")
    members = accepted.filter(
        project__visibility__in=["public", "members"], report__organization__status="active"
    )
    for user, lines in [(None, public), (personas.editor_b, members), (personas.secretariat, accepted)]:
        figures = figures_for(user, round_id=contributions.round.pk)
        assert figures.totals.people == direct_people(lines)
        assert figures.totals.projects == lines.count()
        assert figures.totals.women == lines.aggregate(total=Sum("women"))["total"]
        by_sector = {item.code: item.figures.projects for item in figures.by_sector}
        assert by_sector["FARD"] == lines.filter(project__sector_group__code="FARD").count()
        assert by_sector["EDSP"] == lines.filter(project__sector_group__code="EDSP").count()
    secretariat = figures_for(personas.secretariat, round_id=contributions.round.pk)
    assert secretariat.totals.people == 250 + 60 + 384 + 12 + 28
    assert secretariat.missing_currencies == ["THB"]


def test_it_shares_a_project_in_two_provinces_so_that_provinces_add_up_to_the_total(contributions):
    figures = figures_for(None, round_id=contributions.round.pk)
    by_code = {item.code: item.figures for item in figures.by_province}
    assert by_code["LA06"].projects == 1 and by_code["LA01"].projects == 1  # B1 is present in both
    assert (by_code["LA01"].women, by_code["LA06"].women) == (101, 100)
    assert by_code["LA13"].people == 250
    assert sum(f.people for f in by_code.values()) + figures.unplaced.people == figures.totals.people
    assert sum(f.spending_lak for f in by_code.values()) == figures.totals.spending_lak
    assert figures.provinces_covered == 3


def test_it_counts_a_project_under_every_goal_and_outcome_it_contributes_to(contributions):
    figures = figures_for(None, round_id=contributions.round.pk)
    goals = {item.code: item.figures.projects for item in figures.by_goal}
    assert len(goals) == 17
    assert (goals["1"], goals["2"], goals["4"], goals["15"]) == (1, 1, 1, 0)  # 15.2 is the members-only A2's
    assert figures.goals_covered == 3
    outcomes = {item.code: item.figures.people for item in figures.by_outcome}
    assert outcomes["NSEDP9-1"] == 250 and outcomes["NSEDP9-2"] == 384


def test_it_breaks_a_province_down_by_district(contributions):
    figures = province_figures(
        viewer=ANONYMOUS, filters=DashboardFilters(round_id=contributions.round.pk), province_code="LA06"
    )
    districts = {item.code: item.figures for item in figures.by_district}
    assert districts[contributions.la06.code].people == 190  # B1's half of 384 less the remainder to LA01
    assert (
        sum(f.people for f in districts.values()) + figures.undistricted.people
        == figures.province.figures.people
    )
    assert province_figures(viewer=ANONYMOUS, filters=DashboardFilters(), province_code="LA99") is None


def test_it_filters_by_sector_group(contributions, personas):
    figures = figures_for(personas.secretariat, round_id=contributions.round.pk, sector="EDSP")
    assert figures.totals.people == 384 + 12
    assert [item.code for item in figures.by_sector] == ["EDSP"]
    assert figures.matrix == []


def test_it_fills_the_sector_by_province_matrix(contributions):
    figures = figures_for(None, round_id=contributions.round.pk)
    columns = [column.code for column in figures.matrix_columns]
    rows = {row.sector.code: row.cells for row in figures.matrix}
    assert rows["EDSP"][columns.index("LA06")].projects == 1
    assert rows["FARD"][columns.index("LA13")].projects == 1
    assert sum(cell.projects for cells in rows.values() for cell in cells) == 3  # B1 twice, A1 once


def test_it_names_every_unknown_filter_value(contributions):
    with pytest.raises(FilterError) as error:
        DashboardFilters.from_params({"round": "99999", "sector": "NOPE", "year": "1999", "show": "x"})
    assert set(error.value.problems) == {"round", "sector", "year", "show"}
    with pytest.raises(FilterError) as error:
        DashboardFilters.from_params({"round": "1; drop table", "year": "20x5"})
    assert set(error.value.problems) == {"round", "year"}
    filters = DashboardFilters.from_params({"year": "2025", "sector": "FARD"})
    assert (filters.year, filters.sector) == (2025, "FARD")


def test_it_recomputes_a_round_whose_report_is_reopened(contributions, personas, committed):
    from projects.services import report_reopen

    assert figures_for(None, round_id=contributions.round.pk).totals.people == 634
    report = Report.objects.get(round=contributions.round, organization=contributions.org_b)
    with committed():
        report_reopen(report=report, by=personas.secretariat, reason="A figure is wrong.")
    cache.clear()  # readers check a round at most once a minute
    figures = figures_for(None, round_id=contributions.round.pk)
    assert figures.totals.people == 250
    assert figures.organization_totals.organizations == 1


def test_it_adds_up_rounds_of_a_year_and_shows_trends_by_year(contributions):
    figures = figures_for(None, year=2025)
    assert [info.pk for info in figures.rounds] == [contributions.round.pk]
    assert [(year.year, year.figures.people) for year in figures.trends] == [(2025, 634)]


def test_the_command_refreshes_every_round(contributions):
    FigureRow.objects.all().delete()
    RoundSnapshot.objects.all().delete()
    call_command("refresh_dashboards")
    assert RoundSnapshot.objects.filter(round=contributions.round).count() == 3
    assert refresh_snapshots(round=contributions.round, force=False) == 0  # nothing changed since


def test_readers_recompute_a_round_only_when_what_it_counts_has_changed(contributions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from projects.models import Project
    from reports.tests.conftest import make_project

    round_id = contributions.round.pk
    people = figures_for(None, round_id=round_id).totals.people

    def read() -> tuple[int, bool, set]:
        """People reached, whether the round's reported projects were read, when figures were made."""
        cache.clear()  # readers check a round at most once a minute
        with CaptureQueriesContext(connection) as queries:
            figures = figures_for(None, round_id=round_id)
        reported = any("projects_reportproject" in query["sql"] for query in queries)
        made = set(RoundSnapshot.objects.filter(round_id=round_id).values_list("refreshed_at", flat=True))
        return figures.totals.people, reported, made

    unchanged, reported, made = read()
    assert (unchanged, reported) == (people, False)  # nothing changed: not even the check reads them

    # A project outside the round changes: the round's projects are checked once, nothing recomputed.
    make_project(contributions.org_a, title_en="New", title_lo="ໃໝ່", group="FARD", places=[("LA13", None)])
    assert read() == (people, True, made)
    assert read() == (people, False, made)

    # A reported project is made secretariat-only: the public figures drop at the next read.
    Project.objects.filter(pk=contributions.a1.pk).update(visibility="secretariat", updated_at=timezone.now())
    fewer, reported, remade = read()
    assert fewer == people - (100 + 80 + 40 + 30) and reported and remade != made
