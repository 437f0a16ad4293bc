"""Mail about memberships, in the recipient's language. Queued inside the service's transaction."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.mail import queue_templated_mail
from directory.models import Invitation, MembershipApplication


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def link_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return site_url(reverse(name, args=args))


def send_application_verify(application: MembershipApplication, token: str) -> None:
    language = application.applicant.preferred_language
    queue_templated_mail(
        to=application.applicant.email,
        language=language,
        template="directory/email/application_verify",
        context={
            "application": application,
            "link": link_in(language, "directory:application-verify", token),
        },
    )


def send_application_decision(application: MembershipApplication) -> None:
    language = application.applicant.preferred_language
    queue_templated_mail(
        to=application.applicant.email,
        language=language,
        template="directory/email/application_decision",
        context={
            "application": application,
            "link": link_in(language, "directory:org-detail", application.organization.slug),
        },
    )


def send_invitation(invitation: Invitation, token: str) -> None:
    language = invitation.invited_by.preferred_language
    queue_templated_mail(
        to=invitation.email,
        language=language,
        template="directory/email/invitation",
        context={"invitation": invitation, "link": link_in(language, "directory:invitation-accept", token)},
    )
