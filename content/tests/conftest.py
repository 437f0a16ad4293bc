"""Fixtures of the content tests: a private media folder, and makers that go through the services."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from content import services
from content.files import checked_document
from content.tests.helpers import pdf_bytes, upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploaded files land in a folder of the test's own, so a test can count what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_news(personas):
    def make(**data):
        m2m = {"sector_groups": data.pop("sector_groups", []), "organizations": data.pop("organizations", [])}
        cover = data.pop("cover", None)
        defaults = {"title_lo": "ຂ່າວທົດລອງ", "title_en": "Test news", "status": "published"}
        return services.news_create(data={**defaults, **data}, m2m=m2m, by=personas.secretariat, cover=cover)

    return make


@pytest.fixture
def make_event(personas):
    def make(**data):
        m2m = {"sector_groups": data.pop("sector_groups", []), "organizers": data.pop("organizers", [])}
        starts = timezone.now() + timedelta(days=7)
        defaults = {
            "title_lo": "ຝຶກອົບຮົມທົດລອງ",
            "title_en": "Test training",
            "kind": "training",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=4),
            "status": "published",
            "registration_open": True,
        }
        return services.event_create(data={**defaults, **data}, m2m=m2m, by=personas.secretariat)

    return make


@pytest.fixture
def make_document(personas):
    def make(content: bytes | None = None, name: str = "report.pdf", **data):
        checked = checked_document(upload(content or pdf_bytes("A report."), name))
        m2m = {"sector_groups": data.pop("sector_groups", [])}
        defaults = {
            "title_lo": "ບົດລາຍງານທົດລອງ",
            "title_en": "Test report",
            "kind": "report",
            "language": "lo",
            "status": "published",
        }
        return services.document_create(
            checked=checked, data={**defaults, **data}, m2m=m2m, by=personas.secretariat
        )

    return make


@pytest.fixture
def make_opportunity(personas):
    def make(**data):
        m2m = {"sector_groups": data.pop("sector_groups", [])}
        defaults = {
            "title_lo": "ທຶນທົດລອງ",
            "title_en": "Test grant",
            "kind": "grant",
            "deadline": timezone.localdate() + timedelta(days=10),
            "status": "published",
        }
        return services.opportunity_create(data={**defaults, **data}, m2m=m2m, by=personas.secretariat)

    return make
