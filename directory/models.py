"""Member organizations of the network, their people, membership history and profile versions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import District, Province, SectorGroup, Theme, TimeStampedModel, in_viewer_language


class Visibility(models.TextChoices):
    """Who may see a group of fields (DESIGN §6). Ordered from the widest audience to the narrowest."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Staff of member organizations")
    SECRETARIAT = "secretariat", _("Secretariat and committee")


class OrganizationQuerySet(models.QuerySet):
    def listed(self):
        """Organizations shown in the public directory: active members only."""
        return self.filter(status=Organization.Status.ACTIVE)

    def in_viewer_order(self, language: str):
        if language.startswith("en"):
            return self.order_by("name_en_sort", "pk")
        return self.order_by("name_lo_sort", "pk")


class Organization(TimeStampedModel):
    """A civil society organization: a member of the network, or an applicant to it."""

    class LegalForm(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        FOUNDATION = "foundation", _("Foundation")
        NETWORK = "network", _("Network")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Active member")
        SUSPENDED = "suspended", _("Suspended")
        FORMER = "former", _("Former member")

    class RegistrationAuthority(models.TextChoices):
        MOHA = "moha", _("Ministry of Home Affairs")
        PROVINCE = "province", _("Provincial Home Affairs office")

    class BudgetBand(models.TextChoices):
        UNDER_50K = "lt50k", _("Under 50,000 USD a year")
        FROM_50K = "50k-200k", _("50,000–200,000 USD a year")
        FROM_200K = "200k-1m", _("200,000 USD–1 million USD a year")
        OVER_1M = "gt1m", _("Over 1 million USD a year")

    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    name_lo = models.CharField(_("name in Lao"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    # ICU sort keys (hex) so that the database sorts 100,000 names in Lao order without Python.
    name_lo_sort = models.CharField(max_length=600, db_index=True, editable=False)
    name_en_sort = models.CharField(max_length=255, db_index=True, editable=False)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm, default=LegalForm.ASSOCIATION
    )
    status = models.CharField(
        _("membership status"), max_length=20, choices=Status, default=Status.APPLICANT, db_index=True
    )

    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    registration_authority = models.CharField(
        _("registered by"), max_length=20, choices=RegistrationAuthority, blank=True
    )
    registration_province = models.ForeignKey(
        Province,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of the registering office"),
    )
    supervising_ministry = models.CharField(_("supervising ministry"), max_length=200, blank=True)

    head_office_province = models.ForeignKey(
        Province, models.PROTECT, related_name="head_offices", verbose_name=_("head office province")
    )
    head_office_district = models.ForeignKey(
        District,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head office district"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    provinces = models.ManyToManyField(
        Province, related_name="organizations", blank=True, verbose_name=_("provinces of work")
    )
    primary_sector_group = models.ForeignKey(
        SectorGroup, models.PROTECT, related_name="primary_organizations", verbose_name=_("main sector group")
    )
    sector_groups = models.ManyToManyField(
        SectorGroup, related_name="organizations", blank=True, verbose_name=_("sector groups")
    )
    themes = models.ManyToManyField(Theme, related_name="organizations", blank=True, verbose_name=_("themes"))

    mission_lo = models.TextField(_("mission in Lao"), blank=True)
    mission_en = models.TextField(_("mission in English"), blank=True)
    description_lo = models.TextField(_("description in Lao"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)

    staff_women = models.PositiveIntegerField(_("staff: women"), null=True, blank=True)
    staff_men = models.PositiveIntegerField(_("staff: men"), null=True, blank=True)
    volunteers_women = models.PositiveIntegerField(_("volunteers: women"), null=True, blank=True)
    volunteers_men = models.PositiveIntegerField(_("volunteers: men"), null=True, blank=True)
    budget_band = models.CharField(_("yearly budget"), max_length=20, choices=BudgetBand, blank=True)

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField(_("Facebook page"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)

    # Who may see each group of fields; names, sectors, provinces and mission are always public.
    contacts_visibility = models.CharField(
        _("who sees the contacts"), max_length=20, choices=Visibility, default=Visibility.MEMBERS
    )
    staff_visibility = models.CharField(
        _("who sees staff and budget figures"), max_length=20, choices=Visibility, default=Visibility.MEMBERS
    )
    registration_visibility = models.CharField(
        _("who sees the registration details"), max_length=20, choices=Visibility, default=Visibility.PUBLIC
    )

    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            # One registry per authority: the Ministry's numbers are national, a province's are its own.
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=Q(registration_authority="moha") & ~Q(registration_number=""),
                name="organization_unique_moha_registration",
            ),
            models.UniqueConstraint(
                fields=["registration_province", "registration_number"],
                condition=Q(registration_authority="province") & ~Q(registration_number=""),
                name="organization_unique_provincial_registration",
            ),
            models.CheckConstraint(
                name="organization_year_founded_plausible",
                condition=Q(year_founded__isnull=True) | Q(year_founded__gte=1900, year_founded__lte=2100),
            ),
            models.CheckConstraint(
                name="organization_provincial_registration_names_province",
                condition=~Q(registration_authority="province") | Q(registration_province__isnull=False),
            ),
            models.CheckConstraint(name="organization_has_a_name", condition=~Q(name_lo="")),
        ]
        indexes = [
            # The public directory is the active members in name order: read in index order, a page of a
            # hundred thousand needs no sort.
            models.Index(fields=["status", "name_lo_sort", "id"], name="organization_listed_lo_idx"),
            models.Index(fields=["status", "name_en_sort", "id"], name="organization_listed_en_idx"),
            # The same by legal form: names of one form often begin alike ("ມູນນິທິ…", a foundation), so
            # walking all names for the foundations read 77,000 rows for a page of 20.
            models.Index(
                fields=["status", "legal_form", "name_lo_sort", "id"], name="organization_form_lo_idx"
            ),
            models.Index(
                fields=["status", "legal_form", "name_en_sort", "id"], name="organization_form_en_idx"
            ),
            # The organizations that are not active members (projects.models.INACTIVE_STATUSES), whose
            # projects lists leave out: each listed project is checked against this small index
            # alone (10,000 projects walked for a deep page: 23 → 9 ms).
            models.Index(
                fields=["id"],
                condition=Q(status__in=["applicant", "suspended", "former"]),
                name="organization_inactive_idx",
            ),
            # The dashboards count members by province, district and sector group from this alone.
            models.Index(
                fields=[
                    "status",
                    "head_office_province",
                    "head_office_district",
                    "primary_sector_group",
                    "id",
                ],
                name="organization_members_idx",
            ),
            models.Index(fields=["updated_at"], name="organization_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_viewer_language(self.name_lo, self.name_en)

    @property
    def mission(self) -> str:
        return in_viewer_language(self.mission_lo, self.mission_en)

    @property
    def description(self) -> str:
        return in_viewer_language(self.description_lo, self.description_en)


class OrganizationRole(models.Model):
    """A person who may edit an organization's profile. The owner also manages its editors."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="organization_roles")
    kind = models.CharField(_("role"), max_length=10, choices=Kind, default=Kind.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization role")
        verbose_name_plural = _("organization roles")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="organization_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_kind_display()}"


class MembershipEvent(models.Model):
    """A dated change of an organization's membership status, with who decided it."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="membership_events")
    status = models.CharField(_("status"), max_length=20, choices=Organization.Status)
    at = models.DateTimeField(_("date"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")

    def __str__(self) -> str:
        return f"{self.organization} {self.status} {self.at:%Y-%m-%d}"


class MembershipApplication(TimeStampedModel):
    """An organization's request to join the network, reviewed by the secretariat."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("Waiting for email confirmation")
        SUBMITTED = "submitted", _("Waiting for review")
        MORE_INFO = "more_info", _("More information requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organization = models.OneToOneField(Organization, models.CASCADE, related_name="application")
    # Blank once the applicant's personal data is erased; the application's decision stays on record.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    certificate = models.FileField(_("registration certificate"), upload_to="certificates/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.UNVERIFIED, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("message to the applicant"), blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        constraints = [
            models.CheckConstraint(
                name="application_decision_has_date",
                condition=~Q(status__in=["approved", "rejected"]) | Q(decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_status_display()})"


class Invitation(models.Model):
    """An owner's invitation to a person to become an editor of the organization."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    kind = models.CharField(
        _("role"), max_length=10, choices=OrganizationRole.Kind, default=OrganizationRole.Kind.EDITOR
    )
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                name="invitation_expires_after_creation", condition=Q(expires_at__gt=F("created_at"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class OrganizationVersion(models.Model):
    """A saved state of an organization's profile after each change, for history and restore."""

    organization = models.ForeignKey(Organization, models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    changed_fields = models.JSONField(default=list)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="organization_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization} v{self.version}"
