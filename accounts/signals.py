"""Sign-in events: session rules and the audit log."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import User
from core.audit import audit_record


@receiver(user_logged_in)
def on_sign_in(sender, request, user, **kwargs):
    # Django has already given the session a new key; privileged sessions are shorter.
    if request is not None and hasattr(request, "session"):
        request.session["auth_at"] = time.time()
        if user.needs_two_factor:
            request.session.set_expiry(settings.PRIVILEGED_SESSION_AGE)
    audit_record(actor=user, action="signin.success", target=user)


@receiver(user_login_failed)
def on_sign_in_failure(sender, credentials, request=None, **kwargs):
    # The address typed is personal data and may be a stranger's: only a known account is named.
    email = credentials.get("username") or credentials.get("email") or ""
    user = User.objects.filter(email__iexact=email).first() if email else None
    audit_record(actor=None, action="signin.failure", target=user)


@receiver(user_logged_out)
def on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="signout", target=user)
