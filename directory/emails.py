"""Mail about memberships, in the recipient's language. Called after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from directory.models import Invitation, MembershipApplication


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        subject = render_to_string(f"directory/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"directory/email/{template}.txt", context)
    send_mail(subject, body, None, [to])


def send_application_verify(application_pk: int, token: str) -> None:
    application = MembershipApplication.objects.select_related("applicant", "organization").get(
        pk=application_pk
    )
    language = application.applicant.preferred_language
    with translation.override(language):
        link = site_url(reverse("directory:application-verify", args=[token]))
    send(
        to=application.applicant.email,
        language=language,
        template="application_verify",
        context={"application": application, "link": link},
    )


def send_application_decision(application_pk: int) -> None:
    application = MembershipApplication.objects.select_related("applicant", "organization").get(
        pk=application_pk
    )
    language = application.applicant.preferred_language
    with translation.override(language):
        link = site_url(reverse("directory:org-detail", args=[application.organization.slug]))
    send(
        to=application.applicant.email,
        language=language,
        template="application_decision",
        context={"application": application, "link": link},
    )


def send_invitation(invitation_pk: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").get(pk=invitation_pk)
    language = invitation.invited_by.preferred_language
    with translation.override(language):
        link = site_url(reverse("directory:invitation-accept", args=[token]))
    send(
        to=invitation.email,
        language=language,
        template="invitation",
        context={"invitation": invitation, "link": link},
    )
