"""iCalendar (RFC 5545) for meetings: a feed and one file per meeting.

Times are written in UTC (no VTIMEZONE needed); text is escaped and lines are folded at 75 octets
without splitting a UTF-8 character (Lao text takes 3 octets a character).
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Meeting

PRODID = "-//Lao CSO Platform//Governance meetings//EN"
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """TEXT values: backslash, semicolon, comma and newlines are escaped (RFC 5545 §3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, continuation lines starting with a space."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # continuation lines begin with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "laocso.invalid"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def meeting_event(meeting: Meeting) -> list[str]:
    """The VEVENT lines of one meeting. Only what the meeting page shows to everyone who sees the
    meeting: never minutes, registrations or attendance."""
    url = absolute(reverse("governance:meeting-detail", args=[meeting.pk]))
    description = "\n\n".join(part for part in [meeting.organizers, meeting.agenda, url] if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{uid_domain()}",
        f"DTSTAMP:{utc_stamp(timezone.now())}",
        f"DTSTART:{utc_stamp(meeting.starts_at)}",
        f"DTEND:{utc_stamp(meeting.ends_at)}",
        f"LAST-MODIFIED:{utc_stamp(meeting.updated_at)}",
        f"SEQUENCE:{meeting.version}",
        f"SUMMARY:{escape_text(meeting.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"CATEGORIES:{escape_text(str(meeting.get_kind_display()))}",
        "CLASS:PUBLIC" if meeting.visibility == "public" else "CLASS:PRIVATE",
        "STATUS:CANCELLED" if meeting.is_cancelled else "STATUS:CONFIRMED",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{escape_text(meeting.place)}")
    lines.append("END:VEVENT")
    return lines


def calendar(meetings: Iterable[Meeting], *, name: str | None = None) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(name or _("Meetings of the Lao CSO network")),
    ]
    for meeting in meetings:
        lines.extend(meeting_event(meeting))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
