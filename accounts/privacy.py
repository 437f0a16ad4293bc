"""Personal data held by accounts and core, and the erasure of a person."""

from django.db import transaction

from accounts.models import User
from core import privacy
from core.audit import audit_record
from core.models import AuditEvent, OutgoingMail


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": [
            {"role": role.kind, "sector_group": role.sector_group.code if role.sector_group else None}
            for role in user.roles.select_related("sector_group")
        ],
        "two_factor": user.has_two_factor,
        "actions_recorded": [
            {"at": event.at.isoformat(), "action": event.action, "record": event.target_type}
            for event in AuditEvent.objects.filter(actor_id=user.pk)[:5000]
        ],
    }


def export_mail(user: User) -> dict:
    mails = OutgoingMail.objects.filter(to__iexact=user.email)
    return {
        "emails_sent_to_you": [
            {"subject": mail.subject, "created": mail.created_at.isoformat()} for mail in mails
        ]
    }


def erase_mail(user: User) -> int:
    # Mail bodies carry names and links; nothing else depends on them.
    return OutgoingMail.objects.filter(to__iexact=user.email).delete()[0]


@transaction.atomic
def person_erase(*, user: User, by: User) -> dict[str, int]:
    """Erase a person on request (the secretariat acts): every app blanks or removes their personal
    values, then the account itself goes. The events they took part in stay in the audit log under
    their former account number."""
    number = user.pk
    touched = privacy.erase_all(user)
    user.delete()
    audit_record(actor=by, action="person.erase", account=number)
    return touched


def register() -> None:
    privacy.register("account", export=export_account, erase=lambda user: 0)
    privacy.register("mail", export=export_mail, erase=erase_mail)
