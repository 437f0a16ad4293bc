"""Fixtures of the API tests: tokens made through the service, a client that speaks to the API as
anonymous or with a token, and a small world of public and members-only records. Members-only text
carries SECRET so that a test can look for it in any answer."""

import json
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from projects.tests.conftest import ROUND_2025

SECRET = "MEMBERS-ONLY-7f3a"


@pytest.fixture(autouse=True)
def generous_rates(settings):
    """Rate limits out of the way, except in the tests about them."""
    settings.API_RATE_ANONYMOUS = "100000/min"
    settings.API_RATE_TOKEN = "100000/min"
    settings.API_RATE_FAILED_TOKENS = "100000/min"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_token(db):
    from api.services import token_create

    def make(user, *, name="Test script", days=365) -> str:
        return token_create(user=user, name=name, days=days)[1]

    return make


@pytest.fixture
def token_a(make_token, personas) -> str:
    return make_token(personas.editor_a)


@pytest.fixture
def token_b(make_token, personas) -> str:
    return make_token(personas.editor_b)


class ApiClient:
    """Django's test client, speaking JSON to /api/v1/ with an optional token."""

    def __init__(self, client, token: str | None = None):
        self.client = client
        self.token = token

    def headers(self, token):
        token = self.token if token is None else token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params=None, *, token=None, **extra):
        return self.client.get(f"/api/v1{path}", params or {}, headers=self.headers(token), **extra)

    def send(self, method: str, path: str, body, *, token=None):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body, default=str)
        return getattr(self.client, method)(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers(token)
        )

    def post(self, path, body, **kwargs):
        return self.send("post", path, body, **kwargs)

    def put(self, path, body, **kwargs):
        return self.send("put", path, body, **kwargs)


@pytest.fixture
def api(client, db) -> ApiClient:
    return ApiClient(client)


@pytest.fixture
def api_a(client, token_a) -> ApiClient:
    return ApiClient(client, token_a)


@pytest.fixture
def api_b(client, token_b) -> ApiClient:
    return ApiClient(client, token_b)


def project_arguments(**data) -> dict:
    from core.models import District, Province, SdgTarget, SectorGroup, Theme

    province = Province.objects.get(code=data.pop("province", "LA13"))
    fields = {
        "title_lo": "ໂຄງການນ້ຳສະອາດ ບ້ານນາ",
        "title_en": "Clean water for Ban Na",
        "summary_en": "Wells and latrines for three villages.",
        "status": "ongoing",
        "starts_on": date(2024, 1, 1),
        "ends_on": date(2026, 12, 31),
        "sector_group": SectorGroup.objects.get(code="FARD"),
        "budget_amount": Decimal("120000.00"),
        "budget_currency": "USD",
        "visibility": "public",
        **data,
    }
    return {
        "data": fields,
        "m2m": {
            "themes": list(Theme.objects.all()[:1]),
            "sdg_targets": list(SdgTarget.objects.filter(code__in=["6.1", "6.2"])),
            "plan_outcomes": [],
        },
        "locations": [
            {
                "province": province,
                "district": District.objects.filter(province=province).first(),
                "village": "ບ້ານນາ",
            }
        ],
        "partners": [{"role": "donor", "name": "Mekong Community Fund"}],
    }


@pytest.fixture
def make_project(db):
    from projects.services import project_create

    def make(organization, **data):
        return project_create(organization=organization, by=None, **project_arguments(**data))

    return make


@pytest.fixture
def world(db, personas, org_a, org_b, make_project):
    """Public and members-only records of every kind the API reads. Members-only ones carry SECRET
    in a text field; org A's contacts (shared with members by default) carry it too."""
    from content import services as content
    from content.files import checked_document
    from content.tests.helpers import pdf_bytes, upload
    from core.models import Province, SectorGroup
    from directory.models import Organization
    from governance import services as governance

    Organization.objects.filter(pk=org_a.pk).update(
        address=f"Unit 5, {SECRET}", supervising_ministry="Ministry"
    )
    org_a.refresh_from_db()
    fard = SectorGroup.objects.get(code="FARD")
    now = timezone.now()
    by = personas.secretariat
    world = SimpleNamespace(org_a=org_a, org_b=org_b)
    world.project_public = make_project(org_a, title_en="Public wells")
    world.project_members = make_project(org_a, title_en=f"Members wells {SECRET}", visibility="members")
    world.project_secret = make_project(
        org_a, title_en=f"Secretariat wells {SECRET}", visibility="secretariat"
    )
    world.project_b = make_project(org_b, title_en="Schools of B", province="LA06")
    world.project_b_members = make_project(org_b, title_en=f"B members {SECRET}", visibility="members")
    published = {"status": "published"}
    world.news = content.news_create(
        data={"title_lo": "ຂ່າວ", "title_en": "Public news", "body_en": "Hello", **published},
        m2m={"sector_groups": [fard], "organizations": [org_a]},
        by=by,
    )
    world.news_members = content.news_create(
        data={"title_en": f"Members news {SECRET}", "visibility": "members", **published},
        m2m={"sector_groups": [], "organizations": []},
        by=by,
    )
    world.news_draft = content.news_create(
        data={"title_en": f"Draft news {SECRET}", "status": "draft"},
        m2m={"sector_groups": [], "organizations": []},
        by=by,
    )
    event = {
        "kind": "training",
        "starts_at": now + timedelta(days=7),
        "ends_at": now + timedelta(days=7, hours=3),
    }
    world.event = content.event_create(
        data={
            "title_en": "Public training",
            "online_url": f"https://meet.example.org/{SECRET}",
            **event,
            **published,
        },
        m2m={"sector_groups": [fard], "organizers": [org_a]},
        by=by,
    )
    world.event_members = content.event_create(
        data={"title_en": f"Members training {SECRET}", "visibility": "members", **event, **published},
        m2m={"sector_groups": [], "organizers": []},
        by=by,
    )
    document = {"kind": "report", "language": "en", **published}
    world.document = content.document_create(
        checked=checked_document(upload(pdf_bytes("A report."), "report.pdf")),
        data={"title_en": "Public report", **document},
        m2m={"sector_groups": [fard]},
        by=by,
    )
    world.document_members = content.document_create(
        checked=checked_document(upload(pdf_bytes("Another report."), "other.pdf")),
        data={"title_en": f"Members report {SECRET}", "visibility": "members", **document},
        m2m={"sector_groups": []},
        by=by,
    )
    opportunity = {"kind": "grant", "deadline": timezone.localdate() + timedelta(days=10), **published}
    world.opportunity = content.opportunity_create(
        data={"title_en": "Public grant", **opportunity}, m2m={"sector_groups": [fard]}, by=by
    )
    world.opportunity_members = content.opportunity_create(
        data={"title_en": f"Members grant {SECRET}", "visibility": "members", **opportunity},
        m2m={"sector_groups": []},
        by=by,
    )
    meeting = {
        "kind": "sector_group",
        "sector_group": fard,
        "starts_at": now + timedelta(days=3),
        "ends_at": now + timedelta(days=3, hours=2),
        "province": Province.objects.get(code="LA01"),
        "registration_open": True,
    }
    world.meeting = governance.meeting_create(
        data={"title_en": "FARD meeting", "visibility": "public", "minutes_visibility": "members", **meeting},
        by=by,
    )
    governance.resolution_add(meeting=world.meeting, text_lo="", text_en=f"Resolved {SECRET}", by=by)
    world.meeting_members = governance.meeting_create(
        data={
            "title_en": f"Members meeting {SECRET}",
            "visibility": "members",
            "minutes_visibility": "members",
            **meeting,
        },
        by=by,
    )
    return world


@pytest.fixture
def reporting_round(db, personas, org_a, org_b):
    from projects.services import round_open

    return round_open(
        data=dict(ROUND_2025),
        by=personas.secretariat,
    )
