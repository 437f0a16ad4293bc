"""Demo accounts, one per role, for development and demonstrations only."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts.models import Role, User
from accounts.services import role_grant, user_create
from core.models import SectorGroup

DEMO_PASSWORD = "demo-password-2025"  # noqa: S105 (printed by run.sh; development only)

DEMO_ACCOUNTS = [
    # email, full name, role, sector group code
    ("secretariat@demo.laocso.org", "ນາງ ສຸກສະຫວັນ (demo)", Role.Kind.SECRETARIAT, None),
    ("committee@demo.laocso.org", "ທ້າວ ບຸນມີ (demo)", Role.Kind.COMMITTEE, None),
    ("sectorhead@demo.laocso.org", "ນາງ ແສງຈັນ (demo)", Role.Kind.SECTOR_HEAD, "FARD"),
    ("member@demo.laocso.org", "ທ້າວ ພອນໄຊ (demo)", None, None),  # owner of a demo organization (seed_demo)
    ("editor@demo.laocso.org", "ນາງ ມະນີວອນ (demo)", None, None),  # editor of another one
]


def demo_accounts_create() -> list[tuple[str, str]]:
    """Create the demo accounts that are missing (idempotent). Refuses outside development."""
    if not settings.DEV:
        raise ImproperlyConfigured("Demo accounts exist only in development (LAOCSO_ENV=dev).")
    created = []
    for email, full_name, kind, group_code in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = user_create(email=email, password=DEMO_PASSWORD, full_name=full_name)
        if kind and not user.roles.filter(kind=kind).exists():
            group = SectorGroup.objects.get(code=group_code) if group_code else None
            role_grant(user=user, kind=kind, sector_group=group, by=None)
        created.append((email, str(kind.label) if kind else "member organization staff"))
    return created
