"""Sign-in protection: who the client is, and lockout after repeated failures."""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 30


def client_ip(request) -> str:
    """The client's address. X-Forwarded-For is believed only for the number of proxies the operator
    declared (TRUSTED_PROXY_COUNT), counted from the right: a client can prepend anything it likes,
    but not what our own proxy appended."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    return forwarded[-hops] if len(forwarded) >= hops else remote


def _key(kind: str, value: str) -> str:
    return f"signin-failures:{kind}:{hashlib.sha256(value.casefold().encode()).hexdigest()[:32]}"


def failure_keys(request, email: str) -> list[tuple[str, int]]:
    return [
        (_key("account", email), MAX_FAILURES_PER_ACCOUNT),
        (_key("address", client_ip(request)), MAX_FAILURES_PER_ADDRESS),
    ]


def is_locked(request, email: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in failure_keys(request, email))


def record_failure(request, email: str) -> None:
    for key, _limit in failure_keys(request, email):
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, WINDOW_SECONDS)


def clear_failures(request, email: str) -> None:
    cache.delete(_key("account", email))
