"""Mail of the content app, queued inside the service's transaction (core.mail), in the recipient's
language."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from content.models import EventRegistration
from core.mail import queue_templated_mail


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def queue_registration_mail(registration: EventRegistration, *, promoted: bool = False) -> None:
    """Tell the person who registered whether their organization has places or is waiting."""
    person = registration.registered_by
    if person is None or not person.is_active:
        return
    with translation.override(person.preferred_language):
        link = site_url(reverse("content:event-detail", args=[registration.event.slug]))
    queue_templated_mail(
        to=person.email,
        language=person.preferred_language,
        template="content/email/registration",
        context={"registration": registration, "promoted": promoted, "link": link},
    )
