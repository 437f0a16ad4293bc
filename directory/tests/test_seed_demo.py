import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import User
from core.models import District, Province
from directory.management.commands.seed_demo import PURPOSES, TYPES, demo_organizations
from directory.models import MembershipApplication, Organization, OrganizationRole
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

LAO_NAME = re.compile(r"^[\u0e80-\u0eff ]+$")
PATHS = [pytest.param([], id="services"), pytest.param(["--bulk"], id="bulk")]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The seed creates the demo accounts with a password; the production hasher takes ~0.3 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_rows() -> list[tuple]:
    return list(demo_organizations().order_by("pk").values_list(
        "slug", "name_lo", "name_en", "acronym", "registration_number", "status"))


def rows_of_a_fresh_seed(*args: str) -> list[tuple]:
    """Seed, read the organizations, and roll back, so the next seed starts from the same database."""
    with transaction.atomic():
        seed(*args)
        rows = demo_rows()
        transaction.set_rollback(True)
    return rows


def test_it_gives_the_same_organizations_for_the_same_seed_and_others_for_another():
    first = rows_of_a_fresh_seed("--orgs", "15", "--seed", "3")
    assert rows_of_a_fresh_seed("--orgs", "15", "--seed", "3") == first
    other = rows_of_a_fresh_seed("--orgs", "15", "--seed", "4")
    assert {row[1] for row in other}.isdisjoint({row[1] for row in first})


def test_it_seeds_the_same_organizations_through_the_services_and_in_bulk():
    assert rows_of_a_fresh_seed("--orgs", "15", "--bulk") == rows_of_a_fresh_seed("--orgs", "15")


def test_it_composes_lao_names_and_matching_english_names():
    seed("--orgs", "15")
    places = [(f"{prefix}{province.name_lo}", province) for province in Province.objects.all()
              for prefix in ("", "ແຂວງ")]
    places += [(f"ເມືອງ{district.name_lo}", district) for district in District.objects.all()]
    for organization in demo_organizations():
        assert LAO_NAME.match(organization.name_lo), organization.name_lo
        kind = next(kind for kind in TYPES if organization.name_lo.startswith(kind.lo))
        assert kind.en in organization.name_en.split()
        assert organization.legal_form == kind.legal_form
        lo, en = organization.name_lo, organization.name_en
        purpose = next(purpose for purpose in PURPOSES if purpose.lo in lo or purpose.lo_for in lo)
        assert purpose.en in en or purpose.en_for in en
        place = next(place for place_lo, place in places if lo.endswith(f" {place_lo}"))
        assert place.name_en in en or (place.name_en_alt and place.name_en_alt in en), (lo, en)
        assert re.fullmatch(r"[A-Z]+-[A-Z]{2,3}", organization.acronym)


@pytest.mark.parametrize("path", PATHS)
def test_every_organization_satisfies_the_model_and_is_plausible(path):
    seed("--orgs", "15", *path)
    organizations = list(demo_organizations().prefetch_related("provinces", "sector_groups", "themes"))
    assert len(organizations) == 15
    for organization in organizations:
        organization.full_clean()
        provinces, groups = set(organization.provinces.all()), set(organization.sector_groups.all())
        assert organization.head_office_province in provinces and 1 <= len(provinces) <= 4
        assert organization.head_office_district.province == organization.head_office_province
        assert organization.primary_sector_group in groups and len(groups) <= 3
        themes = list(organization.themes.all())
        assert 1 <= len(themes) <= 4
        assert all(theme.suggested_sector_group in groups for theme in themes)
        assert 2009 <= organization.registration_date.year <= 2024
        assert organization.year_founded <= organization.registration_date.year
        assert re.fullmatch(r"020 \d{4} \d{4}", organization.phone)
        assert organization.email.endswith(".example.org")
    numbers = [organization.registration_number for organization in organizations]
    assert len(set(numbers)) == len(numbers) and all(re.fullmatch(r"\d+/ພນ", number) for number in numbers)


@pytest.mark.parametrize("path", PATHS)
def test_running_it_again_adds_nothing(path):
    seed("--orgs", "15", *path)
    counts = (Organization.objects.count(), User.objects.count(), OrganizationRole.objects.count())
    assert "exist already" in seed("--orgs", "15", *path)
    assert (Organization.objects.count(), User.objects.count(), OrganizationRole.objects.count()) == counts


def test_it_adds_only_the_missing_organizations_when_asked_for_more():
    seed("--orgs", "10")
    first = demo_rows()
    seed("--orgs", "15")
    assert demo_rows()[:10] == first and demo_organizations().count() == 15


def test_it_gives_the_secretariat_applications_to_review_and_the_demo_staff_organizations_to_edit():
    out = seed("--orgs", "15")
    applications = MembershipApplication.objects.filter(organization__in=demo_organizations())
    assert applications.exists()
    assert all(application.status == MembershipApplication.Status.SUBMITTED for application in applications)
    statuses = set(demo_organizations().values_list("status", flat=True))
    assert {"active", "applicant", "suspended"} <= statuses
    owner = OrganizationRole.objects.get(user__email="member@demo.laocso.org")
    editor = OrganizationRole.objects.get(user__email="editor@demo.laocso.org")
    assert owner.kind == OrganizationRole.Kind.OWNER and editor.kind == OrganizationRole.Kind.EDITOR
    assert owner.organization != editor.organization
    assert owner.organization.status == editor.organization.status == Organization.Status.ACTIVE
    assert f"/lo/directory/{owner.organization.slug}/" in out
    assert f"/lo/directory/{editor.organization.slug}/" in out


@pytest.mark.parametrize("path", PATHS)
def test_search_finds_active_demo_organizations_at_their_demo_address(path):
    seed("--orgs", "15", *path)
    for organization in demo_organizations():
        entries = SearchEntry.objects.filter(kind="organization", object_id=str(organization.pk))
        if organization.status == Organization.Status.ACTIVE:
            assert {entry.url for entry in entries} == {f"/{language}/directory/{organization.slug}/"
                                                       for language in ("lo", "en")}
        else:
            assert not entries.exists()


def test_it_refuses_outside_development(settings):
    settings.DEV = False
    with pytest.raises(CommandError):
        seed("--orgs", "5")
    assert not demo_organizations().exists()
    assert not User.objects.filter(email__endswith="@demo.laocso.org").exists()
