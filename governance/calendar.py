"""Governance meetings in the content app's events calendar.

content cannot import governance; it asks every AppConfig for a `calendar_entries` method (see
content/calendar.py) and GovernanceConfig answers with these. Members-only meetings are handed over
as "members": the calendar shows them only to members, and its public feed never.
"""

from collections.abc import Iterator
from datetime import datetime

from django.urls import reverse

from governance.models import Meeting


def meeting_entries(*, start: datetime, end: datetime) -> Iterator[dict]:
    """Scheduled (not cancelled) meetings that overlap [start, end), in the active language."""
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__lt=end, ends_at__gt=start)
        .select_related("sector_group", "province", "district")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        yield {
            "uid": f"meeting-{meeting.pk}",
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "url": reverse("governance:meeting-detail", args=[meeting.pk]),
            "location": meeting.place,
            "kind": str(meeting.get_kind_display()),
            "visibility": meeting.visibility,
        }
