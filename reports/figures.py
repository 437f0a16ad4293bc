"""Computing the figures of a reporting round from its accepted reports, for each audience.

Rules (stated on the dashboards and in the national report):
- only lines of ACCEPTED reports count;
- a line counts for an audience when its project is shared at that audience's level and, below the
  secretariat, its organization is an active member (the rule of `Project.objects.visible_to`);
- a project in several provinces is present in each (it counts as a project of each), and its people
  reached and spending are shared equally among them, so that provinces add up to the national total;
  likewise among the districts of a province;
- SDG goals and plan outcomes are not shared: a project counts fully under each goal and outcome it
  contributes to, so those rows do not add up to the total;
- spending is converted to kip with the round's exchange rates; amounts in a currency without a rate
  are left out and named.

The computation reads everything in a handful of queries and adds up in Python: lines are grouped
by the narrowest audience that sees them, then the wider audiences' figures are unions of the groups.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q

from directory.models import Organization, Visibility
from projects.models import (
    Currency,
    ExchangeRate,
    Project,
    ProjectLocation,
    Report,
    ReportingRound,
    ReportProject,
)
from reports.models import AUDIENCES, Dimension

PEOPLE = ("women", "men", "girls", "boys")
DISABLED = tuple(f"disabled_{group}" for group in PEOPLE)
COUNTS = PEOPLE + DISABLED  # the 8 people figures, in this order everywhere
ZERO = (0,) * len(COUNTS)
UNKNOWN_PLACE = ""  # key of the province row for projects without a place


def district_key_unknown(province: str) -> str:
    """The district row of a province for projects placed in the province without a district."""
    return f"{province}:"


def split_ints(values: tuple[int, ...], parts: int) -> list[tuple[int, ...]]:
    """Share each value among `parts` equally, in whole units; the first parts take the remainder,
    so that the parts add up exactly."""
    shares = [[0] * len(values) for _ in range(parts)]
    for index, value in enumerate(values):
        base, extra = divmod(value, parts)
        for part in range(parts):
            shares[part][index] = base + (1 if part < extra else 0)
    return [tuple(share) for share in shares]


def level_of(visibility: str, organization_active: bool) -> int:
    """The index in AUDIENCES of the narrowest audience that sees a line."""
    level = AUDIENCES.index(visibility) if visibility in AUDIENCES else len(AUDIENCES) - 1
    if not organization_active:
        level = len(AUDIENCES) - 1
    return level


@dataclass
class Place:
    province: str
    counts: tuple[int, ...]
    cents: int
    districts: list[tuple[str, tuple[int, ...], int]]


@dataclass
class Line:
    project: int
    organization: int
    sector: str
    counts: tuple[int, ...]
    cents: int
    places: list[Place] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    ethnic: list[str] = field(default_factory=list)
    missing_rate: str = ""  # the currency of the spending, when it had no exchange rate


class Tally:
    """Running figures of one row: distinct organizations and projects, people and kip cents."""

    __slots__ = ("cents", "counts", "organizations", "projects")

    def __init__(self):
        self.organizations: set[int] = set()
        self.projects: set[int] = set()
        self.counts = [0] * len(COUNTS)
        self.cents = 0

    def add(self, line: Line, counts: tuple[int, ...], cents: int) -> None:
        # Unrolled: this runs a few hundred thousand times for a big round.
        self.organizations.add(line.organization)
        self.projects.add(line.project)
        tally = self.counts
        tally[0] += counts[0]
        tally[1] += counts[1]
        tally[2] += counts[2]
        tally[3] += counts[3]
        tally[4] += counts[4]
        tally[5] += counts[5]
        tally[6] += counts[6]
        tally[7] += counts[7]
        self.cents += cents

    def merge(self, other: Tally) -> None:
        self.organizations |= other.organizations
        self.projects |= other.projects
        for index, value in enumerate(other.counts):
            self.counts[index] += value
        self.cents += other.cents


RowKey = tuple[str, str, str]  # (sector filter, dimension, key)


def tally_lines(lines: list[Line]) -> dict[RowKey, Tally]:
    rows: dict[RowKey, Tally] = defaultdict(Tally)
    # Plain strings as keys: hashing them is cheaper than the enum members, a few hundred thousand times.
    total, sector_dim, province = Dimension.TOTAL.value, Dimension.SECTOR.value, Dimension.PROVINCE.value
    matrix, district, goal = Dimension.MATRIX.value, Dimension.DISTRICT.value, Dimension.GOAL.value
    outcome, ethnic = Dimension.OUTCOME.value, Dimension.ETHNIC.value
    for line in lines:
        counts, cents = line.counts, line.cents
        rows[("", sector_dim, line.sector)].add(line, counts, cents)
        for place in line.places:
            rows[("", matrix, f"{line.sector}:{place.province}")].add(line, place.counts, place.cents)
        for sector in ("", line.sector):
            rows[(sector, total, "")].add(line, counts, cents)
            for place in line.places:
                rows[(sector, province, place.province)].add(line, place.counts, place.cents)
                for code, district_counts, district_cents in place.districts:
                    rows[(sector, district, code)].add(line, district_counts, district_cents)
            for code in line.goals:
                rows[(sector, goal, code)].add(line, counts, cents)
            for code in line.outcomes:
                rows[(sector, outcome, code)].add(line, counts, cents)
            for code in line.ethnic:
                rows[(sector, ethnic, code)].add(line, counts, cents)
    return rows


@dataclass
class OrganizationFigures:
    organizations: int = 0
    staff_women: int = 0
    staff_men: int = 0
    volunteers_women: int = 0
    volunteers_men: int = 0
    staff_organizations: int = 0


@dataclass
class RoundFigures:
    """What a refresh stores for one audience."""

    audience: str
    rows: dict[RowKey, Tally]
    organizations: OrganizationFigures
    missing_currencies: list[str]


@dataclass
class Computed:
    fingerprint: str
    usd_rate: Decimal | None
    audiences: list[RoundFigures]


def change_stamp(round_id: int) -> str:
    """What a round's figures may depend on, read cheaply: the round's own reports, rates and row,
    and when any project or organization last changed (one index entry each). While it stays the
    same the round's fingerprint cannot have changed; when it moves, round_fingerprint tells whether
    the change concerns the round (it reads every reported project: 80 ms for 20,000)."""
    reports = Report.objects.filter(round_id=round_id).aggregate(
        accepted=Count("pk", filter=Q(status=Report.Status.ACCEPTED)), changed=Max("updated_at")
    )
    latest = (
        Project.objects.aggregate(changed=Max("updated_at")),
        Organization.objects.aggregate(changed=Max("updated_at")),
    )
    rates = sorted(ExchangeRate.objects.filter(round_id=round_id).values_list("currency", "lak_per_unit"))
    changed = ReportingRound.objects.filter(pk=round_id).values_list("updated_at", flat=True).first()
    return hashlib.sha256(repr((reports, latest, rates, changed)).encode()).hexdigest()[:40]


def round_fingerprint(round_id: int) -> str:
    """A digest of everything the figures of a round depend on; it changes when a report is accepted
    or reopened, a reported project or reporting organization changes, or a rate is set."""
    accepted = Report.objects.filter(round_id=round_id, status=Report.Status.ACCEPTED)
    reports = Report.objects.filter(round_id=round_id).aggregate(
        accepted=Count("pk", filter=Q(status=Report.Status.ACCEPTED)), changed=Max("updated_at")
    )
    projects = Project.objects.filter(
        pk__in=ReportProject.objects.filter(report__in=accepted).values("project_id")
    ).aggregate(changed=Max("updated_at"), count=Count("pk"))
    organizations = Organization.objects.filter(pk__in=accepted.values("organization_id")).aggregate(
        changed=Max("updated_at")
    )
    rates = sorted(ExchangeRate.objects.filter(round_id=round_id).values_list("currency", "lak_per_unit"))
    changed = ReportingRound.objects.filter(pk=round_id).values_list("updated_at", flat=True).first()
    text = repr((reports, projects, organizations, rates, changed))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def load_lines(round_id: int, rates: dict[str, Decimal]) -> list[tuple[int, Line]]:
    """Every line of the round's accepted reports, with the narrowest audience that sees it."""
    accepted_lines = ReportProject.objects.filter(
        report__round_id=round_id, report__status=Report.Status.ACCEPTED
    )
    project_ids = accepted_lines.values("project_id")
    places: dict[int, dict[str, set[str]]] = defaultdict(dict)
    for project_id, province, district in ProjectLocation.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "province__code", "district__code"):
        districts = places[project_id].setdefault(province, set())
        if district:
            districts.add(district)
    goals: dict[int, set[str]] = defaultdict(set)
    for project_id, number in Project.sdg_targets.through.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "sdgtarget__goal__number"):
        goals[project_id].add(str(number))
    outcomes: dict[int, set[str]] = defaultdict(set)
    for project_id, framework, number in Project.plan_outcomes.through.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "planoutcome__framework__code", "planoutcome__number"):
        outcomes[project_id].add(f"{framework}-{number}")
    ethnic: dict[int, set[str]] = defaultdict(set)
    for line_id, number in ReportProject.ethnic_groups.through.objects.filter(
        reportproject__in=accepted_lines
    ).values_list("reportproject_id", "ethnicgroup__number"):
        ethnic[line_id].add(str(number))

    result = []
    rows = accepted_lines.values_list(
        "pk",
        "project_id",
        "report__organization_id",
        "report__organization__status",
        "project__visibility",
        "project__sector_group__code",
        *COUNTS,
        "spending_amount",
        "spending_currency",
    )
    for row in rows.order_by("pk").iterator(chunk_size=5000):
        line_id, project_id, organization_id, status, visibility, sector = row[:6]
        counts = tuple(value or 0 for value in row[6:14])
        amount, currency = row[14], row[15] or Currency.LAK
        cents, missing = 0, ""
        if amount is not None:
            rate = rates.get(currency)
            if rate is None:
                missing = currency
            else:
                cents = int((amount * rate * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        line = Line(project_id, organization_id, sector, counts, cents, missing_rate=missing)
        located = places.get(project_id) or {UNKNOWN_PLACE: set()}
        provinces = sorted(located)
        people = split_ints(counts, len(provinces))
        money = split_ints((cents,), len(provinces))
        for province, share, (share_cents,) in zip(provinces, people, money, strict=True):
            districts = sorted(located[province]) or [district_key_unknown(province)]
            district_people = split_ints(share, len(districts))
            district_money = split_ints((share_cents,), len(districts))
            line.places.append(
                Place(
                    province,
                    share,
                    share_cents,
                    [
                        (district, counts_part, cents_part)
                        for district, counts_part, (cents_part,) in zip(
                            districts, district_people, district_money, strict=True
                        )
                    ],
                )
            )
        line.goals = sorted(goals.get(project_id, ()), key=int)
        line.outcomes = sorted(outcomes.get(project_id, ()))
        line.ethnic = sorted(ethnic.get(line_id, ()), key=int)
        result.append((level_of(visibility, status == Organization.Status.ACTIVE), line))
    return result


def organization_figures(round_id: int) -> list[tuple[int, int, tuple[int, int, int, int] | None]]:
    """(audience level that sees the organization, level that sees its staff figures, figures) for
    every organization with an accepted report in the round."""
    rows = []
    for status, staff_visibility, *figures in Report.objects.filter(
        round_id=round_id, status=Report.Status.ACCEPTED
    ).values_list(
        "organization__status",
        "organization__staff_visibility",
        "staff_women",
        "staff_men",
        "volunteers_women",
        "volunteers_men",
    ):
        level = level_of(Visibility.PUBLIC, status == Organization.Status.ACTIVE)
        staff_level = max(level, level_of(staff_visibility, True))
        rows.append((level, staff_level, tuple(value or 0 for value in figures)))
    return rows


def compute_round(reporting_round: ReportingRound, *, fingerprint: str | None = None) -> Computed:
    """The figures of a round for every audience (reads only; see services.refresh_snapshots)."""
    from projects.money import rates_map

    fingerprint = fingerprint or round_fingerprint(reporting_round.pk)
    rates = rates_map(reporting_round)
    lines = load_lines(reporting_round.pk, rates)
    by_level: list[list[Line]] = [[] for _ in AUDIENCES]
    for level, line in lines:
        by_level[level].append(line)
    partial = [tally_lines(group) for group in by_level]
    organizations = organization_figures(reporting_round.pk)
    audiences = []
    for index, audience in enumerate(AUDIENCES):
        rows: dict[RowKey, Tally] = defaultdict(Tally)
        for level in range(index + 1):
            for key, tally in partial[level].items():
                rows[key].merge(tally)
        figures = OrganizationFigures()
        for level, staff_level, (staff_women, staff_men, volunteers_women, volunteers_men) in organizations:
            if level > index:
                continue
            figures.organizations += 1
            if staff_level <= index:
                figures.staff_organizations += 1
                figures.staff_women += staff_women
                figures.staff_men += staff_men
                figures.volunteers_women += volunteers_women
                figures.volunteers_men += volunteers_men
        # Only currencies of lines this audience sees: naming another would tell of a hidden project.
        missing = sorted(
            {line.missing_rate for group in by_level[: index + 1] for line in group if line.missing_rate}
        )
        audiences.append(RoundFigures(audience, rows, figures, missing))
    return Computed(fingerprint=fingerprint, usd_rate=rates.get(Currency.USD), audiences=audiences)
