"""Meetings: scheduling, registration, attendance by sex, minutes, resolutions and action items."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation

from core.models import AuditEvent, District, Province
from directory.models import Organization
from governance import services
from governance.models import ActionItem, Meeting, MeetingMinutes, MeetingRegistration
from search.selectors import search

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def form(**changes) -> dict:
    start = timezone.localtime() + timedelta(days=7)
    data = {
        "kind": "sector_group",
        "sector_group": "",
        "title_lo": "ກອງປະຊຸມກຸ່ມ",
        "title_en": "Group meeting",
        "starts_at": start.strftime("%Y-%m-%dT09:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "province": str(Province.objects.get(code="LA01").pk),
        "district": "",
        "venue_lo": "",
        "venue_en": "Secretariat meeting room",
        "organizers_lo": "",
        "organizers_en": "",
        "agenda_lo": "",
        "agenda_en": "1. Reports",
        "visibility": "public",
        "minutes_visibility": "members",
        "registration_open": "on",
        "organizer_list": "",
    }
    data.update(changes)
    return data


def test_it_lets_the_secretariat_schedule_a_meeting_and_records_it(client_as, personas, fard, org_a):
    client = client_as(personas.secretariat)
    response = client.post(
        "/en/governance/meetings/new/",
        form(sector_group=str(fard.pk), organizer_list=f"{org_a.acronym}", venue_lo="ຫ້ອງປະຊຸມ ບ້ານນາ"),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.sector_group == fard and list(meeting.organizer_organizations.all()) == [org_a]
    assert meeting.starts_at.hour == 2  # 09:00 in Vientiane is 02:00 UTC
    assert AuditEvent.objects.filter(action="meeting.create", target_id=str(meeting.pk)).exists()
    hits = search("ບ້ານນາ", language="en", visibility_levels=["public"], kinds=["meeting"]).hits
    assert [hit.object_id for hit in hits] == [str(meeting.pk)]


def test_it_refuses_a_meeting_that_ends_before_it_starts(client_as, personas, fard):
    client = client_as(personas.secretariat)
    day = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%d")
    response = client.post(
        "/en/governance/meetings/new/",
        form(sector_group=str(fard.pk), starts_at=f"{day}T14:00", ends_at=f"{day}T09:00"),
    )
    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.content.decode()
    assert 'id="id_ends_at_error"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_refuses_a_district_of_another_province_and_a_group_meeting_without_a_group(client_as, personas):
    client = client_as(personas.secretariat)
    elsewhere = District.objects.exclude(province__code="LA01").first()
    page = client.post("/en/governance/meetings/new/", form(district=str(elsewhere.pk))).content.decode()
    assert "This district is not in the province chosen." in page
    assert "Which sector group meets?" in page
    assert not Meeting.objects.exists()


def test_it_lets_a_sector_head_schedule_only_their_own_groups_meetings(client_as, personas, fard):
    from core.models import SectorGroup

    client = client_as(personas.sector_head)  # head of FARD
    other = SectorGroup.objects.get(code="EDSP")
    refused = client.post("/en/governance/meetings/new/", form(sector_group=str(other.pk)))
    assert refused.status_code == 200 and not Meeting.objects.exists()  # EDSP is not among the choices
    assert client.post("/en/governance/meetings/new/", form(sector_group=str(fard.pk))).status_code == 302
    with pytest.raises(PermissionDenied):
        services.meeting_create(data={"kind": "assembly", "title_en": "x"}, by=personas.sector_head)
    assert client_as(personas.editor_a).get("/en/governance/meetings/new/").status_code == 403


def test_it_lets_member_organizations_register_with_counts_and_only_once(
    make_meeting, client_as, personas, org_a
):
    meeting = make_meeting()
    client = client_as(personas.editor_a)
    url = f"/en/governance/meetings/{meeting.pk}/register/"
    empty = client.post(url, {"organization": org_a.pk, "participants_women": 0, "participants_men": 0})
    assert "At least one, please." in empty.content.decode() and not MeetingRegistration.objects.exists()
    ok = client.post(url, {"organization": org_a.pk, "participants_women": 2, "participants_men": 1})
    assert ok.status_code == 302
    registration = MeetingRegistration.objects.get()
    assert (registration.organization, registration.participants) == (org_a, 3)
    again = client.post(url, {"organization": org_a.pk, "participants_women": 1, "participants_men": 0})
    assert "is already registered for this meeting" in again.content.decode()
    assert MeetingRegistration.objects.count() == 1


def test_it_refuses_registration_from_a_non_member_and_after_the_meeting(make_meeting, personas, org_a):
    meeting = make_meeting()
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.SUSPENDED)
    org_a.refresh_from_db()
    with pytest.raises(ValidationError, match="Only active member organizations"):
        services.registration_create(
            meeting=meeting, organization=org_a, women=1, men=0, by=personas.editor_a
        )
    past = make_meeting(starts_at=timezone.now() - timedelta(days=2))
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.ACTIVE)
    org_a.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.registration_create(meeting=past, organization=org_a, women=1, men=0, by=personas.editor_a)
    assert not MeetingRegistration.objects.exists()


def test_it_refuses_attendance_counts_that_do_not_add_up(make_meeting, client_as, personas):
    meeting = make_meeting(starts_at=timezone.now() - timedelta(hours=1))
    client = client_as(personas.secretariat)
    response = client.post(
        f"/en/governance/meetings/{meeting.pk}/attendance/",
        {"attendance_total": 30, "attendance_women": 9, "attendance_men": 20, "attendance_unspecified": 0},
    )
    page = response.content.decode()
    assert "The counts do not add up: 9 women + 20 men + 0 not stated make 29, not 30." in page
    assert 'id="id_attendance_total_error"' in page
    meeting.refresh_from_db()
    assert meeting.attendance_total is None
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=meeting, total=30, women=9, men=20, by=personas.secretariat)


def test_it_records_attendance_as_the_network_reports_it(make_meeting, client_as, personas, org_a, org_b):
    meeting = make_meeting(starts_at=timezone.now() - timedelta(hours=1))
    for organization, editor in [(org_a, personas.editor_a), (org_b, personas.editor_b)]:
        services.registration_create(meeting=meeting, organization=organization, women=1, men=1, by=editor)
    client = client_as(personas.secretariat)
    response = client.post(
        f"/en/governance/meetings/{meeting.pk}/attendance/",
        {
            "attendance_total": 30,
            "attendance_women": 9,
            "attendance_men": 21,
            "attendance_unspecified": 0,
            "attended": [str(org_a.pk)],
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.attendance_total, meeting.attendance_women, meeting.attendance_men) == (30, 9, 21)
    assert {r.organization_id: r.attended for r in meeting.registrations.all()} == {
        org_a.pk: True,
        org_b.pk: False,
    }
    page = client_as(personas.editor_b).get(f"/en/governance/meetings/{meeting.pk}/").content.decode()
    assert "30 participants: 9 women, 21 men" in page


def test_it_refuses_attendance_before_the_meeting_has_started(make_meeting, personas):
    meeting = make_meeting()
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.attendance_record(meeting=meeting, total=3, women=1, men=2, by=personas.secretariat)


def test_it_shows_members_only_minutes_of_a_public_meeting_to_members_only(
    make_meeting, client, client_as, personas
):
    meeting = make_meeting(starts_at=timezone.now() - timedelta(days=1))
    secret = "ໄພແຫ້ງແລ້ງ drought-relief-fund"
    services.minutes_save(
        meeting=meeting, language="en", text=f"Agreed to ask about the {secret}.", by=personas.secretariat
    )
    services.resolution_add(
        meeting=meeting, text_lo="", text_en="Resolution on the relief-fund", by=personas.secretariat
    )
    url = f"/en/governance/meetings/{meeting.pk}/"
    public_page = client.get(url).content.decode()
    assert "FARD group meeting" in public_page and "drought-relief-fund" not in public_page
    assert "shared with member organizations only" in public_page
    for viewer in (client, client_as(personas.visitor)):
        assert "relief-fund" not in viewer.get("/en/governance/meetings/feed.ics").content.decode()
        assert (
            "relief-fund"
            not in viewer.get(f"/en/governance/meetings/{meeting.pk}/meeting.ics").content.decode()
        )
        assert f"/meetings/{meeting.pk}/" not in viewer.get("/en/search/?q=drought").content.decode()
    assert not search("drought", language="en", visibility_levels=["public"]).hits
    member_page = client_as(personas.editor_b).get(url).content.decode()
    assert "drought-relief-fund" in member_page and "Resolution on the relief-fund" in member_page
    hits = search("drought", language="en", visibility_levels=["public", "members"]).hits
    assert [hit.url for hit in hits] == [url + "#minutes"]


def test_it_serves_the_minutes_file_to_members_only_and_refuses_a_disguised_file(
    make_meeting, client_as, personas
):
    meeting = make_meeting(starts_at=timezone.now() - timedelta(days=1))
    anonymous = Client()
    manager = client_as(personas.secretariat)
    fake = SimpleUploadedFile(
        "minutes.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    page = manager.post(
        f"/en/governance/meetings/{meeting.pk}/minutes/", {"language": "lo", "text": "", "upload": fake}
    ).content.decode()
    assert "Please upload a PDF file, or a JPEG or PNG photo" in page
    assert not MeetingMinutes.objects.exists()
    real = SimpleUploadedFile("ບົດບັນທຶກ.pdf", PDF, content_type="application/pdf")
    assert (
        manager.post(
            f"/en/governance/meetings/{meeting.pk}/minutes/", {"language": "lo", "text": "", "upload": real}
        ).status_code
        == 302
    )
    stored = MeetingMinutes.objects.get()
    assert stored.file.name.startswith("governance/minutes/") and "ບົດ" not in stored.file.name
    url = f"/en/governance/meetings/{meeting.pk}/minutes/lo/file/"
    assert anonymous.get(url).status_code == 404
    download = client_as(personas.editor_a).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")


def test_it_hides_a_members_only_meeting_from_the_public_everywhere(
    make_meeting, client, client_as, personas
):
    meeting = make_meeting(visibility="members", title_en="Confidential strategy meeting", title_lo="ປະຊຸມລັບ")
    assert client.get(f"/en/governance/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/en/governance/meetings/{meeting.pk}/meeting.ics").status_code == 404
    for url in [
        "/en/governance/meetings/",
        "/en/governance/",
        "/en/governance/meetings/feed.ics",
        "/en/governance/sectors/FARD/",
    ]:
        assert "Confidential" not in client.get(url).content.decode(), url
    assert f"/meetings/{meeting.pk}/" not in client.get("/en/search/?q=Confidential").content.decode()
    assert not search("Confidential", language="en", visibility_levels=["public"]).hits
    member = client_as(personas.editor_a)
    assert member.get(f"/en/governance/meetings/{meeting.pk}/").status_code == 200
    assert "Confidential strategy meeting" in member.get("/en/governance/meetings/").content.decode()
    assert "Confidential strategy meeting" in member.get("/en/governance/meetings/feed.ics").content.decode()


def test_it_lets_the_responsible_organization_update_its_action_item(
    make_meeting, client_as, personas, org_a
):
    meeting = make_meeting(starts_at=timezone.now() - timedelta(days=1), minutes_visibility="public")
    item = services.action_item_add(
        meeting=meeting,
        data={"task_en": "Collect the project data", "responsible_organization": org_a},
        by=personas.secretariat,
    )
    url = f"/en/governance/action-items/{item.pk}/status/"
    assert client_as(personas.editor_b).post(url, {"status": "done"}).status_code == 403
    assert client_as(personas.editor_a).post(url, {"status": "in_progress"}).status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS
    with pytest.raises(ValidationError, match="Who is responsible"):
        services.action_item_add(meeting=meeting, data={"task_en": "Nobody's job"}, by=personas.secretariat)


def test_it_adds_resolutions_and_action_items_from_the_managers_page(
    make_meeting, client_as, personas, org_a
):
    meeting = make_meeting(starts_at=timezone.now() - timedelta(days=1))
    client = client_as(personas.secretariat)
    url = f"/en/governance/meetings/{meeting.pk}/resolutions/"
    assert (
        client.post(url, {"form": "resolution", "resolution-text_en": "Adopt the work plan"}).status_code
        == 302
    )
    resolution = meeting.resolutions.get()
    response = client.post(
        url,
        {
            "form": "action",
            "action-task_en": "Send the plan to members",
            "action-responsible_organization": org_a.acronym,
            "action-due_on": "2030-01-31",
            "action-resolution": str(resolution.pk),
        },
    )
    assert response.status_code == 302
    item = meeting.action_items.get()
    assert (item.responsible_organization, item.resolution, str(item.due_on)) == (
        org_a,
        resolution,
        "2030-01-31",
    )
    bad = client.post(
        url, {"form": "action", "action-task_en": "x", "action-responsible_organization": "NOPE"}
    )
    assert "No active member organization has this acronym" in bad.content.decode()
    assert client_as(personas.editor_a).get(url).status_code == 403


def test_it_refuses_a_stale_meeting_form(make_meeting, client_as, personas, fard):
    meeting = make_meeting()
    client = client_as(personas.secretariat)
    url = f"/en/governance/meetings/{meeting.pk}/edit/"
    start = timezone.localtime(meeting.starts_at)
    stale = form(
        sector_group=str(fard.pk),
        version=str(meeting.version),
        starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    )
    assert client.post(url, {**stale, "title_en": "First change"}).status_code == 302
    response = client.post(url, {**stale, "title_en": "Second change"})
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.title_en == "First change"


def test_it_hands_its_meetings_to_the_events_calendar_with_their_visibility(make_meeting, personas):
    from django.apps import apps

    shown = make_meeting(title_en="Open meeting")
    make_meeting(title_en="Closed meeting", visibility="members")
    services.meeting_cancel(meeting=make_meeting(title_en="Cancelled meeting"), by=personas.secretariat)
    config = apps.get_app_config("governance")
    with translation.override("en"):
        entries = list(config.calendar_entries(start=timezone.now(), end=timezone.now() + timedelta(days=30)))
    assert [(entry["title"], entry["visibility"]) for entry in entries] == [
        ("Open meeting", "public"),
        ("Closed meeting", "members"),
    ]
    assert entries[0]["uid"] == f"meeting-{shown.pk}" and entries[0]["url"].endswith(f"/meetings/{shown.pk}/")
