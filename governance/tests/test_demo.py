"""The demo: committee, seven sector groups with leadership and meetings, the register, elections."""

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from governance import services
from governance.demo import seed_demo
from governance.models import CommitteeTerm, Decision, Election, Meeting, Person, SectorLeadership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    call_command("seed_demo", stdout=StringIO())  # demo accounts and organizations
    seed_demo(rng=random.Random(7))


def test_it_seeds_every_part_of_governance_once_and_shows_it(demo):
    people = Person.objects.count()
    seed_demo(rng=random.Random(8))
    assert Person.objects.count() == people
    assert all("(demo)" in person.name_en and "(demo)" in person.name_lo for person in Person.objects.all())

    term = CommitteeTerm.objects.get(ends_on__isnull=True)
    assert term.seats.filter(status="filled").count() == 11
    assert (
        SectorLeadership.objects.current().filter(role="head").values("sector_group").distinct().count() == 7
    )
    assert Meeting.objects.filter(is_demo=True, attendance_total__isnull=False).count() >= 8
    assert Meeting.objects.upcoming().filter(is_demo=True).exists()
    assert Meeting.objects.filter(visibility="members").exists()
    assert Decision.objects.order_by("issued_on").first().number == "12/ກພລ"

    finished = Election.objects.get(status="closed")
    assert services.election_recount(finished) == services.published_tally(finished)
    assert finished.leadership.get().role == "head"
    assert Election.objects.get(status="open").voting_now
    assert Election.objects.filter(status="draft").exists()

    # The pages show the committee, the groups and the finished election (one seed for both: it is slow).
    client = Client()
    overview = client.get("/en/governance/").content.decode()
    assert "Coordination committee 2021" in overview and "Head not recorded" not in overview
    finished = Election.objects.get(status="closed")
    page = client.get(f"/en/governance/elections/{finished.pk}/").content.decode()
    assert "Result published" in page and "ballots cast" in page
    group = client.get(f"/en/governance/sectors/{finished.sector_group.code}/").content.decode()
    assert finished.leadership.get().person.name_en in group
