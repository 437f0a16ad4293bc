import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.audit import audit_record
from core.cache import cache_public_page
from core.exports import csv_response
from core.models import SectorGroup
from core.pagination import CountedPaginator
from directory.models import Organization
from directory.visibility import viewer_for
from projects import services, spreadsheets
from projects.exports import export_response
from projects.forms import (
    AcceptForm,
    AddOrganizationForm,
    OpenRoundForm,
    PhotoForm,
    ProjectEditor,
    RatesForm,
    ReopenForm,
    ReportFiguresForm,
    ReportLineForm,
    ReturnForm,
    RoundForm,
    UploadForm,
    ethnic_group_choices,
    line_initial,
)
from projects.models import (
    AppliedDraft,
    Project,
    ProjectLocation,
    ProjectVersion,
    Report,
    ReportingRound,
    ReportPhoto,
    ReportProject,
    ReportTransition,
)
from projects.money import add_up, rates_map
from projects.permissions import (
    can_edit_project,
    can_edit_report,
    can_follow_round,
    can_reopen_report,
    can_review_report,
    can_view_project,
    can_view_report,
    editable_organizations,
    is_secretariat,
)
from projects.selectors import (
    ProjectQuery,
    facet_sizes,
    list_related,
    list_summary,
    listed_in_order,
    overdue_reports,
    reports_followed,
    round_progress,
    title_field,
)
from search.selectors import InHitOrder, list_hits

PAGE_SIZE = 20
PROGRESS_PAGE_SIZE = 50
OVERDUE_SHOWN = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require_secretariat(request) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied


def get_project_for_user(request, pk: int, *, edit: bool = False) -> Project:
    """Fetch and authorize in one step: a project the viewer may not see is a 404."""
    project = get_object_or_404(Project.objects.select_related("organization", "sector_group"), pk=pk)
    if not can_view_project(viewer_for(request.user), project):
        raise Http404
    if edit and not can_edit_project(request.user, project):
        raise PermissionDenied
    return project


def get_report_for_user(request, round_pk: int, slug: str) -> Report:
    report = get_object_or_404(
        Report.objects.select_related(
            "round",
            "organization",
            "organization__primary_sector_group",
            "organization__head_office_province",
        ),
        round_id=round_pk,
        organization__slug=slug,
    )
    if not can_view_report(request.user, report):
        raise Http404
    return report


def get_round_for_user(request, pk: int) -> ReportingRound:
    reporting_round = get_object_or_404(ReportingRound, pk=pk)
    if not can_follow_round(request.user, reporting_round):
        raise Http404
    return reporting_round


# --- who does what where -------------------------------------------------------------------------


def project_results(request):
    """The projects the list shows: visible to the viewer, filtered, searched (ranked) or in order.
    Returns the query, the visible base (for the counts), the rows (with their search hits) and the
    number of rows (from the counts, which are cached)."""
    query = ProjectQuery.from_params(request.GET)
    viewer = viewer_for(request.user)
    base = Project.objects.visible_to(viewer)
    if query.q:
        hits = list_hits(query.q, kind="project", visibility_levels=viewer.levels, limit=1000)
        ordered = InHitOrder(list_related(query.filtered(base)), hits)
        base = base.filter(pk__in=hits.object_ids)
        return query, base, ordered, len(ordered)
    total = list_summary(query, base, viewer)[0]
    ordered = listed_in_order(query, base, title_field(), total=total, sizes=facet_sizes(viewer, query))
    return query, base, list_related(ordered), total


@require_safe
@cache_public_page("projects", "directory")
def project_list(request):
    query, base, projects, _total = project_results(request)
    total, facets = list_summary(query, base, viewer_for(request.user), cacheable=not query.q)
    page = CountedPaginator(projects, PAGE_SIZE, count=total).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    for facet in facets:
        facet.link_options(request.GET)
    return render(
        request,
        "projects/project_list.html",
        {
            "query": query,
            "page": page,
            "facets": facets,
            "querystring": params.urlencode(),
            "can_add": bool(request.user.is_authenticated and editable_organizations(request.user).exists()),
        },
    )


@require_safe
def project_export(request, fmt: str):
    _query, _base, projects, _total = project_results(request)
    return export_response(request, projects, fmt=fmt)


@require_safe
@cache_public_page("projects", "directory")
def project_detail(request, pk: int):
    project = get_project_for_user(request, pk)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "locations": project.locations.select_related("province", "district"),
            "partners": project.partners.select_related("organization"),
            "themes": project.themes.all(),
            "targets": project.sdg_targets.select_related("goal"),
            "outcomes": project.plan_outcomes.select_related("framework"),
            "can_edit": can_edit_project(request.user, project),
        },
    )


@login_required
@require_safe
def my_projects(request):
    """An editor's desk: their organizations' projects and reports."""
    organizations = list(editable_organizations(request.user).order_by("name_lo_sort"))
    projects = (
        Project.objects.filter(organization__in=organizations)
        .select_related("organization", "sector_group")
        .order_by("organization__name_lo_sort", "-starts_on", "pk")
    )
    reports = (
        Report.objects.filter(organization__in=organizations)
        .select_related("round", "organization")
        .order_by("-round__period_end", "organization__name_lo_sort")
    )
    return render(
        request,
        "projects/my_projects.html",
        {"organizations": organizations, "projects": projects, "reports": reports},
    )


def save_project(request, editor: ProjectEditor, *, organization=None, project=None):
    data, m2m = editor.form.project_data()
    if project is None:
        return services.project_create(
            organization=organization,
            data=data,
            m2m=m2m,
            locations=editor.location_rows,
            partners=editor.partner_rows,
            by=request.user,
        )
    return services.project_update(
        project=project,
        data=data,
        m2m=m2m,
        locations=editor.location_rows,
        partners=editor.partner_rows,
        expected_version=editor.form.cleaned_data.get("version") or 0,
        by=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    organizations = editable_organizations(request.user)
    secretariat = is_secretariat(request.user)
    wanted = request.GET.get("org", "").strip()[:80]
    organization = organizations.filter(slug=wanted).first() if wanted else None
    if organization is None and wanted and secretariat:
        # The secretariat adds a project for any member, named by its web address or acronym.
        organization = (
            Organization.objects.exclude(status=Organization.Status.FORMER)
            .filter(Q(slug=wanted) | Q(acronym__iexact=wanted))
            .order_by("pk")
            .first()
        )
    if organization is None:
        choices = list(organizations)
        if len(choices) == 1 and not wanted:
            organization = choices[0]
        elif not choices and not secretariat:
            raise PermissionDenied
        else:
            context = {"organizations": choices, "lookup": secretariat, "wanted": wanted}
            return render(request, "projects/choose_organization.html", context)
    editor = ProjectEditor(request.POST or None, instance=Project(organization=organization))
    if request.method == "POST" and editor.is_valid():
        try:
            project = save_project(request, editor, organization=organization)
        except ValidationError as error:
            editor.form.add_error(None, error)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:project-detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"editor": editor, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = get_project_for_user(request, pk, edit=True)
    editor = ProjectEditor(request.POST or None, instance=project)
    if request.method == "POST" and editor.is_valid():
        try:
            save_project(request, editor, project=project)
        except services.StaleEdit as error:
            messages.error(request, error.messages[0])
            context = {
                "editor": editor,
                "organization": project.organization,
                "project": project,
                "stale": True,
            }
            return render(request, "projects/project_form.html", context, status=409)
        except ValidationError as error:
            editor.form.add_error(None, error)
        else:
            messages.success(request, _("The project has been saved."))
            return redirect("projects:project-detail", pk=project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"editor": editor, "organization": project.organization, "project": project},
    )


@login_required
@require_safe
def project_history(request, pk: int):
    project = get_project_for_user(request, pk, edit=True)
    versions = project.versions.select_related("changed_by")
    return render(request, "projects/project_history.html", {"project": project, "versions": versions})


@login_required
@require_POST
def project_restore(request, pk: int, version: int):
    project = get_project_for_user(request, pk, edit=True)
    require_secretariat(request)
    saved = get_object_or_404(ProjectVersion, project=project, version=version)
    services.project_version_restore(version=saved, by=request.user)
    messages.success(request, _("Version %(version)s has been restored.") % {"version": version})
    return redirect("projects:project-history", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request):
    """The secretariat imports projects of many organizations from one spreadsheet."""
    require_secretariat(request)
    if request.method == "GET" and request.GET.get("template"):
        response = HttpResponse(spreadsheets.import_workbook(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="projects-import.xlsx"'
        return response
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = spreadsheets.upload_projects(upload=form.cleaned_data["file"], by=request.user)
        except spreadsheets.Problems as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Imported: %(created)s new projects, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": outcome.created, "updated": outcome.updated, "unchanged": outcome.unchanged},
            )
            return redirect("projects:project-import")
    status = 422 if problems else 200
    return render(
        request, "projects/project_import.html", {"form": form, "problems": problems}, status=status
    )


# --- rounds -------------------------------------------------------------------------------------


@login_required
@require_safe
def round_list(request):
    own = viewer_for(request.user).own_organization_ids
    follows = (
        is_secretariat(request.user)
        or request.user.is_committee_member
        or bool(request.user.headed_sector_groups)
    )
    rounds = ReportingRound.objects.annotate(
        total=Count("reports"), done=Count("reports", filter=Q(reports__status__in=["submitted", "accepted"]))
    )
    if not follows:
        rounds = rounds.filter(reports__organization__in=own).distinct()
    own_reports = Report.objects.filter(organization__in=own).select_related("round", "organization")
    return render(
        request,
        "projects/round_list.html",
        {
            "rounds": rounds,
            "follows": follows,
            "own_reports": own_reports,
            "can_open": is_secretariat(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    require_secretariat(request)
    form = OpenRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reporting_round = services.round_open(
                data=form.cleaned_data,
                by=request.user,
                sector_groups=list(form.cleaned_data["sector_groups"]),
                provinces=list(form.cleaned_data["provinces"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The round is open for %(count)s organizations. They will be told by email.")
                % {"count": reporting_round.reports.count()},
            )
            return redirect("projects:round-detail", pk=reporting_round.pk)
    return render(request, "projects/round_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int):
    require_secretariat(request)
    reporting_round = get_object_or_404(ReportingRound, pk=pk)
    form = RoundForm(request.POST or None, instance=reporting_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(
                reporting_round=ReportingRound.objects.get(pk=pk),
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version") or 0,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("projects:round-detail", pk=pk)
    return render(request, "projects/round_form.html", {"form": form, "round": reporting_round})


def report_totals(reports, reporting_round) -> dict:
    """People reached and spending (in kip and dollars) of accepted reports."""
    lines = ReportProject.objects.filter(report__in=reports.filter(status=Report.Status.ACCEPTED))
    people = {key: 0 for key in services.PEOPLE}
    disabled = 0
    for row in lines.values(
        *services.PEOPLE, "disabled_women", "disabled_men", "disabled_girls", "disabled_boys"
    ):
        for key in services.PEOPLE:
            people[key] += row[key] or 0
            disabled += row[f"disabled_{key}"] or 0
    rates = rates_map(reporting_round)
    spending = add_up(lines.values_list("spending_amount", "spending_currency"), rates)
    return {
        "people": people,
        "people_total": sum(people.values()),
        "disabled": disabled,
        "spending": spending,
    }


@login_required
@require_safe
def round_detail(request, pk: int):
    """Progress of a round: status of each organization, completion by sector group and province,
    the overdue list and the totals of accepted reports."""
    reporting_round = get_round_for_user(request, pk)
    reports = reports_followed(request.user, reporting_round)
    status = request.GET.get("status", "")
    sector = request.GET.get("sector", "")
    listed = reports.select_related(
        "organization", "organization__primary_sector_group", "organization__head_office_province"
    ).order_by("organization__name_lo_sort", "pk")
    if status in Report.Status.values:
        listed = listed.filter(status=status)
    elif status == "overdue":
        listed = overdue_reports(listed, reporting_round)
    if sector:
        listed = listed.filter(organization__primary_sector_group__code=sector[:10])
    page = Paginator(listed, PROGRESS_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    progress = round_progress(reports)
    status_counts = [
        (value, label, progress["total"].by_status.get(value, 0)) for value, label in Report.Status.choices
    ]
    overdue = (
        overdue_reports(reports, reporting_round)
        .select_related("organization")
        .order_by("organization__name_lo_sort")
    )
    return render(
        request,
        "projects/round_detail.html",
        {
            "round": reporting_round,
            "progress": progress,
            "status_counts": status_counts,
            "page": page,
            "querystring": params.urlencode(),
            "status": status,
            "sector": sector,
            "statuses": Report.Status.choices,
            "sectors": SectorGroup.objects.all(),
            "overdue": overdue[:OVERDUE_SHOWN],
            "overdue_count": overdue.count(),
            "totals": report_totals(reports, reporting_round),
            "rates": reporting_round.rates.all(),
            "is_secretariat": is_secretariat(request.user),
            "add_form": AddOrganizationForm(),
            "today": timezone.localdate(),
            "report_base": reverse("projects:round-detail", args=[reporting_round.pk]),
        },
    )


@login_required
@require_safe
def round_export(request, pk: int):
    reporting_round = get_round_for_user(request, pk)
    reports = reports_followed(request.user, reporting_round).select_related(
        "organization", "organization__primary_sector_group", "organization__head_office_province"
    )
    header = [_("Organization"), _("Sector group"), _("Province"), _("Status"), _("Submitted"), _("Accepted")]
    rows = [
        [
            report.organization.name,
            report.organization.primary_sector_group.name,
            report.organization.head_office_province.name,
            report.get_status_display(),
            report.submitted_at and timezone.localtime(report.submitted_at).strftime("%Y-%m-%d"),
            report.accepted_at and timezone.localtime(report.accepted_at).strftime("%Y-%m-%d"),
        ]
        for report in reports.order_by("organization__name_lo_sort")
    ]
    audit_record(actor=request.user, action="round.export", target=reporting_round, rows=len(rows))
    return csv_response(f"round-{reporting_round.pk}-progress", header, rows)


@login_required
@require_http_methods(["GET", "POST"])
def round_rates(request, pk: int):
    require_secretariat(request)
    reporting_round = get_object_or_404(ReportingRound, pk=pk)
    form = RatesForm(request.POST or None, reporting_round=reporting_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.rates_set(reporting_round=reporting_round, rates=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The exchange rates have been saved."))
            return redirect("projects:round-detail", pk=pk)
    return render(request, "projects/round_rates.html", {"form": form, "round": reporting_round})


@login_required
@require_POST
def round_status(request, pk: int):
    require_secretariat(request)
    reporting_round = get_object_or_404(ReportingRound, pk=pk)
    services.round_set_status(
        reporting_round=reporting_round, status=request.POST.get("status", ""), by=request.user
    )
    messages.success(request, _("The round's status has been changed."))
    return redirect("projects:round-detail", pk=pk)


@login_required
@require_POST
def round_add_organization(request, pk: int):
    require_secretariat(request)
    reporting_round = get_object_or_404(ReportingRound, pk=pk)
    form = AddOrganizationForm(request.POST)
    if form.is_valid():
        services.round_add_organization(
            reporting_round=reporting_round, organization=form.cleaned_data["organization"], by=request.user
        )
        messages.success(request, _("The organization has been added to the round."))
    else:
        messages.error(request, form.errors["organization"][0])
    return redirect("projects:round-detail", pk=pk)


# --- reports ------------------------------------------------------------------------------------


def latest_comments(report: Report) -> tuple[ReportTransition | None, dict, list]:
    """The last return (or reopening) of a report with its comments by line, for the editor."""
    step = (
        report.transitions.filter(action__in=[ReportTransition.Action.RETURN, ReportTransition.Action.REOPEN])
        .select_related("by")
        .last()
    )
    if step is None or report.status != Report.Status.RETURNED:
        return None, {}, []
    by_line: dict = {}
    general = []
    for comment in step.comments.all():
        if comment.line_id:
            by_line.setdefault(comment.line_id, []).append(comment.text)
        else:
            general.append(comment.text)
    return step, by_line, general


def report_lines(report: Report):
    """(project, line or None) for each project the report covers."""
    lines = {
        line.project_id: line
        for line in report.lines.prefetch_related(
            "ethnic_groups", Prefetch("photos", queryset=ReportPhoto.objects.order_by("pk"))
        )
    }
    projects = (
        services.report_due_projects(report)
        .select_related("sector_group")
        .prefetch_related(Prefetch("locations", queryset=ProjectLocation.objects.select_related("province")))
    )
    return [(project, lines.get(project.pk)) for project in projects]


@login_required
@require_safe
def report_detail(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    rows = report_lines(report)
    step, by_line, general = latest_comments(report)
    lines = [line for _project, line in rows if line is not None]
    for line in lines:
        line.review_notes = by_line.get(line.pk, [])
    rates = rates_map(report.round)
    totals = add_up([(line.spending_amount, line.spending_currency) for line in lines], rates)
    review = can_review_report(request.user, report) and report.status == Report.Status.SUBMITTED
    return render(
        request,
        "projects/report_detail.html",
        {
            "report": report,
            "round": report.round,
            "rows": rows,
            "step": step,
            "comments_by_line": by_line,
            "general_comments": general,
            "totals": totals,
            "people": {key: sum(getattr(line, key) or 0 for line in lines) for key in services.PEOPLE},
            "can_edit": can_edit_report(request.user, report),
            "can_submit": can_edit_report(request.user, report)
            and report.status != Report.Status.NOT_STARTED,
            "can_review": review,
            "can_reopen": can_reopen_report(request.user, report),
            "return_form": ReturnForm(lines=lines) if review else None,
            "accept_form": AcceptForm() if review else None,
            "reopen_form": ReopenForm() if can_reopen_report(request.user, report) else None,
            "problems": services.submission_problems(report)
            if report.status in (Report.Status.DRAFT, Report.Status.RETURNED)
            else [],
        },
    )


def line_forms(request, report: Report, rows, comments_by_line: dict) -> list[ReportLineForm]:
    forms = []
    choices = ethnic_group_choices()  # once for all the projects
    for project, line in rows:
        forms.append(
            ReportLineForm(
                request.POST or None,
                prefix=f"line-{project.pk}",
                initial=line_initial(line),
                project=project,
                line=line,
                comments=comments_by_line.get(line.pk, []) if line else [],
                ethnic_choices=choices,
            )
        )
    return forms


def draft_answer(request, status: str, location: str):
    """The answer to a sending of the report form: for an offline draft sent by static/js/offline.js
    (header X-Offline-Draft), the outcome in headers; for a plain form, the redirect."""
    if request.headers.get("X-Offline-Draft"):
        response = HttpResponse(status=200)
        response["X-Draft-Status"] = status
        response["X-Draft-Location"] = location
        return response
    return redirect(location)


def duplicate_draft(request, location: str):
    messages.info(request, _("This report had already been saved from this form; nothing was changed."))
    return draft_answer(request, "duplicate", location)


def sent_draft_key(request):
    try:
        return uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    detail = reverse("projects:report-detail", kwargs={"round_pk": round_pk, "slug": slug})
    draft_key = sent_draft_key(request) if request.method == "POST" else None
    # Asked before the report's state: a draft that was sent with "save and submit" comes back here
    # after the report was submitted.
    if draft_key and AppliedDraft.objects.filter(report=report, key=draft_key).exists():
        return duplicate_draft(request, detail)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    rows = report_lines(report)
    step, by_line, general = latest_comments(report)
    initial = {key: getattr(report, key) for key in services.REPORT_FIELDS}
    initial.update(version=report.version, idempotency_key=uuid.uuid4())
    figures = ReportFiguresForm(request.POST or None, initial=initial)
    forms = line_forms(request, report, rows, by_line)
    status = 200
    if request.method == "POST":
        if figures.is_valid() & all([form.is_valid() for form in forms]):
            data = {key: figures.cleaned_data.get(key) for key in services.REPORT_FIELDS}
            lines = {form.project.pk: form.line_data() for form in forms}
            try:
                services.report_save(
                    report=report,
                    data=data,
                    lines=lines,
                    expected_version=figures.cleaned_data["version"],
                    by=request.user,
                    draft_key=draft_key,
                )
            except services.DuplicateDraft:
                return duplicate_draft(request, detail)
            except services.StaleEdit:
                messages.error(
                    request,
                    _(
                        "Someone else saved this report after you opened it. Your figures are below but "
                        "were not saved: save again to replace theirs, or cancel to keep theirs."
                    ),
                )
                status = 409
                # The figures typed stay; the form now holds the current version, so that saving again
                # is a deliberate choice to replace what the other person saved.
                report.refresh_from_db()
                sent = request.POST.copy()
                sent["version"] = str(report.version)
                figures = ReportFiguresForm(sent, initial=initial)
                figures.is_valid()
            except ValidationError as error:
                figures.add_error(None, error)
                status = 422
            else:
                if request.POST.get("then") == "submit":
                    redirect_submit(request, report)
                else:
                    messages.success(request, _("The report has been saved as a draft."))
                return draft_answer(request, "saved", detail)
        else:
            status = 422
            messages.error(request, _("Some figures need correcting; see the messages beside the fields."))
    response = render(
        request,
        "projects/report_form.html",
        {
            "report": report,
            "round": report.round,
            "figures": figures,
            "forms": forms,
            "step": step,
            "general_comments": general,
        },
        status=status,
    )
    # The service worker may keep the form on this device to be filled in offline (cleared at sign-out).
    response["X-Offline-Cache"] = "private"
    if status != 200:
        response["X-Draft-Status"] = "conflict" if status == 409 else "invalid"
    return response


def redirect_submit(request, report: Report):
    report.refresh_from_db()
    try:
        services.report_submit(report=report, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report has been submitted for review."))
    return redirect("projects:report-detail", round_pk=report.round_id, slug=report.organization.slug)


@login_required
@require_POST
def report_submit(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    return redirect_submit(request, report)


@login_required
@require_POST
def report_review(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    if not can_review_report(request.user, report):
        raise PermissionDenied
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            form = AcceptForm(request.POST)
            form.is_valid()
            services.report_accept(
                report=report, by=request.user, comment=form.cleaned_data.get("comment", "")
            )
            messages.success(request, _("The report has been accepted and is now locked."))
        elif decision == "return":
            form = ReturnForm(request.POST, lines=list(report.lines.select_related("project")))
            form.is_valid()
            services.report_return(
                report=report,
                by=request.user,
                comment=form.cleaned_data.get("comment", ""),
                figures_comment=form.cleaned_data.get("figures_comment", ""),
                line_comments=form.line_comments(),
            )
            messages.success(
                request, _("The report has been returned to the organization with your comments.")
            )
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("projects:report-detail", round_pk=round_pk, slug=slug)


@login_required
@require_POST
def report_reopen(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    if not can_reopen_report(request.user, report):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the report is reopened."))
    else:
        try:
            services.report_reopen(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The report has been reopened; the organization can correct it."))
    return redirect("projects:report-detail", round_pk=round_pk, slug=slug)


@login_required
@require_safe
def report_history(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    if not (
        report.organization_id in viewer_for(request.user).own_organization_ids
        or is_secretariat(request.user)
        or request.user.is_committee_member
        or can_review_report(request.user, report)
    ):
        raise Http404
    return render(
        request,
        "projects/report_history.html",
        {
            "report": report,
            "transitions": report.transitions.select_related("by").prefetch_related(
                "comments__line__project"
            ),
            "versions": report.versions.select_related("changed_by"),
        },
    )


@login_required
@require_safe
def report_download(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    if not (
        can_edit_report(request.user, report)
        or is_secretariat(request.user)
        or report.organization_id in viewer_for(request.user).own_organization_ids
    ):
        raise PermissionDenied
    response = HttpResponse(spreadsheets.report_workbook(report), content_type=XLSX)
    filename = f"report-{report.organization.slug}-{report.round_id}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_record(actor=request.user, action="report.download", target=report)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_upload(request, round_pk: int, slug: str):
    report = get_report_for_user(request, round_pk, slug)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            outcome = spreadsheets.upload_report(
                report=report, upload=form.cleaned_data["file"], by=request.user
            )
        except spreadsheets.Problems as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _(
                    "The spreadsheet has been applied: %(created)s new projects, %(updated)s projects "
                    "updated, report saved as a draft."
                )
                % {"created": outcome.created, "updated": outcome.updated},
            )
            return redirect("projects:report-detail", round_pk=round_pk, slug=slug)
    return render(
        request,
        "projects/report_upload.html",
        {"report": report, "round": report.round, "form": form, "problems": problems},
        status=422 if problems else 200,
    )


def get_line_for_editor(request, round_pk: int, slug: str, line_pk: int) -> ReportProject:
    report = get_report_for_user(request, round_pk, slug)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    return get_object_or_404(ReportProject.objects.select_related("project"), pk=line_pk, report=report)


@login_required
@require_http_methods(["GET", "POST"])
def report_photo_add(request, round_pk: int, slug: str, line_pk: int):
    line = get_line_for_editor(request, round_pk, slug, line_pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_photo_add(
                line=line,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("projects:report-detail", round_pk=round_pk, slug=slug)
    return render(request, "projects/photo_form.html", {"form": form, "line": line, "report": line.report})


@login_required
@require_POST
def report_photo_delete(request, round_pk: int, slug: str, photo_pk: int):
    report = get_report_for_user(request, round_pk, slug)
    if not can_edit_report(request.user, report):
        raise PermissionDenied
    photo = get_object_or_404(ReportPhoto, pk=photo_pk, line__report=report)
    try:
        services.report_photo_delete(photo=photo, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("projects:report-detail", round_pk=round_pk, slug=slug)


@login_required
@require_safe
def report_photo(request, round_pk: int, slug: str, photo_pk: int):
    report = get_report_for_user(request, round_pk, slug)
    photo = get_object_or_404(ReportPhoto, pk=photo_pk, line__report=report)
    content_type = "image/png" if photo.image.name.endswith(".png") else "image/jpeg"
    response = FileResponse(photo.image.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
