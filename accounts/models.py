"""Users sign in with their email address; roles say what they may do beyond their own organization."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import SectorGroup


class UserManager(BaseUserManager):
    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        # Only the domain is lower-cased by normalize_email; addresses are unique case-insensitively.
        user = self.model(email=self.normalize_email(email).strip(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff of a member organization, the secretariat, the committee."""

    class Language(models.TextChoices):
        LAO = "lo", "ລາວ"
        ENGLISH = "en", "English"

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.LAO
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def has_role(self, kind: str) -> bool:
        return self.is_active and any(role.kind == kind for role in self.cached_roles)

    @property
    def cached_roles(self) -> list["Role"]:
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = list(self.roles.select_related("sector_group")) if self.pk else []
        return self._roles_cache

    @property
    def is_secretariat(self) -> bool:
        return self.has_role(Role.Kind.SECRETARIAT)

    @property
    def is_committee_member(self) -> bool:
        return self.has_role(Role.Kind.COMMITTEE)

    @property
    def needs_two_factor(self) -> bool:
        """The secretariat and the committee must sign in with a second factor."""
        return self.is_superuser or self.is_secretariat or self.is_committee_member

    @property
    def has_two_factor(self) -> bool:
        return TwoFactorDevice.objects.filter(user=self).exists()

    @property
    def headed_sector_groups(self) -> list[SectorGroup]:
        return [role.sector_group for role in self.cached_roles if role.kind == Role.Kind.SECTOR_HEAD]


class Role(models.Model):
    """A role held by a user in a body of the network. Organization roles (owner, editor) live with
    the directory."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        COMMITTEE = "committee", _("Committee member")
        SECTOR_HEAD = "sector_head", _("Sector group head")

    user = models.ForeignKey(User, models.CASCADE, related_name="roles", verbose_name=_("user"))
    kind = models.CharField(_("role"), max_length=20, choices=Kind)
    sector_group = models.ForeignKey(
        SectorGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("sector group"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                name="role_sector_group_iff_sector_head",
                condition=(
                    Q(kind="sector_head", sector_group__isnull=False)
                    | (~Q(kind="sector_head") & Q(sector_group__isnull=True))
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(sector_group__isnull=True), name="role_unique_per_user"
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "sector_group"],
                condition=Q(sector_group__isnull=False),
                name="role_unique_per_user_and_group",
            ),
        ]

    def __str__(self) -> str:
        if self.sector_group_id:
            return f"{self.get_kind_display()}: {self.sector_group}"
        return str(self.get_kind_display())


class TwoFactorDevice(models.Model):
    """A user's authenticator app (TOTP). Required for the secretariat and the committee."""

    user = models.OneToOneField(User, models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(auto_now_add=True)
    last_used_step = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")

    def __str__(self) -> str:
        return f"TOTP · {self.user}"


class RecoveryCode(models.Model):
    """A single-use code for signing in without the authenticator app; only its hash is kept."""

    user = models.ForeignKey(User, models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")]

    def __str__(self) -> str:
        return f"recovery code · {self.user}"
