"""The demo data: news in both languages, a calendar, a searchable library, open opportunities."""

import random

import pytest
from django.utils import timezone

from content.demo import seed_demo
from content.models import Document, Event, EventRegistration, NewsItem, Opportunity

pytestmark = pytest.mark.django_db


def test_it_seeds_realistic_content_once(client):
    seed_demo(rng=random.Random(1))
    live = NewsItem.objects.live()
    assert live.exclude(title_lo="").exists() and live.exclude(title_en="").exists()
    assert live.filter(title_en="").exists() and live.filter(title_lo="").exists()  # one-language items too
    assert NewsItem.objects.filter(status="draft").exists() and NewsItem.objects.exclude(cover="").exists()
    assert Event.objects.filter(starts_at__gt=timezone.now()).count() >= 4
    assert EventRegistration.objects.filter(state="waiting").exists()
    assert set(Document.objects.values_list("file_type", flat=True)) >= {"pdf", "docx", "xlsx"}
    assert Opportunity.objects.filter(deadline__gte=timezone.localdate()).count() >= 3
    # A word found only inside a generated Lao PDF finds it.
    annual = Document.objects.get(title_en="Coordination office annual report 2024")
    assert "ເຂົ້າໄຮ່" in annual.text and "ເຂົ້າໄຮ່" not in annual.title_lo
    assert f"/lo/documents/{annual.slug}/" in client.get("/lo/search/?q=ເຂົ້າໄຮ່").content.decode()

    counts = [NewsItem.objects.count(), Event.objects.count(), Document.objects.count()]
    seed_demo(rng=random.Random(2))
    assert [NewsItem.objects.count(), Event.objects.count(), Document.objects.count()] == counts
