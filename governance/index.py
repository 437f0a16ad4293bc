"""What the search index holds about meetings and decisions.

A meeting has one entry at the meeting's visibility (title, agenda, place, organizers) and, when
it has minutes, a second entry at the minutes' visibility, so that a word found only in members-only
minutes never leads the public to the meeting.
"""

from django.urls import reverse
from django.utils import translation

from governance.models import Decision, Meeting, MeetingMinutes
from search.services import index_delete, index_upsert

MEETING = "meeting"
DECISION = "decision"
LANGUAGES = ("lo", "en")


def narrower(first: str, second: str) -> str:
    return "members" if "members" in {first, second} else "public"


def minutes_key(meeting_pk: int) -> str:
    return f"{meeting_pk}-minutes"


def meeting_index(meeting: Meeting) -> None:
    """Index a meeting in Lao and English; called by the services that change it."""
    places = [p for p in [meeting.province, meeting.district] if p is not None]
    group = meeting.sector_group
    texts = [
        meeting.title_lo,
        meeting.title_en,
        meeting.agenda_lo,
        meeting.agenda_en,
        meeting.venue_lo,
        meeting.venue_en,
        meeting.organizers_lo,
        meeting.organizers_en,
        *(place.name_lo for place in places),
        *(place.name_en for place in places),
        *([group.name_lo, group.name_en] if group else []),
        *(org.name_lo for org in meeting.organizer_organizations.all()),
        *(org.name_en for org in meeting.organizer_organizations.all()),
    ]
    keys = [group.code] if group else []
    for language in LANGUAGES:
        with translation.override(language):
            url = reverse("governance:meeting-detail", args=[meeting.pk])  # /lo/… or /en/…
            kind_label = str(meeting.get_kind_display())
            when = meeting.starts_at.date().isoformat()
            index_upsert(
                kind=MEETING,
                object_id=meeting.pk,
                language=language,
                title=meeting.title,
                snippet=" · ".join(part for part in [kind_label, when, meeting.place] if part),
                url=url,
                visibility=meeting.visibility,
                texts=[text for text in texts if text],
                keys=keys,
            )
    minutes = list(meeting.minutes.all())
    texts_of_minutes = [item.text for item in minutes if item.text]
    texts_of_minutes += [
        text
        for resolution in meeting.resolutions.all()
        for text in (resolution.text_lo, resolution.text_en)
        if text
    ]
    if not texts_of_minutes:
        index_delete(kind=MEETING, object_id=minutes_key(meeting.pk))
        return
    for language in LANGUAGES:
        with translation.override(language):
            index_upsert(
                kind=MEETING,
                object_id=minutes_key(meeting.pk),
                language=language,
                title=translation.gettext("Minutes: %(meeting)s") % {"meeting": meeting.title},
                snippet=_minutes_snippet(minutes, language),
                url=reverse("governance:meeting-detail", args=[meeting.pk]) + "#minutes",
                visibility=narrower(meeting.visibility, meeting.minutes_visibility),
                texts=[meeting.title_lo, meeting.title_en, *texts_of_minutes],
            )


def _minutes_snippet(minutes: list[MeetingMinutes], language: str) -> str:
    ordered = sorted(minutes, key=lambda item: item.language != language)
    return next((item.text[:300] for item in ordered if item.text), "")


def meeting_unindex(meeting_pk: int) -> None:
    index_delete(kind=MEETING, object_id=meeting_pk)
    index_delete(kind=MEETING, object_id=minutes_key(meeting_pk))


def decision_index(decision: Decision) -> None:
    texts = [
        decision.number,
        decision.title_lo,
        decision.title_en,
        decision.issuing_body_lo,
        decision.issuing_body_en,
        decision.summary_lo,
        decision.summary_en,
    ]
    for language in LANGUAGES:
        with translation.override(language):
            url = reverse("governance:decision-detail", args=[decision.pk])
            index_upsert(
                kind=DECISION,
                object_id=decision.pk,
                language=language,
                title=f"{decision.number} · {decision.title}",
                snippet=" · ".join(
                    part
                    for part in [decision.issued_on.isoformat(), decision.issuing_body, decision.summary]
                    if part
                ),
                url=url,
                visibility=decision.visibility,
                texts=[text for text in texts if text],
                keys=[decision.number.replace("/", " ")],
            )


def reindex_meetings() -> int:
    count = 0
    for meeting in (
        Meeting.objects.select_related("province", "district", "sector_group")
        .prefetch_related("organizer_organizations", "minutes", "resolutions")
        .iterator(chunk_size=200)
    ):
        meeting_index(meeting)
        count += 1
    return count


def reindex_decisions() -> int:
    count = 0
    for decision in Decision.objects.iterator(chunk_size=200):
        decision_index(decision)
        count += 1
    return count
