"""Elections: one member organization, one ballot, through its representative; results after the close."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from core.models import AuditEvent
from directory.models import Organization, OrganizationRole
from governance import services
from governance.models import (
    Ballot,
    BallotChoice,
    Candidate,
    CommitteeSeat,
    Election,
    ElectionTally,
    SectorLeadership,
    VoteRecord,
)
from governance.tests.conftest import candidates_of, end_voting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages matched below are the English ones; the platform's default language is Lao, so
    without this the tests passed only after another test had left English active."""
    with translation.override("en"):
        yield


@pytest.fixture
def voters(make_member, org_a, personas):
    """org_a (editor A owns it, FARD) and two more FARD members with owners."""
    second, third = make_member("SEC"), make_member("THI")
    return [(org_a, personas.editor_a), (second.org, second.owner), (third.org, third.owner)]


def cast(election, voter, *candidates):
    organization, user = voter
    services.ballot_cast(
        election=election, organization=organization, candidate_ids=[c.pk for c in candidates], by=user
    )


def test_it_refuses_to_open_an_election_without_a_candidate_who_accepted(
    make_election, personas, org_a, make_person
):
    election = make_election(open_now=False)
    with pytest.raises(ValidationError, match="at least one candidate"):
        services.election_open(election=election, by=personas.secretariat)
    services.candidate_nominate(election=election, person=make_person(org_a), by=personas.secretariat)
    with pytest.raises(ValidationError, match="at least one candidate"):  # nominated, not accepted
        services.election_open(election=election, by=personas.secretariat)
    election.refresh_from_db()
    assert election.status == Election.Status.DRAFT and not election.roll.exists()


def test_it_shows_the_refusal_on_the_page_when_the_secretariat_opens_an_empty_election(
    make_election, client_as, personas
):
    election = make_election(open_now=False)
    client = client_as(personas.secretariat)
    response = client.post(f"/en/governance/elections/{election.pk}/open/", follow=True)
    assert "at least one candidate who has accepted" in response.content.decode()
    election.refresh_from_db()
    assert election.status == "draft"


def test_it_runs_an_election_to_a_new_head_who_takes_office(make_election, voters, personas, fard, history):
    election = make_election(candidates=[voters[1][0], voters[2][0]])
    first, second = candidates_of(election)
    assert election.roll.count() == 3  # the active FARD members when voting opened
    cast(election, voters[0], first)
    cast(election, voters[1], first)
    cast(election, voters[2], second)
    services.election_close(election=election, by=personas.secretariat)  # early: everyone has voted
    election.refresh_from_db()
    assert election.status == "closed" and election.ballots_cast == 3 and election.blank_ballots == 0
    assert {t.candidate_id: (t.votes, t.elected) for t in election.tallies.all()} == {
        first.pk: (2, True),
        second.pk: (1, False),
    }
    head = SectorLeadership.objects.current().get(sector_group=fard, role="head")
    assert head.person == first.person and head.election == election
    seat = CommitteeSeat.objects.get(term__ends_on__isnull=True, sector_group=fard)
    assert seat.holder == first.person and seat.status == "filled"
    actions = list(AuditEvent.objects.filter(target_id=str(election.pk)).values_list("action", flat=True))
    assert {"election.create", "election.open", "election.close"} <= set(actions)
    assert actions.count("election.ballot_cast") == 3


def test_it_never_writes_the_choice_into_the_audit_log(make_election, voters):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    cast(election, voters[0], candidate)
    event = AuditEvent.objects.get(action="election.ballot_cast")
    assert event.details == {"organization": voters[0][0].pk}  # who voted, never for whom


def test_it_refuses_a_ballot_after_the_close_and_stores_nothing(make_election, voters, personas):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    end_voting(election)
    with pytest.raises(ValidationError, match="has closed"):
        cast(election, voters[0], candidate)
    services.election_close(election=election, by=personas.secretariat)
    with pytest.raises(ValidationError, match="has closed"):
        cast(election, voters[1], candidate)
    assert not Ballot.objects.exists() and not VoteRecord.objects.exists()


def test_it_refuses_a_second_ballot_from_the_same_organization(make_election, voters):
    election = make_election(candidates=[voters[1][0], voters[2][0]])
    first, second = candidates_of(election)
    cast(election, voters[0], first)
    with pytest.raises(ValidationError, match="already voted"):
        cast(election, voters[0], second)
    assert Ballot.objects.filter(election=election).count() == 1
    assert BallotChoice.objects.filter(candidate=second).count() == 0


def test_it_refuses_the_representative_of_an_organization_that_is_not_an_active_member(
    make_election, voters, make_member, personas
):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    suspended = voters[2]
    Organization.objects.filter(pk=suspended[0].pk).update(status=Organization.Status.SUSPENDED)
    with pytest.raises(ValidationError, match="not an active member"):
        cast(election, suspended, candidate)
    applicant = make_member("APP", status=Organization.Status.APPLICANT)
    with pytest.raises(ValidationError, match="not an active member"):
        cast(election, (applicant.org, applicant.owner), candidate)
    with pytest.raises(ValidationError, match="Only active member organizations vote"):
        services.representative_designate(
            organization=applicant.org, user=applicant.owner, by=applicant.owner
        )
    assert not Ballot.objects.exists()


def test_it_accepts_only_the_designated_representative_once_there_is_one(
    make_election, voters, personas, org_a
):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    from accounts.services import user_create

    colleague = user_create(email="colleague@bncda.example.org", password=None)
    OrganizationRole.objects.create(organization=org_a, user=colleague, kind=OrganizationRole.Kind.EDITOR)
    with pytest.raises(ValidationError, match="not the voting representative"):  # an editor, not the owner
        services.ballot_cast(
            election=election, organization=org_a, candidate_ids=[candidate.pk], by=colleague
        )
    services.representative_designate(organization=org_a, user=colleague, by=personas.editor_a)
    with pytest.raises(ValidationError, match="not the voting representative"):  # the owner has handed over
        services.ballot_cast(
            election=election, organization=org_a, candidate_ids=[candidate.pk], by=personas.editor_a
        )
    services.ballot_cast(election=election, organization=org_a, candidate_ids=[candidate.pk], by=colleague)
    assert VoteRecord.objects.get(election=election).cast_by == colleague


def test_it_refuses_an_organization_outside_the_group(make_election, voters, org_b, personas):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    with pytest.raises(ValidationError, match="not on the roll"):  # org B is in Education & Sports
        cast(election, (org_b, personas.editor_b), candidate)


def test_it_refuses_a_candidate_from_outside_the_electorate(make_election, org_b, make_person, personas):
    election = make_election(open_now=False)
    with pytest.raises(ValidationError, match="Candidates must come from"):
        services.candidate_nominate(election=election, person=make_person(org_b), by=personas.secretariat)
    assert not Candidate.objects.exists()


def test_it_keeps_the_roll_fixed_when_voting_opens(make_election, voters, make_member):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    late = make_member("LATE")  # joins the group after voting opened
    with pytest.raises(ValidationError, match="not on the roll"):
        cast(election, (late.org, late.owner), candidate)


def test_it_shows_no_count_before_the_close(make_election, voters, client_as, personas):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    cast(election, voters[0], candidate)
    page = client_as(personas.secretariat).get(f"/en/governance/elections/{election.pk}/").content.decode()
    assert "The count is made and published when voting closes" in page
    assert "ballots cast" not in page and not ElectionTally.objects.exists()
    assert election.ballots_cast is None


def test_it_closes_before_the_closing_time_only_when_everyone_has_voted(make_election, voters, personas):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    cast(election, voters[0], candidate)
    with pytest.raises(ValidationError, match="still under way"):
        services.election_close(election=election, by=personas.secretariat)
    end_voting(election)
    services.election_close(election=election, by=personas.secretariat)
    election.refresh_from_db()
    assert election.status == "closed" and election.ballots_cast == 1


def test_it_leaves_a_tie_to_the_drawing_of_lots_and_records_it(make_election, voters, personas, fard):
    election = make_election(candidates=[voters[1][0], voters[2][0]], tie_rule="lots")
    first, second = candidates_of(election)
    cast(election, voters[0], first)
    cast(election, voters[1], second)
    cast(election, voters[2])  # a blank ballot
    services.election_close(election=election, by=personas.secretariat)
    election.refresh_from_db()
    assert election.status == "tie" and election.blank_ballots == 1
    assert not SectorLeadership.objects.filter(sector_group=fard).exists()
    with pytest.raises(ValidationError):
        services.election_resolve_tie(
            election=election, winner_ids=[second.pk], note="", by=personas.secretariat
        )
    services.election_resolve_tie(
        election=election,
        winner_ids=[second.pk],
        note="Lots drawn at the meeting, witnessed by two members.",
        by=personas.secretariat,
    )
    election.refresh_from_db()
    assert election.status == "closed" and "witnessed" in election.tie_note
    assert SectorLeadership.objects.current().get(sector_group=fard, role="head").person == second.person


def test_it_resolves_a_tie_by_seniority_when_the_rule_says_so(make_election, voters, personas, fard):
    from directory.models import MembershipEvent

    election = make_election(candidates=[voters[1][0], voters[2][0]], tie_rule="seniority")
    first, second = candidates_of(election)
    # The second candidate's organization has been a member longer.
    MembershipEvent.objects.filter(organization=voters[2][0], status="active").update(
        at="2015-01-01T00:00:00Z"
    )
    cast(election, voters[0], first)
    cast(election, voters[1], second)
    cast(election, voters[2])
    services.election_close(election=election, by=personas.secretariat)
    election.refresh_from_db()
    assert election.status == "closed" and "2015-01-01" in election.tie_note
    assert SectorLeadership.objects.current().get(sector_group=fard, role="head").person == second.person


def test_it_elects_several_deputies_with_up_to_that_many_choices(
    make_election, voters, personas, fard, make_person
):
    election = make_election(
        candidates=[voters[0][0], voters[1][0], voters[2][0]], kind="sector_deputy", seats=2
    )
    a, b, c = candidates_of(election)
    with pytest.raises(ValidationError, match="at most 2"):
        cast(election, voters[0], a, b, c)
    cast(election, voters[0], a, b)
    cast(election, voters[1], a, c)
    cast(election, voters[2], a, b)
    services.election_close(election=election, by=personas.secretariat)
    deputies = SectorLeadership.objects.current().filter(sector_group=fard, role="deputy")
    assert {row.person_id for row in deputies} == {a.person_id, b.person_id}


def test_its_recount_equals_the_published_tally(make_election, voters, personas, make_member):
    more = [voters[0], voters[1], voters[2]] + [
        (m.org, m.owner) for m in (make_member(f"M{n}") for n in range(4))
    ]
    election = make_election(
        candidates=[voters[0][0], voters[1][0], voters[2][0]], kind="sector_deputy", seats=2
    )
    a, b, c = candidates_of(election)
    for voter, choice in zip(more, [(a, b), (b,), (c, a), (), (a,), (b, c), (a, c)], strict=True):
        cast(election, voter, *choice)
    services.election_close(election=election, by=personas.secretariat)
    election.refresh_from_db()
    recount = services.election_recount(election)
    assert recount == services.published_tally(election)
    assert recount == {"ballots": 7, "blank": 1, "votes": {a.pk: 4, b.pk: 3, c.pk: 3}}


def test_it_stores_ballots_with_nothing_that_links_them_to_an_organization(make_election, voters):
    """Ballot secrecy: no column of a ballot or its choices points at an organization, a user or a
    time; the record of who voted points at no ballot; keys and storage order are redrawn at every
    ballot, so they do not follow the order of voting that the audit log records."""
    for model in (Ballot, BallotChoice):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField), field
            if field.is_relation:
                assert field.related_model._meta.label in {
                    "governance.Election",
                    "governance.Ballot",
                    "governance.Candidate",
                }
    assert all(not f.is_relation or f.related_model is not Ballot for f in VoteRecord._meta.concrete_fields)

    election = make_election(candidates=[voters[1][0], voters[2][0]])
    first, second = candidates_of(election)
    cast(election, voters[0], first)
    keys_after_first = set(Ballot.objects.values_list("id", flat=True))
    cast(election, voters[1], second)
    keys_after_second = set(Ballot.objects.values_list("id", flat=True))
    assert len(keys_after_second) == 2 and not keys_after_first & keys_after_second


def test_it_destroys_uncounted_ballots_when_an_election_is_cancelled(make_election, voters, personas):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    cast(election, voters[0], candidate)
    with pytest.raises(ValidationError):
        services.election_cancel(election=election, reason=" ", by=personas.secretariat)
    services.election_cancel(election=election, reason="The meeting was postponed.", by=personas.secretariat)
    assert not Ballot.objects.exists() and VoteRecord.objects.count() == 1
    with pytest.raises(ValidationError, match="cancelled"):
        cast(election, voters[1], candidate)


def test_it_lets_a_representative_vote_on_the_page_without_repeating_the_choice(
    make_election, voters, client_as, personas
):
    election = make_election(candidates=[voters[1][0], voters[2][0]])
    first, _second = candidates_of(election)
    client = client_as(personas.editor_a)
    page = client.get(f"/en/governance/elections/{election.pk}/").content.decode()
    assert "Your ballot" in page and "Candidate 1" in page and "Who can see what" in page
    response = client.post(
        f"/en/governance/elections/{election.pk}/vote/",
        {"organization": voters[0][0].pk, "choice": str(first.pk)},
        follow=True,
    )
    page = response.content.decode()
    assert "has been recorded" in page and "has voted in this election" in page
    assert "Your ballot" not in page  # no second ballot form
    again = client.post(
        f"/en/governance/elections/{election.pk}/vote/",
        {"organization": voters[0][0].pk, "choice": str(first.pk)},
        follow=True,
    ).content.decode()
    assert "already voted in this election" in again
    assert Ballot.objects.count() == 1


def test_it_asks_for_a_choice_or_a_blank_ballot(make_election, voters, client_as, personas):
    election = make_election(candidates=[voters[1][0]])
    response = client_as(personas.editor_a).post(
        f"/en/governance/elections/{election.pk}/vote/", {"organization": voters[0][0].pk}
    )
    assert response.status_code == 400
    assert "Choose a candidate, or tick the box for a blank ballot" in response.content.decode()
    assert not Ballot.objects.exists()


def test_it_tells_an_editor_who_is_not_the_representative_why_they_cannot_vote(
    make_election, voters, client_as, org_a
):
    from accounts.services import user_create

    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    editor = user_create(email="another.editor@bncda.example.org", password=None)
    OrganizationRole.objects.create(organization=org_a, user=editor, kind=OrganizationRole.Kind.EDITOR)
    client = client_as(editor)
    assert "Your ballot" not in client.get(f"/en/governance/elections/{election.pk}/").content.decode()
    page = client.post(
        f"/en/governance/elections/{election.pk}/vote/",
        {"organization": org_a.pk, "choice": str(candidate.pk)},
        follow=True,
    ).content.decode()
    assert "You are not the voting representative" in page
    assert not Ballot.objects.exists()


def test_it_shows_members_only_elections_to_members_and_the_result_after_the_close(
    make_election, voters, client, client_as, personas
):
    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    assert client.get(f"/en/governance/elections/{election.pk}/").status_code == 404
    assert client_as(personas.visitor).get(f"/en/governance/elections/{election.pk}/").status_code == 404
    cast(election, voters[0], candidate)
    end_voting(election)
    services.election_close(election=election, by=personas.secretariat)
    page = client_as(personas.editor_b).get(f"/en/governance/elections/{election.pk}/").content.decode()
    assert "1 ballots cast, 0 of them blank" in page and "Elected" in page


def test_a_scheduled_job_closes_elections_whose_voting_time_has_ended(make_election, voters):
    from io import StringIO

    from django.core.management import call_command

    election = make_election(candidates=[voters[1][0]])
    (candidate,) = candidates_of(election)
    cast(election, voters[0], candidate)
    call_command("close_elections", stdout=StringIO())
    election.refresh_from_db()
    assert election.status == "open"  # two organizations have not voted and there is time left
    end_voting(election)
    call_command("close_elections", stdout=StringIO())
    election.refresh_from_db()
    assert election.status == "closed" and election.ballots_cast == 1
    assert AuditEvent.objects.get(action="election.close", target_id=str(election.pk)).actor_id is None


def test_it_tells_an_owner_who_casts_the_organizations_ballot(
    make_election, voters, client_as, personas, org_a
):
    election = make_election(candidates=[voters[1][0]])
    page = client_as(personas.editor_a).get(f"/en/governance/elections/{election.pk}/").content.decode()
    assert f"casts the ballot of {org_a.name_en}" in page
    assert f"/en/governance/representatives/{org_a.slug}/" in page
