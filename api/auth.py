"""Who is calling the API: anyone (public data), or an organization editor with a personal token.

Sessions are not used: a browser's sign-in cookie gives the API nothing, so the API has no CSRF
surface. A token acts for its user with the rights of their organization roles only: it reads what
staff of a member organization read and writes their own organization's projects and report. It
never carries the secretariat's or the committee's wider rights (those need two-factor sign-in).
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from accounts.models import User
from accounts.security import client_ip
from api.models import ApiToken
from api.services import token_for
from directory.models import Organization, Visibility
from directory.visibility import ANONYMOUS, Viewer, viewer_for

DEFAULT_RATES = {
    "API_RATE_ANONYMOUS": "60/min",
    "API_RATE_TOKEN": "600/min",
    "API_RATE_FAILED_TOKENS": "20/min",
}
PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


@dataclass(frozen=True)
class Principal:
    """The caller of one API request."""

    viewer: Viewer
    user: User | None = None
    token: ApiToken | None = None

    @property
    def is_anonymous(self) -> bool:
        return self.token is None

    @property
    def own_organization_ids(self) -> frozenset[int]:
        return self.viewer.own_organization_ids

    def __str__(self) -> str:
        return f"user:{self.user.pk}" if self.user is not None else "anonymous"


def token_viewer(user: User) -> Viewer:
    """What a token's user sees through the API: their own organizations, and what is shared with
    members when one of them is an active member; never the secretariat's view."""
    full = viewer_for(user)
    if full.clearance != Visibility.SECRETARIAT:
        return full
    member = Organization.objects.filter(
        pk__in=full.own_organization_ids, status=Organization.Status.ACTIVE
    ).exists()
    return Viewer(
        Visibility.MEMBERS if member else Visibility.PUBLIC,
        full.own_organization_ids,
        full.owned_organization_ids,
    )


def rate(name: str) -> tuple[int, int]:
    """(requests, seconds) of a rate setting such as "60/min"."""
    text = str(getattr(settings, name, DEFAULT_RATES[name]))
    count, _sep, period = text.partition("/")
    digits = "".join(ch for ch in period if ch.isdigit())
    unit = period[len(digits) :] if period[: len(digits)] == digits else period
    return int(count), int(digits or 1) * PERIODS[unit.strip() or "s"]


_waits = threading.local()


def counted(scope: str, ident: str, setting: str) -> bool:
    """Count one request in the current window of `setting`; True while within the limit. A fixed
    window in the shared cache: one atomic increment per request, the same in every worker."""
    limit, seconds = rate(setting)
    now = time.time()
    window = int(now // seconds)
    key = f"api-rate:{scope}:{ident}:{window}"
    cache.add(key, 0, seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds + 1)
        count = 1
    _waits.seconds = (window + 1) * seconds - now
    return count <= limit


class AnonymousThrottle(BaseThrottle):
    """Requests without a token, counted per client address (API_RATE_ANONYMOUS, 60 a minute)."""

    def allow_request(self, request) -> bool:
        principal = getattr(request, "auth", None)
        if principal is not None and not principal.is_anonymous:
            return True
        return counted("anonymous", client_ip(request), "API_RATE_ANONYMOUS")

    def wait(self) -> float | None:
        return getattr(_waits, "seconds", None)


class TokenThrottle(BaseThrottle):
    """Requests with a token, counted per user, whichever of their tokens (API_RATE_TOKEN, 600 a
    minute)."""

    def allow_request(self, request) -> bool:
        principal = getattr(request, "auth", None)
        if principal is None or principal.is_anonymous:
            return True
        return counted("token", str(principal.user.pk), "API_RATE_TOKEN")

    def wait(self) -> float | None:
        return getattr(_waits, "seconds", None)


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`. With `required=False` a request without the header is served
    as anonymous; a header that is present but malformed, unknown, revoked or expired is always a
    401, never a silent fall-back to anonymous."""

    def __init__(self, *, required: bool):
        super().__init__()
        self.required = required

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if header is None:
            if self.required:
                raise AuthenticationError(
                    message=_("This needs a personal API token: Authorization: Bearer <token>.")
                )
            return Principal(viewer=ANONYMOUS)
        # Guessing tokens is hopeless (256 random bits), but each guess costs a query: an address
        # that keeps sending bad tokens is slowed down before its tokens are even looked up.
        limit, seconds = rate("API_RATE_FAILED_TOKENS")
        failures_key = f"api-failed-tokens:{client_ip(request)}"
        if (cache.get(failures_key) or 0) >= limit:
            raise Throttled(wait=seconds)
        scheme, _sep, raw = header.strip().partition(" ")
        token = token_for(raw.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            if not cache.add(failures_key, 1, seconds):
                try:
                    cache.incr(failures_key)
                except ValueError:
                    cache.set(failures_key, 1, seconds)
            if scheme.lower() != "bearer" or not raw.strip():
                message = _("The Authorization header must be the word Bearer, a space and the token.")
            else:
                message = _("This API token is not valid: it is malformed, unknown, revoked or expired.")
            raise AuthenticationError(message=message)
        return Principal(viewer=token_viewer(token.user), user=token.user, token=token)

    def authenticate(self, request, token):  # required by HttpBearer; __call__ does the work
        return None


optional_token = BearerToken(required=False)
required_token = BearerToken(required=True)
