import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts import security, totp
from accounts.forms import CodeForm, PasswordConfirmForm, SignInForm
from accounts.models import User
from accounts.two_factor import two_factor_disable, two_factor_enable, two_factor_verify
from core import privacy
from core.audit import audit_record

PENDING_KEY = "two_factor_pending"  # a user who gave the right password and still owes a code
PENDING_SECONDS = 5 * 60
SETUP_KEY = "two_factor_setup_secret"
RECENT_AUTH_SECONDS = 15 * 60


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request, reverse("core:home")))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if User.objects.filter(pk=user.pk, two_factor__isnull=False).exists():
            request.session.cycle_key()
            request.session[PENDING_KEY] = {"user": user.pk, "backend": user.backend, "at": time.time()}
            return redirect(f"{reverse('accounts:sign-in-code')}?next={safe_next(request, '')}")
        login(request, user)
        return redirect(safe_next(request, reverse("core:home")))
    return render(request, "accounts/sign_in.html", {"form": form, "next": safe_next(request, "")})


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    user = User.objects.get(pk=pending["user"])
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if security.is_locked(request, user.email):
            form.add_error("code", SignInForm.error_messages["locked"])
        elif two_factor_verify(user=user, code=form.cleaned_data["code"]):
            del request.session[PENDING_KEY]
            security.clear_failures(request, user.email)
            login(request, user, backend=pending["backend"])
            return redirect(safe_next(request, reverse("core:home")))
        else:
            security.record_failure(request, user.email)
            form.add_error("code", _("This code is not right, or it has been used already."))
    return render(request, "accounts/sign_in_code.html", {"form": form, "next": safe_next(request, "")})


def recent_password_required(view):
    """Changing roles or exporting personal data asks for the password again after a quiet while."""

    def wrapper(request, *args, **kwargs):
        if not recently_authenticated(request):
            return redirect(f"{reverse('accounts:confirm-password')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def recently_authenticated(request) -> bool:
    return time.time() - request.session.get("auth_at", 0) <= RECENT_AUTH_SECONDS


@login_required
@never_cache
@require_safe
@recent_password_required
def my_data(request):
    """Everything the platform holds about the signed-in person, as a JSON download."""
    data = privacy.personal_data(request.user)
    audit_record(actor=request.user, action="person.export", target=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="my-data-lao-cso-platform.json"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def confirm_password(request):
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.session["auth_at"] = time.time()
        return redirect(safe_next(request, reverse("accounts:security")))
    return render(request, "accounts/confirm_password.html", {"form": form, "next": safe_next(request, "")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def security_page(request):
    """Two-factor sign-in: set it up (required for the secretariat and committee), or turn it off."""
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "disable" and user.has_two_factor:
        if user.needs_two_factor:
            messages.error(request, _("Your role requires two-factor sign-in; it cannot be turned off."))
        elif not recently_authenticated(request):
            return redirect(f"{reverse('accounts:confirm-password')}?next={request.path}")
        else:
            two_factor_disable(user=user, by=user)
            messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:security")
    secret = request.session.get(SETUP_KEY) or totp.new_secret()
    request.session[SETUP_KEY] = secret
    form = CodeForm(request.POST or None)
    codes = None
    if request.method == "POST" and form.is_valid():
        codes = two_factor_enable(user=user, secret=secret, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code", _("This code is not right. Check the time on your phone, then try the next code.")
            )
        else:
            del request.session[SETUP_KEY]
    return render(
        request,
        "accounts/security.html",
        {
            "form": form,
            "codes": codes,
            "enabled": user.has_two_factor,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "uri": totp.provisioning_uri(secret, account=user.email),
            "required": user.needs_two_factor,
            "session_hours": settings.PRIVILEGED_SESSION_AGE // 3600,
        },
    )
