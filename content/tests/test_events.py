"""Events: a calendar (month and list), registration by member organizations with participants by sex,
capacity and waiting list, iCalendar, and other apps' public entries (governance meetings)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from content import services
from content.models import Event, EventRegistration

pytestmark = pytest.mark.django_db


def register(client, event, organization, women=2, men=1):
    return client.post(
        f"/en/events/{event.slug}/register/",
        {"organization": organization.pk, "participants_women": women, "participants_men": men},
    )


def test_it_shows_an_event_in_the_month_calendar_and_the_upcoming_list(client, make_event):
    zone = timezone.get_current_timezone()
    starts = datetime(2031, 3, 18, 9, 0, tzinfo=zone)
    event = make_event(
        title_en="Proposal writing", starts_at=starts, ends_at=starts + timedelta(days=1, hours=8)
    )
    month = client.get("/en/events/calendar/2031/3/").content.decode()
    assert month.count(f"/en/events/{event.slug}/") == 2  # on the 18th and the 19th
    assert "March 2031" in month
    assert f"/en/events/{event.slug}/" not in client.get("/en/events/calendar/2031/4/").content.decode()
    assert f"/en/events/{event.slug}/" in client.get("/en/events/").content.decode()
    assert f"/en/events/{event.slug}/" not in client.get("/en/events/?when=past").content.decode()
    assert client.get("/en/events/calendar/2031/13/").status_code == 404


def test_it_lists_finished_events_under_past_events(client, make_event):
    starts = timezone.now() - timedelta(days=10)
    event = make_event(starts_at=starts, ends_at=starts + timedelta(hours=3))
    assert f"/en/events/{event.slug}/" in client.get("/en/events/?when=past").content.decode()
    assert f"/en/events/{event.slug}/" not in client.get("/en/events/").content.decode()


def test_it_registers_a_member_organization_with_participants_by_sex(client_as, personas, org_a, make_event):
    event = make_event(capacity=20)
    client = client_as(personas.editor_a)
    assert f"/en/events/{event.slug}/register/" in client.get(f"/en/events/{event.slug}/").content.decode()
    response = register(client, event, org_a, women=3, men=2)
    assert response.status_code == 302
    registration = EventRegistration.objects.get()
    assert (registration.participants_women, registration.participants_men) == (3, 2)
    assert registration.state == "confirmed" and registration.registered_by == personas.editor_a
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "is registered: 3 women and 2 men." in page and "15 of 20 left" in page


def test_it_emails_the_confirmation_in_the_registrants_language(
    client_as, personas, org_a, make_event, committed
):
    event = make_event()
    with committed():
        register(client_as(personas.editor_a), event, org_a)
    [message] = mail.outbox
    assert message.to == [personas.editor_a.email]
    assert event.title_lo in message.subject  # the persona's language is Lao
    assert f"/lo/events/{event.slug}/" in message.body


def test_it_refuses_to_register_the_same_organization_twice(client_as, personas, org_a, make_event):
    event = make_event()
    client = client_as(personas.editor_a)
    register(client, event, org_a)
    response = register(client, event, org_a)
    assert response.status_code == 200
    assert (
        "This organization is already registered for this event."
        in response.context["form"].errors["organization"]
    )
    assert EventRegistration.objects.count() == 1


def test_it_refuses_a_registration_without_participants(client_as, personas, org_a, make_event):
    event = make_event()
    response = register(client_as(personas.editor_a), event, org_a, women=0, men=0)
    assert "Register at least one participant." in response.context["form"].errors["participants_women"]
    assert not EventRegistration.objects.exists()


def test_it_puts_registrations_beyond_the_capacity_on_a_waiting_list_and_moves_them_up(
    client_as, personas, org_a, org_b, make_event, committed
):
    event = make_event(capacity=10)
    register(client_as(personas.editor_a), event, org_a, women=4, men=2)
    register(client_as(personas.editor_b), event, org_b, women=3, men=3)
    first, second = EventRegistration.objects.order_by("pk")
    assert (first.state, second.state) == ("confirmed", "waiting")
    page = client_as(personas.editor_b).get(f"/en/events/{event.slug}/").content.decode()
    assert "is on the waiting list" in page

    with committed():
        response = client_as(personas.editor_a).post(
            f"/en/events/{event.slug}/registrations/{first.pk}/cancel/"
        )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("cancelled", "confirmed")
    assert [message.to for message in mail.outbox] == [[personas.editor_b.email]]  # told that places opened
    # The cancelled organization may register again; the event now has 4 places left.
    register(client_as(personas.editor_a), event, org_a, women=2, men=2)
    assert EventRegistration.objects.filter(organization=org_a, state="confirmed").exists()


def test_it_refuses_an_event_that_ends_before_it_starts(client_as, personas):
    response = client_as(personas.secretariat).post(
        "/en/events/new/",
        {
            "title_en": "Backwards",
            "kind": "training",
            "starts_at": "2031-05-02T09:00",
            "ends_at": "2031-05-01T17:00",
            "visibility": "public",
            "status": "published",
        },
    )
    assert response.status_code == 200
    assert "The event ends before it starts" in " ".join(response.context["form"].errors["ends_at"])
    assert not Event.objects.exists()


def test_it_creates_an_event_from_the_form_with_lao_digits_in_dates(client_as, personas):
    response = client_as(personas.secretariat).post(
        "/en/events/new/",
        {
            "title_lo": "ຝຶກອົບຮົມ",
            "kind": "training",
            "starts_at": "໒໐໓໑-໐໕-໐໒T09:00",
            "ends_at": "2031-05-02T17:00",
            "capacity": "30",
            "registration_open": "on",
            "visibility": "public",
            "status": "published",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(event.starts_at).hour == 9 and event.capacity == 30


def test_it_lets_only_editors_of_member_organizations_register_and_only_their_own(
    client_as, personas, org_a, org_b, make_event
):
    event = make_event()
    response = client_as(personas.visitor).get(f"/en/events/{event.slug}/register/")
    assert response.status_code == 403
    response = register(client_as(personas.editor_a), event, org_b)
    assert "organization" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        services.registration_create(event=event, organization=org_b, women=1, men=0, by=personas.editor_a)
    assert not EventRegistration.objects.exists()


def test_it_closes_registration_when_the_organizers_say_so(client_as, personas, org_a, make_event):
    event = make_event(registration_open=False)
    response = register(client_as(personas.editor_a), event, org_a)
    assert "Registration for this event is closed." in response.content.decode()
    assert not EventRegistration.objects.exists()


def test_it_shows_the_online_link_only_to_registered_organizations(
    client, client_as, personas, org_a, make_event
):
    event = make_event(kind="webinar", online_url="https://meet.example.org/secret-room")
    assert "secret-room" not in client.get(f"/en/events/{event.slug}/").content.decode()
    editor = client_as(personas.editor_a)
    assert "secret-room" not in editor.get(f"/en/events/{event.slug}/").content.decode()
    register(editor, event, org_a)
    assert "secret-room" in editor.get(f"/en/events/{event.slug}/").content.decode()
    assert "secret-room" not in client_as(personas.editor_b).get(f"/en/events/{event.slug}/").content.decode()


def test_it_gives_the_secretariat_the_registrations_with_totals_by_sex(
    client_as, personas, org_a, org_b, make_event
):
    event = make_event(capacity=8)
    register(client_as(personas.editor_a), event, org_a, women=4, men=1)
    register(client_as(personas.editor_b), event, org_b, women=2, men=3)
    secretariat = client_as(personas.secretariat)
    page = secretariat.get(f"/en/events/{event.slug}/registrations/")
    confirmed, waiting = page.context["confirmed"], page.context["waiting"]
    assert (confirmed["women"], confirmed["men"], confirmed["organizations"]) == (4, 1, 1)
    assert (waiting["women"], waiting["men"], waiting["organizations"]) == (2, 3, 1)
    csv = secretariat.get(f"/en/events/{event.slug}/registrations/?format=csv").content.decode()
    assert "Ban Na Community Development Association,4,1,Confirmed" in csv
    assert client_as(personas.editor_a).get(f"/en/events/{event.slug}/registrations/").status_code == 403


def test_it_offers_each_event_and_the_public_calendar_as_icalendar(client, make_event):
    event = make_event(title_en="Fair; day one, Vientiane", location_en="National Convention Centre")
    private = make_event(title_en="Members meeting", visibility="members")
    response = client.get(f"/en/events/{event.slug}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and f"UID:event-{event.pk}@testserver\r\n" in text
    assert "SUMMARY:Fair\\; day one\\, Vientiane\r\n" in text
    assert "DTSTART:" + event.starts_at.strftime("%Y%m%dT%H%M") in text
    feed = client.get("/en/events/calendar.ics").content.decode()
    assert f"UID:event-{event.pk}@" in feed and f"UID:event-{private.pk}@" not in feed
    assert client.get(f"/en/events/{private.slug}/event.ics").status_code == 404


class MeetingsConfig:
    """Stands for the governance app: an AppConfig with calendar entries (content.calendar)."""

    label = "meetings"

    def __init__(self, visibility: str):
        self.visibility = visibility

    def calendar_entries(self, *, start, end):
        starts = timezone.now() + timedelta(days=3)
        return [
            {
                "uid": "meeting-7",
                "title": "Committee meeting",
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "url": "/en/governance/meetings/7/",
                "kind": "Committee meeting",
                "visibility": self.visibility,
            }
        ]


@pytest.mark.parametrize(("visibility", "shown"), [("public", True), ("members", False)])
def test_it_shows_other_apps_meetings_in_the_calendar_when_they_are_public(
    client, monkeypatch, visibility, shown
):
    configs = [*apps.get_app_configs(), MeetingsConfig(visibility)]
    monkeypatch.setattr(apps, "get_app_configs", lambda: configs)
    today = timezone.localdate() + timedelta(days=3)
    month = client.get(f"/en/events/calendar/{today.year}/{today.month}/").content.decode()
    assert ("/en/governance/meetings/7/" in month) is shown
    assert ("/en/governance/meetings/7/" in client.get("/en/events/").content.decode()) is shown
    assert ("UID:meeting-7@testserver" in client.get("/en/events/calendar.ics").content.decode()) is shown


@pytest.mark.django_db(transaction=True)
def test_it_never_confirms_more_participants_than_places_when_organizations_register_at_once():
    """Two organizations race for the last places (meaningful on PostgreSQL, where the event row lock
    decides; SQLite serializes writers and must give the same answer)."""
    from accounts.models import User
    from conftest import build_world
    from directory.models import Organization

    build_world()  # transactional tests start from empty tables
    secretariat = User.objects.get(email="secretariat@test.laocso.org")
    starts = timezone.now() + timedelta(days=3)
    event = services.event_create(
        data={
            "title_en": "Small workshop",
            "kind": "training",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "capacity": 5,
            "registration_open": True,
            "status": "published",
        },
        m2m={},
        by=secretariat,
    )
    racers = [
        (Organization.objects.get(acronym="BNCDA"), User.objects.get(email="editor.a@test.laocso.org")),
        (Organization.objects.get(acronym="FCE"), User.objects.get(email="editor.b@test.laocso.org")),
    ]
    start = threading.Barrier(len(racers))
    queue = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def attempt(racer) -> str:
        organization, user = racer
        try:
            start.wait(timeout=30)
            with queue:
                return services.registration_create(
                    event=event, organization=organization, women=2, men=2, by=user, notify=False
                ).state
        except ValidationError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(racers)) as pool:
        outcomes = sorted(pool.map(attempt, racers))

    assert outcomes == ["confirmed", "waiting"], outcomes
    assert services.confirmed_participants(event) == 4


def test_it_gives_the_home_page_the_next_events_the_viewer_may_see(make_event):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template
    from django.test import RequestFactory

    soon = make_event(
        title_en="Soon",
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=2),
    )
    private = make_event(title_en="Members only", visibility="members")
    later = make_event(
        title_en="Later",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=31),
    )
    request = RequestFactory().get("/en/")
    request.user = AnonymousUser()
    html = Template("{% load content_tags %}{% upcoming_events 1 %}").render(Context({"request": request}))
    assert soon.slug in html and later.slug not in html and private.slug not in html
