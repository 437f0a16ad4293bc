"""Second-factor sign-in: authenticator app codes and single-use recovery codes."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from accounts import totp
from accounts.models import RecoveryCode, TwoFactorDevice, User
from core.audit import audit_record

RECOVERY_CODES = 10


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@transaction.atomic
def two_factor_enable(*, user: User, secret: str, code: str) -> list[str] | None:
    """Confirm a new authenticator app with a code it shows; returns the recovery codes (shown once),
    or None when the code is wrong."""
    step = totp.matching_step(secret, code, after_step=0)
    if step is None:
        return None
    TwoFactorDevice.objects.update_or_create(user=user, defaults={"secret": secret, "last_used_step": step})
    codes = recovery_codes_replace(user=user)
    audit_record(actor=user, action="two_factor.enable", target=user)
    return codes


def recovery_codes_replace(*, user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=hash_code(code)) for code in codes])
    return codes


@transaction.atomic
def two_factor_verify(*, user: User, code: str) -> bool:
    """Check a sign-in code. Each authenticator code and each recovery code works once; the row
    lock makes two simultaneous uses of one code count once."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    step = totp.matching_step(device.secret, code, after_step=device.last_used_step)
    if step is not None:
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return True
    used = RecoveryCode.objects.filter(user=user, code_hash=hash_code(code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if used:
        audit_record(actor=user, action="two_factor.recovery_code_used", target=user)
    return bool(used)


@transaction.atomic
def two_factor_disable(*, user: User, by: User) -> None:
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    audit_record(actor=by, action="two_factor.disable", target=user)
