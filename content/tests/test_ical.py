"""iCalendar output follows RFC 5545: CRLF, folding at 75 octets, escaped text."""

from datetime import UTC, datetime

from content.ical import CalendarItem, calendar, escape_text, fold


def test_it_escapes_commas_semicolons_backslashes_and_newlines():
    assert escape_text("a, b; c\\d\ne") == "a\\, b\\; c\\\\d\\ne"


def test_it_folds_long_lines_at_75_octets_without_splitting_a_lao_character():
    line = "SUMMARY:" + "ກອງປະຊຸມໃຫຍ່ປະຈຳປີ " * 10
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if index else part for index, part in enumerate(parts)) == line


def test_it_writes_a_calendar_with_crlf_lines_and_utc_times():
    item = CalendarItem(
        uid="event-1@example.org",
        title="ຝຶກອົບຮົມ, ວຽງຈັນ",
        starts_at=datetime(2025, 3, 1, 2, 0, tzinfo=UTC),
        ends_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        url="https://example.org/lo/events/x/",
        description="Line one\nLine two",
    )
    text = calendar([item], name="Events")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART:20250301T020000Z\r\n" in text and "DTEND:20250301T093000Z\r\n" in text
    assert "SUMMARY:ຝຶກອົບຮົມ\\, ວຽງຈັນ\r\n" in text
    assert "DESCRIPTION:Line one\\nLine two\r\n" in text
