"""The read side's own tables: precomputed dashboard figures, the secretariat's choices for the
national report, organizations' IATI publishing settings and the DAC sector mapping.

Figures are columns of one row per (round, audience, sector filter, dimension, key), never JSON, so
that the dashboard, the national report, the open data and the API read the same numbers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models import Organization, Visibility
from projects.models import ReportingRound, ReportProject

# Who the figures are for: the viewer's clearance (directory.visibility). Figures for "public" hold
# only public projects of active members; "members" adds projects shared with members; "secretariat"
# holds every project of every accepted report.
AUDIENCES = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT]


class Dimension(models.TextChoices):
    TOTAL = "total", _("Total")
    SECTOR = "sector", _("Sector group")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    GOAL = "goal", _("SDG goal")
    OUTCOME = "outcome", _("Plan outcome")
    MATRIX = "matrix", _("Sector group and province")
    ETHNIC = "ethnic", _("Ethnic group")


class RoundSnapshot(models.Model):
    """The figures of one reporting round for one audience, as of `refreshed_at`.

    `fingerprint` sums up what the figures were computed from (accepted reports, projects, rates);
    a reader that finds it changed recomputes the round."""

    round = models.ForeignKey(ReportingRound, models.CASCADE, related_name="snapshots")
    audience = models.CharField(max_length=20, choices=Visibility)
    fingerprint = models.CharField(max_length=200)
    # reports.figures.change_stamp when the fingerprint was last found current: while it is the same,
    # readers need not compute the fingerprint again.
    stamp = models.CharField(max_length=40, blank=True)
    refreshed_at = models.DateTimeField()
    # The organizations whose accepted reports count for this audience, and their own figures
    # (staff and volunteers only of organizations that share them with this audience).
    organizations = models.PositiveIntegerField(default=0)
    staff_women = models.PositiveIntegerField(default=0)
    staff_men = models.PositiveIntegerField(default=0)
    volunteers_women = models.PositiveIntegerField(default=0)
    volunteers_men = models.PositiveIntegerField(default=0)
    staff_organizations = models.PositiveIntegerField(default=0)
    # Kip for one US dollar in the round (empty when the secretariat gave no dollar rate).
    usd_rate = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    # Currencies of spending that had no exchange rate and were left out of the totals, e.g. "THB,CNY".
    missing_currencies = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(fields=["round", "audience"], name="round_snapshot_one_per_audience"),
            models.CheckConstraint(name="round_snapshot_audience_known", condition=Q(audience__in=AUDIENCES)),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.audience} {self.refreshed_at:%Y-%m-%d %H:%M}"


class FigureRow(models.Model):
    """Figures of the accepted reports of a round for one audience, one sector filter ("" for all
    sector groups) and one item of a dimension (a province, an SDG goal, …)."""

    snapshot = models.ForeignKey(RoundSnapshot, models.CASCADE, related_name="rows")
    sector = models.CharField(max_length=10, blank=True)
    dimension = models.CharField(max_length=10, choices=Dimension)
    key = models.CharField(max_length=30, blank=True)
    organizations = models.PositiveIntegerField(default=0)
    projects = models.PositiveIntegerField(default=0)
    women = models.PositiveBigIntegerField(default=0)
    men = models.PositiveBigIntegerField(default=0)
    girls = models.PositiveBigIntegerField(default=0)
    boys = models.PositiveBigIntegerField(default=0)
    disabled_women = models.PositiveBigIntegerField(default=0)
    disabled_men = models.PositiveBigIntegerField(default=0)
    disabled_girls = models.PositiveBigIntegerField(default=0)
    disabled_boys = models.PositiveBigIntegerField(default=0)
    spending_lak = models.DecimalField(max_digits=24, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("dashboard figure")
        verbose_name_plural = _("dashboard figures")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "sector", "dimension", "key"], name="figure_row_unique_item"
            ),
        ]
        # The unique constraint's index also serves the lookups by (snapshot, sector, dimension).

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.sector or '*'} {self.dimension} {self.key}"


class NationalReport(models.Model):
    """The secretariat's choices for the national report of a round: the Lao font and a foreword."""

    class Font(models.TextChoices):
        NOTO = "noto", "Noto Sans Lao"
        PHETSARATH = "phetsarath", "Phetsarath OT"

    round = models.OneToOneField(ReportingRound, models.CASCADE, related_name="national_report")
    font = models.CharField(_("Lao font"), max_length=20, choices=Font, default=Font.NOTO)
    foreword_lo = models.TextField(_("foreword in Lao"), blank=True)
    foreword_en = models.TextField(_("foreword in English"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")
        constraints = [
            models.CheckConstraint(
                name="national_report_font_known", condition=Q(font__in=["noto", "phetsarath"])
            )
        ]

    def __str__(self) -> str:
        return str(self.round)


class Highlight(models.Model):
    """A result written by an organization in an accepted report, picked by the secretariat for the
    national report."""

    national_report = models.ForeignKey(NationalReport, models.CASCADE, related_name="highlights")
    line = models.ForeignKey(ReportProject, models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    picked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("selected result")
        verbose_name_plural = _("selected results")
        constraints = [
            models.UniqueConstraint(fields=["national_report", "line"], name="highlight_once_per_line"),
        ]

    def __str__(self) -> str:
        return f"{self.national_report_id} · {self.line_id}"


class IatiPublisher(models.Model):
    """An organization's IATI publishing settings: its organisation identifier and whether its public
    projects go into the network's combined IATI file. Kept here, beside the directory's profile,
    because only the IATI export reads it."""

    class OrganisationType(models.TextChoices):
        # IATI OrganisationType codelist (the codes that fit a Lao CSO).
        NATIONAL_NGO = "22", _("National NGO")
        INTERNATIONAL_NGO = "21", _("International NGO")
        REGIONAL_NGO = "23", _("Regional NGO")
        PARTNER_COUNTRY_NGO = "24", _("Partner country based NGO")
        FOUNDATION = "60", _("Foundation")
        ACADEMIC = "80", _("Academic, training and research")
        OTHER = "90", _("Other")

    organization = models.OneToOneField(Organization, models.CASCADE, related_name="iati_publisher")
    identifier = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        unique=True,
        help_text=_(
            "The identifier your organization registered with IATI, made of a registration agency prefix "
            "and your number, e.g. LA-MOHA-1234. No spaces."
        ),
    )
    organisation_type = models.CharField(
        _("type of organization (IATI)"),
        max_length=2,
        choices=OrganisationType,
        default=OrganisationType.NATIONAL_NGO,
    )
    in_network_file = models.BooleanField(
        _("include our public projects in the network's IATI file"), default=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("IATI publisher")
        verbose_name_plural = _("IATI publishers")
        constraints = [
            # IATI: an identifier has no spaces and none of / & | ? (checked with a message in the service).
            models.CheckConstraint(
                name="iati_identifier_format",
                condition=Q(identifier__regex=r"^[A-Za-z0-9][A-Za-z0-9._:-]{2,99}$"),
            ),
        ]

    def __str__(self) -> str:
        return self.identifier


class DacSectorMapping(models.Model):
    """Which OECD DAC 5-digit purpose code an IATI activity gets for a sector group or a theme of the
    network. Edited by the secretariat in the admin; seeded with a default mapping."""

    class Source(models.TextChoices):
        SECTOR_GROUP = "sector_group", _("Sector group")
        THEME = "theme", _("Theme")

    source = models.CharField(_("mapped from"), max_length=20, choices=Source)
    code = models.CharField(_("sector group or theme code"), max_length=10)
    dac_code = models.CharField(_("DAC 5-digit purpose code"), max_length=5)

    class Meta:
        ordering = ["source", "code"]
        verbose_name = _("DAC sector mapping")
        verbose_name_plural = _("DAC sector mappings")
        constraints = [
            models.UniqueConstraint(fields=["source", "code"], name="dac_mapping_one_per_item"),
            models.CheckConstraint(
                name="dac_mapping_code_format", condition=Q(dac_code__regex=r"^[0-9]{5}$")
            ),
            models.CheckConstraint(
                name="dac_mapping_source_known", condition=Q(source__in=["sector_group", "theme"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} → {self.dac_code}"
