"""Reference data shared by every part of the platform, and the base models."""

from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

import lao


def in_viewer_language(lo: str, en: str) -> str:
    """The Lao or English text of a bilingual pair, in the active language, falling back to the other."""
    if (get_language() or "lo").startswith("en"):
        return en or lo
    return lo or en


def validate_constraints_involving(instance: models.Model, fields: set[str]) -> None:
    """Model.validate_constraints for only the constraints that involve one of `fields` (the fields a
    save changes; what the row held already passed them, and the database enforces them anyway).
    Django checks each constraint with a query in a savepoint of its own. Raises ValidationError as
    validate_constraints does."""
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict = {}
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            involved = set(getattr(constraint, "fields", ()))
            condition = getattr(constraint, "condition", None)
            if condition is not None:
                involved |= condition.referenced_base_fields
            if involved and not involved & fields:
                continue  # (a constraint on expressions names no fields: always checked)
            try:
                constraint.validate(model, instance, using=using)
            except ValidationError as error:
                if getattr(error, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class LaoOrderQuerySet(models.QuerySet):
    def in_lao_order(self) -> list:
        """Rows sorted by their Lao name with the ICU Lao collation (ເ-initial names among their
        consonant, not after ຮ). Reference lists are short, so sorting in Python is cheap and the
        same on both databases."""
        return sorted(self, key=lambda row: lao.sort_key(row.name_lo or row.name_en))

    def in_viewer_order(self) -> list:
        """Lao collation order in Lao, alphabetical order in English."""
        if (get_language() or "lo").startswith("en"):
            return sorted(self, key=lambda row: (row.name_en or row.name_lo).casefold())
        return self.in_lao_order()


class BilingualName(models.Model):
    """A reference row with a Lao and an English name."""

    name_lo = models.CharField(_("name in Lao"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200)

    objects = LaoOrderQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_viewer_language(self.name_lo, self.name_en)


class Province(BilingualName):
    """One of the 18 provinces (Vientiane Capital included), with its OCHA/LSB p-code."""

    code = models.CharField(_("p-code"), max_length=4, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, unique=True)
    name_en_alt = models.CharField(_("other English spelling"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(name="province_code_format", condition=Q(code__regex=r"^LA[0-9]{2}$"))
        ]


class District(BilingualName):
    """One of the 148 districts, inside its province."""

    code = models.CharField(_("p-code"), max_length=6, unique=True)
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="districts", verbose_name=_("province")
    )
    name_en_alt = models.CharField(_("other English spelling"), max_length=200, blank=True)
    name_lo_alt = models.CharField(_("other Lao spelling"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.CheckConstraint(name="district_code_format", condition=Q(code__regex=r"^LA[0-9]{4}$")),
        ]


class SectorGroup(BilingualName):
    """One of the network's sector groups (7 since 2021); each has an elected head."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_lo_is_draft = models.BooleanField(_("Lao name is a draft"), default=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("sector group")
        verbose_name_plural = _("sector groups")


class Theme(BilingualName):
    """An area of work named in the network's description (agriculture, gender equality, …)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    suggested_sector_group = models.ForeignKey(
        SectorGroup,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggested_themes",
        verbose_name=_("suggested sector group"),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title_en = models.CharField(_("short title in English"), max_length=100)
    short_title_lo = models.CharField(_("short title in Lao"), max_length=200, blank=True)
    title_en = models.TextField(_("title in English"))
    title_lo = models.TextField(_("title in Lao"), blank=True)
    lao_is_draft = models.BooleanField(_("Lao text is a draft"), default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG goal")
        verbose_name_plural = _("SDG goals")
        constraints = [
            models.CheckConstraint(name="sdg_goal_number_range", condition=Q(number__gte=1, number__lte=17)),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return in_viewer_language(self.short_title_lo, self.short_title_en)


class SdgTarget(models.Model):
    """One of the 169 SDG targets ("1.1" … "17.19")."""

    goal = models.ForeignKey(SdgGoal, models.PROTECT, related_name="targets", verbose_name=_("goal"))
    code = models.CharField(_("code"), max_length=6, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.TextField(_("title in English"))
    title_lo = models.TextField(_("title in Lao"), blank=True)
    lao_is_draft = models.BooleanField(_("Lao text is a draft"), default=True)

    class Meta:
        ordering = ["goal__number", "order"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)


class PlanFramework(BilingualName):
    """A national plan that projects contribute to (the 9th NSEDP 2021–2025, later the 10th)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    starts_year = models.PositiveSmallIntegerField(_("first year"))
    ends_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ["starts_year"]
        verbose_name = _("plan framework")
        verbose_name_plural = _("plan frameworks")
        constraints = [
            models.CheckConstraint(
                name="plan_framework_years_in_order", condition=Q(ends_year__gte=F("starts_year"))
            ),
        ]


class PlanOutcome(models.Model):
    """An outcome of a plan framework."""

    framework = models.ForeignKey(
        PlanFramework, models.PROTECT, related_name="outcomes", verbose_name=_("plan framework")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title_en = models.TextField(_("title in English"))
    title_lo = models.TextField(_("title in Lao"), blank=True)
    wording_note = models.TextField(_("note on the wording"), blank=True)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("plan outcome")
        verbose_name_plural = _("plan outcomes")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="plan_outcome_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.number}. {self.title}"

    @property
    def title(self) -> str:
        return in_viewer_language(self.title_lo, self.title_en)


class EthnicGroup(BilingualName):
    """One of the 50 officially recognised ethnic groups, in its language family."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    family_en = models.CharField(_("language family in English"), max_length=100)
    family_lo = models.CharField(_("language family in Lao"), max_length=100, blank=True)
    name_en_alt = models.CharField(_("other English spelling"), max_length=200, blank=True)
    name_lo_confidence = models.CharField(_("confidence in the Lao name"), max_length=30, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")


class Milestone(models.Model):
    """A dated event in the network's history, shown on the About page."""

    date = models.DateField(_("date"))
    year_only = models.BooleanField(_("only the year is known"), default=False)
    text_lo = models.TextField(_("text in Lao"), blank=True)
    text_en = models.TextField(_("text in English"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.UniqueConstraint(fields=["date", "text_en"], name="milestone_unique_event")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.text_en[:60]}"

    @property
    def text(self) -> str:
        return in_viewer_language(self.text_lo, self.text_en)


class AuditEvent(models.Model):
    """Who did what to which record, and when. Written only through `core.audit.audit_record`.

    Rows hold account numbers and record ids, never names, emails or other personal values, so that
    erasing a person leaves the history of events intact without anything to scrub. On PostgreSQL a
    trigger refuses every UPDATE and DELETE (migration 0002)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("account number"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("record type"), max_length=60, blank=True)
    target_id = models.CharField(_("record"), max_length=40, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class OutgoingMail(models.Model):
    """An email waiting to be sent, or sent. Written in the same transaction as the change it reports,
    sent after the commit, and retried by `send_queued_mail` while the mail server is down."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")

    def __str__(self) -> str:
        return f"{self.subject} ({'sent' if self.sent_at else 'waiting'})"


class SiteSwitch(models.Model):
    """Switches the secretariat can flip in the admin. One row."""

    read_only = models.BooleanField(
        _("read-only mode"),
        default=False,
        help_text=_(
            "Every change is refused with a notice while reading keeps working (for migrations and "
            "emergencies)."
        ),
    )
    read_only_message_lo = models.CharField(_("notice in Lao"), max_length=300, blank=True)
    read_only_message_en = models.CharField(_("notice in English"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("site switch")
        verbose_name_plural = _("site switches")

    def __str__(self) -> str:
        return str(_("Site switches"))
