"""The dashboard figures: one place that answers "what are the figures for these filters, for this
viewer". The dashboards, the national report, the open data files and the API (`api` app) all read
through here, so they show the same numbers.

Public entry points (plain dataclasses, no model instances in the figures):

- `DashboardFilters.from_params(params)` → filters, or `FilterError` naming each bad parameter;
  `DashboardFilters.build(round_id=, year=, sector=)` for typed callers such as the API.
- `dashboard_figures(viewer=, filters=)` → `DashboardFigures` (totals, by sector group, by province,
  by SDG goal, by plan outcome, by ethnic group, sector × province, people, trends by year).
- `province_figures(viewer=, filters=, province_code=)` → `ProvinceFigures` (by district).
- `filter_options()` → the rounds, years and sector groups a filter may take.

Figures come from the precomputed snapshots (reports.models), refreshed when a round's data changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import DatabaseError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.models import District, EthnicGroup, PlanOutcome, Province, SdgGoal, SectorGroup, in_viewer_language
from directory.models import Organization
from directory.visibility import Viewer
from projects.models import Report, ReportingRound
from reports.figures import UNKNOWN_PLACE
from reports.models import Dimension, FigureRow, RoundSnapshot

METRICS = {
    "projects": _("Projects"),
    "people": _("People reached"),
    "spending": _("Spending (kip)"),
    "organizations": _("Reporting organizations"),
    "members": _("Member organizations"),
}
DEFAULT_METRIC = "projects"
PEOPLE_FIELDS = ("women", "men", "girls", "boys")
COUNT_FIELDS = (*PEOPLE_FIELDS, *(f"disabled_{name}" for name in PEOPLE_FIELDS))
CENT = Decimal("0.01")
MEMBERS_TIMEOUT = 10 * 60


class FilterError(Exception):
    """Filter values that name nothing: {parameter: message}."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(problems)
        self.problems = problems


@dataclass
class Figures:
    """Figures from accepted reports. Spending in kip; in US dollars when every round has a rate."""

    organizations: int = 0
    projects: int = 0
    women: int = 0
    men: int = 0
    girls: int = 0
    boys: int = 0
    disabled_women: int = 0
    disabled_men: int = 0
    disabled_girls: int = 0
    disabled_boys: int = 0
    spending_lak: Decimal = Decimal(0)
    spending_usd: Decimal | None = Decimal(0)

    @property
    def people(self) -> int:
        return self.women + self.men + self.girls + self.boys

    @property
    def adults(self) -> int:
        return self.women + self.men

    @property
    def children(self) -> int:
        return self.girls + self.boys

    @property
    def disabled(self) -> int:
        return self.disabled_women + self.disabled_men + self.disabled_girls + self.disabled_boys

    @property
    def female(self) -> int:
        return self.women + self.girls

    @property
    def male(self) -> int:
        return self.men + self.boys

    def add_row(self, row: FigureRow, usd_rate: Decimal | None) -> None:
        self.organizations += row.organizations
        self.projects += row.projects
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(row, name))
        self.spending_lak += row.spending_lak
        if usd_rate is None or self.spending_usd is None:
            self.spending_usd = None
        else:
            self.spending_usd += (row.spending_lak / usd_rate).quantize(CENT, rounding=ROUND_HALF_UP)

    def value(self, metric: str) -> Decimal | int:
        if metric == "people":
            return self.people
        if metric == "spending":
            return self.spending_lak
        if metric == "organizations":
            return self.organizations
        return self.projects


@dataclass
class Item:
    """One row of a breakdown: a province, a sector group, an SDG goal…"""

    code: str
    name_lo: str
    name_en: str
    figures: Figures = field(default_factory=Figures)
    members: int | None = None  # member organizations (today), for places and sector groups

    @property
    def name(self) -> str:
        return in_viewer_language(self.name_lo, self.name_en)

    def value(self, metric: str):
        if metric == "members":
            return self.members or 0
        return self.figures.value(metric)


@dataclass
class OrganizationTotals:
    """Figures the reporting organizations give about themselves (staff only where they share it)."""

    organizations: int = 0
    staff_women: int = 0
    staff_men: int = 0
    volunteers_women: int = 0
    volunteers_men: int = 0
    staff_organizations: int = 0

    @property
    def staff(self) -> int:
        return self.staff_women + self.staff_men

    @property
    def volunteers(self) -> int:
        return self.volunteers_women + self.volunteers_men


@dataclass
class MatrixRow:
    sector: Item
    cells: list[Figures]


@dataclass
class YearFigures:
    year: int
    rounds: list[str]
    figures: Figures


@dataclass
class RoundInfo:
    pk: int
    title_lo: str
    title_en: str
    period_start: object
    period_end: object
    is_open: bool

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)


@dataclass(frozen=True)
class DashboardFilters:
    """Which rounds and which sector group the figures cover. `round_id` wins over `year`; with
    neither, the latest round that has accepted reports."""

    round_id: int | None = None
    year: int | None = None
    sector: str = ""
    metric: str = DEFAULT_METRIC

    @classmethod
    def from_params(cls, params) -> DashboardFilters:
        """From a query string; each bad or unknown value is named in a FilterError."""
        problems: dict[str, str] = {}
        raw_round = (params.get("round") or "").strip()
        raw_year = (params.get("year") or "").strip()
        raw_sector = (params.get("sector") or "").strip()
        raw_metric = (params.get("show") or "").strip()
        round_id = year = None
        if raw_round:
            if raw_round.isdigit() and len(raw_round) < 10:
                round_id = int(raw_round)
            else:
                problems["round"] = str(_("A reporting round is chosen by its number."))
        if raw_year:
            if raw_year.isdigit() and len(raw_year) == 4:
                year = int(raw_year)
            else:
                problems["year"] = str(_("A year has four digits, e.g. 2025."))
        if raw_metric and raw_metric not in METRICS:
            problems["show"] = str(_("The map can show: %(names)s.") % {"names": ", ".join(METRICS)})
        try:
            filters = cls.build(
                round_id=round_id, year=year, sector=raw_sector, metric=raw_metric or DEFAULT_METRIC
            )
        except FilterError as error:
            problems = {**error.problems, **problems}
        if problems:
            raise FilterError(problems)
        return filters

    @classmethod
    def build(
        cls,
        *,
        round_id: int | None = None,
        year: int | None = None,
        sector: str = "",
        metric: str = DEFAULT_METRIC,
    ) -> DashboardFilters:
        """Typed filters, checked against the database: an unknown round, a year without rounds or an
        unknown sector group code raise FilterError."""
        problems: dict[str, str] = {}
        options = filter_options()
        if round_id is not None and round_id not in {info.pk for info in options.rounds}:
            problems["round"] = str(
                _("There is no reporting round number %(number)s.") % {"number": round_id}
            )
        if year is not None and year not in options.years:
            years = ", ".join(str(value) for value in options.years) or "—"
            problems["year"] = str(
                _("No reporting round ended in %(year)s. Years with rounds: %(years)s.")
                % {"year": year, "years": years}
            )
        if sector and sector not in {item.code for item in options.sectors}:
            problems["sector"] = str(
                _("There is no sector group with the code %(code)s.") % {"code": sector[:20]}
            )
        if metric not in METRICS:
            problems["show"] = str(_("The map can show: %(names)s.") % {"names": ", ".join(METRICS)})
        if problems:
            raise FilterError(problems)
        return cls(round_id=round_id, year=year, sector=sector, metric=metric)

    def params(self, **changes) -> dict[str, str]:
        """The query parameters of these filters (with changes), leaving out defaults."""
        values = {
            "round": self.round_id,
            "year": self.year,
            "sector": self.sector,
            "show": "" if self.metric == DEFAULT_METRIC else self.metric,
        }
        values.update(changes)
        return {key: str(value) for key, value in values.items() if value not in (None, "")}


@dataclass
class FilterOptions:
    rounds: list[RoundInfo]
    years: list[int]
    sectors: list[Item]


def filter_options() -> FilterOptions:
    """Rounds that have at least one accepted report (newest first), their years, the sector groups."""
    with_reports = Report.objects.filter(status=Report.Status.ACCEPTED).values("round_id")
    rounds = [
        RoundInfo(
            r.pk, r.title_lo, r.title_en, r.period_start, r.period_end, r.status == ReportingRound.Status.OPEN
        )
        for r in ReportingRound.objects.filter(pk__in=with_reports).order_by("-period_end", "-pk")
    ]
    years = sorted({info.period_end.year for info in rounds}, reverse=True)
    sectors = [Item(group.code, group.name_lo, group.name_en) for group in SectorGroup.objects.all()]
    return FilterOptions(rounds, years, sectors)


@dataclass
class DashboardFigures:
    filters: DashboardFilters
    audience: str
    options: FilterOptions
    rounds: list[RoundInfo]
    refreshed_at: object | None
    totals: Figures
    organization_totals: OrganizationTotals
    members: int
    by_sector: list[Item]
    by_province: list[Item]
    unplaced: Figures  # projects without a place
    by_goal: list[Item]
    by_outcome: list[Item]
    by_ethnic: list[Item]
    matrix_columns: list[Item]
    matrix: list[MatrixRow]
    trends: list[YearFigures]
    missing_currencies: list[str]
    usd_rates: list[Decimal]

    @property
    def has_figures(self) -> bool:
        return bool(self.rounds) and self.totals.projects > 0

    @property
    def provinces_covered(self) -> int:
        return sum(1 for item in self.by_province if item.figures.projects)

    @property
    def goals_covered(self) -> int:
        return sum(1 for item in self.by_goal if item.figures.projects)

    @property
    def outcomes_covered(self) -> int:
        return sum(1 for item in self.by_outcome if item.figures.projects)

    @property
    def sector(self) -> Item | None:
        return next((item for item in self.options.sectors if item.code == self.filters.sector), None)

    @property
    def title(self) -> str:
        if len(self.rounds) == 1:
            return self.rounds[0].title
        if self.filters.year:
            return str(self.filters.year)
        return ""


def chosen_rounds(filters: DashboardFilters, options: FilterOptions) -> list[RoundInfo]:
    if filters.round_id is not None:
        return [info for info in options.rounds if info.pk == filters.round_id]
    if filters.year is not None:
        return [info for info in options.rounds if info.period_end.year == filters.year]
    return options.rounds[:1]


def rounds_with_accepted_reports() -> list[int]:
    # order_by() first: with the model's ordering, DISTINCT would run over (round, report) pairs and
    # give a round once per accepted report.
    return list(
        Report.objects.filter(status=Report.Status.ACCEPTED)
        .order_by()
        .values_list("round_id", flat=True)
        .distinct()
    )


def refresh_if_needed() -> None:
    """Recompute the figures of rounds whose data changed (checked at most once a minute per round)."""
    _ensure_current(rounds_with_accepted_reports())


def _ensure_current(round_ids: list[int]) -> None:
    from reports.services import ensure_current

    try:
        ensure_current(round_ids)
    except DatabaseError:  # a refresh that cannot write (read-only database) shows the last figures
        import logging

        logging.getLogger("laocso").warning("Dashboard figures could not be refreshed", exc_info=True)


def _sum_rows(rows, rates: dict[int, Decimal | None]) -> dict[tuple[str, str], Figures]:
    figures: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for row in rows:
        figures[(row.dimension, row.key)].add_row(row, rates[row.snapshot_id])
    return figures


def members_by(field_name: str, *, sector: str = "", **conditions) -> dict[str, int]:
    """Member organizations (active, as listed in the directory) counted by a place code. Counting a
    hundred thousand organizations takes tens of milliseconds, so the counts are kept in the cache
    until the directory changes (its page-cache generation) or for ten minutes."""
    from django.core.cache import cache

    from core.cache import page_cache_generation

    parts = [
        field_name,
        sector,
        *(f"{key}={getattr(value, 'pk', value)}" for key, value in sorted(conditions.items())),
    ]
    key = f"reports:members:{page_cache_generation('directory')}:" + ":".join(parts)
    counts = cache.get(key)
    if counts is None:
        members = Organization.objects.listed().filter(**conditions)
        if sector:
            members = members.filter(primary_sector_group__code=sector)
        counts = dict(members.values_list(field_name).annotate(n=Count("pk")).order_by())
        cache.set(key, counts, MEMBERS_TIMEOUT)
    return counts


def dashboard_figures(*, viewer: Viewer, filters: DashboardFilters) -> DashboardFigures:
    """The figures the dashboard shows to this viewer (their clearance decides which projects count)."""
    options = filter_options()
    rounds = chosen_rounds(filters, options)
    audience = viewer.clearance
    _ensure_current([info.pk for info in options.rounds])
    snapshots = {
        snapshot.pk: snapshot
        for snapshot in RoundSnapshot.objects.filter(
            round_id__in=[info.pk for info in options.rounds], audience=audience
        )
    }
    chosen = {info.pk for info in rounds}
    chosen_snapshots = [s for s in snapshots.values() if s.round_id in chosen]
    rates = {pk: snapshot.usd_rate for pk, snapshot in snapshots.items()}
    rows = FigureRow.objects.filter(
        snapshot__in=[s.pk for s in chosen_snapshots], sector=filters.sector
    ).exclude(dimension=Dimension.DISTRICT)
    if filters.sector:
        rows = rows.exclude(dimension__in=[Dimension.MATRIX, Dimension.SECTOR])
    summed = _sum_rows(rows, rates)
    if filters.sector:  # the sector breakdown under a sector filter is that sector alone
        sector_rows = FigureRow.objects.filter(
            snapshot__in=[s.pk for s in chosen_snapshots],
            sector="",
            dimension=Dimension.SECTOR,
            key=filters.sector,
        )
        for key, figures in _sum_rows(sector_rows, rates).items():
            summed[key] = figures

    def item(dimension: str, code: str, name_lo: str, name_en: str, members: int | None = None) -> Item:
        return Item(code, name_lo, name_en, summed.get((dimension, code)) or Figures(), members)

    members_province = members_by("head_office_province__code", sector=filters.sector)
    members_sector = members_by("primary_sector_group__code")
    provinces = list(Province.objects.all())
    by_province = [
        item(Dimension.PROVINCE, p.code, p.name_lo, p.name_en, members_province.get(p.code, 0))
        for p in provinces
    ]
    sectors = [
        item(Dimension.SECTOR, s.code, s.name_lo, s.name_en, members_sector.get(s.code, 0))
        for s in options.sectors
        if not filters.sector or s.code == filters.sector
    ]
    goals = [
        item(
            Dimension.GOAL,
            str(goal.number),
            f"{goal.number}. {goal.short_title_lo or goal.short_title_en}",
            f"{goal.number}. {goal.short_title_en}",
        )
        for goal in SdgGoal.objects.all()
    ]
    years = [info.period_end.year for info in rounds] or [0]
    outcomes = []
    for outcome in PlanOutcome.objects.select_related("framework"):
        code = f"{outcome.framework.code}-{outcome.number}"
        in_period = outcome.framework.starts_year <= max(years) and outcome.framework.ends_year >= min(years)
        if in_period or (Dimension.OUTCOME, code) in summed:
            outcomes.append(
                item(
                    Dimension.OUTCOME,
                    code,
                    f"{outcome.number}. {outcome.title_lo or outcome.title_en}",
                    f"{outcome.number}. {outcome.title_en}",
                )
            )
    ethnic_names = {str(group.number): group for group in EthnicGroup.objects.all()}
    by_ethnic = sorted(
        (
            item(Dimension.ETHNIC, key, ethnic_names[key].name_lo, ethnic_names[key].name_en)
            for dimension, key in summed
            if dimension == Dimension.ETHNIC and key in ethnic_names
        ),
        key=lambda entry: (-entry.figures.projects, int(entry.code)),
    )
    matrix_columns = [Item(p.code, p.name_lo, p.name_en) for p in provinces]
    matrix = []
    if not filters.sector:
        for sector in sectors:
            cells = [
                summed.get((Dimension.MATRIX, f"{sector.code}:{p.code}")) or Figures() for p in provinces
            ]
            matrix.append(MatrixRow(sector, cells))
    organization_totals = OrganizationTotals()
    for snapshot in chosen_snapshots:
        for name in vars(organization_totals):
            setattr(organization_totals, name, getattr(organization_totals, name) + getattr(snapshot, name))
    if filters.sector:  # the organizations' own figures are not by sector group
        organization_totals = OrganizationTotals(
            organizations=(summed.get((Dimension.TOTAL, "")) or Figures()).organizations
        )
    missing = sorted({code for s in chosen_snapshots for code in s.missing_currencies.split(",") if code})
    return DashboardFigures(
        filters=filters,
        audience=audience,
        options=options,
        rounds=rounds,
        refreshed_at=min((s.refreshed_at for s in chosen_snapshots), default=None),
        totals=summed.get((Dimension.TOTAL, "")) or Figures(),
        organization_totals=organization_totals,
        members=sum(members_province.values()),
        by_sector=sectors,
        by_province=by_province,
        unplaced=summed.get((Dimension.PROVINCE, UNKNOWN_PLACE)) or Figures(),
        by_goal=goals,
        by_outcome=outcomes,
        by_ethnic=by_ethnic,
        matrix_columns=matrix_columns,
        matrix=matrix,
        trends=trends(snapshots, options, filters.sector),
        missing_currencies=missing,
        usd_rates=[s.usd_rate for s in chosen_snapshots if s.usd_rate],
    )


def trends(snapshots: dict[int, RoundSnapshot], options: FilterOptions, sector: str) -> list[YearFigures]:
    """Totals by the year each round ended, oldest first, over every round with accepted reports."""
    by_round = {info.pk: info for info in options.rounds}
    rows = FigureRow.objects.filter(snapshot__in=list(snapshots), sector=sector, dimension=Dimension.TOTAL)
    years: dict[int, YearFigures] = {}
    for row in rows:
        info = by_round[snapshots[row.snapshot_id].round_id]
        entry = years.setdefault(info.period_end.year, YearFigures(info.period_end.year, [], Figures()))
        entry.rounds.append(info.title)
        entry.figures.add_row(row, snapshots[row.snapshot_id].usd_rate)
    return [years[year] for year in sorted(years)]


@dataclass
class ProvinceFigures:
    province: Item
    dashboard: DashboardFigures
    by_district: list[Item]
    undistricted: Figures  # projects placed in the province without a district


def district_items(
    dashboard: DashboardFigures, *, province: Province | None = None
) -> tuple[list[Item], dict[str, Figures]]:
    """The districts (of one province, or of all) with the figures of the dashboard's rounds, audience
    and sector filter; and, by province code, the figures of projects placed without a district."""
    chosen = {info.pk for info in dashboard.rounds}
    snapshots = {
        s.pk: s for s in RoundSnapshot.objects.filter(round_id__in=chosen, audience=dashboard.audience)
    }
    rows = FigureRow.objects.filter(
        snapshot__in=list(snapshots), sector=dashboard.filters.sector, dimension=Dimension.DISTRICT
    )
    districts = District.objects.select_related("province")
    if province is not None:
        rows = rows.filter(key__startswith=province.code)
        districts = districts.filter(province=province)
    summed = _sum_rows(rows, {pk: s.usd_rate for pk, s in snapshots.items()})
    conditions = {"head_office_province": province} if province is not None else {}
    members = members_by("head_office_district__code", sector=dashboard.filters.sector, **conditions)
    items = [
        Item(
            d.code,
            d.name_lo,
            d.name_en,
            summed.get((Dimension.DISTRICT, d.code)) or Figures(),
            members.get(d.code, 0),
        )
        for d in districts
    ]
    unknown = {
        key[:-1]: figures
        for (dimension, key), figures in summed.items()
        if dimension == Dimension.DISTRICT and key.endswith(":")
    }
    return items, unknown


def province_figures(
    *, viewer: Viewer, filters: DashboardFilters, province_code: str
) -> ProvinceFigures | None:
    """The figures of one province by district; None for an unknown province code."""
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        return None
    dashboard = dashboard_figures(viewer=viewer, filters=filters)
    districts, unknown = district_items(dashboard, province=province)
    own = next(entry for entry in dashboard.by_province if entry.code == province.code)
    return ProvinceFigures(
        province=own,
        dashboard=dashboard,
        by_district=districts,
        undistricted=unknown.get(province.code) or Figures(),
    )
