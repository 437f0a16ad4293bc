"""Information sharing: news, events and their registrations, the documents library, opportunities,
and the weekly digest subscriptions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Province, SectorGroup, TimeStampedModel, in_viewer_language
from directory.models import Organization, Visibility


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublicationQuerySet(models.QuerySet):
    def live(self, now=None):
        """Published, and the publication time has come (scheduled items wait for it)."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, viewer, *, now=None):
        """What a viewer (directory.visibility.Viewer) may see in lists, feeds and the sitemap."""
        return self.live(now).filter(visibility__in=viewer.levels)


class Publication(TimeStampedModel):
    """What news, events, documents and opportunities share: two languages, an audience, a
    publication state and time, sector groups."""

    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    title_lo = models.CharField(_("title in Lao"), max_length=255, blank=True)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    visibility = models.CharField(
        _("who may see it"), max_length=20, choices=Visibility, default=Visibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty to publish now. A time in the future schedules the publication."),
    )
    # Set when the item went live and was added to the search index; a scheduled item waits for
    # the publish_scheduled command to do it.
    announced = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_has_a_title", condition=~Q(title_lo="", title_en="")
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_published_has_time",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_visibility_known",
                condition=Q(visibility__in=["public", "members", "secretariat"]),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)

    @property
    def is_live(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and not self.is_live


class NewsItem(Publication):
    """A news article in Lao and/or English, tagged with sector groups and organizations."""

    body_lo = models.TextField(_("text in Lao"), blank=True, help_text=_("Markdown: see the help below."))
    body_en = models.TextField(_("text in English"), blank=True)
    sector_groups = models.ManyToManyField(
        SectorGroup, related_name="news", blank=True, verbose_name=_("sector groups")
    )
    organizations = models.ManyToManyField(
        Organization, related_name="news", blank=True, verbose_name=_("organizations in the news")
    )
    cover = models.ImageField(_("cover image"), upload_to="news/", blank=True)
    cover_alt_lo = models.CharField(_("description of the image in Lao"), max_length=200, blank=True)
    cover_alt_en = models.CharField(_("description of the image in English"), max_length=200, blank=True)
    byline = models.CharField(_("author"), max_length=200, blank=True)
    supported_by_lo = models.CharField(_("supported by (Lao)"), max_length=300, blank=True)
    supported_by_en = models.CharField(_("supported by (English)"), max_length=300, blank=True)

    class Meta(Publication.Meta):
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    @property
    def body(self) -> str:
        return in_viewer_language(self.body_lo, self.body_en)

    @property
    def cover_alt(self) -> str:
        return in_viewer_language(self.cover_alt_lo, self.cover_alt_en)

    @property
    def supported_by(self) -> str:
        return in_viewer_language(self.supported_by_lo, self.supported_by_en)


class Event(Publication):
    """A training, fair, meeting or webinar in the calendar; member organizations may register."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        FAIR = "fair", _("Fair")
        MEETING = "meeting", _("Meeting")
        WEBINAR = "webinar", _("Webinar")
        OTHER = "other", _("Other event")

    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind, default=Kind.TRAINING)
    description_lo = models.TextField(_("description in Lao"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    location_lo = models.CharField(_("place in Lao"), max_length=300, blank=True)
    location_en = models.CharField(_("place in English"), max_length=300, blank=True)
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    online_url = models.URLField(
        _("link to join online"),
        blank=True,
        help_text=_("Shown only to registered organizations and the secretariat."),
    )
    sector_groups = models.ManyToManyField(
        SectorGroup, related_name="events", blank=True, verbose_name=_("sector groups")
    )
    organizers = models.ManyToManyField(
        Organization, related_name="organized_events", blank=True, verbose_name=_("organizers")
    )
    registration_open = models.BooleanField(_("member organizations may register"), default=False)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Most participants in all. Later registrations go on a waiting list. Empty: no limit."),
    )

    class Meta(Publication.Meta):
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *Publication.Meta.constraints,
            models.CheckConstraint(name="event_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(
                name="event_capacity_positive", condition=Q(capacity__isnull=True) | Q(capacity__gte=1)
            ),
        ]

    external = False  # entries of other apps in the calendar (content.calendar) say True

    @property
    def description(self) -> str:
        return in_viewer_language(self.description_lo, self.description_en)

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @property
    def location(self) -> str:
        return in_viewer_language(self.location_lo, self.location_en)

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        if not self.registration_open or self.ends_at <= now:
            return False
        return self.registration_closes_at is None or now < self.registration_closes_at


class EventRegistration(models.Model):
    """A member organization's registration for an event, with its number of participants by sex."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, models.PROTECT, related_name="registrations")
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="event_registrations", verbose_name=_("organization")
    )
    participants_women = models.PositiveIntegerField(_("women"), default=0)
    participants_men = models.PositiveIntegerField(_("men"), default=0)
    state = models.CharField(_("state"), max_length=20, choices=State, db_index=True)
    note = models.CharField(_("note to the organizers"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=Q(state__in=["confirmed", "waiting"]),
                name="event_registration_once_per_organization",
            ),
            models.CheckConstraint(
                name="event_registration_has_participants",
                condition=Q(participants_women__gte=1) | Q(participants_men__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.event} ({self.state})"

    @property
    def participants(self) -> int:
        return self.participants_women + self.participants_men


class Document(Publication):
    """A file in the documents library, with its metadata and the text extracted for search."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        POLICY = "policy", _("Policy")
        LAW = "law", _("Law or decree")
        GUIDELINE = "guideline", _("Guideline")
        MINUTES = "minutes", _("Minutes")
        TRAINING = "training", _("Training material")
        OTHER = "other", _("Other document")

    class Language(models.TextChoices):
        LAO = "lo", _("Lao")
        ENGLISH = "en", _("English")
        BOTH = "lo-en", _("Lao and English")
        OTHER = "other", _("Other language")

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"

    kind = models.CharField(_("kind of document"), max_length=20, choices=Kind, default=Kind.REPORT)
    description_lo = models.TextField(_("description in Lao"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    language = models.CharField(_("language of the document"), max_length=10, choices=Language)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sector_groups = models.ManyToManyField(
        SectorGroup, related_name="documents", blank=True, verbose_name=_("sector groups")
    )
    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("organization"),
    )
    file = models.FileField(upload_to="documents/", editable=False)
    file_type = models.CharField(_("file type"), max_length=10, choices=FileType, editable=False)
    file_size = models.PositiveBigIntegerField(_("size"), editable=False)
    original_name = models.CharField(_("file name"), max_length=200, editable=False)
    sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    text = models.TextField(_("extracted text"), blank=True, editable=False)

    class Meta(Publication.Meta):
        ordering = ["-published_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            *Publication.Meta.constraints,
            models.CheckConstraint(
                name="document_year_plausible",
                condition=Q(year__isnull=True) | Q(year__gte=1950, year__lte=2100),
            ),
            models.CheckConstraint(name="document_file_not_empty", condition=Q(file_size__gte=1)),
        ]

    @property
    def description(self) -> str:
        return in_viewer_language(self.description_lo, self.description_en)


class Opportunity(Publication):
    """A call for proposals, grant, job or consultancy, open until its deadline."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call for proposals")
        GRANT = "grant", _("Grant")
        JOB = "job", _("Job")
        CONSULTANCY = "consultancy", _("Consultancy")
        OTHER = "other", _("Other opportunity")

    kind = models.CharField(_("kind of opportunity"), max_length=20, choices=Kind, default=Kind.CALL)
    description_lo = models.TextField(_("description in Lao"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    organization = models.ForeignKey(
        Organization,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("member organization offering it"),
    )
    offered_by = models.CharField(
        _("offered by"), max_length=200, blank=True, help_text=_("A donor or partner outside the directory.")
    )
    deadline = models.DateField(_("deadline"), help_text=_("The last day to apply (Vientiane time)."))
    apply_url = models.URLField(_("where to apply"), blank=True)
    sector_groups = models.ManyToManyField(
        SectorGroup, related_name="opportunities", blank=True, verbose_name=_("sector groups")
    )

    class Meta(Publication.Meta):
        ordering = ["deadline", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")

    @property
    def description(self) -> str:
        return in_viewer_language(self.description_lo, self.description_en)

    @property
    def is_open(self) -> bool:
        return self.deadline >= timezone.localdate()


class Subscription(TimeStampedModel):
    """A user's choice to receive the weekly digest, in a language, optionally for some sector groups."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="digest_subscription")
    is_active = models.BooleanField(_("send me the weekly digest"), default=True)
    language = models.CharField(
        _("language of the digest"), max_length=2, choices=[("lo", "ລາວ"), ("en", "English")], default="lo"
    )
    sector_groups = models.ManyToManyField(
        SectorGroup,
        related_name="+",
        blank=True,
        verbose_name=_("sector groups"),
        help_text=_("Only news of these groups. None chosen: all news."),
    )

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")
        constraints = [
            models.CheckConstraint(name="subscription_language_known", condition=Q(language__in=["lo", "en"]))
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.language})"


class DigestDelivery(models.Model):
    """One digest sent to one subscriber in one ISO week: the unique constraint is what makes it at
    most one a week, even when two runs of the command overlap."""

    subscription = models.ForeignKey(Subscription, models.CASCADE, related_name="deliveries")
    week = models.CharField(max_length=8)  # "2025-W07"
    sent_at = models.DateTimeField(default=timezone.now)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "week"], name="digest_one_per_subscriber_and_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription} {self.week}"
