"""The projects list's facet rows (ProjectFacet): each project's filter values with its title sort
keys, so that a list filtered by a province, district, sector group, theme, SDG goal or plan outcome
is read in title order from an index (projects.selectors.listed_in_order).

They are derived data, written in SQL from the project's own rows in the transaction that changes
them: by the project services after every write, by the demo's bulk seed, and for all projects by the
migration that added them (`facets_write()`). Plain SQL that SQLite and PostgreSQL both run.
"""
# ruff: noqa: S608 (the SQL is built from the models' own table names; values go as parameters)

from collections.abc import Sequence

from django.db import connection

from core.models import SdgTarget
from projects.models import Project, ProjectFacet, ProjectLocation

ID_CHUNK = 500  # project ids per statement (SQLite limits the parameters of one statement)


def facets_write(project_ids: Sequence[int] | range | None = None) -> None:
    """Write anew the facet rows of these projects (a range of ids: those in it; None: all)."""
    if project_ids is None:
        _write("", [])
    elif isinstance(project_ids, range):
        if project_ids:
            _write("BETWEEN %s AND %s", [project_ids[0], project_ids[-1]])
    else:
        ids = list(project_ids)
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            _write("IN (" + ", ".join(["%s"] * len(chunk)) + ")", chunk)


def _write(condition: str, params: list) -> None:
    """DELETE and INSERT … SELECT for the projects whose id matches `condition` (SQL after the id
    column, with `params`), or all of them."""
    kinds = ProjectFacet.Kind
    facet, project, location, target = (
        model._meta.db_table for model in (ProjectFacet, Project, ProjectLocation, SdgTarget)
    )
    links = {
        name: getattr(Project, name).through._meta.db_table
        for name in ("themes", "sdg_targets", "plan_outcomes")
    }

    def where(column: str, *more: str) -> str:
        conditions = [f"{column} {condition}"] if condition else []
        conditions += more
        return " WHERE " + " AND ".join(conditions) if conditions else ""

    # One SELECT a kind; the kinds differ, so UNION ALL keeps no duplicate (DISTINCT within a kind:
    # two places in one province, two targets of one goal).
    values = " UNION ALL ".join(
        [
            f"SELECT DISTINCT project_id, {kinds.PROVINCE} AS kind, province_id AS value FROM {location}"
            + where("project_id"),
            f"SELECT DISTINCT project_id, {kinds.DISTRICT}, district_id FROM {location}"
            + where("project_id", "district_id IS NOT NULL"),
            f"SELECT id, {kinds.SECTOR}, sector_group_id FROM {project}" + where("id"),
            f"SELECT project_id, {kinds.THEME}, theme_id FROM {links['themes']}" + where("project_id"),
            f"SELECT DISTINCT l.project_id, {kinds.GOAL}, t.goal_id FROM {links['sdg_targets']} l "
            f"JOIN {target} t ON t.id = l.sdgtarget_id" + where("l.project_id"),
            f"SELECT project_id, {kinds.OUTCOME}, planoutcome_id FROM {links['plan_outcomes']}"
            + where("project_id"),
        ]
    )
    repeats = values.count("%s")  # the condition's parameters, once in each SELECT
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {facet}" + where("project_id"), params)
        cursor.execute(
            f"INSERT INTO {facet} (project_id, kind, value, title_lo_sort, title_en_sort) "
            f"SELECT k.project_id, k.kind, k.value, p.title_lo_sort, p.title_en_sort "
            f"FROM ({values}) k JOIN {project} p ON p.id = k.project_id",
            params * (repeats // len(params)) if params else [],
        )
