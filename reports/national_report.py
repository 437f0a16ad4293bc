"""The national report on CSO contributions to the NSEDP and the SDGs, for a reporting round, in Lao
or English, as PDF (WeasyPrint), editable DOCX and an XLSX data annex.

It is a public document: its figures are the public dashboard's figures for the round (the same
selector, the same snapshot), and its selected results come only from public projects.

Generating a big round takes seconds, so files are kept in the media storage under a key of what they
were made from (the round's figures fingerprint, the secretariat's settings and picks, the layout
version): a request for an unchanged report is served from the file, a changed round gets a new file
on the next request, and `build_national_reports` makes them ahead (e.g. after the secretariat's last
acceptance, or nightly).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.exports import safe_cell
from core.models import in_viewer_language
from directory.models import Organization, Visibility
from directory.visibility import ANONYMOUS
from projects.models import Report, ReportingRound, ReportProject
from reports import geo, pdf
from reports.charts import DrawnMap, MapArea, bar_cell, choropleth, number
from reports.docx import DocxWriter
from reports.models import NationalReport, RoundSnapshot
from reports.selectors import DashboardFigures, DashboardFilters, Item, dashboard_figures, district_items
from reports.services import ensure_current, highlight_candidates
from reports.tables import TABLES, Table, dashboard_table, place_table

LAYOUT_VERSION = 3  # bump when the layout changes, so that stored files are made again
LANGUAGES = [("lo", "ລາວ"), ("en", "English")]
FORMATS = ("pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FOLDER = "national-reports"
MAKING_TIMEOUT = 5 * 60  # a lock on a file being made expires after this, should its maker die


def available_fonts() -> dict[str, str]:
    """The Lao fonts the report can use: Noto Sans Lao and Phetsarath OT, both shipped (a server may
    hold its own Phetsarath OT files, which are preferred)."""
    fonts = {NationalReport.Font.NOTO: "Noto Sans Lao"}
    regular, _bold = pdf.phetsarath_files()
    if regular is not None:
        fonts[NationalReport.Font.PHETSARATH] = "Phetsarath OT"
    return fonts


def has_accepted_reports(reporting_round: ReportingRound) -> bool:
    return Report.objects.filter(round=reporting_round, status=Report.Status.ACCEPTED).exists()


@dataclass
class RoundEntry:
    round: ReportingRound
    settings: NationalReport | None
    accepted: int

    @property
    def font_label(self) -> str:
        key = self.settings.font if self.settings else NationalReport.Font.NOTO
        return available_fonts().get(key, "Noto Sans Lao")


def report_rounds() -> list[RoundEntry]:
    """Rounds that have accepted reports, newest first, with the secretariat's settings."""
    rounds = (
        ReportingRound.objects.annotate(
            accepted=Count("reports", filter=Q(reports__status=Report.Status.ACCEPTED))
        )
        .filter(accepted__gt=0)
        .order_by("-period_end", "-pk")
    )
    settings = {report.round_id: report for report in NationalReport.objects.filter(round__in=rounds)}
    return [RoundEntry(r, settings.get(r.pk), r.accepted) for r in rounds]


# --- content ------------------------------------------------------------------------------------


@dataclass
class Highlight:
    organization: str
    project: str
    sector: str
    places: str
    text: str


@dataclass
class AnnexRow:
    name: str
    other_name: str
    acronym: str
    province: str
    sector: str
    projects: int


@dataclass
class ReportContent:
    round: ReportingRound
    language: str
    font: str
    title: str
    round_title: str
    figures: DashboardFigures
    tables: dict[str, Table]
    districts: Table
    highlights: list[Highlight]
    annex: list[AnnexRow]
    foreword: str
    generated_at: datetime
    draft: bool
    map: DrawnMap | None = None
    rates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        return method_notes(self)

    def summary_sentences(self) -> list[str]:
        t, f = self.figures.totals, self.figures
        sentences = [
            _(
                "%(organizations)s member organizations had their reports for %(round)s accepted. They "
                "reported %(projects)s projects in %(provinces)s of the 18 provinces."
            )
            % {
                "organizations": number(f.organization_totals.organizations),
                "round": self.round_title,
                "projects": number(t.projects),
                "provinces": number(f.provinces_covered),
            },
            _(
                "These projects reached %(people)s people: %(women)s women, %(men)s men, %(girls)s girls and "
                "%(boys)s boys; among them %(disabled)s persons with disabilities."
            )
            % {
                "people": number(t.people),
                "women": number(t.women),
                "men": number(t.men),
                "girls": number(t.girls),
                "boys": number(t.boys),
                "disabled": number(t.disabled),
            },
        ]
        if t.spending_usd is not None:
            sentences.append(
                _("The organizations spent %(lak)s kip on them (about %(usd)s US dollars).")
                % {"lak": number(t.spending_lak), "usd": number(t.spending_usd)}
            )
        else:
            sentences.append(
                _("The organizations spent %(lak)s kip on them.") % {"lak": number(t.spending_lak)}
            )
        sentences.append(
            _(
                "They contributed to %(goals)s of the 17 SDG goals and %(outcomes)s outcomes of the "
                "national plan."
            )
            % {"goals": number(f.goals_covered), "outcomes": number(f.outcomes_covered)}
        )
        return sentences


def _highlights(reporting_round: ReportingRound, settings: NationalReport | None) -> list[Highlight]:
    if settings is None:
        return []
    allowed = highlight_candidates(reporting_round).values("pk")
    picked = (
        settings.highlights.filter(line__in=allowed)
        .select_related("line__project__sector_group", "line__report__organization")
        .prefetch_related("line__project__locations__province")
    )
    entries = []
    for highlight in picked:
        line = highlight.line
        text = in_viewer_language(line.results_lo, line.results_en)
        entries.append(
            Highlight(
                organization=line.report.organization.name,
                project=line.project.title,
                sector=line.project.sector_group.name,
                places=", ".join(line.project.province_names),
                text=text,
            )
        )
    return entries


def _annex(reporting_round: ReportingRound, language: str) -> list[AnnexRow]:
    """The organizations whose accepted reports count in the public figures, in name order."""
    reports = (
        Report.objects.filter(
            round=reporting_round,
            status=Report.Status.ACCEPTED,
            organization__status=Organization.Status.ACTIVE,
        )
        .select_related("organization__head_office_province", "organization__primary_sector_group")
        .annotate(
            public_projects=Count("lines", filter=Q(lines__project__visibility=Visibility.PUBLIC)),
        )
        .order_by("organization__name_en_sort" if language == "en" else "organization__name_lo_sort", "pk")
    )
    rows = []
    for report in reports.iterator(chunk_size=2000):
        org = report.organization
        rows.append(
            AnnexRow(
                name=org.name,
                other_name=org.name_en if language == "lo" else org.name_lo,
                acronym=org.acronym,
                province=org.head_office_province.name,
                sector=org.primary_sector_group.name,
                projects=report.public_projects,
            )
        )
    return rows


def build_content(reporting_round: ReportingRound, language: str) -> ReportContent:
    """Everything the report shows, in `language` (call inside translation.override)."""
    settings = NationalReport.objects.filter(round=reporting_round).first()
    fonts = available_fonts()
    font = settings.font if settings and settings.font in fonts else NationalReport.Font.NOTO
    figures = dashboard_figures(viewer=ANONYMOUS, filters=DashboardFilters(round_id=reporting_round.pk))
    tables = {name: dashboard_table(name, figures) for name in TABLES}
    districts, unknown = district_items(figures)
    province_names = {item.code: item.name for item in figures.by_province}
    district_table = place_table(
        "districts",
        _("Contributions by district"),
        _("District"),
        districts,
        [
            (_("%(province)s: district not given") % {"province": province_names.get(code, code)}, unplaced)
            for code, unplaced in sorted(unknown.items())
        ],
    )
    areas = [
        MapArea(item.code, f"{item.name}: {number(item.figures.projects)}", item.figures.projects)
        for item in figures.by_province
    ]
    drawn = choropleth(geo.province_map(), areas, label=_("Projects by province"))
    rates = [(rate.currency, f"{rate.lak_per_unit:,.2f}") for rate in reporting_round.rates.all()]
    foreword = ""
    if settings:
        foreword = settings.foreword_lo if language == "lo" else settings.foreword_en
    return ReportContent(
        round=reporting_round,
        language=language,
        font=font,
        title=_(
            "Contributions of Lao civil society organizations to the National Socio-Economic "
            "Development Plan "
            "and the Sustainable Development Goals"
        ),
        round_title=reporting_round.title,
        figures=figures,
        tables=tables,
        districts=district_table,
        highlights=_highlights(reporting_round, settings),
        annex=_annex(reporting_round, language),
        foreword=foreword,
        generated_at=timezone.localtime(),
        draft=reporting_round.status == ReportingRound.Status.OPEN,
        map=drawn,
        rates=rates,
    )


# --- outputs ------------------------------------------------------------------------------------


def bar_rows(items: list[Item], metric: str = "projects") -> list[tuple[Item, object]]:
    biggest = max((item.figures.value(metric) for item in items), default=0)
    return [(item, bar_cell(item.figures.value(metric), biggest)) for item in items]


def font_faces(font: str) -> list[tuple[str, str, int]]:
    """(family, src URL, weight) of the fonts the PDF uses. Lao: Noto Sans Lao shipped in reports/fonts
    (the web font subsets lack the space, which Pango needs inside a Lao run), or Phetsarath OT (the
    server's own or the shipped copy); both as data: URLs. Latin: the site's own static web font. The
    URL fetcher allows exactly these two kinds of URL."""
    from django.templatetags.static import static

    latin = [("Report Latin", static("fonts/noto-sans-latin.woff2"), 400)]
    if font == NationalReport.Font.PHETSARATH:
        regular, bold = pdf.phetsarath_files()
        if regular is not None:
            faces = [("Report Lao", pdf.data_url(regular), 400)]
            if bold is not None:
                faces.append(("Report Lao", pdf.data_url(bold), 700))
            return faces + latin
    return [
        ("Report Lao", pdf.data_url(pdf.NOTO_SANS_LAO), 400),
        ("Report Lao", pdf.data_url(pdf.NOTO_SANS_LAO_BOLD), 700),
        *latin,
    ]


def render_html(content: ReportContent) -> str:
    return render_to_string(
        "reports/national_report_pdf.html",
        {
            "c": content,
            "f": content.figures,
            "t": content.tables,
            "font_faces": font_faces(content.font),
            "goal_rows": bar_rows(content.figures.by_goal),
            "sector_rows": bar_rows(content.figures.by_sector),
            "outcome_rows": bar_rows(content.figures.by_outcome),
            "attribution": geo.ATTRIBUTION,
        },
    )


def render_pdf(content: ReportContent) -> bytes:
    return pdf.html_to_pdf(render_html(content))


def render_docx(content: ReportContent) -> bytes:
    f = content.figures
    lao_font = "Phetsarath OT" if content.font == NationalReport.Font.PHETSARATH else "Noto Sans Lao"
    doc = DocxWriter(language=content.language, lao_font=lao_font, title=content.title)
    doc.title(content.title)
    doc.paragraph(content.round_title, style="Heading2")
    doc.paragraph(_("Lao CSO Coordination Office"), bold=True)
    doc.paragraph(
        _("Made on %(date)s from the reports accepted by the secretariat.") % {"date": date_text(content)}
    )
    if content.draft:
        doc.paragraph(_("Draft: the reporting round is still open; figures may change."), bold=True)
    if content.foreword:
        doc.heading(_("Foreword"))
        for part in content.foreword.split("\n\n"):
            doc.paragraph(part)
    doc.page_break()
    doc.heading(_("1. Summary"))
    for sentence in content.summary_sentences():
        doc.paragraph(sentence)
    sections = [
        ("summary", None),
        ("people", _("2. People reached")),
        ("sectors", _("3. Contributions by sector group")),
        ("outcomes", _("4. Contributions by plan outcome (NSEDP)")),
        ("goals", _("5. Contributions by SDG goal")),
        ("provinces", _("6. Contributions by province")),
    ]
    for name, heading in sections:
        if heading:
            doc.heading(heading)
        table = content.tables[name]
        doc.table(table.header, [[cell_text(value) for value in row] for row in table.rows], table.numeric)
    doc.heading(_("7. Results in the words of the organizations"))
    if not content.highlights:
        doc.paragraph(_("No results have been selected for this report."))
    for highlight in content.highlights:
        doc.paragraph(highlight.project, style="Heading2")
        doc.paragraph(f"{highlight.organization} · {highlight.sector} · {highlight.places}", style="Small")
        doc.paragraph(highlight.text, style="Quote")
    if len(f.trends) > 1:
        doc.heading(_("8. Trends by year"))
        table = content.tables["trends"]
        doc.table(table.header, [[cell_text(value) for value in row] for row in table.rows], table.numeric)
    doc.page_break()
    doc.heading(_("Annex: reporting organizations"))
    doc.table(
        [_("Organization"), _("Acronym"), _("Head office"), _("Sector group"), _("Projects")],
        [[row.name, row.acronym, row.province, row.sector, number(row.projects)] for row in content.annex],
        [False, False, False, False, True],
    )
    doc.heading(_("How the figures were made"))
    for note in method_notes(content):
        doc.paragraph(note, style="Small")
    return doc.build()


def render_xlsx(content: ReportContent) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)

    def sheet(title: str, header: list[str], rows) -> None:
        ws = workbook.create_sheet(_sheet_title(title))
        ws.append([safe_cell(value) for value in header])
        for row in rows:
            ws.append([safe_cell(value) for value in row])

    about = [
        [_("Report"), content.title],
        [_("Reporting round"), content.round_title],
        [_("Period"), f"{content.round.period_start:%Y-%m-%d} – {content.round.period_end:%Y-%m-%d}"],
        [_("Made on"), timezone.localtime(content.generated_at).strftime("%Y-%m-%d %H:%M")],
        [_("Licence"), "CC BY 4.0"],
        *[[_("Note"), note] for note in method_notes(content)],
    ]
    sheet(_("About"), [_("Item"), _("Value")], about)
    # Short sheet names: a worksheet's name holds at most 31 characters.
    sheets = {
        "summary": _("Summary"),
        "people": _("People reached"),
        "sectors": _("Sector groups"),
        "outcomes": _("Plan outcomes"),
        "goals": _("SDG goals"),
        "provinces": _("Provinces"),
        "matrix": _("Sector groups and provinces"),
        "ethnic": _("Ethnic groups"),
        "trends": _("Trends by year"),
    }
    for name, title in sheets.items():
        table = content.tables[name]
        sheet(title, table.header, table.rows)
    sheet(_("Districts"), content.districts.header, content.districts.rows)
    sheet(
        _("Organizations"),
        [
            _("Organization"),
            _("Other name"),
            _("Acronym"),
            _("Head office"),
            _("Sector group"),
            _("Projects"),
        ],
        (
            [row.name, row.other_name, row.acronym, row.province, row.sector, row.projects]
            for row in content.annex
        ),
    )
    header, rows = project_rows(content)
    sheet(_("Projects"), header, rows)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def project_rows(content: ReportContent):
    """The public projects of the round's accepted reports, one row each, with their figures."""
    from django.db.models import Prefetch

    from projects.models import ProjectLocation

    header = [
        _("Project"),
        _("Organization"),
        _("Sector group"),
        _("Provinces"),
        _("Districts"),
        _("SDG targets"),
        _("Women"),
        _("Men"),
        _("Girls"),
        _("Boys"),
        _("Persons with disabilities"),
        _("Spending"),
        _("Currency"),
    ]
    lines = (
        ReportProject.objects.filter(
            report__round=content.round,
            report__status=Report.Status.ACCEPTED,
            report__organization__status=Organization.Status.ACTIVE,
            project__visibility=Visibility.PUBLIC,
        )
        .select_related("project__sector_group", "report__organization")
        .prefetch_related(
            Prefetch(
                "project__locations", queryset=ProjectLocation.objects.select_related("province", "district")
            ),
            "project__sdg_targets",
        )
        .order_by("report__organization__name_lo_sort", "pk")
    )

    def rows():
        for line in lines.iterator(chunk_size=2000):
            project = line.project
            places = list(project.locations.all())
            yield [
                project.title,
                line.report.organization.name,
                project.sector_group.name,
                "; ".join(dict.fromkeys(place.province.name for place in places)),
                "; ".join(place.district.name for place in places if place.district_id),
                ", ".join(target.code for target in project.sdg_targets.all()),
                line.women,
                line.men,
                line.girls,
                line.boys,
                line.disabled_total,
                line.spending_amount,
                line.spending_currency if line.spending_amount is not None else "",
            ]

    return header, rows()


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in str(title))
    return cleaned[:31]


def cell_text(value) -> str:
    if isinstance(value, str):
        return value
    return number(value)


def date_text(content: ReportContent) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(content.generated_at).date(), "DATE_FORMAT")


def method_notes(content: ReportContent) -> list[str]:
    notes = [
        _("Only reports accepted by the secretariat or the sector group heads count."),
        _(
            "Only public projects of active member organizations count: this report shows what "
            "anyone may see."
        ),
        _(
            "A project in several provinces counts as a project of each; its people reached and spending are "
            "shared equally among them, so that the provinces add up to the total."
        ),
        _(
            "A project counts under each SDG goal and plan outcome it contributes to: those tables "
            "do not add up."
        ),
        _("Spending is converted to kip with the exchange rates the secretariat set for the round."),
        geo.ATTRIBUTION,
    ]
    if content.rates:
        notes.append(
            _("Exchange rates (kip for one unit): %(rates)s.")
            % {"rates": "; ".join(f"{currency} {rate}" for currency, rate in content.rates)}
        )
    if content.figures.missing_currencies:
        notes.append(
            _("Spending in %(currencies)s had no exchange rate and is not in the totals.")
            % {"currencies": ", ".join(content.figures.missing_currencies)}
        )
    return notes


RENDERERS = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}


# --- stored files -------------------------------------------------------------------------------


@dataclass
class StoredReport:
    name: str
    filename: str

    def open(self):
        return default_storage.open(self.name, "rb")


def file_key(reporting_round: ReportingRound, *, language: str, fmt: str, font: str) -> str:
    snapshot = RoundSnapshot.objects.filter(round=reporting_round, audience=Visibility.PUBLIC).first()
    settings = (
        NationalReport.objects.filter(round=reporting_round).values_list("updated_at", flat=True).first()
    )
    fingerprint = snapshot.fingerprint if snapshot else ""
    text = repr((LAYOUT_VERSION, fingerprint, settings, language, fmt, str(font)))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def download_name(reporting_round: ReportingRound, language: str, fmt: str) -> str:
    return (
        f"lao-cso-national-report-{reporting_round.period_end:%Y}-round-{reporting_round.pk}-{language}.{fmt}"
    )


class Busy(Exception):
    """The same file is being made by another request."""


def national_report_file(
    reporting_round: ReportingRound, *, language: str, fmt: str, force: bool = False, wait: bool = True
) -> StoredReport:
    """The stored file of a round's national report, made now if missing or out of date. One request
    at a time makes a given file: with `wait=False` another request gets Busy instead of making it
    too (a big report takes seconds, and a crowd of downloads must not make it a crowd of times)."""
    from django.core.cache import cache

    ensure_current([reporting_round.pk])
    settings = NationalReport.objects.filter(round=reporting_round).first()
    font = settings.font if settings and settings.font in available_fonts() else NationalReport.Font.NOTO
    key = file_key(reporting_round, language=language, fmt=fmt, font=font)
    folder = f"{FOLDER}/round-{reporting_round.pk}"
    name = f"{folder}/{language}-{key}.{fmt}"
    stored = StoredReport(name, download_name(reporting_round, language, fmt))
    if not force and default_storage.exists(name):
        return stored
    lock = f"reports:making:{name}"
    if not cache.add(lock, True, MAKING_TIMEOUT):
        if not wait:
            raise Busy(name)
    try:
        with translation.override(language):
            content = build_content(reporting_round, language)
            data = RENDERERS[fmt](content)
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(data))
    finally:
        cache.delete(lock)
    stored.name = saved
    _remove_old(folder, keep=saved, prefix=f"{language}-", suffix=f".{fmt}")
    return stored


def _remove_old(folder: str, *, keep: str, prefix: str, suffix: str) -> None:
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for filename in files:
        path = f"{folder}/{filename}"
        if path != keep and filename.startswith(prefix) and filename.endswith(suffix):
            default_storage.delete(path)
