"""iCalendar output (RFC 5545): CRLF lines of at most 75 octets, escaped text, UTC times."""

from datetime import UTC, datetime, timedelta

import pytest

from governance.ical import escape_text, fold

pytestmark = pytest.mark.django_db


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_it_escapes_commas_semicolons_backslashes_and_newlines():
    assert escape_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"


def test_it_folds_long_lao_lines_without_splitting_a_character():
    line = "SUMMARY:" + "ກອງປະຊຸມກຸ່ມກະສິກຳ ປ່າໄມ້ ແລະ ການພັດທະນາຊົນນະບົດ " * 4
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 3
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line  # each part decodes on its own


def test_it_serves_a_meeting_as_a_calendar_file(make_meeting, client):
    start = datetime(2030, 3, 4, 2, 0, tzinfo=UTC)  # 09:00 in Vientiane
    meeting = make_meeting(
        starts_at=start,
        title_en="Planning, budget; and reports",
        title_lo="ກອງປະຊຸມວາງແຜນ " * 6,
        agenda_en="1. Budget, 2026\n2. Reports; plans",
    )
    response = client.get(f"/en/governance/meetings/{meeting.pk}/meeting.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in body.split("\r\n"))
    lines = unfold(body)
    assert "DTSTART:20300304T020000Z" in lines and "DTEND:20300304T050000Z" in lines
    assert "SUMMARY:Planning\\, budget\\; and reports" in lines
    assert any(
        line.startswith("DESCRIPTION:") and "1. Budget\\, 2026\\n2. Reports\\; plans" in line
        for line in lines
    )
    assert any(line.startswith(f"UID:meeting-{meeting.pk}@") for line in lines)
    lao = client.get(f"/lo/governance/meetings/{meeting.pk}/meeting.ics").content.decode("utf-8")
    assert "SUMMARY:ກອງປະຊຸມວາງແຜນ" in "".join(unfold(lao))


def test_its_feed_lists_one_event_per_public_meeting_and_can_be_limited_to_a_group(make_meeting, client):
    from core.models import SectorGroup

    make_meeting(title_en="Farm meeting")
    make_meeting(title_en="School meeting", sector_group=SectorGroup.objects.get(code="EDSP"))
    make_meeting(title_en="Third meeting", starts_at=datetime.now(UTC) + timedelta(days=3))
    body = client.get("/en/governance/meetings/feed.ics").content.decode()
    assert body.count("BEGIN:VEVENT") == 3
    only_farm = client.get("/en/governance/meetings/feed.ics?sector=FARD").content.decode()
    assert "Farm meeting" in only_farm and "School meeting" not in only_farm
    assert client.get("/en/governance/meetings/feed.ics?sector=NOPE").status_code == 404
