from django.conf import settings
from django.shortcuts import redirect

# Pages a privileged user without a second factor may still open: setting it up, and leaving.
ALLOWED_VIEWS = {"accounts:security", "accounts:logout", "accounts:confirm-password", "set_language"}


class TwoFactorRequiredMiddleware:
    """The secretariat and the committee must set up two-factor sign-in before anything else
    (TWO_FACTOR_REQUIRED; on by default outside development)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (settings.TWO_FACTOR_REQUIRED and user.is_authenticated and user.needs_two_factor):
            return None
        if request.resolver_match.view_name in ALLOWED_VIEWS or user.has_two_factor:
            return None
        return redirect("accounts:security")
