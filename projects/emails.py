"""Mail about reports, each in the recipient's own language. Queued inside the service's transaction
(core.mail): sent after commit, retried while the mail server is down, never sent on a rollback."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, User
from core.mail import queue_templated_mail
from projects.models import Report, ReportTransition


def link_in(language: str, report: Report) -> str:
    with translation.override(language):
        path = reverse("projects:report-detail", args=[report.round_id, report.organization.slug])
    return settings.SITE_URL.rstrip("/") + path


def organization_recipients(organization) -> list[tuple[str, str]]:
    """(email, language) of the organization's owners and editors; its own address, in Lao, when it
    has none."""
    users = User.objects.filter(organization_roles__organization=organization, is_active=True).distinct()
    recipients = [(user.email, user.preferred_language) for user in users.order_by("pk")]
    if not recipients and organization.email:
        recipients = [(organization.email, "lo")]
    return recipients


def send_reminder(report: Report, kind: str) -> int:
    """One reminder (or the notice that a round opened) to each person of the organization; returns
    how many were queued."""
    recipients = organization_recipients(report.organization)
    for email, language in recipients:
        queue_templated_mail(
            to=email,
            language=language,
            template="projects/email/reminder",
            context={
                "report": report,
                "round": report.round,
                "kind": kind,
                "link": link_in(language, report),
            },
        )
    return len(recipients)


def send_report_submitted(report: Report) -> None:
    """Tell the heads of the organization's sector group that a report waits for their review."""
    heads = (
        User.objects.filter(
            roles__kind=Role.Kind.SECTOR_HEAD,
            roles__sector_group_id=report.organization.primary_sector_group_id,
            is_active=True,
        )
        .exclude(organization_roles__organization=report.organization)
        .distinct()
    )
    for user in heads:
        queue_templated_mail(
            to=user.email,
            language=user.preferred_language,
            template="projects/email/report_submitted",
            context={"report": report, "link": link_in(user.preferred_language, report)},
        )


def send_report_decision(report: Report, step: ReportTransition) -> None:
    """Tell the organization that its report was returned, accepted or reopened, with the comments."""
    comments = list(step.comments.select_related("line__project"))
    for email, language in organization_recipients(report.organization):
        queue_templated_mail(
            to=email,
            language=language,
            template="projects/email/report_decision",
            context={"report": report, "step": step, "comments": comments, "link": link_in(language, report)},
        )
