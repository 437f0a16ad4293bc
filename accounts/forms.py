from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

import lao
from accounts import security
from core.mail import queue_mail


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("The email address or password is not right. Please try again."),
        "inactive": _("This account is inactive."),
        "locked": _(
            "Too many failed attempts. For your safety, signing in to this account is paused for "
            "15 minutes. You can also reset your password."
        ),
    }

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (email and password):
            return self.cleaned_data
        # The lockout is checked before the password, so that guessing goes no further once it starts.
        if security.is_locked(self.request, email):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is None:
            security.record_failure(self.request, email)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        security.clear_failures(self.request, email)
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return "".join(lao.to_arabic_digits(self.cleaned_data["code"]).split()).lower()


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("This password is not right."))
        return self.cleaned_data["password"]


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset mail goes through the mail queue: a mail server outage delays it, never fails
    the page."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = " ".join(loader.render_to_string(subject_template_name, context).split())
        queue_mail(to=to_email, subject=subject, body=loader.render_to_string(email_template_name, context))
