"""Mail that survives a mail server outage: queue it inside the transaction, send it after commit,
retry what failed with `manage.py send_queued_mail` (cron, every few minutes)."""

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.models import OutgoingMail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 20


def queue_mail(*, to: str, subject: str, body: str, headers: dict[str, str] | None = None) -> OutgoingMail:
    """Queue one email; it is sent once the surrounding transaction commits (never if it rolls back).
    `headers` are extra mail headers, such as List-Unsubscribe."""
    mail = OutgoingMail.objects.create(to=to, subject=subject[:300], body=body, headers=headers or {})
    transaction.on_commit(lambda: send_queued(ids=[mail.pk]))
    return mail


def queue_templated_mail(*, to: str, language: str, template: str, context: dict,
                         headers: dict[str, str] | None = None) -> OutgoingMail:
    """Render `<template>_subject.txt` and `<template>.txt` in the recipient's language, then queue."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return queue_mail(to=to, subject=subject, body=body, headers=headers)


def send_queued(*, ids: list[int] | None = None) -> tuple[int, int]:
    """Try to send waiting mail; returns (sent, failed). A failure is recorded, never raised: the
    user's action has already succeeded."""
    waiting = OutgoingMail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if ids is not None:
        waiting = waiting.filter(pk__in=ids)
    sent = failed = 0
    for mail in waiting:
        try:
            EmailMessage(mail.subject, mail.body, None, [mail.to], headers=mail.headers or None).send()
        except Exception as error:
            failed += 1
            OutgoingMail.objects.filter(pk=mail.pk).update(
                attempts=mail.attempts + 1, last_error=str(error)[:300]
            )
            log.warning("Mail %s not sent (attempt %s): %s", mail.pk, mail.attempts + 1, error)
        else:
            sent += 1
            OutgoingMail.objects.filter(pk=mail.pk).update(
                sent_at=timezone.now(), attempts=mail.attempts + 1, last_error=""
            )
    return sent, failed
