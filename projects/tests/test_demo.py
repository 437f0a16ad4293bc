"""The demo seed: projects across provinces and sectors, one past round with accepted reports (for the
dashboards) and one open round the demo editor can fill in; idempotent. The bulk seed for benchmarks."""

import random
from io import StringIO

import pytest

from projects.demo import seed_bulk, seed_demo
from projects.models import Project, Report, ReportingRound

pytestmark = pytest.mark.django_db


def test_it_seeds_projects_and_rounds_once(settings, personas, org_a, org_b, client):
    settings.DEV = True
    seed_demo(rng=random.Random(1), stdout=StringIO())
    assert Project.objects.filter(organization=org_a).count() >= 2
    past, current = ReportingRound.objects.order_by("period_end")
    assert past.status == ReportingRound.Status.CLOSED
    assert set(past.reports.values_list("status", flat=True)) == {Report.Status.ACCEPTED}
    assert past.rates.filter(currency="USD").exists()
    assert current.status == ReportingRound.Status.OPEN and current.reports.count() == 2
    projects, rounds = Project.objects.count(), ReportingRound.objects.count()
    out = StringIO()
    seed_demo(rng=random.Random(2), stdout=out)
    assert (Project.objects.count(), ReportingRound.objects.count()) == (projects, rounds)
    assert "exist already" in out.getvalue()
    assert client.get("/en/projects/").status_code == 200


def test_it_bulk_seeds_projects_for_benchmarks(org_a, org_b, client):
    assert seed_bulk(projects=120, rng=random.Random(3), stdout=StringIO(), batch=50) == 120
    assert Project.objects.count() == 120
    assert not Project.objects.filter(locations=None).exists()
    page = client.get("/en/projects/?province=LA13").content.decode()
    assert "project" in page
