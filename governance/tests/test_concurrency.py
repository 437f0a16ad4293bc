"""Fifty parallel ballots from one organization: exactly one is counted (meaningful on PostgreSQL,
where transactions really overlap; SQLite serializes writers and must give the same answer)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from conftest import build_world

ATTEMPTS = 50


@pytest.mark.django_db(transaction=True)
def test_it_counts_one_ballot_when_one_organization_casts_fifty_at_once():
    from accounts.models import User
    from core.models import SectorGroup
    from directory.models import Organization
    from governance import services
    from governance.models import Ballot, BallotChoice, VoteRecord

    build_world()  # transactional tests start from empty tables
    secretariat = User.objects.get(email="secretariat@test.laocso.org")
    editor_a = User.objects.get(email="editor.a@test.laocso.org")
    org_a = Organization.objects.get(acronym="BNCDA")
    fard = SectorGroup.objects.get(code="FARD")
    person = services.person_create(organization=org_a, data={"name_en": "Ms Candidate"}, by=None)
    now = timezone.now()
    election = services.election_create(
        data={
            "kind": "sector_head",
            "sector_group": fard,
            "title_en": "Race",
            "opens_at": now - timedelta(minutes=1),
            "closes_at": now + timedelta(hours=1),
            "tie_rule": "lots",
            "visibility": "members",
        },
        by=secretariat,
    )
    candidate = services.candidate_nominate(election=election, person=person, by=secretariat)
    services.candidate_respond(candidate=candidate, accept=True, by=secretariat)
    services.election_open(election=election, by=secretariat)

    start = threading.Barrier(ATTEMPTS)
    # The test database on SQLite is in memory with a shared cache, where a second writer fails at once
    # instead of waiting; the file database in use waits (IMMEDIATE transactions, a busy timeout). So on
    # SQLite the attempts queue as they would there; on PostgreSQL they really race.
    queue = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def attempt(_number: int) -> str:
        try:
            start.wait(timeout=30)
            with queue:
                services.ballot_cast(
                    election=election, organization=org_a, candidate_ids=[candidate.pk], by=editor_a
                )
            return "counted"
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        outcomes = list(pool.map(attempt, range(ATTEMPTS)))

    assert outcomes.count("counted") == 1, outcomes
    assert set(outcomes) == {"counted", "already_voted"}, outcomes  # every other attempt gets a clear refusal
    assert VoteRecord.objects.filter(election=election).count() == 1
    assert Ballot.objects.filter(election=election).count() == 1
    assert BallotChoice.objects.filter(ballot__election=election).count() == 1
    services.election_close(election=election, by=secretariat)  # everyone on the roll (org A) voted
    election.refresh_from_db()
    assert services.election_recount(election) == services.published_tally(election)
    assert election.ballots_cast == 1
