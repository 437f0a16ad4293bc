"""The counts beside the projects list from the tally's bit sets: the same numbers as counting the
rows in SQL, for every level of viewer; current again once the data changed and the stale window
passed; rebuilt in the background when a build is slow."""

import random
import threading
from io import StringIO

import pytest
from django.core.cache import cache

from directory.models import Organization, Visibility
from directory.visibility import ANONYMOUS, Viewer
from projects import selectors, tally
from projects.demo import seed_bulk
from projects.models import Project
from projects.selectors import ProjectQuery, facet_counts, list_summary, tallied_counts

pytestmark = pytest.mark.django_db

MEMBER = Viewer(Visibility.MEMBERS, frozenset(), frozenset())
SECRETARIAT = Viewer(Visibility.SECRETARIAT, frozenset(), frozenset())


def comparable(counts: dict) -> dict:
    return {**counts, "year_spans": sorted(counts.get("year_spans", []))}


@pytest.mark.parametrize(
    "ids", [[], [0], [1, 2, 3], [5, 64, 1_000_003, 7], list(range(0, 3000, 3))], ids=repr
)
def test_bits_hold_the_ids_they_are_made_of(ids):
    bits = tally.bits_of(ids)
    assert tally.ids_in(bits) == sorted(ids)
    assert bits.bit_count() == len(ids)


@pytest.mark.parametrize("partners_by", ["ids", "bits"])
def test_the_tally_counts_what_sql_counts_at_every_level(org_a, org_b, monkeypatch, partners_by):
    seed_bulk(projects=400, rng=random.Random(11), stdout=StringIO(), batch=200)
    # Some projects only members or the secretariat see; an organization that left is hidden from
    # all but the secretariat.
    projects = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    Project.objects.filter(pk__in=projects[::7]).update(visibility=Visibility.MEMBERS)
    Project.objects.filter(pk__in=projects[::11]).update(visibility=Visibility.SECRETARIAT)
    left = Organization.objects.filter(projects__isnull=False).distinct().first()
    Organization.objects.filter(pk=left.pk).update(status=Organization.Status.FORMER)
    if partners_by == "ids":  # one partner held as bits: the others are counted in SQL
        monkeypatch.setattr(tally, "PARTNER_BITS", 1)
    queries = [
        ProjectQuery(),
        ProjectQuery(province="LA13"),
        ProjectQuery(province="LA06", district="LA0601", status="ongoing"),
        ProjectQuery(theme="HEALTH", sdg="3", year="2024"),
        ProjectQuery(outcome="NSEDP9-2", partner="mekong community fund (demo)"),
        ProjectQuery(sector="FARD", org=left.slug),
        # Codes that name nothing match nothing.
        ProjectQuery(province="LA99"),
        ProjectQuery(sdg="99", partner="nobody"),
        ProjectQuery(outcome="NSEDP9-x", year="1999"),
    ]
    checked = 0
    for viewer in (ANONYMOUS, MEMBER, SECRETARIAT):
        base = Project.objects.visible_to(viewer)
        for query in queries:
            expected = comparable(facet_counts(query, base))
            assert comparable(tallied_counts(query, viewer)) == expected, (viewer.clearance, query)
            checked += expected["total"]
    assert checked > 0


def test_beyond_a_few_projects_the_most_common_partners_are_ranked(org_a, org_b, monkeypatch):
    seed_bulk(projects=200, rng=random.Random(3), stdout=StringIO(), batch=200)
    sql = facet_counts(ProjectQuery(), Project.objects.visible_to(ANONYMOUS))["partner"]
    monkeypatch.setattr(tally, "PARTNERS_BY_IDS_UP_TO", 0)
    monkeypatch.setattr(tally, "PARTNER_BITS", 2)
    # Only the two most common partners of all projects are held as bits: they are counted exactly,
    # the others are not ranked. A partner chosen still filters (its projects are read).
    ranked = tallied_counts(ProjectQuery(), ANONYMOUS)["partner"]
    common = tally.current_tally(ANONYMOUS).partners
    assert len(common) == 2 and len(sql) > 2
    assert ranked == [row for row in sql if row[0] in common]
    rare_key, _label, rare_n = next(row for row in sql if row[0] not in common)
    assert tallied_counts(ProjectQuery(partner=rare_key), ANONYMOUS)["total"] == rare_n


def test_partners_are_ranked_from_bits_when_no_other_partner_could_be_shown(
    make_project, org_a, monkeypatch, django_assert_num_queries
):
    for name in ["Big Donor"] * 3 + ["Small Donor"]:
        make_project(org_a, partners=[{"role": "donor", "name": name}])
    monkeypatch.setattr(tally, "PARTNER_BITS", 1)
    built = tally.current_tally(ANONYMOUS)
    found = built.listed[Visibility.PUBLIC]
    assert [key for key in built.partners] == ["big donor"] and built.others_most == 1
    with django_assert_num_queries(0):  # the one shown has 3, no other partner more than 1
        assert tally.partner_counts(found, built, 1) == [("big donor", "Big Donor", 3)]
    with django_assert_num_queries(1):  # a second place: any other partner could take it
        assert tally.partner_counts(found, built, 2) == [
            ("big donor", "Big Donor", 3),
            ("small donor", "Small Donor", 1),
        ]


def test_after_a_change_the_counts_stand_until_the_stale_window_passes(
    make_project, org_a, monkeypatch, committed
):
    with committed():
        make_project(org_a, data={"title_en": "First"})

    def total() -> int:
        query = ProjectQuery()
        return list_summary(query, Project.objects.visible_to(ANONYMOUS), ANONYMOUS)[0]

    assert total() == 1
    with committed():
        make_project(org_a, data={"title_en": "Second"})
    assert total() == 1  # a busy round does not recount on every save
    monkeypatch.setattr(tally, "STALE_COUNTS_SECONDS", 0)
    monkeypatch.setattr(selectors, "STALE_COUNTS_SECONDS", 0)
    assert total() == 2


@pytest.mark.django_db(transaction=True)
def test_a_slow_build_is_redone_in_the_background_while_the_previous_tally_serves(monkeypatch):
    from conftest import build_world
    from projects.services import project_create
    from projects.tests.conftest import project_input

    build_world()  # transactional tests start from empty tables
    org_a = Organization.objects.get(acronym="BNCDA")
    cache.clear()
    project_create(organization=org_a, by=None, **project_input(data={"title_en": "First"}))
    monkeypatch.setattr(tally, "STALE_COUNTS_SECONDS", 0)
    first = tally.current_tally(ANONYMOUS)
    assert first.listed[Visibility.PUBLIC].bit_count() == 1
    monkeypatch.setattr(tally, "BACKGROUND_FROM", 0)  # every build counts as slow

    project_create(organization=org_a, by=None, **project_input(data={"title_en": "Second"}))
    assert tally.current_tally(ANONYMOUS) is first  # served at once, while the new one builds
    for thread in threading.enumerate():
        if thread.name == "projects-tally":
            thread.join(timeout=30)
    fresh = tally.current_tally(ANONYMOUS)
    assert fresh is not first and fresh.listed[Visibility.PUBLIC].bit_count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_web_process_builds_its_tally_as_it_starts(monkeypatch):
    from conftest import build_world
    from projects.services import project_create
    from projects.tests.conftest import project_input

    build_world()
    org_a = Organization.objects.get(acronym="BNCDA")
    project_create(organization=org_a, by=None, **project_input(data={"title_en": "First"}))
    monkeypatch.setattr(tally, "_current", None)
    tally.warm_up()
    for thread in threading.enumerate():
        if thread.name == "projects-tally":
            thread.join(timeout=30)
    assert tally._current is not None and tally._current.listed[Visibility.PUBLIC].bit_count() == 1
