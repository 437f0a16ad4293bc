"""Writes about organizations, memberships, editors and applications. Each is atomic and audited,
updates the search index in the same transaction and sends mail only after commit."""

import hashlib
import secrets
from datetime import date, timedelta
from pathlib import Path

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import lao
from accounts.models import User
from core.audit import audit_record
from core.cache import page_cache_bump
from core.models import validate_constraints_involving
from directory import emails
from directory.index import organization_index
from directory.models import (
    Invitation,
    MembershipApplication,
    MembershipEvent,
    Organization,
    OrganizationRole,
    OrganizationVersion,
)
from directory.visibility import publicly_changed

INVITATION_DAYS = 14
VERIFY_SALT = "directory.application.verify"

# Fields an organization's editors may change on its profile (never status, slug or version).
PROFILE_FIELDS = [
    "name_lo",
    "name_en",
    "acronym",
    "legal_form",
    "registration_number",
    "registration_date",
    "registration_authority",
    "registration_province",
    "supervising_ministry",
    "head_office_province",
    "head_office_district",
    "address",
    "primary_sector_group",
    "mission_lo",
    "mission_en",
    "description_lo",
    "description_en",
    "year_founded",
    "staff_women",
    "staff_men",
    "volunteers_women",
    "volunteers_men",
    "budget_band",
    "phone",
    "email",
    "website",
    "facebook",
    "contacts_visibility",
    "staff_visibility",
    "registration_visibility",
]
PROFILE_M2M = ["provinces", "sector_groups", "themes"]
FOREIGN_KEYS = [
    "registration_province",
    "head_office_province",
    "head_office_district",
    "primary_sector_group",
]
LAO_TEXT_FIELDS = ["name_lo", "mission_lo", "description_lo", "address"]


class StaleEdit(ValidationError):
    """Someone else saved the profile after this form was opened."""


def normalize_profile(data: dict) -> dict:
    """Lao text is stored normalized (stray zero-width spaces, decomposed vowels), never rejected."""
    clean = dict(data)
    for field in LAO_TEXT_FIELDS:
        if isinstance(clean.get(field), str):
            clean[field] = lao.clean(clean[field])
    return clean


def sort_keys(organization: Organization) -> None:
    organization.name_lo_sort = lao.sort_key(organization.name_lo).hex()[:600]
    organization.name_en_sort = (organization.name_en or lao.romanize(organization.name_lo)).casefold()[:255]


def unique_slug(organization: Organization) -> str:
    base = lao.slug(organization.acronym or organization.name_en or organization.name_lo, max_length=60)
    candidate, number = base, 2
    while Organization.objects.filter(slug=candidate).exclude(pk=organization.pk).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def snapshot(organization: Organization) -> dict:
    data = field_values(organization)
    for field in PROFILE_M2M:
        data[field] = sorted(getattr(organization, field).values_list("pk", flat=True))
    return data


def field_values(organization: Organization) -> dict:
    """The profile's own fields (not its many-to-many ones), as a version keeps them."""
    data = {field: organization.serializable_value(field) for field in PROFILE_FIELDS}
    for field in FOREIGN_KEYS:
        data[field] = getattr(organization, f"{field}_id")
    if data["registration_date"]:
        data["registration_date"] = data["registration_date"].isoformat()
    return data


def record_version(
    organization: Organization,
    *,
    by: User | None,
    changed: list[str],
    note: str = "",
    data: dict | None = None,
) -> None:
    """Keep the profile as it now is (`data`: its snapshot, when the caller has just taken it)."""
    OrganizationVersion.objects.create(
        organization=organization,
        version=organization.version,
        data=data or snapshot(organization),
        changed_fields=changed,
        changed_by=by,
        note=note,
    )


def after_change(organization: Organization) -> None:
    organization_index(organization)
    transaction.on_commit(lambda: page_cache_bump("directory"))


@transaction.atomic
def organization_create(
    *, data: dict, m2m: dict, status: str = Organization.Status.APPLICANT, by: User | None
) -> Organization:
    """Create an organization (from an application, an import or the demo seed)."""
    organization = Organization(status=status, **normalize_profile(data))
    sort_keys(organization)
    organization.slug = unique_slug(organization)
    organization.full_clean(exclude=["logo"])
    organization.save()
    for field, values in m2m.items():
        getattr(organization, field).set(values)
    MembershipEvent.objects.create(organization=organization, status=status, by=by)
    record_version(organization, by=by, changed=["created"])
    audit_record(actor=by, action="organization.create", target=organization)
    after_change(organization)
    return organization


@transaction.atomic
def organization_update(
    *,
    organization: Organization,
    data: dict,
    m2m: dict,
    expected_version: int,
    by: User,
    note: str = "",
    logo=None,
) -> Organization:
    """An editor of the organization, or the secretariat, saves the profile form. Refuses a stale
    form (someone saved since it was opened) instead of overwriting their change."""
    data = normalize_profile({key: value for key, value in data.items() if key in PROFILE_FIELDS})
    # The conditional UPDATE is the lock: of two editors holding the same version, one wins.
    bumped = Organization.objects.filter(pk=organization.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not bumped:
        raise StaleEdit(
            _(
                "Someone else saved this profile after you opened it. Your changes were not saved: "
                "open the profile again to see the latest version, then make your changes."
            ),
            code="stale",
        )
    # The instance may already carry the new values (a ModelForm sets them), so compare with the database.
    before = snapshot(Organization.objects.get(pk=organization.pk))
    for field, value in data.items():
        setattr(organization, field, value)
    if logo is not None:  # already re-encoded by core.images
        organization.logo.save(
            f"{organization.slug}-{secrets.token_hex(4)}{Path(logo.name).suffix}", logo, save=False
        )
    organization.version = expected_version + 1
    sort_keys(organization)
    # What the row held was valid when it was stored: only the values this save changes are checked
    # again (a form just checked them all; each constraint check is a query in its own savepoint).
    values = field_values(organization)
    changing = {field for field, value in values.items() if value != before[field]}
    organization.full_clean(exclude=["logo", "slug", *(set(values) - changing)], validate_constraints=False)
    validate_constraints_involving(organization, changing)
    organization.save()
    for field, values in m2m.items():
        if field in PROFILE_M2M and sorted(getattr(value, "pk", value) for value in values) != before[field]:
            getattr(organization, field).set(values)
    after = snapshot(organization)
    changed = sorted(field for field in after if after[field] != before[field])
    if logo is not None:
        changed.append("logo")
    record_version(organization, by=by, changed=changed, note=note, data=after)
    audit_record(
        actor=by,
        action="organization.restore" if note else "organization.update",
        target=organization,
        fields=changed,
    )
    # The public's cached pages and the search index (public fields only) stay when nothing the
    # public sees changed: a form saved as it was, or new figures the organization shares with
    # members only.
    if publicly_changed(changed, before, after):
        after_change(organization)
    return organization


@transaction.atomic
def organization_version_restore(*, version: OrganizationVersion, by: User) -> Organization:
    """The secretariat restores an earlier state of a profile; the restore is itself a new version."""
    if not (by.is_secretariat or by.is_superuser):
        raise PermissionDenied
    organization = version.organization
    data = {field: value for field, value in version.data.items() if field in PROFILE_FIELDS}
    for field in FOREIGN_KEYS:
        pk = data.pop(field, None)
        data[field] = Organization._meta.get_field(field).related_model.objects.filter(pk=pk).first()
    if data["registration_date"]:
        data["registration_date"] = date.fromisoformat(data["registration_date"])
    m2m = {field: version.data.get(field, []) for field in PROFILE_M2M}
    return organization_update(
        organization=organization,
        data=data,
        m2m=m2m,
        expected_version=organization.version,
        by=by,
        note=f"v{version.version}",
    )


@transaction.atomic
def membership_status_set(*, organization: Organization, status: str, by: User, note: str = "") -> None:
    """The secretariat changes a member's status (suspend, reinstate, mark as former)."""
    if organization.status == status:
        return
    organization.status = status
    organization.save(update_fields=["status", "updated_at"])
    MembershipEvent.objects.create(organization=organization, status=status, by=by, note=note)
    audit_record(actor=by, action="membership.status", target=organization, status=status)
    after_change(organization)


# --- applications -------------------------------------------------------------------------------


@transaction.atomic
def application_submit(
    *, applicant: User, data: dict, m2m: dict, contact_name: str, contact_phone: str, certificate=None
) -> MembershipApplication:
    """A newcomer applies. The application waits for the applicant's email confirmation before it
    reaches the secretariat's queue."""
    organization = organization_create(data=data, m2m=m2m, by=applicant)
    OrganizationRole.objects.create(
        organization=organization, user=applicant, kind=OrganizationRole.Kind.OWNER
    )
    application = MembershipApplication(
        organization=organization, applicant=applicant, contact_name=contact_name, contact_phone=contact_phone
    )
    if certificate is not None:
        application.certificate.save(
            f"{secrets.token_hex(16)}{certificate.extension}", certificate, save=False
        )
    application.save()
    audit_record(actor=applicant, action="application.submit", target=application)
    token = signing.dumps(application.pk, salt=VERIFY_SALT)
    emails.send_application_verify(application, token)
    return application


def application_from_token(token: str) -> MembershipApplication | None:
    try:
        pk = signing.loads(token, salt=VERIFY_SALT, max_age=timedelta(days=7))
    except signing.BadSignature:
        return None
    return MembershipApplication.objects.filter(pk=pk).select_related("organization").first()


@transaction.atomic
def application_verify(*, application: MembershipApplication) -> MembershipApplication:
    """The applicant opened the link in the confirmation email: the application goes to review."""
    if application.status == MembershipApplication.Status.UNVERIFIED:
        application.status = MembershipApplication.Status.SUBMITTED
        application.submitted_at = timezone.now()
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(actor=application.applicant, action="application.verify", target=application)
    return application


def _decide(application: MembershipApplication, *, status: str, message: str, by: User) -> None:
    allowed = {MembershipApplication.Status.SUBMITTED, MembershipApplication.Status.MORE_INFO}
    if application.status not in allowed:
        raise ValidationError(_("This application has already been decided."), code="decided")
    application.status = status
    application.message = message
    application.decided_by = by
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "message", "decided_by", "decided_at", "updated_at"])
    audit_record(actor=by, action=f"application.{status}", target=application)
    emails.send_application_decision(application)


@transaction.atomic
def application_approve(*, application: MembershipApplication, by: User) -> Organization:
    """The secretariat approves: the organization becomes an active member, the applicant its owner."""
    _decide(application, status=MembershipApplication.Status.APPROVED, message="", by=by)
    organization = application.organization
    membership_status_set(
        organization=organization, status=Organization.Status.ACTIVE, by=by, note=_("Application approved")
    )
    return organization


@transaction.atomic
def application_reject(*, application: MembershipApplication, reason: str, by: User) -> None:
    if not reason.strip():
        raise ValidationError({"message": _("Please give the applicant a reason.")})
    _decide(application, status=MembershipApplication.Status.REJECTED, message=reason, by=by)
    membership_status_set(
        organization=application.organization, status=Organization.Status.FORMER, by=by, note=reason
    )


@transaction.atomic
def application_request_info(*, application: MembershipApplication, question: str, by: User) -> None:
    if not question.strip():
        raise ValidationError({"message": _("Please say what information is missing.")})
    allowed = {MembershipApplication.Status.SUBMITTED, MembershipApplication.Status.MORE_INFO}
    if application.status not in allowed:
        raise ValidationError(_("This application has already been decided."), code="decided")
    application.status = MembershipApplication.Status.MORE_INFO
    application.message = question
    application.save(update_fields=["status", "message", "updated_at"])
    audit_record(actor=by, action="application.more_info", target=application)
    emails.send_application_decision(application)


# --- editors ------------------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, organization: Organization, email: str, by: User) -> Invitation:
    """The owner invites a person to edit the organization's profile. The token is mailed, and only
    its hash is stored."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email.strip(),
        invited_by=by,
        token_hash=token_digest(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    audit_record(actor=by, action="invitation.create", target=organization)
    emails.send_invitation(invitation, token)
    return invitation


def invitation_from_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("organization").filter(token_hash=token_digest(token)).first()
    )
    if invitation is None or invitation.accepted_at or invitation.expires_at < timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> OrganizationRole:
    role, _created = OrganizationRole.objects.get_or_create(
        organization=invitation.organization, user=user, defaults={"kind": invitation.kind}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action="invitation.accept", target=invitation.organization)
    return role


@transaction.atomic
def editor_remove(*, role: OrganizationRole, by: User) -> None:
    if role.kind == OrganizationRole.Kind.OWNER:
        raise ValidationError(_("The owner cannot be removed."))
    role.delete()
    audit_record(actor=by, action="editor.remove", target=role.organization, user=role.user_id)
