"""Writes about accounts and roles. Each is atomic and audited."""

from django.db import transaction

from accounts.models import Role, User
from core.audit import audit_record
from core.models import SectorGroup


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str = "",
    preferred_language: str = "lo",
    by: User | None = None,
) -> User:
    """Create an account (the secretariat, an invitation or the demo seed). A `None` password leaves
    the account unusable until a password reset."""
    user = User.objects.create_user(
        email, password, full_name=full_name, preferred_language=preferred_language
    )
    audit_record(actor=by, action="user.create", target=user)
    return user


@transaction.atomic
def role_grant(*, user: User, kind: str, sector_group: SectorGroup | None = None, by: User | None) -> Role:
    """Secretariat grants a role. The secretariat role opens the admin site."""
    role, _created = Role.objects.get_or_create(user=user, kind=kind, sector_group=sector_group)
    if kind == Role.Kind.SECRETARIAT and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(
        actor=by,
        action="role.grant",
        target=user,
        role=kind,
        sector_group=sector_group.code if sector_group else "",
    )
    return role


@transaction.atomic
def role_revoke(*, role: Role, by: User | None) -> None:
    """Secretariat withdraws a role; losing the secretariat role closes the admin site."""
    user = role.user
    kind, group = role.kind, role.sector_group
    role.delete()
    if kind == Role.Kind.SECRETARIAT and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    audit_record(
        actor=by, action="role.revoke", target=user, role=kind, sector_group=group.code if group else ""
    )
