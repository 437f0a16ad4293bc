"""The spreadsheet round trip: an XLSX of an organization's projects and a round's questions,
pre-filled, with Lao and English headers and drop-down lists; filled offline; uploaded again.

An upload is checked completely before anything is written: either every row is applied in one
transaction, or nothing is and the page lists every problem with its sheet, row and column. The
secretariat's import of projects of many organizations uses the same reader and checks.

The file itself is checked before openpyxl opens it: its size, that it is a zip at all, and the
uncompressed sizes the zip declares (a 0.23 MB file expanding to 59 MB took openpyxl 28.6 s).
"""

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from io import BytesIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

import lao
from core.exports import safe_cell
from core.models import District, EthnicGroup, PlanOutcome, Province, SdgTarget, SectorGroup, Theme
from directory.models import Organization, Visibility
from projects import services
from projects.models import Currency, Project, ProjectPartner, Report

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 80 * 1024 * 1024
MAX_RATIO = 100  # spreadsheets compress 5–20 times; a bomb, thousands of times
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 20_000
MAX_PROBLEMS = 500
NEW_ROWS = 200  # empty rows with drop-downs below the pre-filled ones
FIRST_DATA_ROW = 3  # row 1: Lao headers, row 2: English headers

SHEET_INSTRUCTIONS = "ຄຳແນະນຳ Instructions"
SHEET_ORGANIZATION = "ອົງການ Organization"
SHEET_PROJECTS = "ໂຄງການ Projects"
SHEET_LOCATIONS = "ສະຖານທີ່ Locations"
SHEET_REPORT = "ບົດລາຍງານ Report"
SHEET_LISTS = "ລາຍການ Lists"
SEPARATOR = " · "
EXISTING_CODE = re.compile(r"^P(\d{1,12})$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    kind: str = "text"  # text, code, date, amount, count, choice, codes, names, int, ignored
    width: int = 16
    options: str = ""  # the drop-down list in the Lists sheet
    strict: bool = True  # the drop-down refuses other values (multi-value columns cannot)


PROJECT_COLUMNS = [
    Column("code", gettext_lazy("Project code"), "code", 12),
    Column("organization", gettext_lazy("Organization"), "text", 16),
    Column("title_lo", gettext_lazy("Title in Lao"), "text", 36),
    Column("title_en", gettext_lazy("Title in English"), "text", 36),
    Column("summary_lo", gettext_lazy("Summary in Lao"), "text", 40),
    Column("summary_en", gettext_lazy("Summary in English"), "text", 40),
    Column("status", gettext_lazy("Status"), "choice", 18, "statuses"),
    Column("starts_on", gettext_lazy("Start date"), "date", 13),
    Column("ends_on", gettext_lazy("End date"), "date", 13),
    Column("sector_group", gettext_lazy("Sector group"), "choice", 24, "sectors"),
    Column("themes", gettext_lazy("Themes (codes, separated by commas)"), "codes", 22, "themes", False),
    Column("sdg_targets", gettext_lazy("SDG targets (e.g. 1.1, 2.3)"), "codes", 22, "targets", False),
    Column("plan_outcomes", gettext_lazy("Plan outcomes (NSEDP)"), "codes", 22, "outcomes", False),
    Column("donors", gettext_lazy("Donors (separated by ;)"), "names", 28),
    Column("implementers", gettext_lazy("Implementing partners (separated by ;)"), "names", 28),
    Column("government_counterpart", gettext_lazy("Government counterpart"), "text", 24),
    Column("budget_amount", gettext_lazy("Budget"), "amount", 16),
    Column("budget_currency", gettext_lazy("Currency"), "choice", 10, "currencies"),
    Column("visibility", gettext_lazy("Who sees the project"), "choice", 18, "visibility"),
    Column("version", gettext_lazy("Version (do not change)"), "int", 10),
]
LOCATION_COLUMNS = [
    Column("code", gettext_lazy("Project code"), "code", 12),
    Column("province", gettext_lazy("Province"), "choice", 28, "provinces"),
    Column("district", gettext_lazy("District"), "choice", 34, "districts"),
    Column("village", gettext_lazy("Village"), "text", 24),
]
REPORT_COLUMNS = [
    Column("code", gettext_lazy("Project code"), "code", 12),
    Column("project", gettext_lazy("Project (for reference)"), "ignored", 36),
    Column("spending_amount", gettext_lazy("Spending in the period"), "amount", 16),
    Column("spending_currency", gettext_lazy("Currency"), "choice", 10, "currencies"),
    Column("women", gettext_lazy("Women reached"), "count", 10),
    Column("men", gettext_lazy("Men reached"), "count", 10),
    Column("girls", gettext_lazy("Girls reached"), "count", 10),
    Column("boys", gettext_lazy("Boys reached"), "count", 10),
    Column("disabled_women", gettext_lazy("Of them, women with disabilities"), "count", 12),
    Column("disabled_men", gettext_lazy("Of them, men with disabilities"), "count", 12),
    Column("disabled_girls", gettext_lazy("Of them, girls with disabilities"), "count", 12),
    Column("disabled_boys", gettext_lazy("Of them, boys with disabilities"), "count", 12),
    Column(
        "ethnic_groups",
        gettext_lazy("Ethnic groups reached (separated by commas)"),
        "codes",
        24,
        "ethnic",
        False,
    ),
    Column("results_lo", gettext_lazy("Results in Lao"), "text", 40),
    Column("results_en", gettext_lazy("Results in English"), "text", 40),
]
ORGANIZATION_ROWS = [
    Column("organization", gettext_lazy("Organization"), "ignored"),
    Column("round", gettext_lazy("Reporting round"), "ignored"),
    Column("staff_women", gettext_lazy("Staff: women"), "count"),
    Column("staff_men", gettext_lazy("Staff: men"), "count"),
    Column("volunteers_women", gettext_lazy("Volunteers: women"), "count"),
    Column("volunteers_men", gettext_lazy("Volunteers: men"), "count"),
    Column("spending_amount", gettext_lazy("Spending in the period"), "amount"),
    Column("spending_currency", gettext_lazy("Currency"), "choice", options="currencies"),
    Column("version", gettext_lazy("Version (do not change)"), "int"),
]


def in_language(text, language: str) -> str:
    with translation.override(language):
        return str(text)


def entry(code: str, lo: str, en: str, *, width: int = 70) -> str:
    """A drop-down entry: the code, the Lao and the English name ("LA13 · ສະຫວັນນະເຂດ · Savannakhet")."""
    parts = [code] + [text[:width] + ("…" if len(text) > width else "") for text in (lo, en) if text]
    return SEPARATOR.join(parts)


# --- the lists behind the drop-downs, and reading a value back through them ------------------------


class Lists:
    """Every reference list of the spreadsheet, as drop-down entries and as lookups that read a typed
    code, a name in either language or a whole drop-down entry back to the row."""

    def __init__(self):
        self.entries: dict[str, list[str]] = {}
        self.lookup: dict[str, dict[str, object]] = {}
        self.ambiguous: dict[str, set[str]] = {}
        districts = list(District.objects.select_related("province").order_by("code"))
        self.add(
            "provinces",
            [
                (row.code, row.name_lo, row.name_en, row, [row.name_en_alt])
                for row in Province.objects.order_by("code")
            ],
        )
        self.add(
            "districts",
            [
                (
                    row.code,
                    row.name_lo,
                    f"{row.name_en} ({row.province.name_en})",
                    row,
                    [row.name_en, row.name_en_alt, row.name_lo_alt],
                )
                for row in districts
            ],
        )
        self.add(
            "sectors", [(row.code, row.name_lo, row.name_en, row, []) for row in SectorGroup.objects.all()]
        )
        self.add("themes", [(row.code, row.name_lo, row.name_en, row, []) for row in Theme.objects.all()])
        self.add(
            "targets",
            [
                (row.code, row.title_lo, row.title_en, row, [])
                for row in SdgTarget.objects.select_related("goal")
            ],
            width=50,
        )
        self.add(
            "outcomes",
            [
                (f"{row.framework.code}-{row.number}", row.title_lo, row.title_en, row, [])
                for row in PlanOutcome.objects.select_related("framework")
            ],
            width=50,
        )
        self.add(
            "ethnic",
            [
                (str(row.number), row.name_lo, row.name_en, row, [row.name_en_alt])
                for row in EthnicGroup.objects.all()
            ],
        )
        self.add(
            "statuses",
            [
                (value, in_language(label, "lo"), in_language(label, "en"), value, [])
                for value, label in Project.Status.choices
            ],
        )
        self.add("currencies", [(value, "", "", value, []) for value in Currency.values])
        self.add(
            "visibility",
            [
                (value, in_language(label, "lo"), in_language(label, "en"), value, [])
                for value, label in Visibility.choices
            ],
        )

    @staticmethod
    def key(text: str) -> str:
        return lao.normalize(text)

    def add(self, name: str, rows, *, width: int = 70) -> None:
        self.entries[name] = []
        lookup: dict[str, object] = {}
        ambiguous: set[str] = set()
        for code, lo, en, value, others in rows:
            text = entry(code, lo, en, width=width)
            self.entries[name].append(text)
            lookup[self.key(code)] = value
            lookup[self.key(text)] = value
            for other in (lo, en, *others):
                if not other:
                    continue
                other_key = self.key(other)
                if other_key in lookup and lookup[other_key] is not value and other_key != self.key(code):
                    ambiguous.add(other_key)
                lookup.setdefault(other_key, value)
        self.lookup[name] = lookup
        self.ambiguous[name] = ambiguous

    def find(self, name: str, text: str):
        """The row a cell names, or raise ValueError with a message for the user."""
        key = self.key(text)
        if key in self.lookup[name] and key not in self.ambiguous[name]:
            return self.lookup[name][key]
        code = self.key(text.split(SEPARATOR.strip())[0])
        if code in self.lookup[name] and code not in self.ambiguous[name]:
            return self.lookup[name][code]
        if key in self.ambiguous[name]:
            raise ValueError(
                _("“%(value)s” matches several entries; please use the code from the list.") % {"value": text}
            )
        raise ValueError(_("“%(value)s” is not in the list for this column.") % {"value": text[:80]})


# --- writing --------------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="EAF3EE")
LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")


def write_headers(sheet, columns: list[Column]) -> None:
    for number, column in enumerate(columns, start=1):
        for row, language in ((1, "lo"), (2, "en")):
            cell = sheet.cell(row=row, column=number, value=safe_cell(in_language(column.label, language)))
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=2)


def add_dropdowns(sheet, columns: list[Column], ranges: dict[str, str], last_row: int) -> None:
    for number, column in enumerate(columns, start=1):
        if not column.options:
            continue
        validation = DataValidation(type="list", formula1=ranges[column.options], allow_blank=True)
        validation.showErrorMessage = column.strict
        validation.error = in_language(gettext_lazy("Please choose a value from the list."), "en")
        letter = get_column_letter(number)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        sheet.add_data_validation(validation)


def write_lists(workbook: Workbook, lists: Lists) -> dict[str, str]:
    sheet = workbook.create_sheet(SHEET_LISTS)
    ranges = {}
    for number, (name, entries) in enumerate(lists.entries.items(), start=1):
        letter = get_column_letter(number)
        sheet.cell(row=1, column=number, value=name).font = Font(bold=True)
        for row, text in enumerate(entries, start=2):
            sheet.cell(row=row, column=number, value=safe_cell(text))
        sheet.column_dimensions[letter].width = 40
        ranges[name] = f"'{SHEET_LISTS}'!${letter}$2:${letter}${len(entries) + 1}"
    sheet.sheet_state = "hidden"
    return ranges


def write_rows(sheet, columns: list[Column], rows: list[dict]) -> None:
    for offset, values in enumerate(rows):
        for number, column in enumerate(columns, start=1):
            value = values.get(column.key)
            if isinstance(value, Decimal):
                value = float(value) if value == value.to_integral_value() and abs(value) < 10**15 else value
            cell = sheet.cell(row=FIRST_DATA_ROW + offset, column=number, value=safe_cell(value))
            if column.kind == "date":
                cell.number_format = "yyyy-mm-dd"
            if column.kind in ("ignored",) or column.key == "version":
                cell.fill = LOCKED_FILL


def project_code(project: Project) -> str:
    return f"P{project.pk}"


def project_rows(projects, lists: Lists) -> tuple[list[dict], list[dict]]:
    rows, locations = [], []
    for project in projects:
        partners = list(project.partners.all())
        rows.append(
            {
                "code": project_code(project),
                "organization": project.organization.acronym or project.organization.slug,
                "title_lo": project.title_lo,
                "title_en": project.title_en,
                "summary_lo": project.summary_lo,
                "summary_en": project.summary_en,
                "status": project.status,
                "starts_on": project.starts_on,
                "ends_on": project.ends_on,
                "sector_group": project.sector_group.code,
                "themes": ", ".join(theme.code for theme in project.themes.all()),
                "sdg_targets": ", ".join(target.code for target in project.sdg_targets.all()),
                "plan_outcomes": ", ".join(
                    f"{outcome.framework.code}-{outcome.number}" for outcome in project.plan_outcomes.all()
                ),
                "donors": "; ".join(p.display_name for p in partners if p.role == ProjectPartner.Role.DONOR),
                "implementers": "; ".join(
                    p.display_name for p in partners if p.role == ProjectPartner.Role.IMPLEMENTING
                ),
                "government_counterpart": project.government_counterpart,
                "budget_amount": project.budget_amount,
                "budget_currency": project.budget_currency if project.budget_amount is not None else "",
                "visibility": project.visibility,
                "version": project.version,
            }
        )
        for location in project.locations.all():
            locations.append(
                {
                    "code": project_code(project),
                    "province": location.province.code,
                    "district": location.district.code if location.district_id else "",
                    "village": location.village,
                }
            )
    return rows, locations


def prefetched(projects):
    return projects.select_related("organization", "sector_group").prefetch_related(
        "themes",
        "sdg_targets",
        "plan_outcomes__framework",
        "partners__organization",
        "locations__province",
        "locations__district",
    )


def instructions(sheet, lines: list[str]) -> None:
    sheet.column_dimensions["A"].width = 110
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1, value=safe_cell(line))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number == 1:
            cell.font = Font(bold=True, size=14)


def instruction_lines(*, report: Report | None) -> list[str]:
    lines = []
    for language in ("lo", "en"):
        with translation.override(language):
            lines += [
                _("How to fill in this spreadsheet"),
                _(
                    "Every sheet has its headers in Lao (row 1) and English (row 2). Do not rename the "
                    "sheets or move, add or remove columns: the platform checks them."
                ),
                _(
                    "Projects: one row per project. Rows with a code like P123 are your projects on the "
                    "platform. To add a project, give it a short code of your own (for example N1) in the "
                    "first column."
                ),
                _(
                    "Locations: one row per place of a project, with the project's code. Every project needs "
                    "at least one province."
                ),
                _(
                    "Columns with a drop-down list take a value from the list. Where a cell may hold several "
                    "values (themes, SDG targets, ethnic groups), separate the codes with commas."
                ),
                _("Numbers: digits only (Lao digits are fine), a point for decimals. Dates: YYYY-MM-DD."),
            ]
            if report is not None:
                lines += [
                    _(
                        "Report: one row per project that ran during the period, with the people reached, "
                        "the spending and the results. Organization: your staff, volunteers and spending."
                    ),
                ]
            lines += [
                _(
                    "When you upload the file, nothing is saved unless every row is correct; the page lists "
                    "each problem with its sheet, row and column."
                ),
                "",
            ]
    return lines


def workbook_response_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_workbook(report: Report) -> bytes:
    """The XLSX an organization downloads for a round: its figures, its projects, their places and a
    report row for each project that ran in the period, pre-filled with what is saved."""
    lists = Lists()
    workbook = Workbook()
    instructions(workbook.active, instruction_lines(report=report))
    workbook.active.title = SHEET_INSTRUCTIONS
    ranges = write_lists(workbook, lists)

    sheet = workbook.create_sheet(SHEET_ORGANIZATION, 1)
    for number, language in ((1, "lo"), (2, "en")):
        sheet.cell(row=1, column=number, value=in_language(gettext_lazy("Item"), language)).font = Font(
            bold=True
        )
    sheet.cell(row=1, column=3, value=in_language(gettext_lazy("Value"), "lo") + " / Value").font = Font(
        bold=True
    )
    values = {
        "organization": report.organization.name_lo,
        "round": report.round.title_lo,
        **{key: getattr(report, key) for key in services.REPORT_FIELDS},
        "version": report.version,
    }
    if values["spending_amount"] is None:
        values["spending_currency"] = values["spending_currency"] or Currency.LAK
    for number, row in enumerate(ORGANIZATION_ROWS, start=2):
        sheet.cell(row=number, column=1, value=safe_cell(in_language(row.label, "lo")))
        sheet.cell(row=number, column=2, value=safe_cell(in_language(row.label, "en")))
        value = values.get(row.key)
        cell = sheet.cell(
            row=number, column=3, value=safe_cell(float(value) if isinstance(value, Decimal) else value)
        )
        if row.kind == "ignored" or row.key == "version":
            cell.fill = LOCKED_FILL
    currency_row = 2 + [row.key for row in ORGANIZATION_ROWS].index("spending_currency")
    validation = DataValidation(type="list", formula1=ranges["currencies"], allow_blank=True)
    validation.add(f"C{currency_row}")
    sheet.add_data_validation(validation)
    for letter, width in (("A", 30), ("B", 30), ("C", 40)):
        sheet.column_dimensions[letter].width = width

    projects = prefetched(
        Project.objects.filter(organization=report.organization).order_by("starts_on", "pk")
    )
    rows, locations = project_rows(projects, lists)
    write_project_sheets(workbook, lists, ranges, rows, locations, position=2)

    sheet = workbook.create_sheet(SHEET_REPORT, 4)
    write_headers(sheet, REPORT_COLUMNS)
    lines = {line.project_id: line for line in report.lines.prefetch_related("ethnic_groups")}
    report_rows = []
    for project in services.report_due_projects(report):
        line = lines.get(project.pk)
        values = {"code": project_code(project), "project": project.title_lo or project.title_en}
        if line is not None:
            values.update({key: getattr(line, key) for key in services.LINE_FIELDS})
            values["ethnic_groups"] = ", ".join(str(group.number) for group in line.ethnic_groups.all())
            if line.spending_amount is None:
                values["spending_currency"] = ""
        report_rows.append(values)
    write_rows(sheet, REPORT_COLUMNS, report_rows)
    add_dropdowns(sheet, REPORT_COLUMNS, ranges, FIRST_DATA_ROW + len(report_rows) + NEW_ROWS)
    return workbook_response_bytes(workbook)


def write_project_sheets(workbook, lists, ranges, rows, locations, *, position: int) -> None:
    sheet = workbook.create_sheet(SHEET_PROJECTS, position)
    write_headers(sheet, PROJECT_COLUMNS)
    write_rows(sheet, PROJECT_COLUMNS, rows)
    add_dropdowns(sheet, PROJECT_COLUMNS, ranges, FIRST_DATA_ROW + len(rows) + NEW_ROWS)
    sheet = workbook.create_sheet(SHEET_LOCATIONS, position + 1)
    write_headers(sheet, LOCATION_COLUMNS)
    write_rows(sheet, LOCATION_COLUMNS, locations)
    add_dropdowns(sheet, LOCATION_COLUMNS, ranges, FIRST_DATA_ROW + len(locations) + NEW_ROWS * 2)


def import_workbook() -> bytes:
    """The secretariat's template for importing projects of many organizations: empty Projects and
    Locations sheets with the same columns and lists."""
    lists = Lists()
    workbook = Workbook()
    instructions(workbook.active, instruction_lines(report=None))
    workbook.active.title = SHEET_INSTRUCTIONS
    ranges = write_lists(workbook, lists)
    write_project_sheets(workbook, lists, ranges, [], [], position=1)
    return workbook_response_bytes(workbook)


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    header: str
    message: str


class Problems(Exception):
    """The upload was refused; `problems` says where and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def check_file(upload) -> BytesIO:
    """The upload's bytes, if it is a reasonably sized XLSX (a zip with a workbook inside) that does
    not expand beyond what a spreadsheet needs. Raises Problems otherwise, before any parsing."""

    def refuse(message: str):
        raise Problems([Problem("", None, "", "", message)])

    size = getattr(upload, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        refuse(_("The file is too large: at most 10 MB, please."))
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        refuse(_("The file is too large: at most 10 MB, please."))
    if not data:
        refuse(_("The file is empty."))
    if not data.startswith(b"PK\x03\x04"):
        refuse(_("This file is not an XLSX spreadsheet. Save it as “Excel Workbook (.xlsx)” and try again."))
    buffer = BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        refuse(_("This file is not an XLSX spreadsheet. Save it as “Excel Workbook (.xlsx)” and try again."))
    names = {item.filename for item in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        refuse(_("This file is not an XLSX spreadsheet. Save it as “Excel Workbook (.xlsx)” and try again."))
    declared = sum(item.file_size for item in entries)
    compressed = sum(item.compress_size for item in entries) or 1
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or declared > MAX_UNCOMPRESSED_BYTES
        or declared / compressed > MAX_RATIO
    ):
        refuse(
            _(
                "This file expands to much more data than a spreadsheet of projects holds, so it was not "
                "opened. Please upload the spreadsheet downloaded from the platform."
            )
        )
    buffer.seek(0)
    return buffer


def open_workbook(upload):
    buffer = check_file(upload)
    try:
        return load_workbook(buffer, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for damaged files
        raise Problems(
            [
                Problem(
                    "",
                    None,
                    "",
                    "",
                    _("The spreadsheet could not be read. It may be damaged; save it again as XLSX."),
                )
            ]
        ) from None


@dataclass
class Cell:
    sheet: str
    row: int
    column: Column
    number: int
    value: object

    @property
    def letter(self) -> str:
        return get_column_letter(self.number)


class Reader:
    """Reads and checks the sheets, collecting every problem instead of stopping at the first."""

    def __init__(self, workbook, lists: Lists):
        self.workbook = workbook
        self.lists = lists
        self.problems: list[Problem] = []

    def problem(
        self, sheet: str, row: int | None, column: Column | None, number: int | None, message: str
    ) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            return
        header = str(column.label) if column is not None else ""
        letter = get_column_letter(number) if number else ""
        self.problems.append(Problem(sheet, row, letter, header, message))

    def at(self, cell: Cell, message: str) -> None:
        self.problem(cell.sheet, cell.row, cell.column, cell.number, message)

    def sheet(self, name: str):
        if name in self.workbook.sheetnames:
            return self.workbook[name]
        self.problem(
            name,
            None,
            None,
            None,
            _("The sheet “%(name)s” is missing; it may have been renamed. Its name must stay as downloaded.")
            % {"name": name},
        )
        return None

    def rows(self, name: str, columns: list[Column]) -> list[list[Cell]]:
        """The data rows of a tabular sheet, after checking its English header row."""
        sheet = self.sheet(name)
        if sheet is None:
            return []
        all_rows = sheet.iter_rows(values_only=True)
        header_lo = next(all_rows, ())
        header_en = next(all_rows, ())
        del header_lo
        header_ok = True
        for number, column in enumerate(columns, start=1):
            expected = in_language(column.label, "en")
            found = header_en[number - 1] if number - 1 < len(header_en) else None
            if str(found or "").strip() != expected:
                header_ok = False
                self.problem(
                    name,
                    2,
                    column,
                    number,
                    _(
                        "Expected the column “%(expected)s” here, found “%(found)s”. Columns must not be "
                        "moved, added or removed."
                    )
                    % {"expected": expected, "found": str(found or "")[:60]},
                )
        extra = [value for value in header_en[len(columns) :] if value not in (None, "")]
        if extra:
            header_ok = False
            self.problem(
                name, 2, None, len(columns) + 1, _("Columns must not be added: remove the extra columns.")
            )
        if not header_ok:
            return []
        result = []
        for offset, values in enumerate(all_rows):
            row = FIRST_DATA_ROW + offset
            if row > MAX_ROWS + FIRST_DATA_ROW:
                self.problem(
                    name, row, None, None, _("Too many rows: at most %(max)s per sheet.") % {"max": MAX_ROWS}
                )
                break
            values = list(values[: len(columns)]) + [None] * (len(columns) - len(values))
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue
            result.append(
                [
                    Cell(name, row, column, number, value)
                    for number, (column, value) in enumerate(zip(columns, values, strict=True), start=1)
                ]
            )
        return result

    # Values -----------------------------------------------------------------------------------------

    def text(self, cell: Cell) -> str:
        value = cell.value
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if text.startswith("'") and len(text) > 1 and text[1] in "=+-@":
            text = text[1:]  # our own formula guard, read back
        return text

    def date(self, cell: Cell) -> date | None:
        value = cell.value
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel day number
            return date(1899, 12, 30) + timedelta(days=int(value))
        text = lao.to_arabic_digits(self.text(cell))
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        self.at(cell, _("A date is expected here (YYYY-MM-DD), found “%(value)s”.") % {"value": text[:40]})
        return None

    def number(self, cell: Cell) -> Decimal | None:
        value = cell.value
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(repr(value))
        text = lao.to_arabic_digits(self.text(cell)).replace(",", "").replace(" ", "").replace("\u00a0", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.at(
                cell, _("A number is expected here, found “%(value)s”.") % {"value": self.text(cell)[:40]}
            )
            return None
        if not number.is_finite():
            self.at(
                cell, _("A number is expected here, found “%(value)s”.") % {"value": self.text(cell)[:40]}
            )
            return None
        return number

    def amount(self, cell: Cell) -> Decimal | None:
        number = self.number(cell)
        if number is None:
            return None
        message = services.amount_problem(number)
        if message:
            self.at(cell, message)
            return None
        return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def count(self, cell: Cell, *, maximum=None) -> int | None:
        number = self.number(cell)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.at(
                cell,
                _("A whole number is expected here, found “%(value)s”.") % {"value": self.text(cell)[:40]},
            )
            return None
        message = services.count_problem(number, **({"maximum": maximum} if maximum else {}))
        if message:
            self.at(cell, message)
            return None
        return int(number)

    def choice(self, cell: Cell, *, required: bool = False):
        text = self.text(cell)
        if not text:
            if required:
                self.at(cell, _("This cell must not be empty."))
            return None
        try:
            return self.lists.find(cell.column.options, text)
        except ValueError as error:
            self.at(cell, str(error))
            return None

    def codes(self, cell: Cell) -> list:
        found = []
        for part in re.split(r"[,;\n]", self.text(cell)):
            part = part.strip()
            if not part:
                continue
            try:
                value = self.lists.find(cell.column.options, part)
            except ValueError as error:
                self.at(cell, str(error))
                continue
            if value not in found:
                found.append(value)
        return found


# --- plans: what an upload would do ----------------------------------------------------------------


@dataclass
class ProjectRow:
    code: str
    row: int
    cells: dict[str, Cell]
    organization: Organization | None
    project: Project | None  # None: a new project
    data: dict = field(default_factory=dict)
    m2m: dict = field(default_factory=dict)
    partners: list[dict] = field(default_factory=list)
    locations: list[dict] = field(default_factory=list)
    location_cells: list[dict[str, Cell]] = field(default_factory=list)
    version: int | None = None
    changed: bool = True


@dataclass
class Plan:
    projects: list[ProjectRow] = field(default_factory=list)
    figures: dict = field(default_factory=dict)
    lines: dict[str, dict] = field(default_factory=dict)  # by project code
    report_version: int | None = None


class OrganizationFinder:
    """Organizations named in the Organization column: by acronym, web address or name."""

    def __init__(self, names: set[str]):
        names = {name for name in names if name}
        upper = {name.upper() for name in names}
        cleaned = {lao.clean(name) for name in names}
        rows = list(
            Organization.objects.annotate(acronym_upper=Upper("acronym"))
            .filter(
                Q(slug__in=names) | Q(acronym_upper__in=upper) | Q(name_lo__in=cleaned) | Q(name_en__in=names)
            )
            .exclude(status=Organization.Status.FORMER)
        )
        self.by_key: dict[str, list[Organization]] = {}
        for organization in rows:
            keys = {organization.slug, organization.name_lo, organization.name_en}
            if organization.acronym:
                keys.add(organization.acronym.upper())
            for key in keys:
                self.by_key.setdefault(key, []).append(organization)

    def find(self, name: str) -> list[Organization]:
        for key in (name, name.upper(), lao.clean(name)):
            if key in self.by_key:
                return self.by_key[key]
        return []


def names_organization(text: str, organization: Organization) -> bool:
    return text.upper() == (organization.acronym or "").upper() or text in (
        organization.slug,
        organization.name_lo,
        organization.name_en,
        lao.clean(organization.name_lo),
    )


def comparable_value(value):
    if hasattr(value, "pk"):
        return value.pk
    return "" if value is None else value


def comparable(data: dict, m2m: dict, locations: list[dict], partners: list[dict]) -> tuple:
    """The parts of a project an upload can change, in a form where equal means unchanged."""
    fields = tuple(
        (key, comparable_value(data.get(key)))
        for key in services.PROJECT_FIELDS
        if key != "budget_currency" or data.get("budget_amount") is not None
    )
    relations = tuple(
        (key, tuple(sorted(getattr(item, "pk", item) for item in m2m.get(key, []))))
        for key in services.PROJECT_M2M
    )
    places = tuple(
        sorted(
            (row["province"].pk, row["district"].pk if row.get("district") else 0, row.get("village") or "")
            for row in locations
        )
    )
    names = tuple(sorted((row["role"], (row.get("name") or "").casefold()) for row in partners))
    return fields, relations, places, names


def current_comparable(project: Project) -> tuple:
    data = {key: getattr(project, key) for key in services.PROJECT_FIELDS}
    m2m = {key: list(getattr(project, key).all()) for key in services.PROJECT_M2M}
    locations = [
        {"province": row.province, "district": row.district, "village": row.village}
        for row in project.locations.all()
    ]
    partners = [{"role": row.role, "name": row.display_name} for row in project.partners.all()]
    return comparable(data, m2m, locations, partners)


def normalized_row_data(data: dict) -> dict:
    return services.normalize_project(data)


def read_projects(reader: Reader, *, organization: Organization | None, plan: Plan) -> None:
    """The Projects and Locations sheets. `organization` set: one organization's file; None: the
    secretariat's import, where every row names its organization."""
    rows = reader.rows(SHEET_PROJECTS, PROJECT_COLUMNS)
    location_rows = reader.rows(SHEET_LOCATIONS, LOCATION_COLUMNS)
    finder = OrganizationFinder({reader.text(cells[1]) for cells in rows}) if organization is None else None
    existing_ids = [
        int(EXISTING_CODE.match(reader.text(cells[0])).group(1))
        for cells in rows
        if EXISTING_CODE.match(reader.text(cells[0]))
    ]
    existing = prefetched(Project.objects.filter(pk__in=existing_ids)).in_bulk()
    seen: dict[str, int] = {}
    by_code: dict[str, ProjectRow] = {}
    for cells in rows:
        named = {cell.column.key: cell for cell in cells}
        code = reader.text(named["code"])
        if not code:
            reader.at(
                named["code"],
                _(
                    "Give every project a code: P… for a project on the platform, your own short code for a "
                    "new one."
                ),
            )
            continue
        code_key = code.upper()
        if code_key in seen:
            reader.at(
                named["code"],
                _("The code %(code)s is used twice (also on row %(row)s).")
                % {"code": code, "row": seen[code_key]},
            )
            continue
        seen[code_key] = named["code"].row
        # Whose project?
        org_text = reader.text(named["organization"])
        row_org = organization
        if organization is None:
            matches = finder.find(org_text) if org_text else []
            if not org_text:
                reader.at(
                    named["organization"],
                    _("Name the organization: its acronym or web address in the directory."),
                )
            elif not matches:
                reader.at(
                    named["organization"],
                    _("No organization in the directory matches “%(value)s”.") % {"value": org_text[:60]},
                )
            elif len(matches) > 1:
                reader.at(
                    named["organization"],
                    _("Several organizations match “%(value)s”; use the web address.")
                    % {"value": org_text[:60]},
                )
            else:
                row_org = matches[0]
        elif org_text and not names_organization(org_text, organization):
            reader.at(
                named["organization"],
                _("This file is for %(org)s; leave this cell as it is.") % {"org": organization.name},
            )
        project = None
        match = EXISTING_CODE.match(code)
        if match:
            project = existing.get(int(match.group(1)))
            allowed = project is not None and (
                (organization is not None and project.organization_id == organization.pk)
                or (organization is None and row_org is not None and project.organization_id == row_org.pk)
            )
            if not allowed:
                reader.at(
                    named["code"],
                    _("There is no project %(code)s of this organization on the platform.") % {"code": code},
                )
                continue
        row = ProjectRow(
            code=code_key, row=named["code"].row, cells=named, organization=row_org, project=project
        )
        row.data = {
            "title_lo": reader.text(named["title_lo"]),
            "title_en": reader.text(named["title_en"]),
            "summary_lo": reader.text(named["summary_lo"]),
            "summary_en": reader.text(named["summary_en"]),
            "status": reader.choice(named["status"], required=True),
            "starts_on": reader.date(named["starts_on"]),
            "ends_on": reader.date(named["ends_on"]),
            "sector_group": reader.choice(named["sector_group"], required=True),
            "government_counterpart": reader.text(named["government_counterpart"]),
            "budget_amount": reader.amount(named["budget_amount"]),
            "budget_currency": reader.choice(named["budget_currency"]) or "",
            "visibility": reader.choice(named["visibility"]) or Visibility.PUBLIC,
        }
        if row.data["budget_amount"] is not None and not row.data["budget_currency"]:
            reader.at(named["budget_currency"], _("In which currency is the budget?"))
        for key in ("title_lo", "title_en", "government_counterpart"):
            if len(row.data[key]) > 300:
                reader.at(named[key], _("This text is too long: at most 300 characters."))
        row.m2m = {key: reader.codes(named[key]) for key in services.PROJECT_M2M}
        for role, key in (
            (ProjectPartner.Role.DONOR, "donors"),
            (ProjectPartner.Role.IMPLEMENTING, "implementers"),
        ):
            for name in reader.text(named[key]).split(";"):
                name = name.strip()
                if name:
                    if len(name) > 300:
                        reader.at(named[key], _("This text is too long: at most 300 characters."))
                    row.partners.append({"role": role, "name": name[:300]})
        version = named["version"].value
        if project is not None:
            row.version = reader.count(named["version"]) if version not in (None, "") else None
            if row.version is None:
                reader.at(named["version"], _("This cell must not be empty."))
        plan.projects.append(row)
        by_code[code_key] = row

    for cells in location_rows:
        named = {cell.column.key: cell for cell in cells}
        code = reader.text(named["code"]).upper()
        row = by_code.get(code)
        if row is None:
            if code and code not in seen:
                reader.at(
                    named["code"],
                    _("No project with the code %(code)s in the Projects sheet.") % {"code": code},
                )
            elif not code:
                reader.at(named["code"], _("Which project is this place for? Give its code."))
            continue
        province = reader.choice(named["province"], required=True)
        district = reader.choice(named["district"])
        row.locations.append(
            {"province": province, "district": district, "village": reader.text(named["village"])[:200]}
        )
        row.location_cells.append(named)

    linked = services.partner_organizations(
        partner["name"] for row in plan.projects for partner in row.partners
    )
    for row in plan.projects:
        if any(location["province"] is None for location in row.locations):
            continue  # already reported
        problems = services.project_problems(
            services.normalize_project(row.data), row.locations, row.partners
        )
        for key, messages in problems.items():
            for message in messages:
                if key == "locations":
                    reader.at(
                        row.cells["code"],
                        _(
                            "Add at least one row for this project in the Locations sheet: every project "
                            "needs a province."
                        ),
                    )
                elif key.startswith("locations."):
                    _prefix, number, name = key.split(".")
                    reader.at(row.location_cells[int(number)][name], message)
                elif key.startswith("partners."):
                    reader.at(row.cells["donors"], message)
                elif key in row.cells:
                    if not any(
                        p.row == row.row and p.header == str(row.cells[key].column.label)
                        for p in reader.problems
                    ):
                        reader.at(row.cells[key], message)
        for partner in row.partners:
            partner["organization"] = linked.get(partner["name"])
        if row.project is not None:
            row.changed = comparable(
                services.normalize_project(row.data), row.m2m, row.locations, row.partners
            ) != current_comparable(row.project)
            if row.changed and row.version is not None and row.version != row.project.version:
                reader.at(
                    row.cells["version"],
                    _(
                        "This project was changed on the platform after the file was downloaded. Download "
                        "the file again and copy your changes for this project into it."
                    ),
                )


def read_report(reader: Reader, *, report: Report, plan: Plan) -> None:
    """The Organization and Report sheets of an organization's file for a round."""
    sheet = reader.sheet(SHEET_ORGANIZATION)
    if sheet is not None:
        values = list(
            sheet.iter_rows(min_row=2, max_row=1 + len(ORGANIZATION_ROWS), max_col=3, values_only=True)
        )
        values += [(None, None, None)] * (len(ORGANIZATION_ROWS) - len(values))
        for number, (spec, (_lo, en, value)) in enumerate(
            zip(ORGANIZATION_ROWS, values, strict=False), start=2
        ):
            cell = Cell(SHEET_ORGANIZATION, number, spec, 3, value)
            if str(en or "").strip() != in_language(spec.label, "en"):
                reader.problem(
                    SHEET_ORGANIZATION,
                    number,
                    spec,
                    2,
                    _("Expected the row “%(expected)s” here. Rows of this sheet must not be moved.")
                    % {"expected": in_language(spec.label, "en")},
                )
                continue
            if spec.kind == "count":
                plan.figures[spec.key] = reader.count(cell, maximum=services.MAX_STAFF)
            elif spec.kind == "amount":
                plan.figures[spec.key] = reader.amount(cell)
            elif spec.kind == "choice":
                plan.figures[spec.key] = reader.choice(cell) or Currency.LAK
            elif spec.key == "version":
                plan.report_version = reader.count(cell)
                if plan.report_version is None:
                    reader.at(cell, _("This cell must not be empty."))
    if not report.is_editable:
        reader.problem(
            SHEET_ORGANIZATION,
            None,
            None,
            None,
            _("This report is submitted or accepted and can no longer be changed."),
        )
    elif plan.report_version is not None and plan.report_version != report.version:
        reader.problem(
            SHEET_ORGANIZATION,
            1 + len(ORGANIZATION_ROWS),
            ORGANIZATION_ROWS[-1],
            3,
            _(
                "The report was changed on the platform after this file was downloaded. Download the file "
                "again and copy your changes into it."
            ),
        )

    codes = {row.code: row for row in plan.projects}
    due = {f"P{pk}" for pk in services.report_due_projects(report).values_list("pk", flat=True)}
    reporting_round = report.round
    for cells in reader.rows(SHEET_REPORT, REPORT_COLUMNS):
        named = {cell.column.key: cell for cell in cells}
        code = reader.text(named["code"]).upper()
        row = codes.get(code)
        if not code:
            reader.at(named["code"], _("Which project is this row for? Give its code."))
            continue
        if code in plan.lines:
            reader.at(named["code"], _("The code %(code)s is used twice.") % {"code": code})
            continue
        if code not in due:
            if row is None:
                reader.at(
                    named["code"],
                    _("No project with the code %(code)s in the Projects sheet.") % {"code": code},
                )
                continue
            starts, ends = row.data.get("starts_on"), row.data.get("ends_on")
            if starts and (
                starts > reporting_round.period_end or (ends and ends < reporting_round.period_start)
            ):
                reader.at(
                    named["code"],
                    _("This project did not run during the period of the round; it cannot be reported on."),
                )
                continue
        line = {
            "spending_amount": reader.amount(named["spending_amount"]),
            "spending_currency": reader.choice(named["spending_currency"]) or "",
            **{
                key: reader.count(named[key])
                for key in (
                    "women",
                    "men",
                    "girls",
                    "boys",
                    "disabled_women",
                    "disabled_men",
                    "disabled_girls",
                    "disabled_boys",
                )
            },
            "ethnic_groups": reader.codes(named["ethnic_groups"]),
            "results_lo": reader.text(named["results_lo"]),
            "results_en": reader.text(named["results_en"]),
        }
        if line["spending_amount"] is not None and not line["spending_currency"]:
            reader.at(named["spending_currency"], _("In which currency is the spending?"))
        line["spending_currency"] = line["spending_currency"] or Currency.LAK
        for key, messages in services.line_problems(line).items():
            for message in messages:
                reader.at(named[key], message)
        plan.lines[code] = line


# --- applying -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    report_saved: bool = False


def apply_projects(plan: Plan, *, by) -> tuple[Outcome, dict[str, int]]:
    outcome = Outcome()
    ids: dict[str, int] = {}
    new_rows = [row for row in plan.projects if row.project is None]
    created = services.projects_import(
        rows=[
            services.NewProject(
                organization=row.organization,
                data=row.data,
                m2m=row.m2m,
                locations=row.locations,
                partners=row.partners,
            )
            for row in new_rows
        ],
        by=by,
    )
    for row, project in zip(new_rows, created, strict=True):
        ids[row.code] = project.pk
    outcome.created = len(created)
    for row in plan.projects:
        if row.project is None:
            continue
        ids[row.code] = row.project.pk
        if not row.changed:
            outcome.unchanged += 1
            continue
        services.project_update(
            project=row.project,
            data=row.data,
            m2m=row.m2m,
            locations=row.locations,
            partners=row.partners,
            expected_version=row.version,
            by=by,
        )
        outcome.updated += 1
    return outcome, ids


def refused(error: ValidationError) -> Problems:
    return Problems([Problem("", None, "", "", message) for message in error.messages])


def upload_report(*, report: Report, upload, by) -> Outcome:
    """Check an organization's filled-in file for a round, then apply all of it in one transaction, or
    nothing. Raises Problems listing every problem."""
    workbook = open_workbook(upload)
    reader = Reader(workbook, Lists())
    plan = Plan()
    read_projects(reader, organization=report.organization, plan=plan)
    read_report(reader, report=report, plan=plan)
    workbook.close()
    if reader.problems:
        raise Problems(reader.problems)
    try:
        with transaction.atomic():
            outcome, ids = apply_projects(plan, by=by)
            lines = {ids[code] if code in ids else int(code[1:]): line for code, line in plan.lines.items()}
            services.report_save(
                report=report,
                data=plan.figures,
                lines=lines,
                expected_version=plan.report_version,
                by=by,
                note="spreadsheet",
            )
            outcome.report_saved = True
    except ValidationError as error:
        raise refused(error) from None
    return outcome


def upload_projects(*, upload, by) -> Outcome:
    """The secretariat's import of projects of many organizations: the same checks, all or nothing."""
    workbook = open_workbook(upload)
    reader = Reader(workbook, Lists())
    plan = Plan()
    read_projects(reader, organization=None, plan=plan)
    workbook.close()
    if reader.problems:
        raise Problems(reader.problems)
    if not plan.projects:
        raise Problems([Problem(SHEET_PROJECTS, None, "", "", _("The Projects sheet has no rows."))])
    try:
        with transaction.atomic():
            outcome, _ids = apply_projects(plan, by=by)
    except ValidationError as error:
        raise refused(error) from None
    return outcome
