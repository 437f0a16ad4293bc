"""Writes about committees, sector groups, meetings, decisions and elections. Each is atomic and
audited, checks who may do it, updates the search index in the same transaction and refreshes the
cached public pages after the commit.

Ballot secrecy (ballot_cast): the ballot row holds the election and the marked candidates only; no
organization, no user, no time. That an organization has voted is a separate VoteRecord. Ballot keys
are random, and after each ballot all ballots of the election are rewritten in a random order, so
that neither keys nor storage order follow the order of voting (which the audit log records).
"""

import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import lao
from accounts.models import Role, User
from accounts.services import role_grant, role_revoke
from core.audit import audit_record
from core.cache import page_cache_bump
from core.models import SectorGroup
from core.uploads import CheckedFile
from directory.models import MembershipEvent, Organization, OrganizationRole
from governance import access
from governance.index import decision_index, meeting_index
from governance.models import (
    ActionItem,
    Ballot,
    BallotChoice,
    Candidate,
    CommitteeSeat,
    Decision,
    Election,
    ElectionTally,
    ElectorRoll,
    Meeting,
    MeetingMinutes,
    MeetingRegistration,
    Person,
    Representative,
    Resolution,
    SectorGroupProfile,
    SectorLeadership,
    VoteRecord,
)
from governance.selectors import current_term

CACHE_NAMESPACE = "governance"


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened."""


def changed() -> None:
    transaction.on_commit(lambda: page_cache_bump(CACHE_NAMESPACE))


def require_secretariat(by) -> None:
    if not access.is_secretariat(by):
        raise PermissionDenied


def clean_texts(data: dict, fields: list[str]) -> dict:
    """Lao text is stored in its canonical spelling (lao.clean), never rejected for it."""
    clean = dict(data)
    for field in fields:
        if isinstance(clean.get(field), str):
            clean[field] = lao.clean(clean[field].strip())
    return clean


def store_file(field, checked: CheckedFile) -> None:
    """Save checked content under a random name (never the uploaded name). Call it last, just before
    the row is saved: the old file goes after the commit."""
    old = field.name
    field.save(f"{secrets.token_hex(16)}{checked.extension}", checked, save=False)
    if old:
        storage = field.storage
        transaction.on_commit(lambda: storage.delete(old))


def save_with_file(instance, field_name: str, checked: CheckedFile | None) -> None:
    """Store the file, then the row; if the row cannot be saved, the file just written goes too."""
    if checked is None:
        instance.save()
        return
    field = getattr(instance, field_name)
    store_file(field, checked)
    try:
        instance.save()
    except Exception:
        field.storage.delete(field.name)
        raise


# --- people ----------------------------------------------------------------------------------------


PERSON_FIELDS = [
    "name_lo",
    "name_en",
    "sex",
    "position_lo",
    "position_en",
    "phone",
    "email",
    "contacts_visibility",
]


@transaction.atomic
def person_create(
    *, organization: Organization, data: dict, by: User | None, is_demo: bool = False
) -> Person:
    """Record a person of a member organization (a nominee, a seat holder). The secretariat, or an
    editor of that organization, may do it."""
    if by is not None and not (
        access.is_secretariat(by) or organization in access.editable_organizations(by)
    ):
        raise PermissionDenied
    data = clean_texts(
        {key: value for key, value in data.items() if key in PERSON_FIELDS}, ["name_lo", "position_lo"]
    )
    if not (data.get("name_lo") or data.get("name_en")):
        raise ValidationError({"name_lo": _("Please give the person's name, in Lao or in English.")})
    person = Person(organization=organization, is_demo=is_demo, **data)
    person.full_clean()
    person.save()
    audit_record(actor=by, action="person.create", target=person, organization=organization.pk)
    return person


# --- committee -------------------------------------------------------------------------------------


@transaction.atomic
def seat_assign(
    *, seat: CommitteeSeat, person: Person | None, status: str | None = None, by: User | None
) -> None:
    """The secretariat records who holds a committee seat (or that it is vacant or not recorded)."""
    if by is not None:
        require_secretariat(by)
    seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    if person is not None:
        if person.organization.status != Organization.Status.ACTIVE and seat.term.is_current:
            raise ValidationError(
                {
                    "person": _(
                        "A seat on the current committee is held by a person from an active member "
                        "organization."
                    )
                }
            )
        seat.holder, seat.status = person, CommitteeSeat.Status.FILLED
    else:
        seat.holder = None
        unfilled = {CommitteeSeat.Status.VACANT, CommitteeSeat.Status.NOT_RECORDED}
        seat.status = status if status in unfilled else CommitteeSeat.Status.VACANT
    seat.save(update_fields=["holder", "status"])
    audit_record(actor=by, action="committee_seat.assign", target=seat, person=person.pk if person else None)
    changed()


# --- sector groups ---------------------------------------------------------------------------------


@transaction.atomic
def sector_profile_update(
    *, sector_group: SectorGroup, description_lo: str, description_en: str, by: User
) -> None:
    """The secretariat or the group's head updates the group's description."""
    if not access.can_manage_group(by, sector_group.pk):
        raise PermissionDenied
    profile, _created = SectorGroupProfile.objects.get_or_create(sector_group=sector_group)
    profile.description_lo = lao.clean(description_lo.strip())
    profile.description_en = description_en.strip()
    profile.updated_by = by
    profile.save()
    audit_record(actor=by, action="sector_group.describe", target=sector_group)
    changed()


@transaction.atomic
def leadership_record(
    *,
    sector_group: SectorGroup,
    person: Person,
    role: str,
    starts_on: date,
    term_ends_on: date | None = None,
    election: Election | None = None,
    by: User | None,
) -> SectorLeadership:
    """Record a head or deputy of a sector group (from an election's result, or entered by the
    secretariat). A new head ends the previous head's term; a person holds one role in a group at a
    time. The head's account, if any, gets the sector head role."""
    if by is not None and election is None:
        require_secretariat(by)
    if role not in SectorLeadership.Role.values:
        raise ValidationError({"role": _("Choose head or deputy head.")})
    if term_ends_on and term_ends_on <= starts_on:
        raise ValidationError({"term_ends_on": _("The term must end after it starts.")})
    current = SectorLeadership.objects.current().select_for_update().filter(sector_group=sector_group)
    ending = list(current.filter(person=person))
    if role == SectorLeadership.Role.HEAD:
        ending += [
            row for row in current.filter(role=SectorLeadership.Role.HEAD) if row.person_id != person.pk
        ]
    for row in ending:
        _leadership_close(row, ends_on=max(starts_on, row.starts_on), by=by)
    leadership = SectorLeadership.objects.create(
        sector_group=sector_group,
        person=person,
        role=role,
        starts_on=starts_on,
        term_ends_on=term_ends_on,
        election=election,
    )
    if role == SectorLeadership.Role.HEAD:
        if person.user_id and person.user.is_active:
            role_grant(user=person.user, kind=Role.Kind.SECTOR_HEAD, sector_group=sector_group, by=by)
        term = current_term()
        seat = (
            term.seats.filter(kind=CommitteeSeat.Kind.SECTOR_HEAD, sector_group=sector_group).first()
            if term
            else None
        )
        if seat is not None and seat.holder_id != person.pk:
            seat.holder, seat.status = person, CommitteeSeat.Status.FILLED
            seat.save(update_fields=["holder", "status"])
            audit_record(
                actor=by,
                action="committee_seat.assign",
                target=seat,
                person=person.pk,
                election=election.pk if election else None,
            )
    audit_record(
        actor=by,
        action="leadership.record",
        target=leadership,
        sector_group=sector_group.code,
        role=role,
        election=election.pk if election else None,
    )
    changed()
    return leadership


def _leadership_close(row: SectorLeadership, *, ends_on: date, by: User | None) -> None:
    row.ends_on = ends_on
    row.save(update_fields=["ends_on"])
    if row.role == SectorLeadership.Role.HEAD and row.person.user_id:
        for held in Role.objects.filter(
            user_id=row.person.user_id, kind=Role.Kind.SECTOR_HEAD, sector_group=row.sector_group
        ):
            role_revoke(role=held, by=by)
    audit_record(actor=by, action="leadership.end", target=row, sector_group=row.sector_group.code)


@transaction.atomic
def leadership_end(*, leadership: SectorLeadership, ends_on: date, by: User) -> None:
    """The secretariat records that a head or deputy left before the end of the term."""
    require_secretariat(by)
    if leadership.ends_on is not None:
        raise ValidationError(_("This term has already ended."))
    if ends_on < leadership.starts_on:
        raise ValidationError({"ends_on": _("The term cannot end before it started.")})
    _leadership_close(leadership, ends_on=ends_on, by=by)
    changed()


# --- meetings --------------------------------------------------------------------------------------


MEETING_FIELDS = [
    "kind",
    "title_lo",
    "title_en",
    "sector_group",
    "starts_at",
    "ends_at",
    "province",
    "district",
    "venue_lo",
    "venue_en",
    "organizers_lo",
    "organizers_en",
    "agenda_lo",
    "agenda_en",
    "visibility",
    "minutes_visibility",
    "registration_open",
]
MEETING_LAO_FIELDS = ["title_lo", "venue_lo", "organizers_lo", "agenda_lo"]
# Kinds of meeting that may belong to a sector group (a group meeting must; a training may).
GROUP_KINDS = {Meeting.Kind.SECTOR_GROUP, Meeting.Kind.OTHER}


def validate_meeting(data: dict) -> None:
    """Field errors a person can fix; the database constraints repeat the essential ones."""
    errors = {}
    if not (data.get("title_lo") or data.get("title_en")):
        errors["title_lo"] = _("Please give the meeting a title, in Lao or in English.")
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends <= starts:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if data.get("kind") == Meeting.Kind.SECTOR_GROUP and not data.get("sector_group"):
        errors["sector_group"] = _("Which sector group meets?")
    district, province = data.get("district"), data.get("province")
    if district and province and district.province_id != province.pk:
        errors["district"] = _("This district is not in the province chosen.")
    if district and not province:
        data["province"] = district.province
    if errors:
        raise ValidationError(errors)


def may_create_meeting(by: User, data: dict) -> bool:
    if access.is_secretariat(by):
        return True
    group = data.get("sector_group")
    return (
        data.get("kind") == Meeting.Kind.SECTOR_GROUP
        and group is not None
        and access.can_manage_group(by, group.pk)
    )


def after_meeting_change(meeting: Meeting) -> None:
    meeting_index(meeting)
    changed()


@transaction.atomic
def meeting_create(*, data: dict, organizer_organizations=(), by: User, is_demo: bool = False) -> Meeting:
    """The secretariat schedules a meeting; a sector group's head schedules their group's meetings."""
    data = clean_texts(
        {key: value for key, value in data.items() if key in MEETING_FIELDS}, MEETING_LAO_FIELDS
    )
    if not may_create_meeting(by, data):
        raise PermissionDenied
    validate_meeting(data)
    meeting = Meeting(created_by=by, is_demo=is_demo, **data)
    if meeting.kind not in GROUP_KINDS:
        meeting.sector_group = None
    if meeting.kind == Meeting.Kind.COMMITTEE:
        meeting.term = current_term()
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    meeting.organizer_organizations.set(organizer_organizations)
    audit_record(actor=by, action="meeting.create", target=meeting, kind=meeting.kind)
    after_meeting_change(meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, data: dict, organizer_organizations=(), expected_version: int, by: User
) -> Meeting:
    """The meeting's managers change it. Refuses a stale form instead of overwriting a newer change."""
    if not access.can_manage_meeting(by, meeting):
        raise PermissionDenied
    data = clean_texts(
        {key: value for key, value in data.items() if key in MEETING_FIELDS}, MEETING_LAO_FIELDS
    )
    if not may_create_meeting(by, data):
        raise PermissionDenied  # a sector head cannot turn their meeting into another group's
    validate_meeting(data)
    bumped = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not bumped:
        raise StaleEdit(
            _(
                "Someone else saved this meeting after you opened it. Your changes were not saved: "
                "open the meeting again to see the latest version, then make your changes."
            ),
            code="stale",
        )
    before = {field: getattr(meeting, field) for field in MEETING_FIELDS}
    for field, value in data.items():
        setattr(meeting, field, value)
    if meeting.kind not in GROUP_KINDS:
        meeting.sector_group = None
    meeting.version = expected_version + 1
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    meeting.organizer_organizations.set(organizer_organizations)
    fields = sorted(field for field in MEETING_FIELDS if getattr(meeting, field) != before[field])
    audit_record(actor=by, action="meeting.update", target=meeting, fields=fields)
    after_meeting_change(meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User) -> None:
    if not access.can_manage_meeting(by, meeting):
        raise PermissionDenied
    if meeting.is_cancelled:
        return
    meeting.status = Meeting.Status.CANCELLED
    meeting.version += 1
    meeting.save(update_fields=["status", "version", "updated_at"])
    audit_record(actor=by, action="meeting.cancel", target=meeting)
    after_meeting_change(meeting)


@transaction.atomic
def registration_create(
    *,
    meeting: Meeting,
    organization: Organization,
    women: int,
    men: int,
    unspecified: int = 0,
    note: str = "",
    by: User,
) -> MeetingRegistration:
    """An editor of a member organization registers it for a meeting, with how many will come."""
    if not (
        access.is_secretariat(by)
        or OrganizationRole.objects.filter(user=by, organization=organization).exists()
    ):
        raise PermissionDenied
    if not access.can_see_meeting(by, meeting):
        raise PermissionDenied
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(
            {"organization": _("Only active member organizations can register for meetings.")},
            code="not_member",
        )
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting has been cancelled."), code="cancelled")
    if not meeting.registration_open or not meeting.is_upcoming:
        raise ValidationError(_("Registration for this meeting is closed."), code="closed")
    if women < 0 or men < 0 or unspecified < 0 or women + men + unspecified == 0:
        raise ValidationError({"participants_women": _("How many people will come? At least one, please.")})
    if MeetingRegistration.objects.filter(meeting=meeting, organization=organization).exists():
        raise ValidationError(
            {
                "organization": _("%(org)s is already registered for this meeting.")
                % {"org": organization.name}
            },
            code="duplicate",
        )
    try:
        with transaction.atomic():
            registration = MeetingRegistration.objects.create(
                meeting=meeting,
                organization=organization,
                registered_by=by,
                participants_women=women,
                participants_men=men,
                participants_unspecified=unspecified,
                note=lao.clean(note.strip()),
            )
    except IntegrityError:  # a parallel registration won
        raise ValidationError(
            {
                "organization": _("%(org)s is already registered for this meeting.")
                % {"org": organization.name}
            },
            code="duplicate",
        ) from None
    audit_record(actor=by, action="meeting.register", target=meeting, organization=organization.pk)
    changed()
    return registration


@transaction.atomic
def registration_cancel(*, registration: MeetingRegistration, by: User) -> None:
    allowed = (
        access.is_secretariat(by)
        or OrganizationRole.objects.filter(user=by, organization=registration.organization).exists()
    )
    if not allowed:
        raise PermissionDenied
    if registration.meeting.has_started and not access.is_secretariat(by):
        raise ValidationError(_("The meeting has started; the registration can no longer be withdrawn."))
    meeting, organization = registration.meeting, registration.organization
    registration.delete()
    audit_record(actor=by, action="meeting.unregister", target=meeting, organization=organization.pk)
    changed()


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    total: int,
    women: int,
    men: int,
    unspecified: int = 0,
    attended_organization_ids=(),
    by: User,
) -> None:
    """The meeting's managers record how many took part, by sex, and which registered organizations
    came. The counts must add up."""
    if not access.can_manage_meeting(by, meeting):
        raise PermissionDenied
    if not meeting.has_started:
        raise ValidationError(_("Attendance can be recorded once the meeting has started."), code="too_early")
    if min(total, women, men, unspecified) < 0:
        raise ValidationError({"attendance_total": _("Counts cannot be negative.")})
    if women + men + unspecified != total:
        raise ValidationError(
            {
                "attendance_total": _(
                    "The counts do not add up: %(women)s women + %(men)s men + %(unspecified)s not stated "
                    "make %(sum)s, not %(total)s."
                )
                % {
                    "women": women,
                    "men": men,
                    "unspecified": unspecified,
                    "sum": women + men + unspecified,
                    "total": total,
                }
            },
            code="sum",
        )
    meeting.attendance_total, meeting.attendance_women = total, women
    meeting.attendance_men, meeting.attendance_unspecified = men, unspecified
    meeting.save(
        update_fields=[
            "attendance_total",
            "attendance_women",
            "attendance_men",
            "attendance_unspecified",
            "updated_at",
        ]
    )
    attended = set(attended_organization_ids)
    registrations = meeting.registrations.all()
    registrations.filter(organization_id__in=attended).update(attended=True)
    registrations.exclude(organization_id__in=attended).update(attended=False)
    audit_record(
        actor=by,
        action="meeting.attendance",
        target=meeting,
        total=total,
        women=women,
        men=men,
        unspecified=unspecified,
    )
    changed()


@transaction.atomic
def minutes_save(
    *,
    meeting: Meeting,
    language: str,
    text: str,
    file: CheckedFile | None = None,
    remove_file: bool = False,
    by: User,
) -> MeetingMinutes | None:
    """The meeting's managers write or upload the minutes in one language. Emptying both the text
    and the file removes the minutes in that language."""
    if not access.can_manage_meeting(by, meeting):
        raise PermissionDenied
    if language not in MeetingMinutes.Language.values:
        raise ValidationError({"language": _("Choose Lao or English.")})
    minutes = MeetingMinutes.objects.filter(meeting=meeting, language=language).first() or MeetingMinutes(
        meeting=meeting, language=language
    )
    minutes.text = lao.clean(text.strip()) if language == "lo" else text.strip()
    if file is None and remove_file and minutes.file:
        old, storage = minutes.file.name, minutes.file.storage
        minutes.file = ""
        transaction.on_commit(lambda: storage.delete(old))
    if not minutes.text and not minutes.file and file is None:
        if minutes.pk:
            minutes.delete()
            audit_record(actor=by, action="meeting.minutes_remove", target=meeting, language=language)
            after_meeting_change(meeting)
            return None
        raise ValidationError({"text": _("Write the minutes or upload a file.")})
    minutes.updated_by = by
    save_with_file(minutes, "file", file)
    audit_record(actor=by, action="meeting.minutes", target=meeting, language=language)
    after_meeting_change(meeting)
    return minutes


@transaction.atomic
def resolution_add(*, meeting: Meeting, text_lo: str, text_en: str, by: User) -> Resolution:
    if not access.can_manage_meeting(by, meeting):
        raise PermissionDenied
    text_lo, text_en = lao.clean(text_lo.strip()), text_en.strip()
    if not (text_lo or text_en):
        raise ValidationError({"text_lo": _("Write the resolution, in Lao or in English.")})
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # numbers are given one at a time
    number = (meeting.resolutions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    resolution = Resolution.objects.create(meeting=meeting, number=number, text_lo=text_lo, text_en=text_en)
    audit_record(actor=by, action="meeting.resolution", target=meeting, number=number)
    after_meeting_change(meeting)
    return resolution


@transaction.atomic
def action_item_add(*, meeting: Meeting, data: dict, by: User) -> ActionItem:
    """Record an action item: what, who (a member organization and/or a name), by when."""
    if not access.can_manage_meeting(by, meeting):
        raise PermissionDenied
    data = clean_texts(data, ["task_lo", "responsible_lo"])
    errors = {}
    if not (data.get("task_lo") or data.get("task_en")):
        errors["task_lo"] = _("What is to be done? Write it in Lao or in English.")
    if not (data.get("responsible_organization") or data.get("responsible_lo") or data.get("responsible_en")):
        errors["responsible_lo"] = _("Who is responsible? Choose a member organization or write a name.")
    resolution = data.get("resolution")
    if resolution is not None and resolution.meeting_id != meeting.pk:
        errors["resolution"] = _("This resolution belongs to another meeting.")
    if errors:
        raise ValidationError(errors)
    item = ActionItem.objects.create(
        meeting=meeting,
        resolution=resolution,
        task_lo=data.get("task_lo") or "",
        task_en=data.get("task_en") or "",
        responsible_organization=data.get("responsible_organization"),
        responsible_lo=data.get("responsible_lo") or "",
        responsible_en=data.get("responsible_en") or "",
        due_on=data.get("due_on"),
    )
    audit_record(actor=by, action="action_item.create", target=item, meeting=meeting.pk)
    changed()
    return item


@transaction.atomic
def action_item_set_status(*, item: ActionItem, status: str, by: User) -> None:
    """The meeting's managers, or editors of the responsible organization, update an action item."""
    if not access.can_update_action_item(by, item):
        raise PermissionDenied
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action="action_item.status", target=item, status=status)
    changed()


# --- decisions register ----------------------------------------------------------------------------


DECISION_FIELDS = [
    "number",
    "issued_on",
    "kind",
    "issuing_body_lo",
    "issuing_body_en",
    "title_lo",
    "title_en",
    "summary_lo",
    "summary_en",
    "term",
    "meeting",
    "visibility",
]
DECISION_LAO_FIELDS = ["number", "issuing_body_lo", "title_lo", "summary_lo"]


def validate_decision(data: dict, *, exclude_pk: int | None = None) -> None:
    errors = {}
    if not data.get("number"):
        errors["number"] = _("Give the number as written on the document.")
    if not (data.get("title_lo") or data.get("title_en")):
        errors["title_lo"] = _("Please give the title, in Lao or in English.")
    if not (data.get("issuing_body_lo") or data.get("issuing_body_en")):
        errors["issuing_body_lo"] = _("Who issued the document?")
    clash = Decision.objects.filter(number=data.get("number"), issued_on=data.get("issued_on"))
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if data.get("number") and clash.exists():
        errors["number"] = _("The register already has a document with this number and date.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_create(
    *, data: dict, file: CheckedFile | None = None, by: User | None, is_demo: bool = False
) -> Decision:
    """The secretariat adds an official document to the register."""
    if by is not None:
        require_secretariat(by)
    data = clean_texts(
        {key: value for key, value in data.items() if key in DECISION_FIELDS}, DECISION_LAO_FIELDS
    )
    validate_decision(data)
    decision = Decision(is_demo=is_demo, **data)
    decision.full_clean(exclude=["file"])
    save_with_file(decision, "file", file)
    audit_record(actor=by, action="decision.create", target=decision, number=decision.number)
    decision_index(decision)
    changed()
    return decision


@transaction.atomic
def decision_update(
    *, decision: Decision, data: dict, file: CheckedFile | None = None, expected_version: int, by: User
) -> Decision:
    require_secretariat(by)
    data = clean_texts(
        {key: value for key, value in data.items() if key in DECISION_FIELDS}, DECISION_LAO_FIELDS
    )
    validate_decision(data, exclude_pk=decision.pk)
    bumped = Decision.objects.filter(pk=decision.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not bumped:
        raise StaleEdit(
            _(
                "Someone else saved this document after you opened it. Your changes were not saved: "
                "open it again."
            ),
            code="stale",
        )
    for field, value in data.items():
        setattr(decision, field, value)
    decision.version = expected_version + 1
    decision.full_clean(exclude=["file"])
    save_with_file(decision, "file", file)
    audit_record(actor=by, action="decision.update", target=decision, file_replaced=file is not None)
    decision_index(decision)
    changed()
    return decision


# --- voting representatives ------------------------------------------------------------------------


@transaction.atomic
def representative_designate(*, organization: Organization, user: User, by: User) -> Representative:
    """The organization's owner (or the secretariat) names the one person who casts its ballots."""
    owner = OrganizationRole.objects.filter(
        user=by, organization=organization, kind=OrganizationRole.Kind.OWNER
    ).exists()
    if not (owner or access.is_secretariat(by)):
        raise PermissionDenied
    if organization.status != Organization.Status.ACTIVE:
        raise ValidationError(
            _("Only active member organizations vote, so %(org)s cannot name a voting representative.")
            % {"org": organization.name},
            code="not_member",
        )
    if not OrganizationRole.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(
            {"user": _("The representative must be an owner or editor of the organization.")}
        )
    representative, _created = Representative.objects.update_or_create(
        organization=organization, defaults={"user": user, "designated_by": by}
    )
    audit_record(actor=by, action="representative.designate", target=organization, user=user.pk)
    return representative


# --- elections -------------------------------------------------------------------------------------


ELECTION_FIELDS = [
    "kind",
    "sector_group",
    "committee_seat",
    "seats",
    "title_lo",
    "title_en",
    "meeting",
    "opens_at",
    "closes_at",
    "tie_rule",
    "term_ends_on",
    "visibility",
]


def validate_election(data: dict) -> None:
    errors = {}
    kind = data.get("kind")
    if not (data.get("title_lo") or data.get("title_en")):
        errors["title_lo"] = _("Please give the election a title, in Lao or in English.")
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if opens and closes and closes <= opens:
        errors["closes_at"] = _("Voting must close after it opens.")
    if kind in {Election.Kind.SECTOR_HEAD, Election.Kind.SECTOR_DEPUTY} and not data.get("sector_group"):
        errors["sector_group"] = _("Which sector group elects?")
    if kind == Election.Kind.COMMITTEE_SEAT and not data.get("committee_seat"):
        errors["committee_seat"] = _("Which committee seat is to be filled?")
    if kind != Election.Kind.SECTOR_DEPUTY:
        data["seats"] = 1
    elif not 1 <= (data.get("seats") or 0) <= 20:
        errors["seats"] = _("Between 1 and 20 people can be elected.")
    if kind != Election.Kind.COMMITTEE_SEAT:
        data["committee_seat"] = None
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def election_create(*, data: dict, by: User | None, is_demo: bool = False) -> Election:
    """The secretariat prepares an election. Nominations follow; voting starts only when it is opened."""
    if by is not None:
        require_secretariat(by)
    data = clean_texts({key: value for key, value in data.items() if key in ELECTION_FIELDS}, ["title_lo"])
    validate_election(data)
    election = Election(created_by=by, is_demo=is_demo, **data)
    election.full_clean(exclude=["created_by"])
    election.save()
    audit_record(actor=by, action="election.create", target=election, kind=election.kind)
    changed()
    return election


@transaction.atomic
def election_update(*, election: Election, data: dict, by: User) -> Election:
    """Change an election while it is in preparation; once opened, its rules are fixed."""
    require_secretariat(by)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.DRAFT:
        raise ValidationError(
            _("An election cannot be changed once voting has been opened."), code="not_draft"
        )
    data = clean_texts({key: value for key, value in data.items() if key in ELECTION_FIELDS}, ["title_lo"])
    validate_election(data)
    for field, value in data.items():
        setattr(election, field, value)
    election.full_clean(exclude=["created_by"])
    election.save()
    audit_record(actor=by, action="election.update", target=election, fields=sorted(data))
    changed()
    return election


def electorate(election: Election):
    """The organizations entitled to vote: the active members of the sector group, or of the whole
    network for a committee seat."""
    organizations = Organization.objects.listed()
    if election.sector_group_id:
        organizations = organizations.filter(
            Q(sector_groups=election.sector_group_id) | Q(primary_sector_group=election.sector_group_id)
        )
    return organizations.distinct()


def may_nominate(by: User, election: Election, organization: Organization) -> bool:
    return access.is_secretariat(by) or (
        electorate(election).filter(pk=organization.pk).exists()
        and access.editable_organizations(by).filter(pk=organization.pk).exists()
    )


@transaction.atomic
def candidate_nominate(
    *, election: Election, person: Person, statement_lo: str = "", statement_en: str = "", by: User
) -> Candidate:
    """Nominate a person from a member organization (of the group, for a sector election). The
    secretariat nominates anyone eligible; an editor of a member organization nominates its staff.
    The person then accepts or declines; a person nominating themself has accepted."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if not may_nominate(by, election, person.organization):
        raise PermissionDenied
    if election.status != Election.Status.DRAFT:
        raise ValidationError(_("Nominations closed when voting was opened."), code="not_draft")
    if not electorate(election).filter(pk=person.organization_id).exists():
        raise ValidationError(
            {
                "person": _(
                    "Candidates must come from an active member organization that votes in this election."
                )
            },
            code="not_eligible",
        )
    if Candidate.objects.filter(election=election, person=person).exists():
        raise ValidationError({"person": _("This person is already a candidate.")}, code="duplicate")
    self_nomination = person.user_id is not None and person.user_id == by.pk
    candidate = Candidate.objects.create(
        election=election,
        person=person,
        nominated_by=by,
        statement_lo=lao.clean(statement_lo.strip()),
        statement_en=statement_en.strip(),
        status=Candidate.Status.ACCEPTED if self_nomination else Candidate.Status.NOMINATED,
        responded_at=timezone.now() if self_nomination else None,
        response_recorded_by=by if self_nomination else None,
    )
    audit_record(
        actor=by, action="election.nominate", target=election, candidate=candidate.pk, person=person.pk
    )
    changed()
    return candidate


@transaction.atomic
def candidate_respond(*, candidate: Candidate, accept: bool, by: User) -> None:
    """The nominee accepts or declines (or the secretariat records the answer they gave in person or
    in writing)."""
    own = candidate.person.user_id is not None and candidate.person.user_id == by.pk
    if not (own or access.is_secretariat(by)):
        raise PermissionDenied
    election = Election.objects.select_for_update().get(pk=candidate.election_id)
    if election.status != Election.Status.DRAFT:
        raise ValidationError(_("Nominations closed when voting was opened."), code="not_draft")
    candidate.status = Candidate.Status.ACCEPTED if accept else Candidate.Status.DECLINED
    candidate.responded_at = timezone.now()
    candidate.response_recorded_by = by
    candidate.save(update_fields=["status", "responded_at", "response_recorded_by"])
    audit_record(
        actor=by,
        action="election.candidate_accept" if accept else "election.candidate_decline",
        target=election,
        candidate=candidate.pk,
    )
    changed()


@transaction.atomic
def election_open(*, election: Election, by: User | None) -> Election:
    """Fix the roll of voters and the ballot; voting then runs from `opens_at` to `closes_at`."""
    if by is not None:
        require_secretariat(by)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.DRAFT:
        raise ValidationError(_("This election has already been opened."), code="not_draft")
    if not election.candidates.filter(status=Candidate.Status.ACCEPTED).exists():
        raise ValidationError(
            _(
                "An election needs at least one candidate who has accepted the nomination. "
                "Voting was not opened."
            ),
            code="no_candidates",
        )
    now = timezone.now()
    if election.closes_at <= now:
        raise ValidationError(
            _("The closing time has already passed. Change the voting times first."), code="closes_in_past"
        )
    roll = list(electorate(election).values_list("pk", flat=True))
    if not roll:
        raise ValidationError(_("No active member organization can vote in this election."), code="no_voters")
    ElectorRoll.objects.bulk_create([ElectorRoll(election=election, organization_id=pk) for pk in roll])
    election.status = Election.Status.OPEN
    election.opened_at = now
    election.save(update_fields=["status", "opened_at", "updated_at"])
    audit_record(actor=by, action="election.open", target=election, electors=len(roll))
    changed()
    return election


def random_key() -> int:
    return secrets.randbits(62) + 1


def _rewrite_ballots_in_random_order(election: Election) -> None:
    """Give every ballot of the election a new random key and write them back in a random order, so
    that neither keys nor storage order follow the order in which organizations voted."""
    marks: dict[int, list[int]] = defaultdict(list)
    keys = list(Ballot.objects.filter(election=election).values_list("id", flat=True))
    for ballot_id, candidate_id in BallotChoice.objects.filter(ballot__election=election).values_list(
        "ballot_id", "candidate_id"
    ):
        marks[ballot_id].append(candidate_id)
    ballots = [marks.get(key, []) for key in keys]
    secrets.SystemRandom().shuffle(ballots)
    BallotChoice.objects.filter(ballot__election=election).delete()
    Ballot.objects.filter(election=election).delete()
    rows, choices = [], []
    for candidate_ids in ballots:
        ballot = Ballot(id=random_key(), election=election)
        rows.append(ballot)
        choices += [BallotChoice(id=random_key(), ballot=ballot, candidate_id=pk) for pk in candidate_ids]
    Ballot.objects.bulk_create(rows)
    BallotChoice.objects.bulk_create(choices)


def voting_refusal(*, election: Election, organization: Organization, by: User) -> ValidationError | None:
    """Why `by` may not cast a ballot for `organization` in `election` now, or None if they may."""
    now = timezone.now()
    name = {"org": organization.name}
    if election.status == Election.Status.CANCELLED:
        return ValidationError(
            _("This election was cancelled. Your ballot was not recorded."), code="cancelled"
        )
    if election.status in {Election.Status.TIE, Election.Status.CLOSED} or (
        election.status == Election.Status.OPEN and now >= election.closes_at
    ):
        return ValidationError(
            _("Voting in this election has closed. Your ballot was not recorded."), code="closed"
        )
    if election.status == Election.Status.DRAFT or now < election.opens_at:
        return ValidationError(_("Voting has not opened yet. Your ballot was not recorded."), code="not_open")
    if organization.status != Organization.Status.ACTIVE:
        return ValidationError(
            _("%(org)s is not an active member organization, so it cannot vote.") % name, code="not_member"
        )
    if not access.may_represent(by, organization):
        return ValidationError(
            _("You are not the voting representative of %(org)s.") % name, code="not_representative"
        )
    if not ElectorRoll.objects.filter(election=election, organization=organization).exists():
        return ValidationError(
            _("%(org)s is not on the roll of voters of this election.") % name, code="not_on_roll"
        )
    if VoteRecord.objects.filter(election=election, organization=organization).exists():
        return already_voted(organization)
    return None


def already_voted(organization: Organization) -> ValidationError:
    return ValidationError(
        _("%(org)s has already voted in this election. Each organization casts one ballot.")
        % {"org": organization.name},
        code="already_voted",
    )


@transaction.atomic
def ballot_cast(
    *, election: Election, organization: Organization, candidate_ids: list[int], by: User
) -> None:
    """An organization's representative casts its one ballot: up to `seats` accepted candidates, or
    none (a blank ballot). Audited without the choice. A second ballot from the same organization is
    refused, also when both arrive at the same moment: the election row is locked for the cast and
    the VoteRecord's unique constraint backs it up."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    organization = Organization.objects.get(pk=organization.pk)
    refusal = voting_refusal(election=election, organization=organization, by=by)
    if refusal is not None:
        raise refusal
    chosen = list(dict.fromkeys(int(pk) for pk in candidate_ids))
    valid = set(election.candidates.filter(status=Candidate.Status.ACCEPTED).values_list("pk", flat=True))
    if any(pk not in valid for pk in chosen):
        raise ValidationError(_("The ballot names someone who is not a candidate."), code="invalid_choice")
    if len(chosen) > election.seats:
        raise ValidationError(
            _("Choose at most %(seats)s candidates.") % {"seats": election.seats}, code="too_many"
        )
    try:
        with transaction.atomic():
            VoteRecord.objects.create(election=election, organization=organization, cast_by=by)
    except IntegrityError:
        raise already_voted(organization) from None
    ballot = Ballot.objects.create(id=random_key(), election=election)
    BallotChoice.objects.bulk_create(
        [BallotChoice(id=random_key(), ballot=ballot, candidate_id=pk) for pk in chosen]
    )
    _rewrite_ballots_in_random_order(election)
    audit_record(actor=by, action="election.ballot_cast", target=election, organization=organization.pk)


def election_recount(election: Election) -> dict:
    """Count the stored ballots again: {"ballots": n, "blank": n, "votes": {candidate_id: n}}."""
    ballots = Ballot.objects.filter(election=election)
    votes = Counter(
        BallotChoice.objects.filter(ballot__election=election).values_list("candidate_id", flat=True)
    )
    return {
        "ballots": ballots.count(),
        "blank": ballots.filter(choices__isnull=True).count(),
        "votes": {
            candidate.pk: votes.get(candidate.pk, 0)
            for candidate in election.candidates.filter(status=Candidate.Status.ACCEPTED)
        },
    }


def published_tally(election: Election) -> dict:
    """The published result in the same shape as election_recount."""
    return {
        "ballots": election.ballots_cast,
        "blank": election.blank_ballots,
        "votes": {row.candidate_id: row.votes for row in election.tallies.all()},
    }


@dataclass
class Outcome:
    elected: list[Candidate]
    tied: list[Candidate]  # candidates level for the last seats
    seats_in_tie: int  # how many of the tied are to be elected
    note: str = ""


def membership_since(organization_id: int):
    return MembershipEvent.objects.filter(
        organization_id=organization_id, status=Organization.Status.ACTIVE
    ).aggregate(first=Min("at"))["first"]


def decide(election: Election, votes: dict[int, int]) -> Outcome:
    """The candidates elected by the counts. A candidate needs at least one vote. Candidates level
    for the last seats are resolved by the election's tie rule when it can decide on its own."""
    candidates = list(
        election.candidates.filter(status=Candidate.Status.ACCEPTED).select_related(
            "person", "person__organization"
        )
    )
    ranked = sorted((c for c in candidates if votes.get(c.pk, 0) > 0), key=lambda c: -votes[c.pk])
    if len(ranked) <= election.seats:
        return Outcome(elected=ranked, tied=[], seats_in_tie=0)
    cutoff = votes[ranked[election.seats - 1].pk]
    sure = [c for c in ranked if votes[c.pk] > cutoff]
    level = [c for c in ranked if votes[c.pk] == cutoff]
    remaining = election.seats - len(sure)
    if len(level) == remaining:
        return Outcome(elected=sure + level, tied=[], seats_in_tie=0)
    if election.tie_rule == Election.TieRule.SENIORITY:
        since = {c.pk: membership_since(c.person.organization_id) for c in level}
        if all(since.values()):
            ordered = sorted(level, key=lambda c: since[c.pk])
            boundary_clear = since[ordered[remaining - 1].pk] != since[ordered[remaining].pk]
            if boundary_clear:
                note = "; ".join(
                    f"{c.person.name} ({c.person.organization.name}): {since[c.pk]:%Y-%m-%d}" for c in ordered
                )
                return Outcome(
                    elected=sure + ordered[:remaining], tied=level, seats_in_tie=remaining, note=note
                )
    return Outcome(elected=sure, tied=level, seats_in_tie=remaining)


@transaction.atomic
def election_close(*, election: Election, by: User | None) -> Election:
    """Close the voting, count the ballots and publish the result. Allowed once the closing time has
    passed, or earlier when every organization on the roll has voted. A tie the rule cannot resolve
    waits for election_resolve_tie; otherwise the elected take office at once."""
    if by is not None:
        require_secretariat(by)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.OPEN:
        raise ValidationError(_("Only an open election can be closed."), code="not_open")
    now = timezone.now()
    voted = VoteRecord.objects.filter(election=election).count()
    electors = ElectorRoll.objects.filter(election=election).count()
    if now < election.closes_at and voted < electors:
        raise ValidationError(
            _(
                "Voting is still under way. The election can be closed before its closing time only when "
                "every organization on the roll has voted (%(voted)s of %(electors)s have)."
            )
            % {"voted": voted, "electors": electors},
            code="still_voting",
        )
    count = election_recount(election)
    if count["ballots"] != voted:
        # Never publish a count that does not match the record of who voted.
        raise ValidationError(
            _(
                "The number of ballots does not match the number of organizations that voted. "
                "Nothing was published."
            ),
            code="mismatch",
        )
    outcome = decide(election, count["votes"])
    unresolved = bool(outcome.tied) and len(outcome.elected) < election.seats
    elected_ids = {c.pk for c in outcome.elected}
    tied_ids = {c.pk for c in outcome.tied}
    ElectionTally.objects.bulk_create(
        [
            ElectionTally(
                election=election,
                candidate_id=candidate_id,
                votes=votes,
                elected=candidate_id in elected_ids,
                tied=candidate_id in tied_ids,
            )
            for candidate_id, votes in count["votes"].items()
        ]
    )
    election.ballots_cast, election.blank_ballots = count["ballots"], count["blank"]
    election.closed_at = now
    election.status = Election.Status.TIE if unresolved else Election.Status.CLOSED
    if outcome.tied and not unresolved:
        election.tie_note = _("Tie resolved by membership seniority (member since): %(list)s") % {
            "list": outcome.note
        }
    election.save(
        update_fields=["ballots_cast", "blank_ballots", "closed_at", "status", "tie_note", "updated_at"]
    )
    audit_record(
        actor=by, action="election.close", target=election, ballots=count["ballots"], tie=bool(unresolved)
    )
    if not unresolved:
        _take_office(election, outcome.elected, by=by)
    changed()
    return election


@transaction.atomic
def election_resolve_tie(*, election: Election, winner_ids: list[int], note: str, by: User) -> Election:
    """The secretariat records the outcome of the lots drawn between the tied candidates."""
    require_secretariat(by)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.TIE:
        raise ValidationError(_("This election has no tie to resolve."), code="no_tie")
    note = lao.clean(note.strip())
    if not note:
        raise ValidationError(
            {"note": _("Say how the tie was resolved: when the lots were drawn, and who witnessed it.")}
        )
    tallies = list(election.tallies.select_related("candidate", "candidate__person"))
    sure = [t for t in tallies if t.elected]
    tied = {t.candidate_id: t for t in tallies if t.tied}
    needed = election.seats - len(sure)
    chosen = list(dict.fromkeys(int(pk) for pk in winner_ids))
    if len(chosen) != needed or any(pk not in tied for pk in chosen):
        raise ValidationError(
            {"winners": _("Choose %(count)s of the tied candidates.") % {"count": needed}}, code="invalid"
        )
    for pk in chosen:
        tied[pk].elected = True
        tied[pk].save(update_fields=["elected"])
    election.tie_note = note
    election.status = Election.Status.CLOSED
    election.save(update_fields=["tie_note", "status", "updated_at"])
    audit_record(actor=by, action="election.tiebreak", target=election, elected=chosen)
    winners = [t.candidate for t in sure] + [tied[pk].candidate for pk in chosen]
    _take_office(election, winners, by=by)
    changed()
    return election


def _take_office(election: Election, winners: list[Candidate], *, by: User | None) -> None:
    """The result creates the leadership records (or fills the committee seat)."""
    if not winners:
        return
    today = timezone.localdate()
    if election.kind == Election.Kind.SECTOR_HEAD:
        leadership_record(
            sector_group=election.sector_group,
            person=winners[0].person,
            role=SectorLeadership.Role.HEAD,
            starts_on=today,
            term_ends_on=election.term_ends_on,
            election=election,
            by=by,
        )
    elif election.kind == Election.Kind.SECTOR_DEPUTY:
        elected_people = {c.person_id for c in winners}
        for row in SectorLeadership.objects.current().filter(
            sector_group=election.sector_group, role=SectorLeadership.Role.DEPUTY
        ):
            if row.person_id not in elected_people:
                _leadership_close(row, ends_on=max(today, row.starts_on), by=by)
        for candidate in winners:
            leadership_record(
                sector_group=election.sector_group,
                person=candidate.person,
                role=SectorLeadership.Role.DEPUTY,
                starts_on=today,
                term_ends_on=election.term_ends_on,
                election=election,
                by=by,
            )
    else:
        seat = CommitteeSeat.objects.select_for_update().get(pk=election.committee_seat_id)
        seat.holder, seat.status = winners[0].person, CommitteeSeat.Status.FILLED
        seat.save(update_fields=["holder", "status"])
        audit_record(
            actor=by, action="committee_seat.assign", target=seat, person=seat.holder_id, election=election.pk
        )


@transaction.atomic
def election_cancel(*, election: Election, reason: str, by: User) -> None:
    """The secretariat cancels an election that has not closed. Ballots already cast are destroyed
    uncounted; the record of who voted stays, for the audit."""
    require_secretariat(by)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status not in {Election.Status.DRAFT, Election.Status.OPEN}:
        raise ValidationError(_("A closed election cannot be cancelled."), code="closed")
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for cancelling.")})
    BallotChoice.objects.filter(ballot__election=election).delete()
    Ballot.objects.filter(election=election).delete()
    election.status = Election.Status.CANCELLED
    election.closed_at = timezone.now()
    election.tie_note = lao.clean(reason.strip())
    election.save(update_fields=["status", "closed_at", "tie_note", "updated_at"])
    audit_record(actor=by, action="election.cancel", target=election)
    changed()
