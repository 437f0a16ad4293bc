import errno

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: a CSP without inline script or style (no third-party
    origins at all), a Permissions-Policy, and no caching of pages shown to a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response


# Requests that still work in read-only mode: signing in and out, and the admin page that turns the
# mode off again.
READ_ONLY_EXEMPT_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "accounts:sign-in-code",
    "set_language",
    "admin:core_siteswitch_change",
    "admin:login",
    "admin:logout",
}


def read_only_switch():
    """The admin's switch, cached for a few seconds so that reading it costs nothing per request."""
    from core.models import SiteSwitch

    switch = cache.get("site-switch")
    if switch is None:
        switch = SiteSwitch.objects.first() or SiteSwitch()
        cache.set("site-switch", switch, 5)
    return switch


class ReadOnlyMiddleware:
    """With READ_ONLY=true in the environment, or the admin's switch on, every write gets a 503 page
    in the visitor's language; GET and HEAD keep working."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return None
        if request.resolver_match.view_name in READ_ONLY_EXEMPT_VIEWS:
            return None
        switch = None if settings.READ_ONLY else read_only_switch()
        if switch is not None and not switch.read_only:
            return None
        response = render(request, "read_only.html", {"switch": switch}, status=503)
        response["Retry-After"] = "600"
        return response


class AuditDenialsMiddleware:
    """Every refused request (403) is recorded in the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            from core.audit import audit_record

            user = getattr(request, "user", None)
            audit_record(
                actor=user if user is not None and user.is_authenticated else None,
                action="access.denied",
                method=request.method,
                path=request.path[:300],
            )
        return response


class StorageFullMiddleware:
    """A full disk gets a clear 503 page instead of a server error; the service's transaction has
    rolled back, so nothing half-written stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OSError) and exception.errno == errno.ENOSPC:
            import logging

            logging.getLogger("laocso").error("Disk full while handling %s %s", request.method, request.path)
            return render(request, "storage_full.html", status=503)
        return None
