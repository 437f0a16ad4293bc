"""Opportunities: open until their deadline, then out of the open list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from content.models import Opportunity

pytestmark = pytest.mark.django_db


def test_it_keeps_an_opportunity_open_through_its_deadline_day_then_closes_it(client, make_opportunity):
    today = timezone.localdate()
    last_day = make_opportunity(title_en="Last day today", deadline=today)
    closed = make_opportunity(title_en="Closed yesterday", deadline=today - timedelta(days=1))
    open_list = client.get("/en/opportunities/").content.decode()
    assert f"/en/opportunities/{last_day.slug}/" in open_list
    assert f"/en/opportunities/{closed.slug}/" not in open_list
    assert (
        f"/en/opportunities/{closed.slug}/" in client.get("/en/opportunities/?show=closed").content.decode()
    )
    page = client.get(f"/en/opportunities/{closed.slug}/").content.decode()
    assert "Closed" in page and "How to apply" not in page  # still readable, marked closed


def test_it_lists_open_opportunities_soonest_deadline_first(client, make_opportunity):
    today = timezone.localdate()
    later = make_opportunity(title_en="Later", deadline=today + timedelta(days=30))
    sooner = make_opportunity(title_en="Sooner", deadline=today + timedelta(days=3))
    page = client.get("/en/opportunities/").content.decode()
    assert page.index(sooner.slug) < page.index(later.slug)


def test_it_lets_the_secretariat_post_an_opportunity_with_an_apply_link(client_as, personas, org_a):
    response = client_as(personas.secretariat).post(
        "/en/opportunities/new/",
        {
            "title_en": "Finance officer",
            "kind": "job",
            "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "organization": org_a.pk,
            "apply_url": "https://example.org/jobs/1",
            "description_en": "Three years of experience.",
            "visibility": "public",
            "status": "published",
        },
    )
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and opportunity.organization == org_a
    page = client_as(personas.visitor).get(f"/en/opportunities/{opportunity.slug}/").content.decode()
    assert 'href="https://example.org/jobs/1"' in page and "Ban Na Community Development Association" in page


def test_it_refuses_an_apply_link_that_is_not_a_web_address(client_as, personas):
    response = client_as(personas.secretariat).post(
        "/en/opportunities/new/",
        {
            "title_en": "Bad link",
            "kind": "job",
            "deadline": timezone.localdate().isoformat(),
            "apply_url": "javascript:alert(1)",
            "visibility": "public",
            "status": "published",
        },
    )
    assert "apply_url" in response.context["form"].errors and not Opportunity.objects.exists()
