"""Reads: the who-does-what-where list with its filters and counts, and the progress of a round.

Filters are whitelisted query parameters, each mapped to one lookup. Filters on related rows
(places, themes, goals, outcomes, partners) are semi-joins (`pk IN (SELECT project_id …)`), so a
project never appears twice and no DISTINCT is needed over a million rows.
"""

from collections import Counter
from dataclasses import dataclass, field, replace

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache import cached_counts
from core.models import District, PlanOutcome, Province, SdgGoal, SdgTarget, SectorGroup, Theme
from core.panels import PanelItem, SectorPanel
from directory.models import Organization, Visibility
from projects.models import Project, ProjectFacet, ProjectLocation, ProjectPartner, Report
from projects.tally import (
    COUNTS_NAMESPACES,
    STALE_COUNTS_SECONDS,
    bits_of,
    current_tally,
    partner_bits,
    tally_counts,
)

ThemeLink = Project.themes.through
TargetLink = Project.sdg_targets.through
OutcomeLink = Project.plan_outcomes.through

PARAMS = ("province", "district", "sector", "theme", "sdg", "outcome", "partner", "year", "status", "org")
SORTS = ("title", "newest")
PARTNER_OPTIONS = 15


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    def link_options(self, params: QueryDict) -> None:
        """Each option links to the list with that value chosen (or, when chosen, removed), keeping the
        other filters and going back to the first page."""
        for option in self.options:
            changed = params.copy()
            changed.pop("page", None)
            changed.pop(self.name, None)
            if self.name == "province":
                changed.pop("district", None)  # a district of another province would match nothing
            if not option.selected:
                changed[self.name] = option.value
            option.url = "?" + changed.urlencode()

    @property
    def shown(self) -> list[Option]:
        return [option for option in self.options if option.count or option.selected]


@dataclass
class ProjectQuery:
    province: str = ""
    district: str = ""
    sector: str = ""
    theme: str = ""
    sdg: str = ""
    outcome: str = ""
    partner: str = ""
    year: str = ""
    status: str = ""
    org: str = ""
    q: str = ""
    sort: str = "title"

    @classmethod
    def from_params(cls, params) -> "ProjectQuery":
        """Values are cut to size and checked for shape; a stale shared link still works (an unknown
        value just matches nothing)."""
        values = {name: params.get(name, "").strip()[:80] for name in PARAMS}
        if values["status"] not in Project.Status.values:
            values["status"] = ""
        for name in ("sdg", "year"):
            if not values[name].isdigit() or len(values[name]) > 4:
                values[name] = ""
        sort = params.get("sort", "title")
        return cls(q=params.get("q", "").strip()[:200], sort=sort if sort in SORTS else "title", **values)

    @property
    def active(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in PARAMS if getattr(self, name)}

    def without(self, name: str) -> "ProjectQuery":
        """The same query without the filter `name` (without a province, no district either)."""
        dropped = {name: "", "district": ""} if name == "province" else {name: ""}
        return replace(self, **dropped)

    def ids(self) -> dict:
        """The database ids of the chosen codes, looked up once (tiny reference tables), so that the
        filters compare ids: the planner knows how common each id is, not how common a code is."""
        if hasattr(self, "_ids"):
            return self._ids

        def one(model, **lookup):
            return model.objects.filter(**lookup).values_list("pk", flat=True).first()

        ids: dict = {}
        if self.sector:
            ids["sector"] = one(SectorGroup, code=self.sector)
        if self.org:
            ids["org"] = one(Organization, slug=self.org)
        if self.province:
            ids["province"] = one(Province, code=self.province)
        if self.district:
            ids["district"], ids["district_province"] = District.objects.filter(
                code=self.district
            ).values_list("pk", "province_id").first() or (None, None)
        if self.theme:
            ids["theme"] = one(Theme, code=self.theme)
        if self.sdg:
            ids["sdg"] = list(
                SdgTarget.objects.filter(goal__number=int(self.sdg)).values_list("pk", flat=True)
            )
            ids["goal"] = one(SdgGoal, number=int(self.sdg))
        if self.outcome:
            framework, _sep, number = self.outcome.rpartition("-")
            if number.isdigit():
                ids["outcome"] = one(PlanOutcome, framework__code=framework, number=int(number))
        self._ids = ids
        return ids

    def filtered(self, queryset: QuerySet, *, skip: str = "") -> QuerySet:
        """The projects that pass every chosen filter but `skip`. A code that names nothing matches
        nothing (a stale link shows an empty list, not an error)."""
        ids = self.ids()
        conditions = []

        def linked(model, **lookup) -> Q:
            if any(value is None or value == [] for value in lookup.values()):
                return Q(pk__in=[])
            return Q(pk__in=model.objects.filter(**lookup).values("project_id"))

        if self.sector and skip != "sector":
            conditions.append(Q(sector_group_id=ids["sector"]) if ids["sector"] else Q(pk__in=[]))
        if self.status and skip != "status":
            conditions.append(Q(status=self.status))
        if self.org and skip != "org":
            conditions.append(Q(organization_id=ids["org"]) if ids["org"] else Q(pk__in=[]))
        if self.year and skip != "year":
            year = int(self.year)
            conditions.append(Q(start_year__lte=year, end_year__gte=year))
        if self.province and skip != "province":
            conditions.append(linked(ProjectLocation, province_id=ids["province"]))
        if self.district and skip not in ("district", "province"):
            conditions.append(linked(ProjectLocation, district_id=ids["district"]))
        if self.theme and skip != "theme":
            conditions.append(linked(ThemeLink, theme_id=ids["theme"]))
        if self.sdg and skip != "sdg":
            conditions.append(linked(TargetLink, sdgtarget_id__in=ids["sdg"]))
        if self.outcome and skip != "outcome":
            conditions.append(linked(OutcomeLink, planoutcome_id=ids.get("outcome")))
        if self.partner and skip != "partner":
            conditions.append(linked(ProjectPartner, key=self.partner))
        for condition in conditions:
            queryset = queryset.filter(condition)
        return queryset


# Below this many matching projects a page is sorted from the matches; above it, read in index order.
# (Walking the title index until 20 matches turn up is quick when matches are common and very slow
# when they are rare and cluster at the end of the alphabet; sorting a few thousand matches is quick,
# but sorting tens of thousands means reading them all: with a million projects, the 46,000 of one
# province took 890 ms sorted and 25 ms walked.)
WALK_INDEX_FROM = 20_000


# The filters whose values have facet rows (projects.facets), and the id each compares.
FACETS = {
    "district": (ProjectFacet.Kind.DISTRICT, "district"),
    "province": (ProjectFacet.Kind.PROVINCE, "province"),
    "sector": (ProjectFacet.Kind.SECTOR, "sector"),
    "theme": (ProjectFacet.Kind.THEME, "theme"),
    "sdg": (ProjectFacet.Kind.GOAL, "goal"),
    "outcome": (ProjectFacet.Kind.OUTCOME, "outcome"),
}
# Which facet to walk when several are chosen: a district (a few thousand rows at most), else a topic,
# the one with the fewest projects, else a province. Titles cluster by topic (a sector's or theme's
# projects often begin with the same words), not by place: walking a province's rows in title order
# for the few of one sector read 10,000 rows for a page, walking the sector's rows for the few in a
# province reads about a page's worth times the number of provinces.
PLACES = {"district": 0, "province": 2}
# A list filtered by a facet value is read from that value's facet rows in title order when at least
# one in FACET_WALK_SHARE of them passes the other filters (a page then reads some 10,000 index rows at
# most, ~40 ms); rarer matches are sorted. Sorting is no quicker for a few thousand matches: it reads
# every project of the filters' values (2,300 matches of a sector, a province and a year: 100 ms).
FACET_WALK_SHARE = 500


def walk_facet(query: ProjectQuery, total: int | None, sizes: dict) -> tuple[str, int, int] | None:
    """The chosen facet filter whose rows the list is best read from, as (filter, kind, id), or None
    to read the list as in_order does (see PLACES; `sizes`: {filter: {id: projects}}, of the
    unfiltered list, when known)."""
    if query.sort == "newest" or query.org:
        return None  # no facet order for dates; an organization's projects are few, sorted
    ids = query.ids()
    chosen = [name for name in FACETS if getattr(query, name)]
    if not chosen or any(ids.get(FACETS[name][1]) is None for name in chosen):
        return None  # a code that names nothing matches nothing: no rows to walk
    name = min(
        chosen, key=lambda name: (PLACES.get(name, 1), sizes.get(name, {}).get(ids[FACETS[name][1]], 0))
    )
    size = sizes.get(name, {}).get(ids[FACETS[name][1]])
    if total is not None and size is not None and total * FACET_WALK_SHARE < size:
        return None
    return name, FACETS[name][0], ids[FACETS[name][1]]


def listed_in_order(
    query: ProjectQuery, base: QuerySet, field: str, *, total: int | None, sizes: dict
) -> QuerySet:
    """The projects of `base` that pass the query's filters, in the list's order (query.sort; `field`:
    the title sort key column), read the quick way for `total` matches (None: unknown, many): by
    title from the facet rows of a chosen value (walk_facet), else as in_order."""
    facet = walk_facet(query, total, sizes)
    if facet is None:
        return in_order(query.filtered(base), query.sort, field, total=total)
    name, kind, value = facet
    # The facet rows stand for the filter itself (and a district for its province, when it is in it).
    ids = query.ids()
    in_province = ids.get("district_province") == ids.get("province")
    skip = "province" if name == "district" and in_province else name
    projects = query.filtered(base, skip=skip).filter(facets__kind=kind, facets__value=value)
    return projects.order_by(f"facets__{field}", "pk")


def title_field() -> str:
    """The sort-key column of the viewer's language: Lao collation in Lao, folded English in English."""
    from django.utils.translation import get_language

    return "title_en_sort" if (get_language() or "lo").startswith("en") else "title_lo_sort"


def in_order(projects: QuerySet, sort: str, field: str, *, total: int | None) -> QuerySet:
    """Projects newest first (sort "newest") or by the title sort key `field`, read in the way that is
    quick for `total` matches (None: unknown, many)."""
    walk = total is None or total >= WALK_INDEX_FROM
    if sort == "newest":
        first = F("starts_on") if walk else Coalesce("starts_on", "ends_on")  # same order, no index
        return projects.order_by(first.desc(), "-pk")
    first = F(field) if walk else Coalesce(field, "title_en_sort")
    return projects.order_by(first.asc(), "pk")


def outcome_code(outcome: PlanOutcome) -> str:
    return f"{outcome.framework.code}-{outcome.number}"


def counted(rows) -> dict:
    return {key: count for key, count in rows}


# The counts of a facet, by the filter they belong to (the years facet is counted by spans).
FACET_COUNTS = {
    **{name: name for name in ("province", "district", "sector", "theme", "sdg", "outcome", "partner")},
    "year": "year_spans",
    "status": "status",
}


# The counts read from the facet rows, by their kind; the others come from the projects' own columns
# (sector group, status, years) and from the partners.
COLUMN_COUNTS = ("sector", "year_spans", "status")
FACET_ROW_COUNTS = {name: kind for name, (kind, _id) in FACETS.items() if name not in COLUMN_COUNTS}


def facet_counts(query: ProjectQuery, base: QuerySet) -> dict:
    """How many projects of `base` each filter value would give with the other filters as they are,
    and the total, counted in SQL: for the few projects of a search or of the viewer's own hidden
    ones (the shared lists are counted by tallied_counts). Plain data (ids, codes), so it caches.

    A facet's counts are over the projects of every other filter: for a filter not chosen, that is
    the list itself. Counts over the same projects come from one statement (subset_counts)."""
    by_subset: dict[str, list[str]] = {}  # the filter left out ("": none) → the counts it gives
    for key, left_out in counted_without(query).items():
        by_subset.setdefault(left_out, []).append(key)
    by_subset.setdefault("", [])  # the total
    counts: dict = {}
    for left_out, keys in by_subset.items():
        counts.update(subset_counts(query.filtered(base, skip=left_out), keys, total=left_out == ""))
    return counts


def counted_without(query: ProjectQuery) -> dict[str, str]:
    """The counts the list shows ({count key: the filter left out to count them, "" none}): a chosen
    filter's values are counted as if it were not chosen; districts only within a chosen province."""
    return {
        key: name if getattr(query, name) else ""
        for name, key in FACET_COUNTS.items()
        if key != "district" or query.province
    }


def tallied_counts(query: ProjectQuery, viewer) -> dict:
    """facet_counts of the projects everyone at the viewer's level sees, from the tally's bit sets
    (projects.tally): quick for any filter combination, the first of its kind included."""
    shared = replace(viewer, own_organization_ids=frozenset())
    tally = current_tally(shared)
    ids = query.ids()
    chosen = {
        name: tally.values[name].get(ids.get(id_name), 0)
        for name, (_kind, id_name) in FACETS.items()
        if getattr(query, name)
    }
    if query.status:
        chosen["status"] = tally.values["status"].get(query.status, 0)
    if query.year:
        year = int(query.year)
        chosen["year"] = 0
        for (first, last), bits in tally.values["year_spans"].items():
            if first <= year <= last:
                chosen["year"] |= bits
    if query.partner:
        chosen["partner"] = partner_bits(query.partner, tally)
    if query.org:
        projects = (
            Project.objects.filter(organization_id=ids["org"]) if ids["org"] else Project.objects.none()
        )
        chosen["org"] = bits_of(projects.values_list("pk", flat=True))
    return tally_counts(
        chosen, counted_without(query), tally, tally.listed_to(shared), partners=PARTNER_OPTIONS
    )


def subset_counts(projects: QuerySet, keys: list[str], *, total: bool) -> dict:
    """The counts `keys` (of FACET_COUNTS' values) and, with `total`, the number of `projects`, in one
    statement: the projects are found once (a MATERIALIZED common table expression), then their facet
    rows (read from the (project, kind, value) index alone), their own columns (sector group, status,
    years) and their partners are counted from it. Three queries that each found the projects again
    took three times as long (theme=HEALTH of a million projects: 2.2 → 0.75 s)."""
    try:
        found_sql, params = (
            projects.order_by()
            .values("pk", "sector_group_id", "status", "start_year", "end_year")
            .query.sql_with_params()
        )
    except EmptyResultSet:  # a filter code that names nothing: no projects to count
        counts = {key: [] if key in ("year_spans", "partner") else {} for key in keys}
        return {**counts, "total": 0} if total else counts
    facet, partner = ProjectFacet._meta.db_table, ProjectPartner._meta.db_table
    kinds = {FACET_ROW_COUNTS[key]: key for key in keys if key in FACET_ROW_COUNTS}
    parts = []  # each row: its part, four texts, a number (the models' own tables; no input in the SQL)
    if kinds:
        kind_list = ", ".join(str(int(kind)) for kind in kinds)
        parts.append(
            "SELECT 'facet', CAST(f.kind AS TEXT), CAST(f.value AS TEXT), NULL, NULL, COUNT(*) "  # noqa: S608
            f"FROM {facet} f JOIN s ON s.id = f.project_id WHERE f.kind IN ({kind_list}) "
            "GROUP BY f.kind, f.value"
        )
    if total or any(key in COLUMN_COUNTS for key in keys):
        parts.append(
            "SELECT 'column', CAST(sector AS TEXT), status, CAST(first_year AS TEXT), "
            "CAST(last_year AS TEXT), COUNT(*) FROM s GROUP BY sector, status, first_year, last_year"
        )
    if "partner" in keys:
        parts.append(
            "SELECT * FROM (SELECT 'partner', p.key, MAX(p.name), NULL, NULL, "  # noqa: S608
            f"COUNT(DISTINCT p.project_id) AS n FROM {partner} p JOIN s ON s.id = p.project_id "
            f"GROUP BY p.key ORDER BY n DESC, p.key LIMIT {PARTNER_OPTIONS}) top"
        )
    # Found once for several parts; for one part alone the database may fold it into that part.
    found_once = "MATERIALIZED " if len(parts) > 1 else ""
    sql = (
        f"WITH s (id, sector, status, first_year, last_year) AS {found_once}({found_sql}) "
        + " UNION ALL ".join(parts)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    counts: dict = {key: {} for key in kinds.values()}
    columns: Counter = Counter()
    partners = []
    for part, first, second, third, fourth, n in rows:
        if part == "facet":
            counts[kinds[int(first)]][int(second)] = n
        elif part == "column":
            group, span = int(first), (int(third), int(fourth))
            columns["total", None] += n
            columns["sector", group] += n
            columns["status", second] += n
            columns["year_spans", span] += n
        else:
            partners.append((first, second, n))
    if total:
        counts["total"] = columns["total", None]
    for key in COLUMN_COUNTS:
        if key in keys:
            counts[key] = {value: n for (name, value), n in columns.items() if name == key}
    if "year_spans" in keys:
        counts["year_spans"] = [(first, last, n) for (first, last), n in counts["year_spans"].items()]
    if "partner" in keys:
        counts["partner"] = sorted(partners, key=lambda row: (-row[2], row[0]))
    return counts


def build_facets(query: ProjectQuery, counts: dict) -> list[Facet]:
    """The filter lists with their counts, labelled in the viewer's language and order."""
    facets = []

    def facet(name: str, label, rows, *, value, text, key=lambda row: row.pk) -> None:
        numbers = counts.get(name, {})
        item = Facet(name, label)
        item.options = [
            Option(value(row), text(row), numbers.get(key(row), 0), getattr(query, name) == value(row))
            for row in rows
        ]
        facets.append(item)

    facet(
        "province", _("Province"), Province.objects.all().in_viewer_order(), value=lambda r: r.code, text=str
    )
    if query.province:
        districts = District.objects.filter(province__code=query.province).in_viewer_order()
        facet("district", _("District"), districts, value=lambda r: r.code, text=str)
    facet("sector", _("Sector group"), SectorGroup.objects.all(), value=lambda r: r.code, text=str)
    facet("theme", _("Theme"), Theme.objects.all(), value=lambda r: r.code, text=str)
    facet("sdg", _("SDG goal"), SdgGoal.objects.all(), value=lambda r: str(r.number), text=str)
    facet(
        "outcome",
        _("Plan outcome (NSEDP)"),
        PlanOutcome.objects.select_related("framework"),
        value=outcome_code,
        text=str,
    )

    partners = Facet("partner", _("Partner or donor"))
    partners.options = [Option(key, label, n, query.partner == key) for key, label, n in counts["partner"]]
    if query.partner and not any(option.selected for option in partners.options):
        label = ProjectPartner.objects.filter(key=query.partner).values_list("name", flat=True).first()
        partners.options.insert(0, Option(query.partner, label or query.partner, 0, True))
    facets.append(partners)

    this_year = timezone.localdate().year
    years: Counter = Counter()
    for first, last, count in counts["year_spans"]:
        for year in range(max(first, this_year - 15), min(last, this_year + 5) + 1):
            years[year] += count
    item = Facet("year", _("Year"))
    item.options = [
        Option(str(year), str(year), years[year], query.year == str(year))
        for year in sorted(years, reverse=True)
    ]
    facets.append(item)

    item = Facet("status", _("Status"))
    item.options = [
        Option(value, label, counts["status"].get(value, 0), query.status == value)
        for value, label in Project.Status.choices
    ]
    facets.append(item)
    return facets


def list_summary(
    query: ProjectQuery, base: QuerySet, viewer, *, cacheable: bool = True
) -> tuple[int, list[Facet]]:
    """The number of projects the list shows and its filters with their counts.

    The counts come from the tally's bit sets (tallied_counts), and those of each filter combination
    and audience are cached (core.cache.cached_counts): exact until a project or an organization
    changes, and after a change the previous counts (and bit sets) are still used for up to
    STALE_COUNTS_SECONDS, so that a busy reporting round does not recount on every save. The projects
    listed are always current; only the numbers beside the filters may lag by minutes.

    Everyone at one level shares the cached counts; the few projects of the viewer's own
    organizations that their level does not show are counted for them and added (cached too)."""
    if hasattr(query, "_summary"):  # asked twice in a request: for the pages, then for the filters
        return query._summary
    if not cacheable:
        counts = facet_counts(query, base)
        query._summary = counts["total"], build_facets(query, counts)
        return query._summary
    counts = cached_counts(
        "projects",
        counts_variant(viewer, query),
        COUNTS_NAMESPACES,
        lambda: tallied_counts(query, viewer),
        stale_seconds=STALE_COUNTS_SECONDS,
    )
    own_ids = viewer.own_organization_ids
    if own_ids and viewer.clearance != Visibility.SECRETARIAT:
        shared, shared_base = (
            counts,
            Project.objects.visible_to(replace(viewer, own_organization_ids=frozenset())),
        )
        counts = cached_counts(
            "projects-own",
            ",".join(map(str, sorted(own_ids))) + ":" + counts_variant(viewer, query),
            COUNTS_NAMESPACES,
            lambda: with_own_projects(shared, query, shared_base, own_ids),
            stale_seconds=STALE_COUNTS_SECONDS,
        )
    query._summary = counts["total"], build_facets(query, counts)
    return query._summary


def counts_variant(viewer, query: ProjectQuery) -> str:
    """The name of a query's cached counts: everyone at one level shares them."""
    return (
        ",".join(viewer.levels)
        + "|"
        + "&".join(f"{name}={value}" for name, value in sorted(query.active.items()))
    )


def facet_sizes(viewer, query: ProjectQuery) -> dict:
    """How many projects each chosen province, district, sector group, theme, goal and outcome has at
    the viewer's level ({filter: {id: projects}}), from the tally. For walk_facet."""
    shared = replace(viewer, own_organization_ids=frozenset())
    tally = current_tally(shared)
    listed, ids = tally.listed_to(shared), query.ids()
    return {
        name: {ids[id_name]: (listed & tally.values[name].get(ids[id_name], 0)).bit_count()}
        for name, (_kind, id_name) in FACETS.items()
        if getattr(query, name) and ids.get(id_name) is not None
    }


def with_own_projects(counts: dict, query: ProjectQuery, shared_base: QuerySet, own_ids) -> dict:
    """`counts` (of the projects a level shows) plus those of the viewer's own projects that the level
    does not show (kept for the secretariat, or of their organization while it is not active)."""
    own = Project.objects.filter(organization_id__in=own_ids)
    hidden = own.exclude(pk__in=shared_base.filter(organization_id__in=own_ids).values("pk"))
    if not hidden.exists():
        return counts
    extra = facet_counts(query, hidden)
    merged = {
        "total": counts["total"] + extra["total"],
        "year_spans": counts["year_spans"] + extra["year_spans"],
    }
    for key in FACET_COUNTS.values():
        if isinstance(counts.get(key), dict):
            merged[key] = dict(Counter(counts[key]) + Counter(extra.get(key, {})))
    # The most common partners of both: a partner outside the shared top list counts only when the
    # viewer's projects add to it, and then its shared number is looked up.
    partners = {key: [label, n] for key, label, n in counts["partner"]}
    missing = [key for key, _label, _n in extra["partner"] if key not in partners]
    shared_numbers = counted(
        ProjectPartner.objects.filter(
            project_id__in=query.filtered(shared_base, skip="partner").values("pk"), key__in=missing
        )
        .values_list("key")
        .annotate(n=Count("project_id", distinct=True))
        .order_by()
        if missing
        else []
    )
    for key, label, n in extra["partner"]:
        partners.setdefault(key, [label, shared_numbers.get(key, 0)])[1] += n
    ranked = sorted(partners.items(), key=lambda item: (-item[1][1], item[0]))[:PARTNER_OPTIONS]
    merged["partner"] = [(key, label, n) for key, (label, n) in ranked]
    return merged


def list_related(queryset: QuerySet) -> QuerySet:
    from django.db.models import Prefetch

    return queryset.select_related("organization", "sector_group").prefetch_related(
        Prefetch("locations", queryset=ProjectLocation.objects.select_related("province"))
    )


# --- rounds -------------------------------------------------------------------------------------


def reports_followed(user, reporting_round) -> QuerySet:
    """The reports of a round a user follows: all for the secretariat and committee, their groups'
    for a sector head."""
    from projects.permissions import headed_group_ids, is_secretariat

    reports = Report.objects.filter(round=reporting_round)
    if is_secretariat(user) or user.is_committee_member:
        return reports
    return reports.filter(organization__primary_sector_group_id__in=headed_group_ids(user))


@dataclass
class ProgressRow:
    label: str
    total: int = 0
    by_status: dict = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.by_status.get(Report.Status.SUBMITTED, 0) + self.by_status.get(Report.Status.ACCEPTED, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_table(reports: QuerySet, key: str, rows) -> list[ProgressRow]:
    counts: dict = {}
    for value, status, n in reports.values_list(key, "status").annotate(n=Count("pk")).order_by():
        counts.setdefault(value, {})[status] = n
    table = []
    for row in rows:
        by_status = counts.get(row.pk, {})
        if by_status:
            table.append(ProgressRow(row.name, sum(by_status.values()), by_status))
    return table


def round_progress(reports: QuerySet) -> dict:
    """Counts by status, completion by sector group and by province of the head office."""
    by_status = counted(reports.values_list("status").annotate(n=Count("pk")).order_by())
    total = ProgressRow("", sum(by_status.values()), by_status)
    return {
        "total": total,
        "by_sector": progress_table(reports, "organization__primary_sector_group", SectorGroup.objects.all()),
        "by_province": progress_table(
            reports, "organization__head_office_province", Province.objects.all().in_viewer_order()
        ),
    }


def overdue_reports(reports: QuerySet, reporting_round) -> QuerySet:
    if timezone.localdate() <= reporting_round.deadline:
        return reports.none()
    return reports.filter(status__in=Report.PENDING)


def organizations_of(user):
    from directory.visibility import viewer_for

    return Organization.objects.filter(pk__in=viewer_for(user).own_organization_ids)


# --- the sector group page (governance) ----------------------------------------------------------


def sector_reporting_panel(group, viewer) -> SectorPanel | None:
    """Provider for governance.hooks.register_sector_panel("reporting", …): the group's latest
    projects the viewer may see, and how many of its members reported in the latest open round."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from projects.models import ReportingRound

    projects = (
        Project.objects.visible_to(viewer)
        .filter(sector_group=group)
        .select_related("organization")
        .order_by("-starts_on", "-pk")[:5]
    )
    items = [
        PanelItem(
            project.title, reverse("projects:project-detail", args=[project.pk]), project.organization.name
        )
        for project in projects
    ]
    summary = ""
    reporting_round = ReportingRound.objects.filter(status=ReportingRound.Status.OPEN).first()
    if reporting_round is not None:
        reports = Report.objects.filter(round=reporting_round, organization__primary_sector_group=group)
        total = reports.count()
        if total:
            done = reports.filter(status__in=[Report.Status.SUBMITTED, Report.Status.ACCEPTED]).count()
            summary = gettext("%(done)s of %(total)s member organizations have reported for %(round)s.") % {
                "done": done,
                "total": total,
                "round": reporting_round.title,
            }
    if not items and not summary:
        return None
    return SectorPanel(
        title=gettext("Projects and reporting"),
        items=items,
        more_url=reverse("projects:project-list") + f"?sector={group.code}",
        summary=summary,
    )
