"""iCalendar (RFC 5545) for the events calendar: lines end in CRLF, are folded at 75 octets without
splitting a UTF-8 character, and text values are escaped. Times are written in UTC, so no time
zone definitions are needed."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Lao CSO Platform//Events//EN"


@dataclass
class CalendarItem:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str
    description: str = ""
    location: str = ""
    updated_at: datetime | None = None
    sequence: int = 0
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets; continuation lines start with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # the leading space of a continuation line counts
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(items: Iterable[CalendarItem], *, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    now = datetime.now(UTC)
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}",
            f"DTSTAMP:{_utc(item.updated_at or now)}",
            f"DTSTART:{_utc(item.starts_at)}",
            f"DTEND:{_utc(item.ends_at)}",
            f"SEQUENCE:{item.sequence}",
            f"SUMMARY:{escape_text(item.title)}",
        ]
        if item.description:
            lines.append(f"DESCRIPTION:{escape_text(item.description)}")
        if item.location:
            lines.append(f"LOCATION:{escape_text(item.location)}")
        if item.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(category) for category in item.categories))
        lines += [f"URL:{item.url}", "STATUS:CONFIRMED", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
