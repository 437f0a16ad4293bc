"""The list's facet rows: written with every project change, and the list read from them is the list
read from the projects themselves, row for row and in the same order."""

import random
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.models import District, PlanOutcome, Province, SdgTarget, SectorGroup, Theme
from directory.visibility import ANONYMOUS, viewer_for
from projects.demo import seed_bulk
from projects.facets import facets_write
from projects.models import Project, ProjectFacet
from projects.selectors import ProjectQuery, facet_sizes, in_order, listed_in_order

pytestmark = pytest.mark.django_db
Kind = ProjectFacet.Kind


def facet_rows(project: Project | None = None) -> set[tuple]:
    rows = ProjectFacet.objects.all() if project is None else project.facets.all()
    return set(rows.values_list("project_id", "kind", "value", "title_lo_sort", "title_en_sort"))


def test_a_project_has_a_row_for_each_of_its_filter_values_kept_with_every_change(
    make_project, org_a, personas
):
    from projects.services import project_update
    from projects.tests.conftest import project_input

    savannakhet, vientiane = Province.objects.get(code="LA13"), Province.objects.get(code="LA01")
    two_places = District.objects.filter(province=savannakhet)[:2]
    health, water = Theme.objects.get(code="HEALTH"), Theme.objects.get(code="SERV")
    targets = list(SdgTarget.objects.filter(goal__number=6)[:2])  # two targets of one goal
    outcome = PlanOutcome.objects.first()
    project = make_project(
        org_a,
        m2m={"themes": [health, water], "sdg_targets": targets, "plan_outcomes": [outcome]},
        locations=[{"province": savannakhet, "district": district, "village": ""} for district in two_places],
    )
    keys = (project.pk, project.title_lo_sort, project.title_en_sort)
    expected = {
        (keys[0], Kind.PROVINCE, savannakhet.pk, *keys[1:]),  # once, for two places in it
        *((keys[0], Kind.DISTRICT, district.pk, *keys[1:]) for district in two_places),
        (keys[0], Kind.SECTOR, project.sector_group_id, *keys[1:]),
        (keys[0], Kind.THEME, health.pk, *keys[1:]),
        (keys[0], Kind.THEME, water.pk, *keys[1:]),
        (keys[0], Kind.GOAL, targets[0].goal_id, *keys[1:]),  # once, for two targets of it
        (keys[0], Kind.OUTCOME, outcome.pk, *keys[1:]),
    }
    assert facet_rows(project) == expected

    # A new title and other places: the rows follow, and nothing of the old places stays.
    project_update(
        project=project,
        data=project_input(data={"title_lo": "ກ ໂຄງການໃໝ່", "title_en": "A new title"})["data"],
        m2m={"themes": [water], "sdg_targets": [], "plan_outcomes": []},
        locations=[{"province": vientiane, "district": None, "village": ""}],
        partners=[],
        expected_version=project.version,
        by=personas.editor_a,
    )
    project.refresh_from_db()
    keys = (project.pk, project.title_lo_sort, project.title_en_sort)
    assert facet_rows(project) == {
        (keys[0], Kind.PROVINCE, vientiane.pk, *keys[1:]),
        (keys[0], Kind.SECTOR, project.sector_group_id, *keys[1:]),
        (keys[0], Kind.THEME, water.pk, *keys[1:]),
    }
    # Written for all projects at once (the migration that added them), the rows are the same.
    before = facet_rows()
    ProjectFacet.objects.all().delete()
    facets_write()
    assert facet_rows() == before

    project.delete()
    assert not ProjectFacet.objects.exists()


def test_imports_and_the_bulk_seed_write_the_rows_too(org_a, org_b):
    from projects.services import NewProject, projects_import
    from projects.tests.conftest import project_input

    imported = projects_import(
        rows=[
            NewProject(organization=org_a, **project_input(data={"title_en": f"Imported {n}"}))
            for n in range(3)
        ],
        by=None,
    )
    assert all(facet_rows(project) for project in imported)
    seed_bulk(projects=60, rng=random.Random(5), stdout=StringIO(), batch=25)
    written = facet_rows()
    ProjectFacet.objects.all().delete()
    facets_write()
    assert facet_rows() == written and len(written) > 60 * 3


QUERIES = [
    ProjectQuery(province="LA13"),
    ProjectQuery(province="LA13", sector="FARD", status="ongoing"),
    ProjectQuery(theme="HEALTH"),
    ProjectQuery(sdg="4"),
    ProjectQuery(sdg="3", year="2024"),
    ProjectQuery(outcome="NSEDP9-3", province="LA16"),
    ProjectQuery(sector="EDSP", year="2023"),
    ProjectQuery(province="LA13", district="LA1301"),
    ProjectQuery(province="LA01", district="LA1301"),  # a district not in the province: nothing
    ProjectQuery(district="LA1302"),
    ProjectQuery(theme="NOSUCHTHEME"),  # codes that name nothing match nothing
    ProjectQuery(province="LA13", district="LA9999"),
    ProjectQuery(theme="HEALTH", sdg="99"),
]


@pytest.mark.parametrize("language", ["lo", "en"])
def test_the_list_read_from_the_facet_rows_is_the_list_read_from_the_projects(
    language, org_a, org_b, personas
):
    seed_bulk(projects=300, rng=random.Random(11), stdout=StringIO(), batch=100)
    translation.activate(language)
    field = "title_en_sort" if language == "en" else "title_lo_sort"
    for viewer in (ANONYMOUS, viewer_for(personas.editor_a)):
        base = Project.objects.visible_to(viewer)
        for query in QUERIES:
            sizes = facet_sizes(viewer, query)
            expected = list(
                in_order(query.filtered(base), "title", field, total=0).values_list("pk", flat=True)
            )
            for total in (None, len(expected)):  # many (unknown) or counted
                with CaptureQueriesContext(connection) as queries:
                    found = list(
                        listed_in_order(query, base, field, total=total, sizes=sizes).values_list(
                            "pk", flat=True
                        )
                    )
                assert found == expected, (query, total)
            if expected and total is None:
                assert "projects_projectfacet" in queries[-1]["sql"]
    translation.deactivate()


def test_rare_matches_among_many_rows_of_a_value_are_sorted_not_walked(make_project, org_a):
    from projects.selectors import FACET_WALK_SHARE

    make_project(org_a)
    savannakhet, education = Province.objects.get(code="LA13"), SectorGroup.objects.get(code="EDSP")
    base = Project.objects.visible_to(ANONYMOUS)
    sizes = {"province": {savannakhet.pk: 10_000}, "sector": {education.pk: 20_000}}

    def walked(query: ProjectQuery, total: int | None) -> str:
        listed = listed_in_order(query, base, "title_en_sort", total=total, sizes=sizes)
        return "projectfacet" in str(listed.query) and str(listed.query)

    in_province = ProjectQuery(province="LA13", year="2024")
    assert not walked(in_province, 10_000 // FACET_WALK_SHARE - 1)  # rarer than one in FACET_WALK_SHARE
    assert walked(in_province, 10_000 // FACET_WALK_SHARE)
    assert walked(in_province, None)  # many
    # A topic's rows are walked before a place's, though it has more: titles cluster by topic.
    both = walked(ProjectQuery(province="LA13", sector="EDSP"), None)
    assert f'{ProjectFacet._meta.db_table}"."value" = {education.pk}' in both
    assert not walked(ProjectQuery(province="LA13", org=org_a.slug), None)  # one organization's: sorted
    assert not walked(ProjectQuery(province="LA13", sort="newest"), None)  # dates: the projects' index


@pytest.mark.parametrize(
    "query",
    [
        ProjectQuery(),
        ProjectQuery(theme="HEALTH"),
        ProjectQuery(province="LA13", sector="FARD", year="2024"),
        ProjectQuery(province="LA06", district="LA0601", status="ongoing"),
        ProjectQuery(sdg="3", outcome="NSEDP9-2", partner="mekong community fund (demo)"),
    ],
    ids=["none", "theme", "province-sector-year", "district-status", "goal-outcome-partner"],
)
def test_the_number_beside_each_filter_value_is_the_number_listed_when_it_is_chosen(query, org_a, org_b):
    from dataclasses import replace

    from projects.selectors import build_facets, facet_counts

    seed_bulk(projects=300, rng=random.Random(7), stdout=StringIO(), batch=150)
    base = Project.objects.visible_to(ANONYMOUS)
    counts = facet_counts(query, base)
    assert counts["total"] == query.filtered(base).count()
    checked = 0
    for facet in build_facets(query, counts):
        if facet.name == "province" and query.district:
            continue  # another province with this district lists nothing; its number is without it
        for option in facet.options:
            chosen = replace(query, **{facet.name: option.value})
            chosen.__dict__.pop("_ids", None)
            assert option.count == chosen.filtered(base).count(), (facet.name, option.value)
            checked += option.count
    assert checked > counts["total"]
