"""Who may open which governance page: every URL × 7 actors against the written policy below.
A record the actor may not see is a 404, an action they may not take a 403, and anonymous actors
are sent to sign in for pages that need an account."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from governance import services
from governance.models import CommitteeSeat, Election, Meeting

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "visitor", "editor_a", "editor_b", "sector_head", "committee", "secretariat"]
ALL = dict.fromkeys(ACTORS, 200)
SIGN_IN = 302


def policy(default: int, **exceptions) -> dict:
    statuses = dict.fromkeys(ACTORS, default)
    statuses["anonymous"] = SIGN_IN
    statuses.update(exceptions)
    return statuses


SECRETARIAT_ONLY = policy(403, secretariat=200)
MEETING_MANAGERS = policy(403, secretariat=200, sector_head=200)  # a FARD meeting; the persona heads FARD
MEMBERS = dict(ALL, anonymous=404, visitor=404)
MEMBERS_ELECTION = dict(MEMBERS, sector_head=404)  # the sector head persona works for no member organization


@pytest.fixture
def world(history, make_meeting, make_election, personas, org_a, fard):
    public = make_meeting(starts_at=timezone.now() - timedelta(hours=1))
    members = make_meeting(visibility="members", title_en="Members meeting")
    decision = services.decision_create(
        data={
            "number": "1/T",
            "issued_on": date(2025, 1, 1),
            "issuing_body_en": "Secretariat",
            "title_en": "Public notice",
            "visibility": "public",
        },
        by=personas.secretariat,
    )
    draft = make_election(open_now=False)
    person = services.person_create(organization=org_a, data={"name_en": "Head"}, by=None)
    leadership = services.leadership_record(
        sector_group=fard, person=person, role="head", starts_on=date(2024, 1, 1), by=personas.secretariat
    )
    return {
        "public": public.pk,
        "members": members.pk,
        "decision": decision.pk,
        "draft": draft.pk,
        "seat": CommitteeSeat.objects.filter(term__starts_on__year=2021).first().pk,
        "leadership": leadership.pk,
        "org": org_a.slug,
    }


def pages(w: dict) -> list[tuple[str, dict]]:
    m, mm, d, e = w["public"], w["members"], w["decision"], w["draft"]
    return [
        ("/en/governance/", ALL),
        ("/en/governance/committee/", ALL),
        ("/en/governance/committee/terms/", ALL),
        ("/en/governance/sectors/", ALL),
        ("/en/governance/sectors/FARD/", ALL),
        ("/en/governance/meetings/", ALL),
        ("/en/governance/meetings/feed.ics", ALL),
        (f"/en/governance/meetings/{m}/", ALL),
        (f"/en/governance/meetings/{m}/meeting.ics", ALL),
        (f"/en/governance/meetings/{mm}/", dict(MEMBERS, sector_head=200)),
        ("/en/governance/decisions/", ALL),
        (f"/en/governance/decisions/{d}/", ALL),
        ("/en/governance/elections/", ALL),
        (f"/en/governance/elections/{e}/", MEMBERS_ELECTION),
        ("/en/governance/meetings/new/", MEETING_MANAGERS),
        (f"/en/governance/meetings/{m}/edit/", MEETING_MANAGERS),
        (f"/en/governance/meetings/{m}/attendance/", MEETING_MANAGERS),
        (f"/en/governance/meetings/{m}/minutes/", MEETING_MANAGERS),
        (f"/en/governance/meetings/{m}/resolutions/", MEETING_MANAGERS),
        (f"/en/governance/meetings/{m}/register/", policy(403, editor_a=200, editor_b=200)),
        ("/en/governance/sectors/FARD/edit/", MEETING_MANAGERS),
        ("/en/governance/sectors/EDSP/edit/", SECRETARIAT_ONLY),
        ("/en/governance/sectors/FARD/leadership/new/", SECRETARIAT_ONLY),
        (f"/en/governance/leadership/{w['leadership']}/end/", SECRETARIAT_ONLY),
        (f"/en/governance/committee/seats/{w['seat']}/", SECRETARIAT_ONLY),
        ("/en/governance/decisions/new/", SECRETARIAT_ONLY),
        (f"/en/governance/decisions/{d}/edit/", SECRETARIAT_ONLY),
        ("/en/governance/elections/new/", SECRETARIAT_ONLY),
        (f"/en/governance/elections/{e}/edit/", policy(403, visitor=404, sector_head=404, secretariat=200)),
        (f"/en/governance/elections/{e}/cancel/", policy(403, visitor=404, sector_head=404, secretariat=200)),
        (
            f"/en/governance/elections/{e}/nominate/",
            policy(403, visitor=404, sector_head=404, editor_a=200, secretariat=200),
        ),
        (f"/en/governance/representatives/{w['org']}/", policy(403, editor_a=200, secretariat=200)),
    ]


def client_for(actor: str, personas) -> Client:
    client = Client()
    if actor != "anonymous":
        client.force_login(getattr(personas, actor))
    return client


@pytest.mark.parametrize("actor", ACTORS)
def test_it_answers_every_page_as_the_policy_says(actor, world, personas):
    client = client_for(actor, personas)
    wrong = []
    for url, statuses in pages(world):
        status = client.get(url).status_code
        if status != statuses[actor]:
            wrong.append((url, status, statuses[actor]))
    assert wrong == []


@pytest.mark.parametrize("actor", ["anonymous", "visitor", "editor_a", "sector_head", "committee"])
def test_it_refuses_election_and_meeting_actions_to_everyone_but_their_managers(actor, world, personas):
    client = client_for(actor, personas)
    for url in [
        f"/en/governance/elections/{world['draft']}/open/",
        f"/en/governance/elections/{world['draft']}/close/",
        f"/en/governance/elections/{world['draft']}/cancel/",
    ]:
        assert client.post(url, {"reason": "x"}).status_code in {302, 403, 404}
    assert Election.objects.get(pk=world["draft"]).status == "draft"
    if actor != "sector_head":  # the sector head manages FARD meetings
        client.post(f"/en/governance/meetings/{world['public']}/cancel/")
        assert Meeting.objects.get(pk=world["public"]).status == "scheduled"


def test_it_never_changes_anything_on_a_get(world, personas):
    client = client_for("secretariat", personas)
    for url in [
        f"/en/governance/elections/{world['draft']}/open/",
        f"/en/governance/meetings/{world['public']}/cancel/",
    ]:
        assert client.get(url).status_code == 405
    assert Election.objects.get(pk=world["draft"]).status == "draft"
