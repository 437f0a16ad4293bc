"""What the content app holds about a person can be exported and erased; the search index can be rebuilt."""

import pytest

from content.digest import subscription_save
from content.models import EventRegistration, NewsItem, Subscription
from core import privacy
from search.models import SearchEntry
from search.services import index_rebuild

pytestmark = pytest.mark.django_db


def test_it_exports_and_erases_the_digest_subscription_and_the_person_behind_registrations(
    personas, org_a, make_event, make_news
):
    from content import services

    user = personas.editor_a
    subscription_save(user=user, is_active=True, language="en", sector_groups=[])
    registration = services.registration_create(
        event=make_event(), organization=org_a, women=2, men=1, by=user, notify=False
    )
    user.full_name = "Ms Test Writer"
    news = make_news(byline="Ms Test Writer")
    exported = privacy.personal_data(user)["content"]
    assert exported["weekly_digest"]["language"] == "en"
    assert exported["event_registrations_you_made"][0]["women"] == 2

    privacy.erase_all(user)
    assert not Subscription.objects.filter(user=user).exists()
    registration.refresh_from_db()
    assert registration.registered_by is None and registration.participants == 3  # the counts stay
    assert NewsItem.objects.get(pk=news.pk).byline == ""
    assert EventRegistration.objects.count() == 1


def test_it_rebuilds_the_search_rows_of_live_items_only(make_news, make_document):
    make_news(title_en="Live")
    make_news(title_en="Draft", status="draft")
    make_document()
    SearchEntry.objects.filter(kind__in=["news", "document"]).delete()
    counts = index_rebuild(kinds=["news", "document", "event", "opportunity"])
    assert counts == {"news": 1, "document": 1, "event": 0, "opportunity": 0}
