"""Dated items of other apps in the events calendar, without importing them.

`content` may not import `governance` (nor the other way round), so an app that wants its items in
the calendar gives its AppConfig a method:

    def calendar_entries(self, *, start: datetime, end: datetime) -> Iterable[dict]:
        ...

returning, for the items that overlap [start, end), dicts with the keys of `ExternalEntry`:
`uid` (unique across the site, e.g. "meeting-12"), `title` (in the active language), `starts_at`
and `ends_at` (aware datetimes), `url` (a path on this site), and optionally `location`, `kind`
(a label in the active language, e.g. "Committee meeting") and `visibility` ("public",
"members" or "secretariat"; default "secretariat", so nothing becomes public by omission).
The calendar shows an entry only to viewers whose levels include its visibility; the iCalendar
feed is public, so only "public" entries reach it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps

logger = logging.getLogger(__name__)
PROVIDER = "calendar_entries"
KEYS = {"uid", "title", "starts_at", "ends_at", "url", "location", "kind", "visibility"}


@dataclass(frozen=True)
class ExternalEntry:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str
    location: str = ""
    kind: str = ""
    visibility: str = "secretariat"
    external: bool = True

    @property
    def kind_label(self) -> str:
        return self.kind


def external_entries(*, start: datetime, end: datetime, levels) -> list[ExternalEntry]:
    """Entries of every app that provides them, that the viewer's levels allow, sorted by start.
    A broken provider is logged and skipped: the calendar still shows the platform's own events."""
    entries = []
    for config in apps.get_app_configs():
        provider = getattr(config, PROVIDER, None)
        if not callable(provider):
            continue
        try:
            for raw in provider(start=start, end=end):
                entry = ExternalEntry(**{key: raw[key] for key in raw if key in KEYS})
                if entry.visibility in levels and entry.ends_at > start and entry.starts_at < end:
                    entries.append(entry)
        except Exception:
            logger.exception("calendar entries of %s failed", config.label)
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.uid))
