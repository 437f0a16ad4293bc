"""Shared test fixtures: the reference data and the personas, created once per test database."""

from types import SimpleNamespace

import pytest

PERSONAS = {
    # name: (email, role, sector group code)
    "secretariat": ("secretariat@test.laocso.org", "secretariat", None),
    "committee": ("committee@test.laocso.org", "committee", None),
    "sector_head": ("sectorhead@test.laocso.org", "sector_head", "FARD"),
    "visitor": ("visitor@test.laocso.org", None, None),
}
PASSWORD = "a-long-test-password"


def build_world() -> None:
    """Reference data and personas; idempotent, so browser tests (which flush tables) can rebuild it."""
    from accounts.models import User
    from accounts.services import role_grant, user_create
    from core.models import SectorGroup
    from core.reference import reference_data_load

    reference_data_load()
    for email, kind, group_code in PERSONAS.values():
        if User.objects.filter(email=email).exists():
            continue
        user = user_create(email=email, password=PASSWORD, full_name=email.split("@")[0])
        if kind:
            group = SectorGroup.objects.get(code=group_code) if group_code else None
            role_grant(user=user, kind=kind, sector_group=group, by=None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture
def personas(db) -> SimpleNamespace:
    from accounts.models import User

    users = {user.email: user for user in User.objects.filter(email__in=[p[0] for p in PERSONAS.values()])}
    return SimpleNamespace(**{name: users[email] for name, (email, _kind, _group) in PERSONAS.items()})


@pytest.fixture
def client_as(client):
    """`client_as(user)` signs the test client in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
