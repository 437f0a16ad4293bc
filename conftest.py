"""Shared test fixtures: the reference data and the personas, created once per test database."""

from types import SimpleNamespace

import pytest

PERSONAS = {
    # name: (email, role, sector group code)
    "secretariat": ("secretariat@test.laocso.org", "secretariat", None),
    "committee": ("committee@test.laocso.org", "committee", None),
    "sector_head": ("sectorhead@test.laocso.org", "sector_head", "FARD"),
    "visitor": ("visitor@test.laocso.org", None, None),
    "editor_a": ("editor.a@test.laocso.org", None, None),
    "editor_b": ("editor.b@test.laocso.org", None, None),
}
# The organizations the editors own: (persona, Lao name, English name, acronym, province, sector group).
ORGANIZATIONS = [
    (
        "editor_a",
        "ສະມາຄົມພັດທະນາຊຸມຊົນບ້ານນາ",
        "Ban Na Community Development Association",
        "BNCDA",
        "LA13",
        "FARD",
    ),
    ("editor_b", "ມູນນິທິເພື່ອການສຶກສາຂອງເດັກ", "Foundation for Children's Education", "FCE", "LA06", "EDSP"),
]
PASSWORD = "a-long-test-password"


def build_world() -> None:
    """Reference data and personas; idempotent, so browser tests (which flush tables) can rebuild it."""
    from accounts.models import User
    from accounts.services import role_grant, user_create
    from core.models import Province, SectorGroup
    from core.reference import reference_data_load
    from directory.models import Organization, OrganizationRole
    from directory.services import organization_create
    from search.services import aliases_load

    reference_data_load()
    aliases_load()  # a browser test's flush empties the alias table too
    for email, kind, group_code in PERSONAS.values():
        if User.objects.filter(email=email).exists():
            continue
        user = user_create(email=email, password=PASSWORD, full_name=email.split("@")[0])
        if kind:
            group = SectorGroup.objects.get(code=group_code) if group_code else None
            role_grant(user=user, kind=kind, sector_group=group, by=None)
    for persona, name_lo, name_en, acronym, province, group in ORGANIZATIONS:
        if Organization.objects.filter(acronym=acronym).exists():
            continue
        province = Province.objects.get(code=province)
        group = SectorGroup.objects.get(code=group)
        organization = organization_create(
            data={
                "name_lo": name_lo,
                "name_en": name_en,
                "acronym": acronym,
                "head_office_province": province,
                "primary_sector_group": group,
                "phone": f"020 5555 {len(acronym):04d}",
                "email": f"office@{acronym.lower()}.example.org",
                "staff_women": 7,
                "staff_men": 5,
                "mission_lo": "ພັດທະນາຊຸມຊົນຊົນນະບົດ",
                "mission_en": "Rural community development",
            },
            m2m={"provinces": [province], "sector_groups": [group]},
            status=Organization.Status.ACTIVE,
            by=None,
        )
        user = User.objects.get(email=PERSONAS[persona][0])
        OrganizationRole.objects.create(
            organization=organization, user=user, kind=OrganizationRole.Kind.OWNER
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test starts with an empty cache of its own (pages cached by another test would leak in)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs what the code inside schedules for after the commit (mail, cache
    invalidation), as a real commit would; tests run inside a transaction that never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def personas(db) -> SimpleNamespace:
    from accounts.models import User

    users = {user.email: user for user in User.objects.filter(email__in=[p[0] for p in PERSONAS.values()])}
    return SimpleNamespace(**{name: users[email] for name, (email, _kind, _group) in PERSONAS.items()})


@pytest.fixture
def org_a(db):
    from directory.models import Organization

    return Organization.objects.get(acronym="BNCDA")


@pytest.fixture
def org_b(db):
    from directory.models import Organization

    return Organization.objects.get(acronym="FCE")


@pytest.fixture
def client_as(client):
    """`client_as(user)` signs the test client in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
