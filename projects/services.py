"""Writes about projects, reporting rounds and reports. Each is atomic and audited; each keeps a
version for the history pages; edits are refused when the form is stale (optimistic locking)."""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

import lao
from accounts.models import User
from core.audit import audit_record
from core.cache import page_cache_bump
from core.models import District, PlanOutcome, Province, SdgTarget, SectorGroup, Theme
from directory.models import Organization, Visibility
from projects import emails
from projects.facets import facets_write
from projects.index import INLINE as INLINE_INDEX
from projects.index import index_pending, project_index
from projects.models import (
    MAX_AMOUNT,
    MAX_PEOPLE,
    MAX_STAFF,
    SORT_KEY_CHARS,
    AppliedDraft,
    Currency,
    ExchangeRate,
    Project,
    ProjectLocation,
    ProjectPartner,
    ProjectVersion,
    ReminderSent,
    Report,
    ReportingRound,
    ReportPhoto,
    ReportProject,
    ReportTransition,
    ReportVersion,
    ReviewComment,
)
from projects.permissions import can_reopen_report, can_review_report, is_secretariat

PROJECT_FIELDS = [
    "title_lo",
    "title_en",
    "summary_lo",
    "summary_en",
    "status",
    "starts_on",
    "ends_on",
    "sector_group",
    "government_counterpart",
    "budget_amount",
    "budget_currency",
    "visibility",
]
PROJECT_M2M = {"themes": Theme, "sdg_targets": SdgTarget, "plan_outcomes": PlanOutcome}
LAO_TEXT_FIELDS = ["title_lo", "summary_lo", "government_counterpart"]
EARLIEST_YEAR, LATEST_YEAR = 1975, 2100

REPORT_FIELDS = [
    "staff_women",
    "staff_men",
    "volunteers_women",
    "volunteers_men",
    "spending_amount",
    "spending_currency",
]
PEOPLE = ["women", "men", "girls", "boys"]
LINE_FIELDS = [
    "spending_amount",
    "spending_currency",
    *PEOPLE,
    *(f"disabled_{group}" for group in PEOPLE),
    "results_lo",
    "results_en",
]


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened."""


class DuplicateDraft(Exception):
    """This sending of the report form (its idempotency key) has been applied already."""


def stale_message() -> str:
    return _(
        "Someone else saved this after you opened it. Your changes were not saved: "
        "open it again to see the latest version, then make your changes."
    )


# --- checks shared by the forms, the spreadsheet import and the services -------------------------


def amount_problem(value, *, maximum=MAX_AMOUNT) -> str:
    if value is None:
        return ""
    if value < 0:
        return _("Amounts cannot be negative.")
    if value > maximum:
        return _("This amount is too large; please check the number of digits.")
    return ""


def count_problem(value, *, maximum=MAX_PEOPLE) -> str:
    if value is None:
        return ""
    if value < 0:
        return _("Numbers of people cannot be negative.")
    if value > maximum:
        return _("This number is too large; please check the number of digits.")
    return ""


def project_problems(data: dict, locations: list[dict], partners: list[dict]) -> dict[str, list[str]]:
    """Every problem with a project's data, keyed by field ("locations.0.district" for a location,
    "partners.1.name" for a partner). Empty when the project may be saved."""
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        if message:
            problems.setdefault(key, []).append(message)

    if not (data.get("title_lo") or "").strip() and not (data.get("title_en") or "").strip():
        add("title_lo", _("Give the project a title in Lao or in English."))
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts is None:
        add("starts_on", _("When did the project start?"))
    for key, day in (("starts_on", starts), ("ends_on", ends)):
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            add(key, _("This date is not plausible for a project."))
    if starts and ends and ends < starts:
        add("ends_on", _("The end date is before the start date."))
    if data.get("sector_group") is None:
        add("sector_group", _("Choose the sector group of the project."))
    if data.get("status") not in Project.Status.values:
        add("status", _("Choose a status."))
    if data.get("visibility") not in Visibility.values:
        add("visibility", _("Choose who may see the project."))
    add("budget_amount", amount_problem(data.get("budget_amount")))
    if data.get("budget_amount") is not None and data.get("budget_currency") not in Currency.values:
        add("budget_currency", _("In which currency is the budget?"))
    if not locations:
        add("locations", _("Say where the project works: at least one province."))
    for number, location in enumerate(locations):
        province, district = location.get("province"), location.get("district")
        if province is None:
            add(f"locations.{number}.province", _("Choose a province."))
        elif district is not None and district.province_id != province.pk:
            add(f"locations.{number}.district", _("This district is not in the chosen province."))
    for number, partner in enumerate(partners):
        if partner.get("organization") is None and not (partner.get("name") or "").strip():
            add(f"partners.{number}.name", _("Name the partner."))
        if partner.get("role") not in ProjectPartner.Role.values:
            add(f"partners.{number}.role", _("Is the partner a donor or an implementing partner?"))
    return problems


def raise_problems(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationError({key: messages for key, messages in problems.items()})


# --- projects -----------------------------------------------------------------------------------


def normalize_project(data: dict) -> dict:
    clean = {key: value for key, value in data.items() if key in PROJECT_FIELDS}
    for key in ("title_lo", "title_en", "summary_lo", "summary_en", "government_counterpart"):
        if isinstance(clean.get(key), str):
            clean[key] = lao.clean(clean[key]) if key in LAO_TEXT_FIELDS else clean[key].strip()
    if clean.get("budget_amount") is None:
        clean["budget_currency"] = clean.get("budget_currency") or Currency.LAK
    return clean


def derived_fields(project: Project) -> None:
    """Sort keys and the year range, computed from the fields people edit."""
    project.title_lo_sort = lao.sort_key(project.title_lo or project.title_en).hex()[:SORT_KEY_CHARS]
    project.title_en_sort = (project.title_en or lao.romanize(project.title_lo)).casefold()[:SORT_KEY_CHARS]
    project.start_year = project.starts_on.year
    project.end_year = project.ends_on.year if project.ends_on else 9999


def partner_organizations(names) -> dict[str, Organization]:
    """Partners typed by name that are exactly an active member's acronym or name, linked to its
    directory entry: one query for all the names (a spreadsheet may hold thousands)."""
    names = {name.strip() for name in names if name and name.strip()}
    if not names:
        return {}
    upper = {name.upper() for name in names}
    cleaned = {lao.clean(name) for name in names}
    candidates = (
        Organization.objects.listed()
        .annotate(acronym_upper=Upper("acronym"), name_en_upper=Upper("name_en"))
        .filter(Q(acronym_upper__in=upper) | Q(name_en_upper__in=upper) | Q(name_lo__in=cleaned))
    )
    found: dict[str, list[Organization]] = {}
    for organization in candidates:
        for name in names:
            if name.upper() in {(organization.acronym or "").upper(), organization.name_en.upper()} or (
                lao.clean(name) == organization.name_lo
            ):
                found.setdefault(name, []).append(organization)
    return {name: matches[0] for name, matches in found.items() if len(matches) == 1}


def partner_key(partner: ProjectPartner) -> str:
    if partner.organization_id:
        organization = partner.organization
        return lao.normalize(organization.name_en or organization.name_lo)[:300]
    return lao.normalize(partner.name)[:300]


def project_snapshot(project: Project, *, relations: tuple | None = None) -> dict:
    """The project as saved in its history. `relations` (m2m, locations, partners) spares the
    queries when the caller has just written them."""
    data = {key: project.serializable_value(key) for key in PROJECT_FIELDS}
    data["sector_group"] = project.sector_group_id
    for key in ("starts_on", "ends_on"):
        data[key] = data[key].isoformat() if data[key] else None
    data["budget_amount"] = str(project.budget_amount) if project.budget_amount is not None else None
    if relations is None:
        for key in PROJECT_M2M:
            data[key] = sorted(getattr(project, key).values_list("pk", flat=True))
        locations = [
            (row.province_id, row.district_id, row.village) for row in project.locations.order_by("pk")
        ]
        partners = [(row.role, row.organization_id, row.name) for row in project.partners.order_by("pk")]
    else:
        m2m, location_rows, partner_rows = relations
        for key in PROJECT_M2M:
            data[key] = sorted(getattr(item, "pk", item) for item in m2m.get(key, []))
        locations = [(row.province_id, row.district_id, row.village) for row in location_rows]
        partners = [(row.role, row.organization_id, row.name) for row in partner_rows]
    data["locations"] = [list(row) for row in locations]
    data["partners"] = [list(row) for row in partners]
    return data


def record_project_version(project: Project, *, by: User | None, changed: list[str], note: str = "") -> None:
    ProjectVersion.objects.create(
        project=project,
        version=project.version,
        data=project_snapshot(project),
        changed_fields=changed,
        changed_by=by,
        note=note,
    )


def location_rows(project: Project, locations: list[dict]) -> list[ProjectLocation]:
    return [
        ProjectLocation(
            project=project,
            province=location["province"],
            district=location.get("district"),
            village=lao.clean(location.get("village") or "")[:200],
        )
        for location in locations
    ]


def partner_rows(project: Project, partners: list[dict]) -> list[ProjectPartner]:
    rows = []
    for partner in partners:
        organization = partner.get("organization")
        name = lao.clean(partner.get("name") or "")[:300]
        if organization is not None and not name:
            name = (organization.name_en or organization.name_lo)[:300]
        row = ProjectPartner(project=project, role=partner["role"], organization=organization, name=name)
        row.key = partner_key(row)
        rows.append(row)
    return rows


def write_relations(project: Project, *, m2m: dict, locations: list[dict], partners: list[dict]) -> None:
    for key, values in m2m.items():
        if key in PROJECT_M2M:
            getattr(project, key).set(values)
    project.locations.all().delete()
    ProjectLocation.objects.bulk_create(location_rows(project, locations))
    project.partners.all().delete()
    ProjectPartner.objects.bulk_create(partner_rows(project, partners))


def after_project_change(project: Project) -> None:
    facets_write([project.pk])
    project_index(project)
    transaction.on_commit(lambda: page_cache_bump("projects"))


@transaction.atomic
def project_create(
    *,
    organization: Organization,
    data: dict,
    m2m: dict,
    locations: list[dict],
    partners: list[dict],
    by: User | None,
) -> Project:
    """An editor of the organization (or the secretariat, or the demo seed) adds a project."""
    data = normalize_project(data)
    raise_problems(project_problems(data, locations, partners))
    project = Project(organization=organization, **data)
    derived_fields(project)
    project.save()
    write_relations(project, m2m=m2m, locations=locations, partners=partners)
    record_project_version(project, by=by, changed=["created"])
    audit_record(actor=by, action="project.create", target=project, organization=organization.pk)
    after_project_change(project)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    data: dict,
    m2m: dict,
    locations: list[dict],
    partners: list[dict],
    expected_version: int,
    by: User | None,
    note: str = "",
) -> Project:
    """Save the project form (or a spreadsheet row). Refuses a stale form rather than overwrite a
    colleague's change; records the changed fields."""
    data = normalize_project(data)
    raise_problems(project_problems(data, locations, partners))
    bumped = Project.objects.filter(pk=project.pk, version=expected_version).update(
        version=expected_version + 1
    )
    if not bumped:
        raise StaleEdit(stale_message(), code="stale")
    before = project_snapshot(Project.objects.get(pk=project.pk))
    for key, value in data.items():
        setattr(project, key, value)
    project.version = expected_version + 1
    derived_fields(project)
    project.save()
    write_relations(project, m2m=m2m, locations=locations, partners=partners)
    after = project_snapshot(project)
    changed = sorted(key for key in after if after[key] != before.get(key))
    record_project_version(project, by=by, changed=changed, note=note)
    audit_record(
        actor=by, action="project.restore" if note else "project.update", target=project, fields=changed
    )
    after_project_change(project)
    return project


@dataclass
class NewProject:
    """One project to create in a bulk import."""

    organization: Organization
    data: dict
    m2m: dict
    locations: list[dict]
    partners: list[dict]


@transaction.atomic
def projects_import(*, rows: list[NewProject], by: User | None) -> list[Project]:
    """Create many projects at once (a spreadsheet upload, the secretariat's import, the demo seed)
    with the same checks and records as project_create — a version per project, the search index —
    written in bulk so that thousands of rows take seconds. One audit record names them all."""
    if not rows:
        return []
    projects = []
    for row in rows:
        data = normalize_project(row.data)
        raise_problems(project_problems(data, row.locations, row.partners))
        project = Project(organization=row.organization, index_pending=True, **data)
        derived_fields(project)
        projects.append(project)
    Project.objects.bulk_create(projects, batch_size=1000)
    links = {key: [] for key in PROJECT_M2M}
    locations, partners, versions = [], [], []
    for project, row in zip(projects, rows, strict=True):
        for key, model in PROJECT_M2M.items():
            through = getattr(Project, key).through
            column = f"{model._meta.model_name}_id"
            links[key] += [
                through(project_id=project.pk, **{column: getattr(item, "pk", item)})
                for item in row.m2m.get(key, [])
            ]
        project.new_locations = location_rows(project, row.locations)
        project.new_partners = partner_rows(project, row.partners)
        locations += project.new_locations
        partners += project.new_partners
        versions.append(
            ProjectVersion(
                project=project,
                version=1,
                data=project_snapshot(
                    project, relations=(row.m2m, project.new_locations, project.new_partners)
                ),
                changed_fields=["created"],
                changed_by=by,
                note="import",
            )
        )
    for key in PROJECT_M2M:
        getattr(Project, key).through.objects.bulk_create(links[key], batch_size=2000)
    ProjectLocation.objects.bulk_create(locations, batch_size=2000)
    ProjectPartner.objects.bulk_create(partners, batch_size=2000)
    ProjectVersion.objects.bulk_create(versions, batch_size=1000)
    facets_write([project.pk for project in projects])
    audit_record(
        actor=by,
        action="project.import",
        target=None,
        count=len(projects),
        ids=[p.pk for p in projects][:5000],
    )
    # Their search rows are written after the commit, a batch at a time (index_pending): indexing
    # costs ~20 ms a project, too long to hold a 5,000-row upload for.
    transaction.on_commit(lambda: index_pending(limit=INLINE_INDEX))
    transaction.on_commit(lambda: page_cache_bump("projects"))
    return projects


def version_inputs(version: ProjectVersion) -> tuple[dict, dict, list[dict], list[dict]]:
    """The service arguments that bring a project back to a saved version."""
    saved = version.data
    data = {key: saved.get(key) for key in PROJECT_FIELDS}
    data["sector_group"] = SectorGroup.objects.filter(pk=saved.get("sector_group")).first()
    for key in ("starts_on", "ends_on"):
        data[key] = date.fromisoformat(data[key]) if data[key] else None
    data["budget_amount"] = Decimal(data["budget_amount"]) if data["budget_amount"] is not None else None
    m2m = {key: model.objects.filter(pk__in=saved.get(key, [])) for key, model in PROJECT_M2M.items()}
    provinces = Province.objects.in_bulk([row[0] for row in saved.get("locations", [])])
    districts = District.objects.in_bulk([row[1] for row in saved.get("locations", []) if row[1]])
    locations = [
        {"province": provinces.get(row[0]), "district": districts.get(row[1]), "village": row[2]}
        for row in saved.get("locations", [])
        if row[0] in provinces
    ]
    organizations = Organization.objects.in_bulk([row[1] for row in saved.get("partners", []) if row[1]])
    partners = [
        {"role": row[0], "organization": organizations.get(row[1]), "name": row[2]}
        for row in saved.get("partners", [])
        if row[2] or row[1] in organizations
    ]
    return data, m2m, locations, partners


@transaction.atomic
def project_version_restore(*, version: ProjectVersion, by: User) -> Project:
    """The secretariat brings back an earlier state of a project; the restore is a new version."""
    if not is_secretariat(by):
        raise PermissionDenied
    project = version.project
    data, m2m, locations, partners = version_inputs(version)
    return project_update(
        project=project,
        data=data,
        m2m=m2m,
        locations=locations,
        partners=partners,
        expected_version=project.version,
        by=by,
        note=f"v{version.version}",
    )


# --- reporting rounds ---------------------------------------------------------------------------

ROUND_FIELDS = ["title_lo", "title_en", "period_start", "period_end", "deadline", "reminder_days"]


def round_problems(data: dict) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    start, end, deadline = data.get("period_start"), data.get("period_end"), data.get("deadline")
    if start and end and end < start:
        problems["period_end"] = [_("The end of the period is before its start.")]
    if end and deadline and deadline < end - timedelta(days=366):
        problems["deadline"] = [_("The deadline is long before the end of the period.")]
    if not (data.get("title_lo") or "").strip():
        problems["title_lo"] = [_("Give the round a title in Lao.")]
    return problems


def round_organizations(*, sector_groups=None, provinces=None):
    """Active members, optionally only those of some sector groups and/or head offices in some provinces."""
    organizations = Organization.objects.listed()
    if sector_groups:
        organizations = organizations.filter(
            Q(primary_sector_group__in=sector_groups) | Q(sector_groups__in=sector_groups)
        )
    if provinces:
        organizations = organizations.filter(head_office_province__in=provinces)
    return organizations.distinct()


@transaction.atomic
def round_open(
    *, data: dict, by: User | None, sector_groups=None, provinces=None, organizations=None
) -> ReportingRound:
    """The secretariat opens a round: every chosen organization gets a report, not started. The
    daily reminder command tells them (so that opening a round for thousands stays quick)."""
    if by is not None and not is_secretariat(by):
        raise PermissionDenied
    data = {key: value for key, value in data.items() if key in ROUND_FIELDS}
    data["title_lo"] = lao.clean(data.get("title_lo") or "")
    raise_problems(round_problems(data))
    reporting_round = ReportingRound.objects.create(opened_by=by, **data)
    if organizations is None:
        organizations = round_organizations(sector_groups=sector_groups, provinces=provinces)
    ids = list(organizations.values_list("pk", flat=True))
    Report.objects.bulk_create(
        (Report(round=reporting_round, organization_id=pk) for pk in ids), batch_size=2000
    )
    audit_record(actor=by, action="round.open", target=reporting_round, organizations=len(ids))
    return reporting_round


@transaction.atomic
def round_update(
    *, reporting_round: ReportingRound, data: dict, expected_version: int, by: User
) -> ReportingRound:
    """The secretariat changes a round's title, period, deadline or reminder."""
    if not is_secretariat(by):
        raise PermissionDenied
    data = {key: value for key, value in data.items() if key in ROUND_FIELDS}
    data["title_lo"] = lao.clean(data.get("title_lo") or "")
    raise_problems(round_problems(data))
    if not ReportingRound.objects.filter(pk=reporting_round.pk, version=expected_version).update(
        version=expected_version + 1
    ):
        raise StaleEdit(stale_message(), code="stale")
    changed = [key for key, value in data.items() if getattr(reporting_round, key) != value]
    for key, value in data.items():
        setattr(reporting_round, key, value)
    reporting_round.version = expected_version + 1
    reporting_round.save()
    audit_record(actor=by, action="round.update", target=reporting_round, fields=changed)
    return reporting_round


@transaction.atomic
def round_set_status(*, reporting_round: ReportingRound, status: str, by: User) -> None:
    """The secretariat closes a round (organizations can no longer edit or submit) or opens it again."""
    if not is_secretariat(by):
        raise PermissionDenied
    if status not in ReportingRound.Status.values or status == reporting_round.status:
        return
    reporting_round.status = status
    reporting_round.save(update_fields=["status", "updated_at"])
    audit_record(actor=by, action=f"round.{status}", target=reporting_round)


@transaction.atomic
def round_add_organization(
    *, reporting_round: ReportingRound, organization: Organization, by: User
) -> Report:
    """The secretariat asks one more organization (a new member) to report in an open round."""
    if not is_secretariat(by):
        raise PermissionDenied
    report, created = Report.objects.get_or_create(round=reporting_round, organization=organization)
    if created:
        audit_record(
            actor=by, action="round.add_organization", target=reporting_round, organization=organization.pk
        )
    return report


@transaction.atomic
def rates_set(*, reporting_round: ReportingRound, rates: dict[str, Decimal | None], by: User) -> None:
    """The secretariat enters the kip value of each currency for the round's totals. An empty rate
    removes it."""
    if not is_secretariat(by):
        raise PermissionDenied
    changed = {}
    for currency, value in rates.items():
        if currency == Currency.LAK or currency not in Currency.values:
            continue
        if value is None:
            if ExchangeRate.objects.filter(round=reporting_round, currency=currency).delete()[0]:
                changed[currency] = None
            continue
        if value <= 0 or value > 10**9:
            raise ValidationError({currency: _("An exchange rate must be a positive number of kip.")})
        rate, created = ExchangeRate.objects.get_or_create(
            round=reporting_round, currency=currency, defaults={"lak_per_unit": value}
        )
        if created or rate.lak_per_unit != value:
            rate.lak_per_unit = value
            rate.save(update_fields=["lak_per_unit"])
            changed[currency] = str(value)
    if changed:
        audit_record(actor=by, action="round.rates", target=reporting_round, rates=changed)


# --- reports ------------------------------------------------------------------------------------


def report_due_projects(report: Report):
    """The projects a report covers: the organization's projects that ran during the period, and any
    already in the report."""
    reporting_round = report.round
    running = Q(starts_on__lte=reporting_round.period_end) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=reporting_round.period_start)
    )
    lined = Q(pk__in=ReportProject.objects.filter(report=report).values("project_id"))
    return Project.objects.filter(Q(organization=report.organization_id) & (running | lined)).order_by(
        "starts_on", "pk"
    )


def report_snapshot(report: Report) -> dict:
    data = {key: report.serializable_value(key) for key in REPORT_FIELDS}
    data["spending_amount"] = str(report.spending_amount) if report.spending_amount is not None else None
    data["status"] = report.status
    lines = []
    for line in report.lines.order_by("project_id").prefetch_related("ethnic_groups"):
        row = {key: line.serializable_value(key) for key in LINE_FIELDS}
        row["spending_amount"] = str(line.spending_amount) if line.spending_amount is not None else None
        row["project"] = line.project_id
        row["ethnic_groups"] = sorted(group.pk for group in line.ethnic_groups.all())
        lines.append(row)
    data["lines"] = lines
    return data


def changed_keys(before: dict, after: dict) -> list[str]:
    changed = [key for key in after if key not in ("lines", "status") and after[key] != before.get(key)]
    old_lines = {line["project"]: line for line in before.get("lines", [])}
    for line in after.get("lines", []):
        old = old_lines.get(line["project"], {})
        changed += [
            f"project {line['project']}: {key}"
            for key in line
            if key != "project" and line[key] != old.get(key)
        ]
    return changed


def record_report_version(report: Report, *, by: User | None, changed: list[str], note: str = "") -> None:
    ReportVersion.objects.create(
        report=report,
        version=report.version,
        data=report_snapshot(report),
        changed_fields=changed[:200],
        changed_by=by,
        note=note,
    )


def line_problems(line: dict) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    message = amount_problem(line.get("spending_amount"))
    if message:
        problems["spending_amount"] = [message]
    if line.get("spending_amount") is not None and line.get("spending_currency") not in Currency.values:
        problems["spending_currency"] = [_("In which currency is the spending?")]
    for group in PEOPLE:
        for key in (group, f"disabled_{group}"):
            message = count_problem(line.get(key))
            if message:
                problems.setdefault(key, []).append(message)
        total, disabled = line.get(group), line.get(f"disabled_{group}")
        if total is not None and disabled is not None and 0 <= total < disabled:
            problems.setdefault(f"disabled_{group}", []).append(
                _("More persons with disabilities than people reached in this group.")
            )
    return problems


def report_figures_problems(data: dict) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for key in ("staff_women", "staff_men", "volunteers_women", "volunteers_men"):
        message = count_problem(data.get(key), maximum=MAX_STAFF)
        if message:
            problems[key] = [message]
    message = amount_problem(data.get("spending_amount"))
    if message:
        problems["spending_amount"] = [message]
    if data.get("spending_amount") is not None and data.get("spending_currency") not in Currency.values:
        problems["spending_currency"] = [_("In which currency is the spending?")]
    return problems


def report_problems(data: dict, lines: dict[int, dict]) -> dict[str, list[str]]:
    """Problems with a report's figures: keys are field names, and "line-<project id>-<field>"."""
    problems = report_figures_problems(data)
    for project_id, line in lines.items():
        for key, messages in line_problems(line).items():
            problems[f"line-{project_id}-{key}"] = messages
    return problems


def lock_report(report: Report, expected_version: int | None) -> Report:
    """Lock the report's row for a state change. A stale version is refused like a stale edit."""
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("round", "organization")
        .get(pk=report.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleEdit(stale_message(), code="stale")
    return locked


def transition(
    report: Report, *, action: str, to: str, by: User | None, comment: str = ""
) -> ReportTransition:
    step = ReportTransition.objects.create(
        report=report, action=action, from_status=report.status, to_status=to, by=by, comment=comment
    )
    report.status = to
    report.version += 1
    now = timezone.now()
    if to == Report.Status.SUBMITTED:
        report.submitted_at = now
    if to == Report.Status.ACCEPTED:
        report.accepted_at = now
    if action == ReportTransition.Action.REOPEN:
        report.accepted_at = None
    report.save(update_fields=["status", "version", "submitted_at", "accepted_at", "updated_at"])
    audit_record(actor=by, action=f"report.{action}", target=report, status=to)
    # Sector group pages show how many members have reported.
    transaction.on_commit(lambda: page_cache_bump("projects"))
    return step


@transaction.atomic
def report_save(
    *,
    report: Report,
    data: dict,
    lines: dict[int, dict],
    expected_version: int,
    by: User | None,
    note: str = "",
    draft_key: uuid.UUID | None = None,
) -> Report:
    """Save the report form (or an uploaded spreadsheet): the organization's figures and a line per
    project (keyed by project id). A report not started becomes a draft. Refuses a stale form and a
    report that is submitted or accepted. A form sent with a `draft_key` is applied once: sending it
    again raises DuplicateDraft (an offline phone retries until it hears an answer)."""
    raise_problems(report_problems(data, lines))
    due = set(report_due_projects(report).values_list("pk", flat=True))
    strangers = sorted(set(lines) - due)
    if strangers:
        raise ValidationError(_("These projects are not part of this report: %(ids)s") % {"ids": strangers})
    # The conditional UPDATE is the lock: of two people holding the same version, one wins.
    if not Report.objects.filter(pk=report.pk, version=expected_version, status__in=Report.EDITABLE).update(
        version=expected_version + 1
    ):
        if draft_key and AppliedDraft.objects.filter(report=report, key=draft_key).exists():
            raise DuplicateDraft
        current = Report.objects.filter(pk=report.pk).values_list("status", flat=True).first()
        if current not in Report.EDITABLE:
            raise ValidationError(
                _("This report is submitted or accepted and can no longer be changed."), code="locked"
            )
        raise StaleEdit(stale_message(), code="stale")
    if draft_key:
        AppliedDraft.objects.create(report=report, key=draft_key)
    report.refresh_from_db()
    if report.round.status != ReportingRound.Status.OPEN:
        raise ValidationError(_("This reporting round is closed."), code="closed")
    before = report_snapshot(report)
    for key in REPORT_FIELDS:
        if key in data:
            setattr(report, key, data[key])
    if report.spending_amount is None:
        report.spending_currency = report.spending_currency or Currency.LAK
    report.save()
    existing = {line.project_id: line for line in report.lines.all()}
    for project_id, values in lines.items():
        line = existing.get(project_id) or ReportProject(report=report, project_id=project_id)
        for key in LINE_FIELDS:
            if key in values:
                value = values[key]
                if key in ("results_lo", "results_en"):
                    value = lao.clean(value or "")
                setattr(line, key, value)
        line.spending_currency = line.spending_currency or Currency.LAK
        line.save()
        if "ethnic_groups" in values:
            line.ethnic_groups.set(values["ethnic_groups"])
    if report.status == Report.Status.NOT_STARTED:
        transition(report, action=ReportTransition.Action.START, to=Report.Status.DRAFT, by=by)
    after = report_snapshot(report)
    changed = changed_keys(before, after)
    record_report_version(report, by=by, changed=changed, note=note)
    audit_record(actor=by, action="report.save", target=report, changes=len(changed), note=note)
    return report


def submission_problems(report: Report) -> list[str]:
    """What is missing before a report can be submitted, as sentences naming the item."""
    problems = []
    missing = [
        str(Report._meta.get_field(key).verbose_name)
        for key in ("staff_women", "staff_men", "volunteers_women", "volunteers_men", "spending_amount")
        if getattr(report, key) is None
    ]
    if missing:
        problems.append(
            _("Organization figures: please fill in %(fields)s.") % {"fields": ", ".join(missing)}
        )
    lines = {line.project_id: line for line in report.lines.all()}
    for project in report_due_projects(report):
        line = lines.get(project.pk)
        if line is None:
            problems.append(_("%(project)s: no figures yet.") % {"project": project.title})
            continue
        missing = [
            str(ReportProject._meta.get_field(key).verbose_name)
            for key in ("spending_amount", *PEOPLE)
            if getattr(line, key) is None
        ]
        if missing:
            problems.append(
                _("%(project)s: please fill in %(fields)s.")
                % {"project": project.title, "fields": ", ".join(missing)}
            )
        if not (line.results_lo.strip() or line.results_en.strip()):
            problems.append(
                _("%(project)s: describe the results in Lao or English.") % {"project": project.title}
            )
    return problems


@transaction.atomic
def report_submit(*, report: Report, by: User, expected_version: int | None = None) -> Report:
    """The organization sends its report for review (a draft, or a returned report corrected)."""
    report = lock_report(report, expected_version)
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise ValidationError(_("Only a draft or a returned report can be submitted."), code="state")
    if report.round.status != ReportingRound.Status.OPEN:
        raise ValidationError(_("This reporting round is closed."), code="closed")
    problems = submission_problems(report)
    if problems:
        raise ValidationError(problems, code="incomplete")
    transition(report, action=ReportTransition.Action.SUBMIT, to=Report.Status.SUBMITTED, by=by)
    record_report_version(report, by=by, changed=["status"], note="submitted")
    emails.send_report_submitted(report)
    return report


@transaction.atomic
def report_return(
    *,
    report: Report,
    by: User,
    comment: str = "",
    line_comments: dict[int, str] | None = None,
    figures_comment: str = "",
    expected_version: int | None = None,
) -> ReportTransition:
    """A reviewer sends a submitted report back with comments on the items that need work.
    `line_comments` maps report line ids to comments; at least one comment is required."""
    report = lock_report(report, expected_version)
    if not can_review_report(by, report):
        raise PermissionDenied
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."), code="state")
    line_comments = {pk: text.strip() for pk, text in (line_comments or {}).items() if text and text.strip()}
    comment, figures_comment = comment.strip(), figures_comment.strip()
    if not (comment or figures_comment or line_comments):
        raise ValidationError(
            {"comment": _("Say what needs correcting: a general comment or a comment on an item.")}
        )
    lines = set(report.lines.values_list("pk", flat=True))
    if set(line_comments) - lines:
        raise ValidationError(_("A comment refers to a project that is not in this report."))
    step = transition(
        report, action=ReportTransition.Action.RETURN, to=Report.Status.RETURNED, by=by, comment=comment
    )
    comments = [ReviewComment(transition=step, line=None, text=figures_comment)] if figures_comment else []
    comments += [ReviewComment(transition=step, line_id=pk, text=text) for pk, text in line_comments.items()]
    ReviewComment.objects.bulk_create(comments)
    emails.send_report_decision(report, step)
    return step


@transaction.atomic
def report_accept(
    *, report: Report, by: User, comment: str = "", expected_version: int | None = None
) -> Report:
    """A reviewer accepts a submitted report; it is locked from then on."""
    report = lock_report(report, expected_version)
    if not can_review_report(by, report):
        raise PermissionDenied
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."), code="state")
    step = transition(
        report,
        action=ReportTransition.Action.ACCEPT,
        to=Report.Status.ACCEPTED,
        by=by,
        comment=comment.strip(),
    )
    emails.send_report_decision(report, step)
    return report


@transaction.atomic
def report_reopen(*, report: Report, by: User, reason: str, expected_version: int | None = None) -> Report:
    """The secretariat, and only it, unlocks an accepted report, saying why; the organization may then
    correct it and submit it again."""
    report = lock_report(report, expected_version)
    if not can_reopen_report(by, report):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is reopened.")})
    step = transition(
        report,
        action=ReportTransition.Action.REOPEN,
        to=Report.Status.RETURNED,
        by=by,
        comment=reason.strip(),
    )
    emails.send_report_decision(report, step)
    return report


@transaction.atomic
def report_photo_add(*, line: ReportProject, image, caption: str, by: User) -> ReportPhoto:
    """Attach a photo (already re-encoded by core.images) to a project line of an editable report."""
    report = Report.objects.select_for_update().get(pk=line.report_id)
    if not report.is_editable:
        raise ValidationError(_("This report is submitted or accepted and can no longer be changed."))
    if line.photos.count() >= 10:
        raise ValidationError(_("A project can have at most 10 photos in a report."))
    photo = ReportPhoto(line=line, caption=lao.clean(caption)[:300], uploaded_by=by)
    photo.image.save(
        f"{timezone.now():%Y}/{_random_name()}.{image.name.rsplit('.', 1)[-1]}", image, save=False
    )
    photo.save()
    audit_record(actor=by, action="report.photo_add", target=report, line=line.pk)
    return photo


@transaction.atomic
def report_photo_delete(*, photo: ReportPhoto, by: User) -> None:
    report = Report.objects.select_for_update().get(pk=photo.line.report_id)
    if not report.is_editable:
        raise ValidationError(_("This report is submitted or accepted and can no longer be changed."))
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    audit_record(actor=by, action="report.photo_delete", target=report)
    transaction.on_commit(lambda: storage.delete(name))


def _random_name() -> str:
    import secrets

    return secrets.token_hex(16)


# --- reminders ----------------------------------------------------------------------------------


def reminder_kind_due(reporting_round: ReportingRound, today: date) -> str | None:
    """The reminder that is due today for a report not yet submitted, if any."""
    days_left = (reporting_round.deadline - today).days
    if days_left >= 0:
        return ReminderSent.Kind.BEFORE if days_left <= reporting_round.reminder_days else None
    late = -days_left
    if late >= 15:
        return ReminderSent.Kind.OVERDUE_3
    if late >= 8:
        return ReminderSent.Kind.OVERDUE_2
    return ReminderSent.Kind.OVERDUE_1


@dataclass
class ReminderRun:
    sent: dict[str, int] = field(default_factory=dict)
    skipped: int = 0


def reminder_send(report: Report, kind: str) -> bool:
    """Queue one reminder for a report and record it, together; False if one of this kind went out
    already (also from a command running at the same time: the unique key decides)."""
    try:
        with transaction.atomic():
            record = ReminderSent.objects.create(report=report, kind=kind)
            record.recipients = emails.send_reminder(report, kind)
            record.save(update_fields=["recipients"])
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: date | None = None) -> ReminderRun:
    """Email the organizations of open rounds that have not submitted: once when a round opens, once
    within `reminder_days` before its deadline, and up to three times after it (the day after, a week
    later, two weeks later). Each (report, kind) goes out at most once, so the daily command is safe
    to run again; a kind whose day was missed (cron down) is not sent late once a later one is due."""
    today = today or timezone.localdate()
    run = ReminderRun()
    for reporting_round in ReportingRound.objects.filter(status=ReportingRound.Status.OPEN):
        due = reminder_kind_due(reporting_round, today)
        sent_kinds: dict[int, set[str]] = {}
        for report_id, kind in ReminderSent.objects.filter(report__round=reporting_round).values_list(
            "report_id", "kind"
        ):
            sent_kinds.setdefault(report_id, set()).add(kind)
        reports = reporting_round.reports.filter(status__in=Report.PENDING).select_related(
            "organization", "round"
        )
        for report in reports.order_by("pk").iterator(chunk_size=1000):
            already = sent_kinds.get(report.pk, set())
            if ReminderSent.Kind.OPENED not in already and reporting_round.deadline >= today:
                kind = ReminderSent.Kind.OPENED
            elif due and due not in already:
                kind = due
            else:
                continue
            if not reminder_send(report, kind):
                run.skipped += 1
                continue
            run.sent[kind] = run.sent.get(kind, 0) + 1
            if kind == ReminderSent.Kind.OPENED and due == ReminderSent.Kind.BEFORE:
                # The opening notice names the deadline: no second mail about it the same week.
                ReminderSent.objects.get_or_create(report=report, kind=ReminderSent.Kind.BEFORE)
    return run
