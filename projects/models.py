"""Projects of member organizations (who does what where) and the reporting rounds that collect
their figures for the annual report on CSO contributions to the NSEDP and the SDGs.

Figures that the dashboards and the national report add up are columns, never JSON: people reached
by sex and age, persons with disabilities among them, spending per project per report. JSON holds
only history snapshots.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.models import (
    District,
    EthnicGroup,
    PlanOutcome,
    Province,
    SdgTarget,
    SectorGroup,
    Theme,
    TimeStampedModel,
    in_viewer_language,
)
from directory.models import Organization, Visibility

# Upper bounds that catch typing mistakes (an extra zero row of digits) without refusing real figures.
MAX_PEOPLE = 10_000_000  # more than the population of Laos
MAX_STAFF = 100_000
MAX_AMOUNT = 10**15  # a thousand trillion, in any currency
SORT_KEY_CHARS = 120


class Currency(models.TextChoices):
    """Currencies that budgets and spending are given in; totals are converted per round."""

    LAK = "LAK", _("Lao kip (LAK)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    THB = "THB", _("Thai baht (THB)")
    AUD = "AUD", _("Australian dollar (AUD)")
    JPY = "JPY", _("Japanese yen (JPY)")
    CNY = "CNY", _("Chinese yuan (CNY)")
    KRW = "KRW", _("Korean won (KRW)")
    GBP = "GBP", _("Pound sterling (GBP)")
    CHF = "CHF", _("Swiss franc (CHF)")
    SEK = "SEK", _("Swedish krona (SEK)")
    NZD = "NZD", _("New Zealand dollar (NZD)")


INACTIVE_STATUSES = [
    Organization.Status.APPLICANT,
    Organization.Status.SUSPENDED,
    Organization.Status.FORMER,
]
INLINE_INACTIVE_MAX = 500


def inactive_organizations():
    """The organizations that are not active members (applicants, suspended, former), whose projects
    the public does not see: their ids as a list when they are few (the usual case; cached until the
    directory changes), else a subquery correlated with the project's organization, for NOT EXISTS
    (a long list costs more to send than to look up, and with NOT IN (subquery) PostgreSQL no longer
    fetches a few matching projects by id: it scanned a million for the 5,000 of one district)."""
    from django.core.cache import cache

    from core.cache import page_cache_generation

    inactive = Organization.objects.filter(status__in=INACTIVE_STATUSES)
    key = f"projects:inactive-orgs:{page_cache_generation('directory')}"
    ids = cache.get(key)
    if ids is None:
        ids = sorted(inactive.values_list("pk", flat=True)[: INLINE_INACTIVE_MAX + 1])
        cache.set(key, ids, 60 * 60)
    if len(ids) > INLINE_INACTIVE_MAX:
        return Exists(inactive.filter(pk=OuterRef("organization_id")))
    return ids


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Projects a viewer may see: those shared at the viewer's level, of an active member, and
        every project of the viewer's own organizations."""
        # "Not of an organization that is not active" rather than a join to 100,000 organizations:
        # the few inactive ones are known (cached until an organization changes).
        shown = Q(visibility__in=viewer.levels)
        inactive = inactive_organizations()
        if isinstance(inactive, Exists):
            shown &= ~inactive
        elif inactive:
            shown &= ~Q(organization_id__in=inactive)
        if viewer.clearance == Visibility.SECRETARIAT:
            shown = Q(visibility__in=viewer.levels)
        if viewer.own_organization_ids:
            shown |= Q(organization_id__in=viewer.own_organization_ids)
        return self.filter(shown)

    def active_between(self, start, end):
        """Projects running at some time in [start, end]."""
        return self.filter(starts_on__lte=end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))

    def in_viewer_order(self, language: str):
        if language.startswith("en"):
            return self.order_by("title_en_sort", "pk")
        return self.order_by("title_lo_sort", "pk")


class Project(TimeStampedModel):
    """A project of one member organization: what it does, where, with whom, with how much."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        SUSPENDED = "suspended", _("Suspended")

    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="projects", verbose_name=_("organization")
    )
    title_lo = models.CharField(_("title in Lao"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    # The start of the ICU sort key (hex) and of the folded English title, so that the database sorts
    # a million titles in Lao order. Cut short (the first 30 or so letters decide; the id breaks the
    # rare tie) because every index and sort over a million rows carries them.
    title_lo_sort = models.CharField(max_length=SORT_KEY_CHARS, editable=False, default="")
    title_en_sort = models.CharField(max_length=SORT_KEY_CHARS, editable=False, default="")
    summary_lo = models.TextField(_("summary in Lao"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ONGOING)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    # Years the project runs in, kept beside the dates so that the year filter is an index range.
    start_year = models.PositiveSmallIntegerField(editable=False, default=0)
    end_year = models.PositiveSmallIntegerField(editable=False, default=9999)
    sector_group = models.ForeignKey(
        SectorGroup, models.PROTECT, related_name="projects", verbose_name=_("sector group")
    )
    themes = models.ManyToManyField(Theme, related_name="projects", blank=True, verbose_name=_("themes"))
    sdg_targets = models.ManyToManyField(
        SdgTarget, related_name="projects", blank=True, verbose_name=_("SDG targets")
    )
    plan_outcomes = models.ManyToManyField(
        PlanOutcome, related_name="projects", blank=True, verbose_name=_("plan outcomes (NSEDP)")
    )
    government_counterpart = models.CharField(_("government counterpart"), max_length=300, blank=True)
    budget_amount = models.DecimalField(_("budget"), max_digits=18, decimal_places=2, null=True, blank=True)
    budget_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency, default=Currency.LAK, blank=True
    )
    visibility = models.CharField(
        _("who sees this project"), max_length=20, choices=Visibility, default=Visibility.PUBLIC
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Set by bulk imports, whose search index rows are written after the import commits (see
    # projects.index.index_pending): thousands of rows would otherwise hold the request for minutes.
    index_pending = models.BooleanField(default=False, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(name="project_has_a_title", condition=~Q(title_lo="") | ~Q(title_en="")),
            models.CheckConstraint(
                name="project_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
            ),
            models.CheckConstraint(
                name="project_budget_not_negative",
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
            ),
            models.CheckConstraint(
                name="project_budget_has_currency",
                condition=Q(budget_amount__isnull=True) | ~Q(budget_currency=""),
            ),
            models.CheckConstraint(
                name="project_visibility_known", condition=Q(visibility__in=Visibility.values)
            ),
        ]
        indexes = [
            # What every count and filter reads, narrow enough to be read without the wide rows
            # (an index-only scan on PostgreSQL; SQLite ignores `include`).
            models.Index(
                fields=["visibility", "organization"],
                include=["id", "sector_group", "status", "start_year", "end_year"],
                name="project_filter_idx",
            ),
            models.Index(fields=["sector_group", "visibility"], name="project_sector_idx"),
            models.Index(fields=["status", "visibility"], name="project_status_idx"),
            models.Index(fields=["start_year", "end_year"], name="project_years_idx"),
            models.Index(fields=["organization", "starts_on"], name="project_org_idx"),
            # Lists in title order walk these; who may see each row is read from the index alone.
            models.Index(
                fields=["title_lo_sort", "id"],
                include=["visibility", "organization"],
                name="project_lo_title_idx",
            ),
            models.Index(
                fields=["title_en_sort", "id"],
                include=["visibility", "organization"],
                name="project_en_title_idx",
            ),
            models.Index(fields=["-starts_on", "-id"], name="project_newest_idx"),
            # When any project last changed, read from one entry (reports.figures.change_stamp).
            models.Index(fields=["updated_at"], name="project_updated_idx"),
            models.Index(fields=["id"], condition=Q(index_pending=True), name="project_index_pending_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)

    @property
    def summary(self) -> str:
        return in_viewer_language(self.summary_lo, self.summary_en)

    @property
    def province_names(self) -> list[str]:
        """The provinces of the project's places, once each (uses prefetched locations)."""
        names: list[str] = []
        for location in self.locations.all():
            if location.province.name not in names:
                names.append(location.province.name)
        return names


class ProjectLocation(models.Model):
    """A place where a project works: a province, optionally a district in it and a village."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="locations")
    province = models.ForeignKey(Province, models.PROTECT, related_name="+", verbose_name=_("province"))
    district = models.ForeignKey(
        District, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    village = models.CharField(_("village"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("project location")
        verbose_name_plural = _("project locations")
        indexes = [models.Index(fields=["province", "project"], name="project_location_province_idx")]

    def __str__(self) -> str:
        parts = [self.village, self.district.name if self.district else "", self.province.name]
        return ", ".join(part for part in parts if part)


class ProjectPartner(models.Model):
    """A donor or implementing partner of a project: an organization of the directory, or a name."""

    class Role(models.TextChoices):
        DONOR = "donor", _("Donor")
        IMPLEMENTING = "implementing", _("Implementing partner")

    project = models.ForeignKey(Project, models.CASCADE, related_name="partners")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.DONOR)
    organization = models.ForeignKey(
        Organization,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_partnerships",
        verbose_name=_("organization in the directory"),
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    # The normalized name (lao.normalize) the partner filter matches, so "UNICEF" and "unicef" agree.
    key = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.CheckConstraint(
                name="project_partner_named", condition=Q(organization__isnull=False) | ~Q(name="")
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organization.name if self.organization_id else self.name


class ProjectFacet(models.Model):
    """One filter value a project has, with the project's title sort keys: a province or district of
    its places, its sector group, a theme, an SDG goal, a plan outcome. Written by the project
    services (projects.facets.facets_write), never edited.

    The list filtered by one value is read in title order from this table's indexes. Walking the
    projects' own title index until a page of matches turns up took a second with a million projects
    when the matches cluster (titles of one theme or sector often begin alike); here the first rows
    of the value are the page."""

    class Kind(models.IntegerChoices):
        PROVINCE = 1
        DISTRICT = 2
        SECTOR = 3
        THEME = 4
        GOAL = 5
        OUTCOME = 6

    project = models.ForeignKey(Project, models.CASCADE, related_name="facets", db_index=False)
    kind = models.PositiveSmallIntegerField(choices=Kind)
    value = models.BigIntegerField()  # the id of the province, district, sector group, theme, goal, outcome
    title_lo_sort = models.CharField(max_length=SORT_KEY_CHARS)
    title_en_sort = models.CharField(max_length=SORT_KEY_CHARS)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "value", "title_lo_sort", "project"], name="project_facet_lo_idx"),
            models.Index(fields=["kind", "value", "title_en_sort", "project"], name="project_facet_en_idx"),
            # The counts beside the filters read the rows of the listed projects from this index alone.
            models.Index(fields=["project", "kind", "value"], name="project_facet_project_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value} of project {self.project_id}"


class ProjectVersion(models.Model):
    """A saved state of a project after each change: who, when, which fields."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="versions")
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
        constraints = [models.UniqueConstraint(fields=["project", "version"], name="project_version_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.version}"


# --- reporting rounds ---------------------------------------------------------------------------


class ReportingRound(TimeStampedModel):
    """A call for reports over a period, e.g. "CSO contributions 2025", opened by the secretariat."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title_lo = models.CharField(_("title in Lao"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    deadline = models.DateField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"),
        default=14,
        help_text=_("Organizations that have not submitted get an email this many days before the deadline."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.CheckConstraint(
                name="round_period_in_order", condition=Q(period_end__gte=F("period_start"))
            ),
            models.CheckConstraint(name="round_has_a_title", condition=~Q(title_lo="")),
            models.CheckConstraint(name="round_reminder_days_range", condition=Q(reminder_days__lte=90)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)


class ExchangeRate(models.Model):
    """How many kip one unit of a currency was worth for a round's totals (entered by the secretariat)."""

    round = models.ForeignKey(ReportingRound, models.CASCADE, related_name="rates")
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    lak_per_unit = models.DecimalField(_("kip for one unit"), max_digits=18, decimal_places=6)

    class Meta:
        ordering = ["currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["round", "currency"], name="exchange_rate_one_per_currency"),
            models.CheckConstraint(name="exchange_rate_positive", condition=Q(lak_per_unit__gt=0)),
            models.CheckConstraint(name="exchange_rate_not_kip", condition=~Q(currency="LAK")),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.lak_per_unit} LAK"


class Report(TimeStampedModel):
    """One organization's report for a round: its own figures and a line per project."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for corrections")
        ACCEPTED = "accepted", _("Accepted")

    EDITABLE = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)
    PENDING = (Status.NOT_STARTED, Status.DRAFT, Status.RETURNED)  # not (yet again) submitted

    round = models.ForeignKey(ReportingRound, models.PROTECT, related_name="reports")
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="reports")
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_STARTED, db_index=True
    )
    staff_women = models.PositiveIntegerField(_("staff: women"), null=True, blank=True)
    staff_men = models.PositiveIntegerField(_("staff: men"), null=True, blank=True)
    volunteers_women = models.PositiveIntegerField(_("volunteers: women"), null=True, blank=True)
    volunteers_men = models.PositiveIntegerField(_("volunteers: men"), null=True, blank=True)
    spending_amount = models.DecimalField(
        _("spending in the period"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    spending_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency, default=Currency.LAK, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="report_one_per_round_and_org"),
            models.CheckConstraint(
                name="report_spending_not_negative",
                condition=Q(spending_amount__isnull=True) | Q(spending_amount__gte=0),
            ),
            models.CheckConstraint(
                name="report_accepted_has_date",
                condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="report_submitted_has_date",
                condition=~Q(status__in=["submitted", "accepted"]) | Q(submitted_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["round", "status"], name="report_round_status_idx")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.ACCEPTED


class ReportProject(models.Model):
    """A project's figures in a report: spending, people reached, results."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="lines")
    project = models.ForeignKey(Project, models.PROTECT, related_name="report_lines")
    spending_amount = models.DecimalField(
        _("spending in the period"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    spending_currency = models.CharField(
        _("currency"), max_length=3, choices=Currency, default=Currency.LAK, blank=True
    )
    women = models.PositiveIntegerField(_("women reached"), null=True, blank=True)
    men = models.PositiveIntegerField(_("men reached"), null=True, blank=True)
    girls = models.PositiveIntegerField(_("girls reached"), null=True, blank=True)
    boys = models.PositiveIntegerField(_("boys reached"), null=True, blank=True)
    disabled_women = models.PositiveIntegerField(_("of them, women with disabilities"), null=True, blank=True)
    disabled_men = models.PositiveIntegerField(_("of them, men with disabilities"), null=True, blank=True)
    disabled_girls = models.PositiveIntegerField(_("of them, girls with disabilities"), null=True, blank=True)
    disabled_boys = models.PositiveIntegerField(_("of them, boys with disabilities"), null=True, blank=True)
    ethnic_groups = models.ManyToManyField(
        EthnicGroup, related_name="report_lines", blank=True, verbose_name=_("ethnic groups reached")
    )
    results_lo = models.TextField(_("results in Lao"), blank=True)
    results_en = models.TextField(_("results in English"), blank=True)

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("project in a report")
        verbose_name_plural = _("projects in reports")
        constraints = [
            models.UniqueConstraint(fields=["report", "project"], name="report_line_one_per_project"),
            models.CheckConstraint(
                name="report_line_spending_not_negative",
                condition=Q(spending_amount__isnull=True) | Q(spending_amount__gte=0),
            ),
            *[
                models.CheckConstraint(
                    name=f"report_line_disabled_{group}_within",
                    condition=Q(**{f"disabled_{group}__isnull": True})
                    | Q(**{f"{group}__isnull": True})
                    | Q(**{f"disabled_{group}__lte": F(group)}),
                )
                for group in ("women", "men", "girls", "boys")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.project}"

    @property
    def results(self) -> str:
        return in_viewer_language(self.results_lo, self.results_en)

    @property
    def people_total(self) -> int:
        return sum(getattr(self, name) or 0 for name in ("women", "men", "girls", "boys"))

    @property
    def disabled_total(self) -> int:
        return sum(getattr(self, f"disabled_{name}") or 0 for name in ("women", "men", "girls", "boys"))


class ReportPhoto(models.Model):
    """A photo of a project's work attached to a report line (re-encoded; never public)."""

    line = models.ForeignKey(ReportProject, models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="report-photos/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name


class AppliedDraft(models.Model):
    """A sending of the report form that has been applied, by the key the form carried: a phone that
    sends the same offline draft twice (the answer to the first was lost) has it applied once."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="+")
    key = models.UUIDField()
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="applied_draft_once")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.key}"


class ReportTransition(models.Model):
    """A change of a report's state: who, when, with what comment."""

    class Action(models.TextChoices):
        START = "start", _("Started")
        SUBMIT = "submit", _("Submitted")
        RETURN = "return", _("Returned for corrections")
        ACCEPT = "accept", _("Accepted")
        REOPEN = "reopen", _("Reopened")

    report = models.ForeignKey(Report, models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=10, choices=Action)
    from_status = models.CharField(_("from"), max_length=20, choices=Report.Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Report.Status)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")
        constraints = [
            models.CheckConstraint(
                name="report_transition_reopen_has_reason", condition=~Q(action="reopen") | ~Q(comment="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.from_status} → {self.to_status}"


class ReviewComment(models.Model):
    """A reviewer's comment on one item of a returned report: the organization figures or a project."""

    transition = models.ForeignKey(ReportTransition, models.CASCADE, related_name="comments")
    line = models.ForeignKey(
        ReportProject, models.CASCADE, null=True, blank=True, related_name="review_comments"
    )
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        constraints = [models.CheckConstraint(name="review_comment_not_empty", condition=~Q(text=""))]

    def __str__(self) -> str:
        return self.text[:60]


class ReportVersion(models.Model):
    """A saved state of a report (figures and lines) after each change."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="versions")
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
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="report_version_unique")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.version}"


class ReminderSent(models.Model):
    """A reminder email sent about one report; the unique key makes the daily command idempotent."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Round opened")
        BEFORE = "before", _("Before the deadline")
        OVERDUE_1 = "overdue-1", _("Overdue")
        OVERDUE_2 = "overdue-2", _("Overdue, one week")
        OVERDUE_3 = "overdue-3", _("Overdue, two weeks")

    report = models.ForeignKey(Report, models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sent_at"]
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="reminder_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"
