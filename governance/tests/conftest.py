"""Governance test helpers: meetings, people, member organizations with a voting representative, and
elections ready to vote in."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone


@pytest.fixture
def history(db):
    from governance.reference import committee_history_load

    committee_history_load()


@pytest.fixture
def fard(db):
    from core.models import SectorGroup

    return SectorGroup.objects.get(code="FARD")


@pytest.fixture
def make_meeting(personas):
    """make_meeting(**fields) schedules a meeting through the service, as the secretariat."""
    from core.models import Province, SectorGroup
    from governance import services

    def make(by=None, organizers=(), **fields):
        start = fields.pop("starts_at", timezone.now() + timedelta(days=7))
        data = {
            "kind": "sector_group",
            "sector_group": SectorGroup.objects.get(code="FARD"),
            "title_lo": "ກອງປະຊຸມກຸ່ມກະສິກຳ",
            "title_en": "FARD group meeting",
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "province": Province.objects.get(code="LA01"),
            "venue_lo": "ຫ້ອງປະຊຸມ",
            "venue_en": "Meeting room",
            "agenda_en": "1. Reports\n2. Work plan",
            "visibility": "public",
            "minutes_visibility": "members",
            "registration_open": True,
        }
        data.update(fields)
        return services.meeting_create(
            data=data, organizer_organizations=organizers, by=by or personas.secretariat
        )

    return make


@pytest.fixture
def make_member(db):
    """make_member(acronym, group_code) creates an active member organization of that sector group
    with an owner account (its voting representative by default)."""
    from accounts.services import user_create
    from core.models import Province, SectorGroup
    from directory.models import Organization, OrganizationRole
    from directory.services import organization_create

    def make(acronym: str, group: str = "FARD", status: str = Organization.Status.ACTIVE):
        sector = SectorGroup.objects.get(code=group)
        province = Province.objects.get(code="LA01")
        organization = organization_create(
            data={
                "name_lo": f"ສະມາຄົມ {acronym}",
                "name_en": f"{acronym} Association",
                "acronym": acronym,
                "head_office_province": province,
                "primary_sector_group": sector,
            },
            m2m={"provinces": [province], "sector_groups": [sector]},
            status=status,
            by=None,
        )
        owner = user_create(email=f"owner@{acronym.lower()}.example.org", password=None)  # no hashing: fast
        OrganizationRole.objects.create(
            organization=organization, user=owner, kind=OrganizationRole.Kind.OWNER
        )
        return SimpleNamespace(org=organization, owner=owner)

    return make


@pytest.fixture
def make_person(db):
    from governance import services

    def make(organization, name_en: str = "Ms Demo Candidate", **data):
        return services.person_create(
            organization=organization,
            data={"name_lo": data.pop("name_lo", "ນາງ ທົດລອງ"), "name_en": name_en, "sex": "female", **data},
            by=None,
        )

    return make


@pytest.fixture
def make_election(personas, make_person, fard):
    """make_election(candidates=[org, …], **fields) prepares an election for the FARD head with
    accepted candidates (one person from each organization given) and opens it."""
    from governance import services

    def make(candidates=(), open_now: bool = True, **fields):
        now = timezone.now()
        data = {
            "kind": "sector_head",
            "sector_group": fard,
            "title_en": "Election of the FARD head",
            "title_lo": "ເລືອກຕັ້ງຫົວໜ້າກຸ່ມ",
            "opens_at": now - timedelta(minutes=5),
            "closes_at": now + timedelta(hours=2),
            "tie_rule": "lots",
            "visibility": "members",
        }
        data.update(fields)
        election = services.election_create(data=data, by=personas.secretariat)
        for number, organization in enumerate(candidates):
            candidate = services.candidate_nominate(
                election=election,
                person=make_person(
                    organization, name_en=f"Candidate {number + 1}", name_lo=f"ຜູ້ສະໝັກ {number + 1}"
                ),
                by=personas.secretariat,
            )
            services.candidate_respond(candidate=candidate, accept=True, by=personas.secretariat)
        if open_now:
            services.election_open(election=election, by=personas.secretariat)
        election.refresh_from_db()
        return election

    return make


def candidates_of(election) -> list:
    return list(election.candidates.order_by("pk"))


def end_voting(election) -> None:
    """Move the closing time into the past, as if the clock had run on."""
    from governance.models import Election

    now = timezone.now()
    Election.objects.filter(pk=election.pk).update(
        opens_at=now - timedelta(hours=3), closes_at=now - timedelta(seconds=1)
    )
    election.refresh_from_db()
