"""The weekly digest: opt-in, in the subscriber's language, at most one a week, what their account may
see, and an unsubscribe link that works without signing in."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from content.digest import send_weekly_digest, unsubscribe_token
from content.models import DigestDelivery, Subscription
from core.models import SectorGroup

pytestmark = pytest.mark.django_db


def subscribe(client_as, user, language="lo", groups=()):
    client = client_as(user)
    response = client.post(
        "/en/digest/", {"is_active": "on", "language": language, "sector_groups": [g.pk for g in groups]}
    )
    assert response.status_code == 302
    return Subscription.objects.get(user=user)


def test_it_sends_each_subscriber_at_most_one_digest_a_week(client_as, personas, make_news, committed):
    subscribe(client_as, personas.editor_a)
    make_news(title_lo="ຂ່າວໃໝ່ ອາທິດນີ້")
    monday = timezone.now()
    with committed():
        assert send_weekly_digest(now=monday) == 1
        assert send_weekly_digest(now=monday + timedelta(hours=3)) == 0  # run again the same week
        call_command("send_weekly_digest", stdout=None)  # the command, the same week
    assert len(mail.outbox) == 1 and DigestDelivery.objects.count() == 1

    make_news(title_lo="ຂ່າວ ອາທິດໜ້າ")
    with committed():
        assert send_weekly_digest(now=monday + timedelta(days=7)) == 1  # a new week
    assert len(mail.outbox) == 2


def test_it_writes_the_digest_in_the_subscribers_language_with_a_working_unsubscribe_link(
    client, client_as, personas, make_news, make_event, committed
):
    subscription = subscribe(client_as, personas.editor_b, language="en")
    news = make_news(title_lo="ຂ່າວ", title_en="Fresh news")
    make_event(title_en="Coming training")
    client.logout()
    with committed():
        send_weekly_digest()
    [message] = mail.outbox
    assert message.to == [personas.editor_b.email]
    assert message.subject == "This week in the Lao CSO network"
    assert "Fresh news" in message.body and "Coming training" in message.body
    assert f"/en/news/{news.slug}/" in message.body
    link = message.body.split("(no sign-in needed): ")[1].split()[0]
    path = link.removeprefix("http://127.0.0.1:8000")
    assert path == f"/en/digest/unsubscribe/{unsubscribe_token(subscription)}/"

    assert client.get(path).status_code == 200  # asking changes nothing
    subscription.refresh_from_db()
    assert subscription.is_active
    assert client.post(path).status_code == 200  # no sign-in, no form token: a mail program may post
    subscription.refresh_from_db()
    assert not subscription.is_active
    with committed():
        make_news(title_en="Later news")
        assert send_weekly_digest(now=timezone.now() + timedelta(days=7)) == 0


def test_it_refuses_a_forged_unsubscribe_link(client, client_as, personas):
    subscription = subscribe(client_as, personas.editor_a)
    client.logout()
    token = unsubscribe_token(subscription)
    assert client.post(f"/en/digest/unsubscribe/{token[:-2]}xx/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.is_active


def test_it_puts_members_only_items_only_in_members_digests(client_as, personas, make_news, committed):
    subscribe(client_as, personas.editor_a)  # staff of a member organization
    subscribe(client_as, personas.visitor)
    make_news(title_lo="ຂ່າວສາທາລະນະ")
    make_news(title_lo="ຂ່າວສະເພາະສະມາຊິກ", visibility="members")
    with committed():
        assert send_weekly_digest() == 2
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "ຂ່າວສະເພາະສະມາຊິກ" in bodies[personas.editor_a.email]
    assert "ຂ່າວສະເພາະສະມາຊິກ" not in bodies[personas.visitor.email]
    assert "ຂ່າວສາທາລະນະ" in bodies[personas.visitor.email]


def test_it_sends_only_the_chosen_sector_groups_news_and_nothing_when_there_is_nothing_new(
    client_as, personas, make_news, committed
):
    health = SectorGroup.objects.get(code="PH")
    subscribe(client_as, personas.editor_a, groups=[health])
    with committed():
        assert send_weekly_digest() == 0  # nothing new: no empty email
    make_news(title_lo="ຂ່າວສາທາລະນະສຸກ", sector_groups=[health])
    make_news(title_lo="ຂ່າວການສຶກສາ", sector_groups=[SectorGroup.objects.get(code="EDSP")])
    with committed():
        send_weekly_digest()
    [message] = mail.outbox
    assert "ຂ່າວສາທາລະນະສຸກ" in message.body and "ຂ່າວການສຶກສາ" not in message.body


def test_it_needs_a_sign_in_to_change_the_digest(client):
    response = client.get("/en/digest/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]
