"""Your organization, with a personal API token: read and write your organizations' projects and
fill their reports. Every write goes through the projects app's services (checked, versioned,
audited, indexed) and is recorded once more as an API write with the token that made it.

A project or report of an organization you do not edit is a 404, for reading and for writing, so
that the answer never tells whether it exists."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as ApiValidationError

from api.auth import required_token
from api.common import WRITE_ERRORS, PageParams, organization_ref, page, page_url
from api.routers.projects import detail as project_detail_out
from api.routers.projects import project_for, with_details
from api.routers.projects import summary as project_summary_out
from api.schemas import (
    ErrorOut,
    MeOut,
    ProjectCreateIn,
    ProjectFieldsIn,
    ProjectOut,
    ProjectSummaryOut,
    ProjectUpdateIn,
    ReportIn,
    ReportOut,
    ReportSummaryOut,
    SubmitIn,
    ValidationErrorOut,
    page_of,
)
from core.audit import audit_record
from core.models import District, EthnicGroup, PlanOutcome, Province, SdgTarget, SectorGroup, Theme
from directory.models import Organization, OrganizationRole
from projects import services
from projects.models import Project, Report, ReportingRound

router = Router(tags=[N_("Your organization (token)")], auth=required_token)

MyProjectPage = page_of(ProjectSummaryOut, "MyProjectPage")
ReportPage = page_of(ReportSummaryOut, "ReportPage")
READ_MINE = {422: ValidationErrorOut}
DETAIL_MINE = {404: ErrorOut, 422: ValidationErrorOut}
CONFLICTS = ("stale", "locked", "closed", "state")


def problems_response(problems: list[dict]) -> None:
    raise ApiValidationError(problems)


def problem(loc: list, message: str) -> dict:
    return {"loc": ["body", *loc], "msg": message, "type": "value_error"}


def service_errors(error: DjangoValidationError) -> None:
    """A service's refusal as an API answer: a stale version or a locked record is a 409 with the
    service's own sentence; problems with the data are a 422 pointing at the fields."""
    if isinstance(error, services.StaleEdit) or getattr(error, "code", None) in CONFLICTS:
        raise HttpError(409, error.messages[0])
    if hasattr(error, "error_dict"):
        found = []
        for key, messages in error.message_dict.items():
            loc = [int(part) if part.isdigit() else part for part in key.split(".")]
            found += [problem(loc, message) for message in messages]
        problems_response(found)
    problems_response([problem([], message) for message in error.messages])


def api_write(request, *, operation: str, target) -> None:
    """The second audit record of an API write: which token made it (the service recorded what)."""
    audit_record(
        actor=request.auth.user,
        action="api.write",
        target=target,
        operation=operation,
        token=request.auth.token.pk,
    )


# --- you ------------------------------------------------------------------------------------------


@router.get(
    "/me",
    response={200: MeOut},
    summary=N_("You and your organizations"),
    description=N_("The organizations your token may write for, and the token itself."),
)
def me(request):
    roles = OrganizationRole.objects.filter(user=request.auth.user).select_related("organization")
    token = request.auth.token
    return {
        "organizations": [
            {**organization_ref(role.organization), "role": role.kind, "status": role.organization.status}
            for role in sorted(roles, key=lambda role: role.organization.name_lo_sort)
        ],
        "token": {
            "name": token.name,
            "starts_with": token.prefix,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
        },
    }


# --- projects -------------------------------------------------------------------------------------------


def own_projects(request):
    return Project.objects.filter(organization_id__in=request.auth.own_organization_ids)


def writable(organization: Organization) -> None:
    """Your own organization's projects may be written unless it has left the network."""
    if organization.status == Organization.Status.FORMER:
        raise HttpError(
            403, _("Your organization is a former member: its projects can no longer be changed.")
        )


def project_inputs(body: ProjectFieldsIn) -> tuple[dict, dict, list[dict], list[dict]]:
    """The service's arguments from the request's codes; every unknown code is reported at once."""
    found: list[dict] = []

    def lookup(model, field: str, values: list, loc: list) -> list:
        rows = model.objects.in_bulk(values, field_name=field)
        for number, value in enumerate(values):
            if value not in rows:
                found.append(problem([*loc, number], _("Unknown code.")))
        return [rows[value] for value in dict.fromkeys(values) if value in rows]

    group = SectorGroup.objects.filter(code=body.sector_group).first()
    if group is None:
        found.append(problem(["sector_group"], _("Unknown code.")))
    themes = lookup(Theme, "code", body.themes, ["themes"])
    targets = lookup(SdgTarget, "code", body.sdg_targets, ["sdg_targets"])
    outcomes = []
    known = {
        f"{row.framework.code}-{row.number}": row for row in PlanOutcome.objects.select_related("framework")
    }
    for number, code in enumerate(body.plan_outcomes):
        if code in known:
            outcomes.append(known[code])
        else:
            found.append(problem(["plan_outcomes", number], _("Unknown code.")))
    provinces = Province.objects.in_bulk([row.province for row in body.locations], field_name="code")
    districts = District.objects.in_bulk(
        [row.district for row in body.locations if row.district], field_name="code"
    )
    locations = []
    for number, row in enumerate(body.locations):
        province = provinces.get(row.province)
        district = districts.get(row.district) if row.district else None
        if province is None:
            found.append(problem(["locations", number, "province"], _("Unknown code.")))
        if row.district and district is None:
            found.append(problem(["locations", number, "district"], _("Unknown code.")))
        locations.append({"province": province, "district": district, "village": row.village})
    partners = []
    slugs = [row.organization for row in body.partners if row.organization]
    members = Organization.objects.listed().in_bulk(slugs, field_name="slug")
    for number, row in enumerate(body.partners):
        organization = members.get(row.organization) if row.organization else None
        if row.organization and organization is None:
            found.append(
                problem(["partners", number, "organization"], _("No member organization has this slug."))
            )
        partners.append({"role": row.role, "name": row.name, "organization": organization})
    if found:
        problems_response(found)
    data = {
        key: getattr(body, key)
        for key in (
            "title_lo",
            "title_en",
            "summary_lo",
            "summary_en",
            "status",
            "starts_on",
            "ends_on",
            "government_counterpart",
            "budget_amount",
            "budget_currency",
            "visibility",
        )
    }
    data["sector_group"] = group
    m2m = {"themes": themes, "sdg_targets": targets, "plan_outcomes": outcomes}
    return data, m2m, locations, partners


@router.get(
    "/me/projects",
    response={200: MyProjectPage, **READ_MINE},
    summary=N_("Your organizations' projects"),
    description=N_("Every project of the organizations you edit, whoever may see them."),
)
def my_projects(request, params: Query[PageParams]):
    projects = own_projects(request).order_by("organization__name_lo_sort", "-starts_on", "pk")
    projects = with_details(projects)
    return page(projects, params, lambda project: project_summary_out(request, project))


@router.post(
    "/me/projects",
    response={201: ProjectOut, 400: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut},
    summary=N_("Add a project"),
    description=N_(
        "Adds a project to one of your organizations. Unknown codes and missing data are a 422 "
        "naming each field; an organization you do not edit is a 422 on `organization`."
    ),
)
def project_add(request, body: ProjectCreateIn):
    organization = Organization.objects.filter(
        pk__in=request.auth.own_organization_ids, slug=body.organization
    ).first()
    if organization is None:
        problems_response([problem(["organization"], _("You do not edit an organization with this slug."))])
    writable(organization)
    data, m2m, locations, partners = project_inputs(body)
    try:
        with transaction.atomic():
            project = services.project_create(
                organization=organization,
                data=data,
                m2m=m2m,
                locations=locations,
                partners=partners,
                by=request.auth.user,
            )
            api_write(request, operation="project.create", target=project)
    except DjangoValidationError as error:
        service_errors(error)
    return Status(201, project_detail_out(request, project_for(request.auth.viewer, project.pk)))


@router.put(
    "/me/projects/{project_id}",
    response={200: ProjectOut, **WRITE_ERRORS, 403: ErrorOut},
    summary=N_("Change a project"),
    description=N_(
        "Replaces a project's data (send every field, as read, with your changes) and the version "
        "you read. If someone saved the project since, nothing is changed and the answer is a 409: "
        "read it again and redo your change."
    ),
)
def project_change(request, body: ProjectUpdateIn, project_id: int = Path(..., ge=1, le=2**53)):
    project = own_projects(request).select_related("organization").filter(pk=project_id).first()
    if project is None:
        raise Http404
    writable(project.organization)
    data, m2m, locations, partners = project_inputs(body)
    try:
        with transaction.atomic():
            services.project_update(
                project=project,
                data=data,
                m2m=m2m,
                locations=locations,
                partners=partners,
                expected_version=body.version,
                by=request.auth.user,
            )
            api_write(request, operation="project.update", target=project)
    except DjangoValidationError as error:
        service_errors(error)
    return project_detail_out(request, project_for(request.auth.viewer, project.pk))


# --- reports ----------------------------------------------------------------------------------------------


def own_report(request, report_id: int) -> Report:
    report = (
        Report.objects.select_related("round", "organization")
        .filter(pk=report_id, organization_id__in=request.auth.own_organization_ids)
        .first()
    )
    if report is None:
        raise Http404
    return report


def is_editable(report: Report) -> bool:
    return report.is_editable and report.round.status == ReportingRound.Status.OPEN


def report_summary(request, report: Report) -> dict:
    reporting_round = report.round
    return {
        "id": report.pk,
        "round": {
            "id": reporting_round.pk,
            "title_lo": reporting_round.title_lo,
            "title_en": reporting_round.title_en,
            "period_start": reporting_round.period_start,
            "period_end": reporting_round.period_end,
            "deadline": reporting_round.deadline,
            "status": reporting_round.status,
        },
        "organization": organization_ref(report.organization),
        "status": report.status,
        "editable": is_editable(report),
        "version": report.version,
        "url": page_url(request, "projects:report-detail", reporting_round.pk, report.organization.slug),
    }


LINE_NUMBERS = [
    "women",
    "men",
    "girls",
    "boys",
    "disabled_women",
    "disabled_men",
    "disabled_girls",
    "disabled_boys",
]


def report_detail_out(request, report: Report) -> dict:
    lines = report.lines.prefetch_related("ethnic_groups").order_by("project_id")
    waiting = report.status in (Report.Status.DRAFT, Report.Status.RETURNED)
    return {
        **report_summary(request, report),
        **{
            key: getattr(report, key)
            for key in ("staff_women", "staff_men", "volunteers_women", "volunteers_men")
        },
        "spending_amount": report.spending_amount,
        "spending_currency": report.spending_currency,
        "projects": [
            {"id": project.pk, "title_lo": project.title_lo, "title_en": project.title_en}
            for project in services.report_due_projects(report)
        ],
        "lines": [
            {
                "project": line.project_id,
                "spending_amount": line.spending_amount,
                "spending_currency": line.spending_currency,
                **{key: getattr(line, key) for key in LINE_NUMBERS},
                "ethnic_groups": sorted(group.number for group in line.ethnic_groups.all()),
                "results_lo": line.results_lo,
                "results_en": line.results_en,
            }
            for line in lines
        ],
        "missing": services.submission_problems(report) if waiting else [],
    }


@router.get(
    "/me/reports",
    response={200: ReportPage, **READ_MINE},
    summary=N_("Your organizations' reports"),
    description=N_("The reports your organizations are asked for, latest round first."),
)
def my_reports(request, params: Query[PageParams]):
    reports = (
        Report.objects.filter(organization_id__in=request.auth.own_organization_ids)
        .select_related("round", "organization")
        .order_by("-round__period_end", "-round_id", "organization__name_lo_sort", "pk")
    )
    return page(reports, params, lambda report: report_summary(request, report))


@router.get(
    "/me/reports/{report_id}",
    response={200: ReportOut, **DETAIL_MINE},
    summary=N_("One of your reports"),
    description=N_("A report with its figures, the projects it covers and what is still missing."),
)
def my_report(request, report_id: int = Path(..., ge=1, le=2**53)):
    return report_detail_out(request, own_report(request, report_id))


def report_inputs(report: Report, body: ReportIn) -> tuple[dict, dict[int, dict]]:
    data = {
        key: getattr(body, key)
        for key in (
            "staff_women",
            "staff_men",
            "volunteers_women",
            "volunteers_men",
            "spending_amount",
            "spending_currency",
        )
    }
    found = []
    numbers = {number for line in body.lines for number in line.ethnic_groups}
    groups = EthnicGroup.objects.in_bulk(list(numbers), field_name="number")
    due = set(services.report_due_projects(report).values_list("pk", flat=True))
    lines: dict[int, dict] = {}
    for index, line in enumerate(body.lines):
        if line.project in lines:
            found.append(problem(["lines", index, "project"], _("This project is given twice.")))
            continue
        if line.project not in due:
            found.append(problem(["lines", index, "project"], _("This project is not part of this report.")))
            continue
        for position, number in enumerate(line.ethnic_groups):
            if number not in groups:
                found.append(problem(["lines", index, "ethnic_groups", position], _("Unknown code.")))
        values = line.model_dump(exclude={"project", "ethnic_groups"})
        values["ethnic_groups"] = [
            groups[number] for number in dict.fromkeys(line.ethnic_groups) if number in groups
        ]
        lines[line.project] = values
    if found:
        problems_response(found)
    return data, lines


def keyed_line_errors(error: DjangoValidationError, body: ReportIn) -> DjangoValidationError:
    """The service names a line's field "line-<project id>-<field>"; the API names it by its place
    in the request (lines.<index>.<field>)."""
    if not hasattr(error, "error_dict"):
        return error
    index = {line.project: number for number, line in enumerate(body.lines)}
    renamed = {}
    for key, messages in error.message_dict.items():
        if key.startswith("line-"):
            _line, project, field = key.split("-", 2)
            key = f"lines.{index.get(int(project), 0)}.{field}"
        renamed[key] = messages
    return DjangoValidationError(renamed)


@router.put(
    "/me/reports/{report_id}",
    response={200: ReportOut, **WRITE_ERRORS, 403: ErrorOut},
    summary=N_("Fill a report"),
    description=N_(
        "Saves the report as a draft: your organization's figures and a line per project (lines "
        "left out are unchanged). A report that is submitted or accepted, or of a closed round, is a "
        "409, and so is a stale version."
    ),
)
def report_fill(request, body: ReportIn, report_id: int = Path(..., ge=1, le=2**53)):
    report = own_report(request, report_id)
    if not is_editable(report):
        raise HttpError(
            409,
            _("This report is submitted or accepted, or its round is closed: it can no longer be changed."),
        )
    data, lines = report_inputs(report, body)
    try:
        with transaction.atomic():
            services.report_save(
                report=report, data=data, lines=lines, expected_version=body.version, by=request.auth.user
            )
            api_write(request, operation="report.save", target=report)
    except DjangoValidationError as error:
        service_errors(keyed_line_errors(error, body))
    return report_detail_out(request, own_report(request, report_id))


@router.post(
    "/me/reports/{report_id}/submit",
    response={200: ReportOut, **WRITE_ERRORS, 403: ErrorOut},
    summary=N_("Submit a report"),
    description=N_(
        "Sends a draft (or a returned report) for review. When something is missing the answer is a "
        "422 listing it, and nothing changes."
    ),
)
def report_send(request, body: SubmitIn, report_id: int = Path(..., ge=1, le=2**53)):
    report = own_report(request, report_id)
    try:
        with transaction.atomic():
            services.report_submit(report=report, by=request.auth.user, expected_version=body.version)
            api_write(request, operation="report.submit", target=report)
    except DjangoValidationError as error:
        service_errors(error)
    return report_detail_out(request, own_report(request, report_id))
