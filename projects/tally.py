"""The counts beside the projects list's filters, from bit sets held in memory.

Each filter value (a province, district, sector group, theme, SDG goal, plan outcome, status, span of
years, and the most common partners) is a Python int whose bit n is set when project n has that value;
so is the set of projects one level of viewer may see. The projects a filter combination lists are the
AND of the chosen values' ints, and the count beside a value is the number of bits set in the AND of
that value's int with the other filters' (`int.bit_count`). With a million projects that is some 300
ANDs of 125 KB ints, 20-60 ms for any combination, where counting the matching rows in SQL took
0.3-2 s for each combination nobody had asked for yet.

The ints are built from the facet rows (projects.facets) and the projects, once per process and again
after the data changed, on the terms of the cached counts (core.cache.cached_counts): after a change
the previous ints still serve for up to STALE_COUNTS_SECONDS. A build that took long is redone in a
background thread while the previous ints serve, and a web process builds its first as it starts
(warm_up). With a million projects a build takes about 6 s and the ints 41 MB; with a network's
thousands of projects, milliseconds and kilobytes.
"""
# ruff: noqa: S608 (the SQL is built from the models' own table names; values go as parameters)

import logging
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import DatabaseError, connection
from django.db.models import Count, Max

from core.cache import cached_counts
from directory.visibility import ANONYMOUS
from projects.models import Project, ProjectFacet, ProjectPartner

PARTNER_BITS = 100  # the most common partners are held as bits; another is read when it is chosen
# The partners beside a list are ranked from those bits when that is exact: when the last one shown
# has more of the listed projects than any other partner has projects at all. Else, up to this many
# listed projects, they are counted in SQL over the projects' ids (exact, and quick for so few);
# beyond, ranked among the PARTNER_BITS most common (the most common partners of many projects are
# nearly always among the most common of all).
PARTNERS_BY_IDS_UP_TO = 20_000
IDS_PER_STATEMENT = 2_000
BACKGROUND_FROM = 1.0  # seconds: a build that took longer is redone in a background thread
STALE_COUNTS_SECONDS = 5 * 60
COUNTS_NAMESPACES = ("projects", "directory")

logger = logging.getLogger(__name__)

# The counts kept as bits, by the filter they belong to and the facet rows' kind.
FACET_KINDS = {
    "province": ProjectFacet.Kind.PROVINCE,
    "district": ProjectFacet.Kind.DISTRICT,
    "sector": ProjectFacet.Kind.SECTOR,
    "theme": ProjectFacet.Kind.THEME,
    "sdg": ProjectFacet.Kind.GOAL,
    "outcome": ProjectFacet.Kind.OUTCOME,
}


def bits_of(ids) -> int:
    """The int with the bits `ids` set."""
    ids = ids if isinstance(ids, list) else list(ids)
    if not ids:
        return 0
    top = max(ids)
    digits = bytearray(b"0") * (top + 1)
    for number in ids:
        digits[top - number] = 49  # "1", the most significant digit first
    return int(digits, 2)


def ids_in(bits: int) -> list[int]:
    """The bits set in `bits`, lowest first."""
    digits = bin(bits)[:1:-1]  # the lowest bit first, without "0b"
    found, position = [], digits.find("1")
    while position >= 0:
        found.append(position)
        position = digits.find("1", position + 1)
    return found


def aggregated_ids(column: str) -> str:
    """SQL: the ids of a group, as one comma-separated text (far quicker to fetch than a row each)."""
    if connection.vendor == "postgresql":
        return f"string_agg(CAST({column} AS TEXT), ',')"
    return f"group_concat({column})"


def grouped_bits(sql: str, params=()) -> list[tuple]:
    """Rows of `sql`, whose last column is aggregated_ids(), with that column as bits."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(*row[:-1], bits_of(map(int, row[-1].split(","))) if row[-1] else 0) for row in rows]


@dataclass
class Tally:
    """The bit sets of one moment's projects. `values`: {filter count key: {value: bits}} (keys as in
    projects.selectors.FACET_COUNTS); `partners`: {key: (label, bits)} of the most common partners, and
    `others_most`: the projects of the most common partner not among them;
    `listed`: {clearance: bits of the projects that a viewer of that clearance, of no organization,
    is shown}, read as clearances are asked for; `viewers`: those viewers."""

    token: str
    values: dict
    partners: dict
    others_most: int
    took: float
    listed: dict = field(default_factory=dict)
    viewers: dict = field(default_factory=dict)

    def listed_to(self, viewer) -> int:
        if viewer.clearance not in self.listed:
            shown = Project.objects.visible_to(viewer).order_by().values("pk")
            sql, params = shown.query.sql_with_params()
            (bits,) = grouped_bits(f"WITH l (id) AS ({sql}) SELECT {aggregated_ids('id')} FROM l", params)[0]
            self.listed[viewer.clearance] = bits
            self.viewers[viewer.clearance] = viewer
        return self.listed[viewer.clearance]


def build(token: str, viewers=()) -> Tally:
    """Read the bit sets from the database, with the projects listed to `viewers`."""
    started = time.monotonic()
    kinds = {int(kind): name for name, kind in FACET_KINDS.items()}
    values: dict = {name: {} for name in (*FACET_KINDS, "status", "year_spans")}
    facet, project, partner = (model._meta.db_table for model in (ProjectFacet, Project, ProjectPartner))
    for kind, value, bits in grouped_bits(
        f"SELECT kind, value, {aggregated_ids('project_id')} FROM {facet} GROUP BY kind, value"
    ):
        values[kinds[kind]][value] = bits
    by_status, by_span = defaultdict(int), defaultdict(int)
    for status, first, last, bits in grouped_bits(
        f"SELECT status, start_year, end_year, {aggregated_ids('id')} FROM {project} "
        "GROUP BY status, start_year, end_year"
    ):
        by_status[status] |= bits
        by_span[first, last] |= bits
    values["status"], values["year_spans"] = dict(by_status), dict(by_span)
    common = grouped_bits(
        f"SELECT key, MAX(name), COUNT(DISTINCT project_id) AS n, {aggregated_ids('project_id')} "
        f"FROM {partner} GROUP BY key ORDER BY n DESC, key LIMIT %s",
        [PARTNER_BITS + 1],
    )
    partners = {key: (label, bits) for key, label, _n, bits in common[:PARTNER_BITS]}
    others_most = common[PARTNER_BITS][2] if len(common) > PARTNER_BITS else 0
    tally = Tally(token, values, partners, others_most, took=0.0)
    for viewer in viewers:
        tally.listed_to(viewer)
    tally.took = time.monotonic() - started
    return tally


_current: Tally | None = None
_building = False
_lock = threading.Lock()


def current_tally(viewer) -> Tally:
    """This process's tally, built anew when the data changed (see the module's docstring), with the
    projects listed to `viewer` (of no organization: the projects everyone at its level sees)."""
    global _current
    token = cached_counts(
        "projects-tally", "", COUNTS_NAMESPACES, lambda: uuid.uuid4().hex, stale_seconds=STALE_COUNTS_SECONDS
    )
    tally = _current
    if tally is not None and tally.token != token and tally.took >= BACKGROUND_FROM:
        rebuild_in_background(token, tally)
    elif tally is None or tally.token != token:
        with _lock:
            if _current is None or _current.token != token:
                _current = build(token)
            tally = _current
    with _lock:
        tally.listed_to(viewer)
    return tally


def rebuild_in_background(token: str, previous: Tally) -> None:
    """Build the tally of `token` in a thread of its own, with the viewers `previous` knew."""
    global _building
    with _lock:
        if _building:
            return
        _building = True

    def run() -> None:
        global _current, _building
        try:
            fresh = build(token, list(previous.viewers.values()))
            with _lock:
                _current = fresh
        finally:
            _building = False

    in_background(run)


def warm_up() -> None:
    """Build the tally in the background as a web server loads the app (laocso.wsgi), so that the first
    visitors of the projects list do not wait for it (seconds with a million projects)."""

    def run() -> None:
        try:
            current_tally(ANONYMOUS)
        except DatabaseError as error:  # not migrated yet, or down: the first list builds it
            logger.warning("The projects tally was not built at start: %s", error)

    in_background(run)


def in_background(work) -> None:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()  # the thread's own

    threading.Thread(target=run, name="projects-tally", daemon=True).start()


def tally_counts(chosen: dict, wanted: dict, tally: Tally, listed: int, *, partners: int) -> dict:
    """The counts `wanted` ({count key: the filter left out for it, "" none}) and the total, of the
    projects in `listed` that have every `chosen` value ({filter: bits}; leaving out a province
    leaves out its district too); the `partners` most common partners."""

    def matching(left_out: str) -> int:
        found = listed
        for name, bits in chosen.items():
            if name != left_out and not (left_out == "province" and name == "district"):
                found &= bits
        return found

    counts: dict = {"total": matching("").bit_count()}
    for key, left_out in wanted.items():
        found = matching(left_out)
        if key == "partner":
            counts[key] = partner_counts(found, tally, partners)
            continue
        numbers = {value: (found & bits).bit_count() for value, bits in tally.values[key].items()}
        numbers = {value: n for value, n in numbers.items() if n}
        counts[key] = [(*span, n) for span, n in numbers.items()] if key == "year_spans" else numbers
    return counts


def partner_counts(found: int, tally: Tally, limit: int) -> list[tuple[str, str, int]]:
    """The `limit` most common partners of the projects `found`, as (key, label, projects), most
    first (see PARTNERS_BY_IDS_UP_TO)."""

    def ranked(rows) -> list:
        return sorted((row for row in rows if row[2]), key=lambda row: (-row[2], row[0]))[:limit]

    common = ranked((key, label, (found & bits).bit_count()) for key, (label, bits) in tally.partners.items())
    if not tally.others_most or (len(common) == limit and common[-1][2] > tally.others_most):
        return common  # no other partner could be shown
    if found.bit_count() > PARTNERS_BY_IDS_UP_TO:
        return common
    labels, numbers = {}, Counter()
    ids = ids_in(found)
    for start in range(0, len(ids), IDS_PER_STATEMENT):
        rows = (
            ProjectPartner.objects.filter(project_id__in=ids[start : start + IDS_PER_STATEMENT])
            .values_list("key")
            .annotate(label=Max("name"), n=Count("project_id", distinct=True))
            .order_by()
        )
        for key, label, n in rows:
            labels[key] = max(label, labels.get(key, label))
            numbers[key] += n
    return ranked((key, labels[key], n) for key, n in numbers.items())


def partner_bits(key: str, tally: Tally) -> int:
    if key in tally.partners:
        return tally.partners[key][1]
    return bits_of(ProjectPartner.objects.filter(key=key).values_list("project_id", flat=True))
