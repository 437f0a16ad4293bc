"""How the network governs itself: committee terms and seats, sector group leadership, meetings,
the register of official decisions, and elections in which member organizations vote."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import District, Province, SectorGroup, TimeStampedModel, in_viewer_language

# Meetings, decisions and elections are shown to everyone or to member organizations only; the
# values are those of directory.models.Visibility so that directory.visibility.viewer_for decides.
VISIBILITY_CHOICES = [("public", _("Everyone")), ("members", _("Staff of member organizations"))]


class Sex(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    UNSPECIFIED = "unspecified", _("Not stated")


class VisibleQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """Rows whose visibility is one of the viewer's levels (directory.visibility.Viewer)."""
        return self.filter(visibility__in=viewer.levels)


class Person(TimeStampedModel):
    """A person who holds or seeks a seat: staff of a member organization. Personal data is kept
    to a name, sex and position; contacts are shared with members only unless made public."""

    name_lo = models.CharField(_("name in Lao"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex, default=Sex.UNSPECIFIED)
    organization = models.ForeignKey(
        "directory.Organization",
        models.PROTECT,
        related_name="governance_people",
        verbose_name=_("organization"),
    )
    position_lo = models.CharField(_("position in Lao"), max_length=200, blank=True)
    position_en = models.CharField(_("position in English"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_people",
        verbose_name=_("account on the platform"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    contacts_visibility = models.CharField(
        _("who sees the contacts"), max_length=12, choices=VISIBILITY_CHOICES, default="members"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name_lo", "name_en", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(name="person_has_a_name", condition=~Q(name_lo="", name_en="")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_viewer_language(self.name_lo, self.name_en)

    @property
    def position(self) -> str:
        return in_viewer_language(self.position_lo, self.position_en)


class Decision(TimeStampedModel):
    """An official document or agreement in the register: its number as written (e.g. `12/ກພລ`),
    date, issuing body and file."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement")
        DECISION = "decision", _("Official decision")
        RESOLUTION = "resolution", _("Resolution")
        NOTICE = "notice", _("Notice")
        OTHER = "other", _("Other document")

    number = models.CharField(_("number as written"), max_length=60)
    issued_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.DECISION)
    issuing_body_lo = models.CharField(_("issued by (Lao)"), max_length=300, blank=True)
    issuing_body_en = models.CharField(_("issued by (English)"), max_length=300, blank=True)
    title_lo = models.CharField(_("title in Lao"), max_length=500, blank=True)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    summary_lo = models.TextField(_("summary in Lao"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    file = models.FileField(_("file"), upload_to="governance/decisions/", blank=True)
    term = models.ForeignKey(
        "CommitteeTerm",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("related committee term"),
    )
    meeting = models.ForeignKey(
        "Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("related meeting"),
    )
    visibility = models.CharField(
        _("who sees it"), max_length=12, choices=VISIBILITY_CHOICES, default="public"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(name="decision_has_a_title", condition=~Q(title_lo="", title_en="")),
            models.CheckConstraint(name="decision_has_a_number", condition=~Q(number="")),
            models.CheckConstraint(
                name="decision_has_an_issuer", condition=~Q(issuing_body_lo="", issuing_body_en="")
            ),
            models.CheckConstraint(
                name="decision_visibility_known", condition=Q(visibility__in=["public", "members"])
            ),
            models.UniqueConstraint(fields=["number", "issued_on"], name="decision_unique_number_and_date"),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)

    @property
    def issuing_body(self) -> str:
        return in_viewer_language(self.issuing_body_lo, self.issuing_body_en)

    @property
    def summary(self) -> str:
        return in_viewer_language(self.summary_lo, self.summary_en)


class CommitteeTerm(TimeStampedModel):
    """One coordination committee, from its election or endorsement to its replacement."""

    name_lo = models.CharField(_("name in Lao"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    starts_on = models.DateField(_("start"))
    starts_year_only = models.BooleanField(_("only the year of the start is known"), default=False)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    seat_count = models.PositiveSmallIntegerField(_("number of seats"))
    endorsing_decision = models.ForeignKey(
        Decision,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="endorsed_terms",
        verbose_name=_("endorsing decision"),
    )
    elected_at = models.ForeignKey(
        "Meeting",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="elected_terms",
        verbose_name=_("elected at"),
    )
    note_lo = models.TextField(_("note in Lao"), blank=True)
    note_en = models.TextField(_("note in English"), blank=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        constraints = [
            models.CheckConstraint(
                name="committee_term_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
            ),
            models.UniqueConstraint(fields=["starts_on"], name="committee_term_unique_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_viewer_language(self.name_lo, self.name_en)

    @property
    def note(self) -> str:
        return in_viewer_language(self.note_lo, self.note_en)

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on > today)


class CommitteeSeat(models.Model):
    """A seat on a committee: chair, vice-chair, standing member, or the head of a sector group."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        STANDING = "standing", _("Standing member")
        SECTOR_HEAD = "sector_head", _("Head of a sector group")
        SECTOR_MEMBER = "sector_member", _("Member for a sector")

    class Status(models.TextChoices):
        FILLED = "filled", _("Filled")
        VACANT = "vacant", _("Vacant")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    term = models.ForeignKey(
        CommitteeTerm, models.PROTECT, related_name="seats", verbose_name=_("committee term")
    )
    kind = models.CharField(_("seat"), max_length=16, choices=Kind)
    order = models.PositiveSmallIntegerField(_("order"))
    sector_group = models.ForeignKey(
        SectorGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("sector group"),
    )
    # Sectors of terms before the seven groups of 2021 ("sector 3"), when no group row fits.
    sector_label_lo = models.CharField(_("sector (Lao)"), max_length=200, blank=True)
    sector_label_en = models.CharField(_("sector (English)"), max_length=200, blank=True)
    holder = models.ForeignKey(
        Person,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("held by"),
    )
    status = models.CharField(_("status"), max_length=14, choices=Status, default=Status.VACANT)

    class Meta:
        ordering = ["term", "order"]
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        constraints = [
            models.CheckConstraint(
                name="committee_seat_holder_iff_filled",
                condition=(
                    Q(status="filled", holder__isnull=False) | (~Q(status="filled") & Q(holder__isnull=True))
                ),
            ),
            models.CheckConstraint(
                name="committee_seat_sector_head_has_group",
                condition=~Q(kind="sector_head") | Q(sector_group__isnull=False),
            ),
            models.UniqueConstraint(fields=["term", "order"], name="committee_seat_unique_order"),
            models.UniqueConstraint(
                fields=["term", "sector_group"],
                condition=Q(sector_group__isnull=False),
                name="committee_seat_one_per_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} · {self.label}"

    @property
    def label(self) -> str:
        if self.kind == self.Kind.SECTOR_HEAD and self.sector_group_id:
            return f"{self.get_kind_display()}: {self.sector_group.name}"
        sector = in_viewer_language(self.sector_label_lo, self.sector_label_en)
        return f"{self.get_kind_display()}: {sector}" if sector else str(self.get_kind_display())


class SectorGroupProfile(models.Model):
    """The description of a sector group, kept by the secretariat and the group's head."""

    sector_group = models.OneToOneField(
        SectorGroup, models.CASCADE, related_name="governance_profile", verbose_name=_("sector group")
    )
    description_lo = models.TextField(_("description in Lao"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sector group description")
        verbose_name_plural = _("sector group descriptions")

    def __str__(self) -> str:
        return str(self.sector_group)

    @property
    def description(self) -> str:
        return in_viewer_language(self.description_lo, self.description_en)


class LeadershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ends_on__isnull=True)


class SectorLeadership(models.Model):
    """A person's term as head or deputy head of a sector group, usually the result of an election."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy head")

    sector_group = models.ForeignKey(
        SectorGroup, models.PROTECT, related_name="leadership", verbose_name=_("sector group")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="leadership", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=8, choices=Role)
    starts_on = models.DateField(_("since"))
    # The planned end of the term (the next election); `ends_on` is when it really ended.
    term_ends_on = models.DateField(_("term until"), null=True, blank=True)
    ends_on = models.DateField(_("ended on"), null=True, blank=True)
    election = models.ForeignKey(
        "Election",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="leadership",
        verbose_name=_("elected in"),
    )

    objects = LeadershipQuerySet.as_manager()

    class Meta:
        ordering = ["sector_group", "role", "-starts_on", "pk"]
        verbose_name = _("sector group leadership")
        verbose_name_plural = _("sector group leadership")
        constraints = [
            models.CheckConstraint(
                name="leadership_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
            ),
            models.UniqueConstraint(
                fields=["sector_group"],
                condition=Q(role="head", ends_on__isnull=True),
                name="leadership_one_current_head",
            ),
            models.UniqueConstraint(
                fields=["sector_group", "person"],
                condition=Q(ends_on__isnull=True),
                name="leadership_one_current_role_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sector_group.code} {self.get_role_display()}: {self.person}"


class MeetingQuerySet(VisibleQuerySet):
    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")


class Meeting(TimeStampedModel):
    """A meeting of the network: the annual assembly, the committee, a sector group, the
    Government–CSO meeting, the CSO Fair."""

    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("Annual assembly")
        COMMITTEE = "committee", _("Committee meeting")
        SECTOR_GROUP = "sector_group", _("Sector group meeting")
        GOVERNMENT_CSO = "government_cso", _("Government–CSO meeting")
        CSO_FAIR = "cso_fair", _("CSO Fair")
        OTHER = "other", _("Other meeting")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind of meeting"), max_length=16, choices=Kind)
    title_lo = models.CharField(_("title in Lao"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    sector_group = models.ForeignKey(
        SectorGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("sector group"),
    )
    term = models.ForeignKey(
        CommitteeTerm,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("committee term"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    province = models.ForeignKey(
        Province, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    venue_lo = models.CharField(_("venue in Lao"), max_length=300, blank=True)
    venue_en = models.CharField(_("venue in English"), max_length=300, blank=True)
    organizers_lo = models.CharField(_("organizers in Lao"), max_length=500, blank=True)
    organizers_en = models.CharField(_("organizers in English"), max_length=500, blank=True)
    organizer_organizations = models.ManyToManyField(
        "directory.Organization",
        related_name="organized_meetings",
        blank=True,
        verbose_name=_("organizing member organizations"),
    )
    agenda_lo = models.TextField(_("agenda in Lao"), blank=True)
    agenda_en = models.TextField(_("agenda in English"), blank=True)
    visibility = models.CharField(
        _("who sees the meeting"), max_length=12, choices=VISIBILITY_CHOICES, default="public"
    )
    minutes_visibility = models.CharField(
        _("who sees the minutes, resolutions and action items"),
        max_length=12,
        choices=VISIBILITY_CHOICES,
        default="members",
    )
    registration_open = models.BooleanField(_("organizations may register"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SCHEDULED)
    # Attendance as the network reports it ("30 participants, 9 women"): all empty until recorded.
    attendance_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    attendance_women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    attendance_men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    attendance_unspecified = models.PositiveIntegerField(_("sex not stated"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(name="meeting_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(name="meeting_has_a_title", condition=~Q(title_lo="", title_en="")),
            models.CheckConstraint(
                name="meeting_sector_group_meeting_has_group",
                condition=~Q(kind="sector_group") | Q(sector_group__isnull=False),
            ),
            models.CheckConstraint(
                name="meeting_visibility_known",
                condition=Q(visibility__in=["public", "members"])
                & Q(minutes_visibility__in=["public", "members"]),
            ),
            models.CheckConstraint(
                name="meeting_attendance_adds_up",
                condition=Q(
                    attendance_total__isnull=True,
                    attendance_women__isnull=True,
                    attendance_men__isnull=True,
                    attendance_unspecified__isnull=True,
                )
                | Q(
                    attendance_total=F("attendance_women")
                    + F("attendance_men")
                    + F("attendance_unspecified"),
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)

    @property
    def venue(self) -> str:
        return in_viewer_language(self.venue_lo, self.venue_en)

    @property
    def organizers(self) -> str:
        return in_viewer_language(self.organizers_lo, self.organizers_en)

    @property
    def agenda(self) -> str:
        return in_viewer_language(self.agenda_lo, self.agenda_en)

    @property
    def place(self) -> str:
        """Venue, district and province in one line."""
        parts = [
            self.venue,
            self.district.name if self.district else "",
            self.province.name if self.province else "",
        ]
        return ", ".join(part for part in parts if part)

    @property
    def attendance_recorded(self) -> bool:
        return self.attendance_total is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return self.ends_at >= timezone.now()


class MeetingRegistration(models.Model):
    """A member organization's registration for a meeting: how many of its people will come, and
    whether it attended."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="registrations", verbose_name=_("meeting")
    )
    organization = models.ForeignKey(
        "directory.Organization",
        models.PROTECT,
        related_name="meeting_registrations",
        verbose_name=_("organization"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participants_women = models.PositiveSmallIntegerField(_("women"), default=0)
    participants_men = models.PositiveSmallIntegerField(_("men"), default=0)
    participants_unspecified = models.PositiveSmallIntegerField(_("sex not stated"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"], name="registration_once_per_organization"
            ),
            models.CheckConstraint(
                name="registration_has_participants",
                condition=Q(participants_women__gt=0)
                | Q(participants_men__gt=0)
                | Q(participants_unspecified__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.meeting}"

    @property
    def participants(self) -> int:
        return self.participants_women + self.participants_men + self.participants_unspecified


class MeetingMinutes(models.Model):
    """The minutes of a meeting in one language: text, a file (PDF or scan), or both."""

    class Language(models.TextChoices):
        LAO = "lo", "ລາວ"
        ENGLISH = "en", "English"

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="minutes", verbose_name=_("meeting"))
    language = models.CharField(_("language"), max_length=2, choices=Language)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="governance/minutes/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "language"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "language"], name="minutes_one_per_language"),
            models.CheckConstraint(name="minutes_not_empty", condition=~Q(text="", file="")),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.language})"


class Resolution(models.Model):
    """A resolution adopted at a meeting."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text_lo = models.TextField(_("text in Lao"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="resolution_unique_number"),
            models.CheckConstraint(name="resolution_has_text", condition=~Q(text_lo="", text_en="")),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    @property
    def text(self) -> str:
        return in_viewer_language(self.text_lo, self.text_en)


class ActionItem(models.Model):
    """Something a meeting asked someone to do by a date, and how far it has got."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    resolution = models.ForeignKey(
        Resolution,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("resolution"),
    )
    task_lo = models.TextField(_("what, in Lao"), blank=True)
    task_en = models.TextField(_("what, in English"), blank=True)
    responsible_organization = models.ForeignKey(
        "directory.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_action_items",
        verbose_name=_("responsible member organization"),
    )
    responsible_lo = models.CharField(_("who, in Lao"), max_length=200, blank=True)
    responsible_en = models.CharField(_("who, in English"), max_length=200, blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(name="action_item_has_task", condition=~Q(task_lo="", task_en="")),
            models.CheckConstraint(
                name="action_item_has_someone_responsible",
                condition=Q(responsible_organization__isnull=False)
                | ~Q(responsible_lo="", responsible_en=""),
            ),
        ]

    def __str__(self) -> str:
        return self.task[:80]

    @property
    def task(self) -> str:
        return in_viewer_language(self.task_lo, self.task_en)

    @property
    def responsible(self) -> str:
        text = in_viewer_language(self.responsible_lo, self.responsible_en)
        if self.responsible_organization_id:
            return f"{self.responsible_organization.name}{' · ' + text if text else ''}"
        return text


class Representative(models.Model):
    """The one person who casts an organization's ballot. Without a designation, the organization's
    owner does."""

    organization = models.OneToOneField(
        "directory.Organization", models.CASCADE, related_name="governance_representative"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="represented_organizations"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    designated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voting representative")
        verbose_name_plural = _("voting representatives")

    def __str__(self) -> str:
        return f"{self.organization} · {self.user}"


class Election(TimeStampedModel):
    """An election for a seat in which member organizations vote, one ballot each, through their
    representative. Results are known only after the close."""

    class Kind(models.TextChoices):
        SECTOR_HEAD = "sector_head", _("Head of a sector group")
        SECTOR_DEPUTY = "sector_deputy", _("Deputy heads of a sector group")
        COMMITTEE_SEAT = "committee_seat", _("A committee seat")

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation: nominations")
        OPEN = "open", _("Voting scheduled or under way")
        TIE = "tie", _("Closed: waiting for the tie to be resolved")
        CLOSED = "closed", _("Closed: result published")
        CANCELLED = "cancelled", _("Cancelled")

    class TieRule(models.TextChoices):
        LOTS = "lots", _("Lots drawn in front of the meeting, recorded by the secretariat")
        SENIORITY = "seniority", _("The candidate whose organization has been a member longest")

    kind = models.CharField(_("seat"), max_length=16, choices=Kind)
    sector_group = models.ForeignKey(
        SectorGroup,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("sector group"),
    )
    committee_seat = models.ForeignKey(
        CommitteeSeat,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("committee seat"),
    )
    seats = models.PositiveSmallIntegerField(_("people to elect"), default=1)
    title_lo = models.CharField(_("title in Lao"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    meeting = models.ForeignKey(
        Meeting, models.SET_NULL, null=True, blank=True, related_name="elections", verbose_name=_("meeting")
    )
    opens_at = models.DateTimeField(_("voting opens"))
    closes_at = models.DateTimeField(_("voting closes"))
    tie_rule = models.CharField(_("if there is a tie"), max_length=10, choices=TieRule, default=TieRule.LOTS)
    term_ends_on = models.DateField(_("the elected serve until"), null=True, blank=True)
    visibility = models.CharField(
        _("who sees the election"), max_length=12, choices=VISIBILITY_CHOICES, default="members"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Filled at the close, from the ballots.
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), null=True, blank=True)
    blank_ballots = models.PositiveIntegerField(_("blank ballots"), null=True, blank=True)
    tie_note = models.TextField(_("how the tie was resolved"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(
                name="election_closes_after_opening", condition=Q(closes_at__gt=F("opens_at"))
            ),
            models.CheckConstraint(name="election_has_a_title", condition=~Q(title_lo="", title_en="")),
            models.CheckConstraint(name="election_seats_range", condition=Q(seats__gte=1, seats__lte=20)),
            models.CheckConstraint(
                name="election_sector_kinds_have_group",
                condition=~Q(kind__in=["sector_head", "sector_deputy"]) | Q(sector_group__isnull=False),
            ),
            models.CheckConstraint(
                name="election_committee_kind_has_seat",
                condition=~Q(kind="committee_seat") | Q(committee_seat__isnull=False),
            ),
            models.CheckConstraint(
                name="election_single_seat_kinds",
                condition=Q(kind="sector_deputy") | Q(seats=1),
            ),
            models.CheckConstraint(
                name="election_visibility_known", condition=Q(visibility__in=["public", "members"])
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)

    @property
    def results_published(self) -> bool:
        return self.status in {self.Status.TIE, self.Status.CLOSED}

    @property
    def voting_now(self) -> bool:
        return self.status == self.Status.OPEN and self.opens_at <= timezone.now() < self.closes_at

    @property
    def phase(self) -> str:
        """What a voter needs to know now: draft, scheduled, voting, ended (waiting for the close),
        tie, closed or cancelled."""
        if self.status != self.Status.OPEN:
            return self.status
        now = timezone.now()
        if now < self.opens_at:
            return "scheduled"
        if now < self.closes_at:
            return "voting"
        return "ended"


class Candidate(models.Model):
    """A person nominated for an election; only those who accepted are on the ballot."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated, waiting for an answer")
        ACCEPTED = "accepted", _("Accepted the nomination")
        DECLINED = "declined", _("Declined the nomination")

    election = models.ForeignKey(
        Election, models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    person = models.ForeignKey(Person, models.PROTECT, related_name="candidacies", verbose_name=_("person"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    statement_lo = models.TextField(_("statement in Lao"), blank=True)
    statement_en = models.TextField(_("statement in English"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.NOMINATED)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["election", "person__name_lo", "person__name_en", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["election", "person"], name="candidate_once_per_election"),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def statement(self) -> str:
        return in_viewer_language(self.statement_lo, self.statement_en)


class ElectorRoll(models.Model):
    """An organization entitled to vote in an election: the roll is fixed when voting opens."""

    election = models.ForeignKey(Election, models.CASCADE, related_name="roll")
    organization = models.ForeignKey("directory.Organization", models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("elector roll")
        constraints = [
            models.UniqueConstraint(fields=["election", "organization"], name="elector_roll_once"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}:{self.organization_id}"


class VoteRecord(models.Model):
    """That an organization has voted, never how. Kept apart from the ballots; the unique constraint
    is the last guard against a second ballot."""

    election = models.ForeignKey(Election, models.PROTECT, related_name="vote_records")
    organization = models.ForeignKey("directory.Organization", models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("record of voting")
        verbose_name_plural = _("records of voting")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "organization"], name="vote_record_one_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}:{self.organization_id}"


class Ballot(models.Model):
    """One cast ballot. It has no voter, no time and a random key, so that nothing stored links it to
    the organization that cast it (see services.ballot_cast)."""

    id = models.BigIntegerField(primary_key=True, editable=False)
    election = models.ForeignKey(Election, models.PROTECT, related_name="ballots")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(_("ballot"))


class BallotChoice(models.Model):
    """A candidate marked on a ballot. A ballot without choices is a blank ballot."""

    id = models.BigIntegerField(primary_key=True, editable=False)
    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="choices")
    candidate = models.ForeignKey(Candidate, models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="ballot_choice_once"),
        ]

    def __str__(self) -> str:
        return str(_("ballot choice"))


class ElectionTally(models.Model):
    """The published count for one candidate, written when the election closes."""

    election = models.ForeignKey(Election, models.PROTECT, related_name="tallies")
    candidate = models.ForeignKey(Candidate, models.PROTECT, related_name="tallies")
    votes = models.PositiveIntegerField(_("votes"))
    elected = models.BooleanField(_("elected"), default=False)
    tied = models.BooleanField(_("tied for the last seat"), default=False)

    class Meta:
        ordering = ["election", "-votes", "pk"]
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(fields=["election", "candidate"], name="tally_once_per_candidate"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.votes}"
