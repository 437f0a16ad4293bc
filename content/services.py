"""Writes of the content app. Every function is atomic, audited, keeps the search index in step and
invalidates the cached public pages after the commit.

News, documents and opportunities are published by the secretariat (and site administrators);
event registrations are made by the editors of member organizations.
"""

import logging
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import lao
from accounts.models import User
from content import emails
from content.files import CheckedDocument
from content.index import KINDS, item_index
from content.models import Document, Event, EventRegistration, NewsItem, Opportunity, Publication, Status
from core.audit import audit_record
from core.cache import page_cache_bump
from directory.models import Organization
from directory.visibility import viewer_for
from search.services import index_delete

logger = logging.getLogger(__name__)

CACHE_NAMESPACE = "content"
# Path segments of the content URLs that a slug must not take.
RESERVED_SLUGS = {"new", "upload", "calendar", "feeds", "past", "closed"}

# The fields each form may set, per model (never status changes through other names, never files).
COMMON_FIELDS = ["title_lo", "title_en", "visibility", "status", "published_at"]
FIELDS = {
    NewsItem: [
        *COMMON_FIELDS,
        "body_lo",
        "body_en",
        "cover_alt_lo",
        "cover_alt_en",
        "byline",
        "supported_by_lo",
        "supported_by_en",
    ],
    Event: [
        *COMMON_FIELDS,
        "kind",
        "description_lo",
        "description_en",
        "starts_at",
        "ends_at",
        "location_lo",
        "location_en",
        "province",
        "online_url",
        "registration_open",
        "registration_closes_at",
        "capacity",
    ],
    Document: [
        *COMMON_FIELDS,
        "kind",
        "description_lo",
        "description_en",
        "language",
        "year",
        "organization",
    ],
    Opportunity: [
        *COMMON_FIELDS,
        "kind",
        "description_lo",
        "description_en",
        "organization",
        "offered_by",
        "deadline",
        "apply_url",
    ],
}
M2M_FIELDS = {
    NewsItem: ["sector_groups", "organizations"],
    Event: ["sector_groups", "organizers"],
    Document: ["sector_groups"],
    Opportunity: ["sector_groups"],
}
LAO_FIELDS = {"title_lo", "body_lo", "description_lo", "location_lo", "supported_by_lo", "cover_alt_lo"}


class StaleEdit(ValidationError):
    """Someone else saved the item after this form was opened."""


def can_manage_content(user) -> bool:
    """Who publishes news, events, documents and opportunities: the secretariat and site administrators."""
    return bool(
        user and user.is_authenticated and user.is_active and (user.is_secretariat or user.is_superuser)
    )


def require_manager(user) -> None:
    if not can_manage_content(user):
        raise PermissionDenied


def after_change(item: Publication) -> None:
    item_index(item)
    transaction.on_commit(lambda: page_cache_bump(CACHE_NAMESPACE))


def unique_slug(item: Publication) -> str:
    base = lao.slug(item.title_en or item.title_lo, max_length=70)
    candidate, number = base, 2
    while (
        candidate in RESERVED_SLUGS or type(item).objects.filter(slug=candidate).exclude(pk=item.pk).exists()
    ):
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _apply(item: Publication, data: dict) -> None:
    """Set the allowed fields, normalized; publishing without a time means now."""
    for field in FIELDS[type(item)]:
        if field not in data:
            continue
        value = data[field]
        if field in LAO_FIELDS and isinstance(value, str):
            value = lao.clean(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(item, field, value)
    if item.status == Status.PUBLISHED and item.published_at is None:
        item.published_at = timezone.now()
    item.announced = item.is_live


def _set_m2m(item: Publication, m2m: dict) -> None:
    for field in M2M_FIELDS[type(item)]:
        if field in m2m:
            getattr(item, field).set(m2m[field])


def _create(item: Publication, *, data: dict, m2m: dict, by: User, exclude=()) -> Publication:
    require_manager(by)
    _apply(item, data)
    item.created_by = by
    item.slug = unique_slug(item)
    item.full_clean(exclude=list(exclude))
    item.save()
    _set_m2m(item, m2m)
    audit_record(actor=by, action=f"{KINDS[type(item)]}.create", target=item, status=item.status)
    after_change(item)
    return item


def _update(
    item: Publication, *, data: dict, m2m: dict, expected_version: int, by: User, exclude=()
) -> Publication:
    require_manager(by)
    model = type(item)
    # The conditional UPDATE is the lock: of two editors holding the same version, one wins.
    if not model.objects.filter(pk=item.pk, version=expected_version).update(version=expected_version + 1):
        raise StaleEdit(
            _(
                "Someone else saved this item after you opened it. Your changes were not saved: open it "
                "again to see the latest version, then make your changes."
            ),
            code="stale",
        )
    _apply(item, data)
    item.version = expected_version + 1
    item.full_clean(exclude=["slug", *exclude])
    item.save()
    _set_m2m(item, m2m)
    audit_record(actor=by, action=f"{KINDS[model]}.update", target=item, status=item.status)
    after_change(item)
    return item


# --- news ---------------------------------------------------------------------------------------


def _store_cover(news: NewsItem, cover) -> None:
    """`cover` is already re-encoded by core.images (a PNG or JPEG without anything appended)."""
    extension = "." + cover.name.rsplit(".", 1)[-1]
    news.cover.save(f"{secrets.token_hex(16)}{extension}", cover, save=False)


@transaction.atomic
def news_create(*, data: dict, m2m: dict, by: User, cover=None) -> NewsItem:
    """The secretariat writes a news item: a draft, published now, or scheduled for later."""
    news = NewsItem()
    if cover is not None:
        _store_cover(news, cover)
    try:
        return _create(news, data=data, m2m=m2m, by=by, exclude=["cover"])
    except Exception:
        if news.cover:
            news.cover.storage.delete(news.cover.name)
        raise


@transaction.atomic
def news_update(
    *,
    news: NewsItem,
    data: dict,
    m2m: dict,
    expected_version: int,
    by: User,
    cover=None,
    remove_cover: bool = False,
) -> NewsItem:
    old_cover = news.cover.name if news.cover else ""
    if cover is not None:
        _store_cover(news, cover)
    elif remove_cover:
        news.cover = ""
    try:
        _update(news, data=data, m2m=m2m, expected_version=expected_version, by=by, exclude=["cover"])
    except Exception:
        if cover is not None and news.cover:
            news.cover.storage.delete(news.cover.name)
        raise
    if old_cover and old_cover != (news.cover.name if news.cover else ""):
        storage = news.cover.storage
        transaction.on_commit(lambda: storage.delete(old_cover))
    return news


# --- events -------------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, data: dict, m2m: dict, by: User) -> Event:
    """The secretariat puts an event in the calendar."""
    return _create(Event(), data=data, m2m=m2m, by=by)


@transaction.atomic
def event_update(*, event: Event, data: dict, m2m: dict, expected_version: int, by: User) -> Event:
    event = _update(event, data=data, m2m=m2m, expected_version=expected_version, by=by)
    _promote_waiting(Event.objects.select_for_update().get(pk=event.pk), by=by)  # more places, perhaps
    return event


def registrable_organizations(user) -> list[Organization]:
    """The active member organizations this user may register for events (they own or edit them)."""
    if not user.is_authenticated:
        return []
    ids = viewer_for(user).own_organization_ids
    return list(Organization.objects.listed().filter(pk__in=ids).order_by("name_lo_sort", "pk"))


def confirmed_participants(event: Event) -> int:
    confirmed = event.registrations.filter(state=EventRegistration.State.CONFIRMED)
    totals = confirmed.aggregate(women=Sum("participants_women"), men=Sum("participants_men"))
    return (totals["women"] or 0) + (totals["men"] or 0)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    organization: Organization,
    women: int,
    men: int,
    note: str = "",
    by: User,
    notify: bool = True,
) -> EventRegistration:
    """An editor of a member organization registers it for an event. Confirmed while places are
    left, otherwise on the waiting list. One active registration per organization and event."""
    if organization not in registrable_organizations(by):
        raise PermissionDenied
    # Lock the event so that two registrations for the last places cannot both be confirmed.
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_live or not event.registration_is_open:
        raise ValidationError(_("Registration for this event is closed."), code="closed")
    if women < 0 or men < 0 or women + men < 1:
        raise ValidationError(
            {"participants_women": _("Register at least one participant.")}, code="no_participants"
        )
    if event.registrations.filter(
        organization=organization,
        state__in=[EventRegistration.State.CONFIRMED, EventRegistration.State.WAITING],
    ).exists():
        raise ValidationError(
            {"organization": _("This organization is already registered for this event.")}, code="twice"
        )
    fits = event.capacity is None or confirmed_participants(event) + women + men <= event.capacity
    registration = EventRegistration(
        event=event,
        organization=organization,
        participants_women=women,
        participants_men=men,
        note=note.strip(),
        registered_by=by,
        state=EventRegistration.State.CONFIRMED if fits else EventRegistration.State.WAITING,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # a second request of the same organization that passed the check above
        raise ValidationError(
            {"organization": _("This organization is already registered for this event.")}, code="twice"
        ) from None
    audit_record(
        actor=by,
        action="event.register",
        target=event,
        organization=organization.pk,
        state=registration.state,
    )
    if notify:  # the demo seed registers without mailing anyone
        emails.queue_registration_mail(registration)
    return registration


def _promote_waiting(event: Event, *, by: User | None) -> list[EventRegistration]:
    """Confirm waiting registrations, oldest first, while they fit in the places left. A registration
    too large for the places left waits, and a smaller one behind it may be confirmed."""
    promoted = []
    left = None if event.capacity is None else event.capacity - confirmed_participants(event)
    for waiting in event.registrations.filter(state=EventRegistration.State.WAITING).order_by(
        "created_at", "pk"
    ):
        if left is not None and waiting.participants > left:
            continue
        waiting.state = EventRegistration.State.CONFIRMED
        waiting.save(update_fields=["state", "updated_at"])
        promoted.append(waiting)
        if left is not None:
            left -= waiting.participants
    for registration in promoted:
        audit_record(
            actor=by, action="event.promote", target=event, organization=registration.organization_id
        )
        emails.queue_registration_mail(registration, promoted=True)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: EventRegistration, by: User) -> list[EventRegistration]:
    """The organization (or the secretariat) cancels a registration; its places go to the waiting
    list. Returns the registrations that were confirmed from the waiting list."""
    allowed = can_manage_content(by) or registration.organization_id in viewer_for(by).own_organization_ids
    if not allowed:
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.state == EventRegistration.State.CANCELLED:
        return []
    registration.state = EventRegistration.State.CANCELLED
    registration.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=by, action="event.cancel_registration", target=event, organization=registration.organization_id
    )
    return _promote_waiting(event, by=by)


# --- documents ----------------------------------------------------------------------------------


@transaction.atomic
def document_create(*, checked: CheckedDocument, data: dict, m2m: dict, by: User) -> Document:
    """The secretariat adds a checked file to the library. The file is stored under a random name;
    if anything fails afterwards it is removed again, so a refused upload leaves no file behind."""
    require_manager(by)
    document = Document(
        file_type=checked.file_type,
        file_size=checked.size,
        original_name=checked.original_name,
        sha256=checked.sha256,
        text=checked.text,
    )
    document.file.save(
        f"{secrets.token_hex(16)}{checked.extension}", ContentFile(checked.content), save=False
    )
    try:
        return _create(document, data=data, m2m=m2m, by=by)
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise


@transaction.atomic
def document_update(
    *, document: Document, data: dict, m2m: dict, expected_version: int, by: User
) -> Document:
    return _update(document, data=data, m2m=m2m, expected_version=expected_version, by=by)


@transaction.atomic
def document_delete(*, document: Document, by: User) -> None:
    """The secretariat removes a document from the library; the file goes once the removal commits."""
    require_manager(by)
    name, storage = document.file.name, document.file.storage
    index_kind = KINDS[Document]
    audit_record(actor=by, action=f"{index_kind}.delete", target=document)
    index_delete(kind=index_kind, object_id=document.pk)
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
    transaction.on_commit(lambda: page_cache_bump(CACHE_NAMESPACE))


# --- opportunities ------------------------------------------------------------------------------


@transaction.atomic
def opportunity_create(*, data: dict, m2m: dict, by: User) -> Opportunity:
    return _create(Opportunity(), data=data, m2m=m2m, by=by)


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, data: dict, m2m: dict, expected_version: int, by: User
) -> Opportunity:
    return _update(opportunity, data=data, m2m=m2m, expected_version=expected_version, by=by)


# --- scheduled publication ----------------------------------------------------------------------


def publish_due(*, now=None) -> int:
    """Announce the items whose scheduled time has come: index them for search and refresh the cached
    pages. For the publish_scheduled command (cron, every few minutes). Returns how many went live."""
    now = now or timezone.now()
    count = 0
    for model in KINDS:
        for item in model.objects.live(now).filter(announced=False):
            with transaction.atomic():
                item.announced = True
                item.save(update_fields=["announced"])
                item_index(item)
                audit_record(actor=None, action=f"{KINDS[model]}.publish_scheduled", target=item)
            count += 1
    if count:
        page_cache_bump(CACHE_NAMESPACE)
    return count
