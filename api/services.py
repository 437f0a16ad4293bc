"""Writes of the API app: personal API tokens. Each is atomic and audited; the token itself is never
stored (only its SHA-256) and never written to the audit log."""

import hashlib
import re
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from api.models import ApiToken
from core.audit import audit_record
from projects.permissions import editable_organizations

TOKEN_PREFIX = "lcso_"  # noqa: S105 (the public prefix of every token, not a secret)
TOKEN_PATTERN = re.compile(r"^lcso_[A-Za-z0-9_-]{43}$")
EXPIRY_DAYS = (30, 90, 365)
MAX_USABLE_TOKENS = 10
# Recording every use would write to the database on every request; once in a while is enough to
# tell a token in use from a forgotten one.
LAST_USED_PRECISION = timedelta(minutes=5)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def may_have_tokens(user) -> bool:
    """Editors and owners of a member organization (or applicant) may have API tokens; the token
    reads and writes only what their organization role allows."""
    return bool(user and user.is_authenticated and user.is_active and editable_organizations(user).exists())


@transaction.atomic
def token_create(*, user: User, name: str, days: int) -> tuple[ApiToken, str]:
    """The signed-in editor creates a token for themselves. Returns the token row and the token
    itself, which the caller shows once and forgets. Audited (never the token)."""
    if not may_have_tokens(user):
        raise PermissionDenied
    name = " ".join((name or "").split())[:100]
    problems = {}
    if not name:
        problems["name"] = [_("Give the token a name, such as the program that will use it.")]
    if days not in EXPIRY_DAYS:
        problems["days"] = [_("Choose how long the token stays valid.")]
    # Lock the user's row so that two parallel requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.usable().filter(user=user).count() >= MAX_USABLE_TOKENS:
        problems.setdefault("name", []).append(
            _("You already have %(count)s valid tokens. Revoke one you no longer use first.")
            % {"count": MAX_USABLE_TOKENS}
        )
    if problems:
        raise ValidationError(problems)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 4],
        token_hash=token_hash(raw),
        expires_at=now + timedelta(days=days),
    )
    audit_record(actor=user, action="api_token.create", target=token, days=days)
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """The token's owner revokes it (or the secretariat, in the admin, one that may have leaked); it
    stops working at once. Revoking twice changes nothing."""
    if token.user_id != by.pk and not (by.is_superuser or by.is_secretariat):
        raise PermissionDenied
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        audit_record(actor=by, action="api_token.revoke", target=token)
    token.refresh_from_db()
    return token


def token_for(raw: str) -> ApiToken | None:
    """The usable token with this value, with its user, or None (malformed, unknown, revoked,
    expired, or its user deactivated). Marks it as used now and then."""
    if not TOKEN_PATTERN.match(raw):
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(token_hash=token_hash(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
