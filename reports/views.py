import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.audit import audit_record
from core.cache import cache_public_page, page_cache_generation
from core.exports import csv_response
from core.models import Province
from directory.models import Organization
from directory.visibility import can_edit_organization, can_view_organization, viewer_for
from projects.models import ReportingRound
from reports import geo, iati, national_report, opendata, pages, services
from reports.forms import HighlightFilterForm, IatiPublisherForm, NationalReportForm
from reports.models import IatiPublisher, NationalReport
from reports.selectors import (
    DashboardFilters,
    FilterError,
    dashboard_figures,
    province_figures,
    refresh_if_needed,
)
from reports.tables import TABLES, compact, dashboard_table, districts_table, table_html

PAGE_CACHE = ("reports", "directory", "projects")
FRAGMENT_TIMEOUT = 60 * 60


def bad_filters(request, error: FilterError):
    """Filters that name nothing: a page that says which and how to go on (never a server error)."""
    return render(
        request,
        "reports/bad_filters.html",
        {"problems": sorted(error.problems.items()), "reset": request.path},
        status=400,
    )


def require_secretariat(request) -> None:
    user = request.user
    if not (user.is_authenticated and user.is_active and (user.is_secretariat or user.is_superuser)):
        raise PermissionDenied


# --- dashboards ---------------------------------------------------------------------------------


def cached_fragment(request, name: str, audience: str, build) -> dict:
    """The rendered body of a dashboard page for an audience, cached until the figures or the directory
    change (the same namespaces as the page cache). Signed-in people of one clearance see the same
    figures, so they share it; only the page around it is theirs."""
    generations = ".".join(str(page_cache_generation(namespace)) for namespace in PAGE_CACHE)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"reports:fragment:{name}:{audience}:{get_language()}:{generations}:{path}"
    fragment = cache.get(key)
    if fragment is None:
        fragment = build()
        cache.set(key, fragment, FRAGMENT_TIMEOUT)
    return {"title": fragment["title"], "body": mark_safe(fragment["body"])}  # noqa: S308 - rendered by us


# The dashboard's pages: each shows a part of the figures, so that a page stays light on a phone.
SECTIONS = {
    "overview": ("reports:dashboard", ("provinces",)),
    "sectors": ("reports:sectors", ("sectors", "matrix")),
    "goals": ("reports:goals", ("goals", "outcomes")),
    "people": ("reports:people", ("people", "ethnic")),
    "trends": ("reports:trends", ("trends",)),
}


def section_tabs(section: str, filters: DashboardFilters) -> list[dict]:
    labels = {
        "overview": _("Summary and map"),
        "sectors": _("Sector groups"),
        "goals": _("SDGs and plan outcomes"),
        "people": _("People reached"),
        "trends": _("Trends by year"),
    }
    return [
        {"url": reverse(url_name) + pages.query(filters), "label": labels[key], "current": key == section}
        for key, (url_name, _tables) in SECTIONS.items()
    ]


@require_safe
@cache_public_page(*PAGE_CACHE)
def dashboard(request, section: str = "overview"):
    try:
        filters = DashboardFilters.from_params(request.GET)
    except FilterError as error:
        return bad_filters(request, error)
    viewer = viewer_for(request.user)
    refresh_if_needed()

    def build() -> dict:
        figures = dashboard_figures(viewer=viewer, filters=filters)
        province_links = {
            item.code: reverse("reports:province", args=[item.code]) + pages.query(filters)
            for item in figures.by_province
        }
        csv_links = {
            name: reverse("reports:table-csv", args=[name]) + pages.query(filters) for name in TABLES
        }
        names = SECTIONS[section][1]
        rendered = {
            name: table_html(
                compact(dashboard_table(name, figures, links=lambda item: province_links[item.code])),
                csv_links[name],
            )
            for name in names
        }
        metric = filters.metric
        charts = {}
        if section == "sectors":
            charts["sectors"] = pages.items_chart(
                figures.by_sector, metric, label=_("Contributions by sector group"), members=True
            )
        elif section == "goals":
            charts["goals"] = pages.items_chart(figures.by_goal, metric, label=_("Contributions by SDG goal"))
            charts["outcomes"] = pages.items_chart(
                figures.by_outcome, metric, label=_("Contributions by plan outcome (NSEDP)")
            )
        elif section == "people":
            charts["people"] = pages.people_chart(figures)
        elif section == "trends":
            charts["trends"] = pages.trends_chart(figures)
        body = render_to_string(
            "reports/_dashboard_body.html",
            {
                "section": section,
                "tabs": section_tabs(section, filters),
                "figures": figures,
                "filters": filters,
                "rendered": rendered,
                "charts": charts,
                "csv": csv_links,
                "map": pages.national_map(figures) if section == "overview" else None,
                "metric_links": pages.metric_links(filters),
                "metric_label": pages.METRICS[metric],
                "attribution": geo.ATTRIBUTION,
            },
            request=request,
        )
        return {"title": figures.title, "body": body}

    return render(
        request,
        "reports/dashboard.html",
        cached_fragment(request, f"dashboard-{section}", viewer.clearance, build),
    )


@require_safe
@cache_public_page(*PAGE_CACHE)
def province(request, code: str):
    try:
        filters = DashboardFilters.from_params(request.GET)
    except FilterError as error:
        return bad_filters(request, error)
    if not Province.objects.filter(code=code).exists():
        raise Http404
    viewer = viewer_for(request.user)
    refresh_if_needed()

    def build() -> dict:
        figures = province_figures(viewer=viewer, filters=filters, province_code=code)
        body = render_to_string(
            "reports/_province_body.html",
            {
                "figures": figures,
                "dashboard": figures.dashboard,
                "filters": filters,
                "table": table_html(
                    compact(districts_table(figures)),
                    reverse("reports:table-csv", args=["districts"]) + pages.query(filters, province=code),
                ),
                "map": pages.district_map(figures),
                "metric_links": pages.metric_links(filters),
                "back": reverse("reports:dashboard") + pages.query(filters),
                "projects_url": reverse("projects:project-list") + f"?province={code}",
                "attribution": geo.ATTRIBUTION,
            },
            request=request,
        )
        return {"title": figures.province.name, "body": body}

    return render(
        request, "reports/province.html", cached_fragment(request, "province", viewer.clearance, build)
    )


@require_safe
def table_csv(request, name: str):
    if name not in (*TABLES, "districts"):
        raise Http404
    params = request.GET.copy()
    code = params.pop("province", [""])[0] if "province" in params else ""
    try:
        filters = DashboardFilters.from_params(params)
    except FilterError as error:
        return bad_filters(request, error)
    viewer = viewer_for(request.user)
    if name == "districts":
        figures = province_figures(viewer=viewer, filters=filters, province_code=code)
        if figures is None:
            return bad_filters(
                request, FilterError({"province": _("Choose a province by its code, e.g. LA13.")})
            )
        table = districts_table(figures)
        scope = figures.dashboard
    else:
        scope = dashboard_figures(viewer=viewer, filters=filters)
        table = dashboard_table(name, scope)
    audit_record(
        actor=request.user, action="reports.export", table=name, filters=request.GET.urlencode()[:300]
    )
    label = "-".join(
        part for part in (name, code, *(f"{k}-{v}" for k, v in filters.params().items())) if part
    )
    return csv_response(f"lao-cso-dashboard-{label}", table.header, table.rows)


# --- the national report ------------------------------------------------------------------------


def no_accepted_reports(request, reporting_round: ReportingRound | None):
    return render(
        request,
        "reports/message.html",
        {
            "title": _("No national report for this round yet"),
            "text": _(
                "The national report is made from accepted reports, and this reporting round has none yet. "
                "It can be downloaded as soon as the secretariat accepts the first report."
            ),
            "round": reporting_round,
            "link": reverse("reports:national-report"),
            "link_text": _("See the rounds that have a national report"),
        },
        status=404,
    )


@require_safe
def national_report_page(request):
    rounds = national_report.report_rounds()
    fonts = national_report.available_fonts()
    is_secretariat = request.user.is_authenticated and (
        request.user.is_secretariat or request.user.is_superuser
    )
    return render(
        request,
        "reports/national_report.html",
        {
            "rounds": rounds,
            "fonts": fonts,
            "is_secretariat": is_secretariat,
            "languages": national_report.LANGUAGES,
            "formats": national_report.FORMATS,
        },
    )


@require_safe
def national_report_file(request, round_pk: int, language: str, fmt: str):
    if language not in dict(national_report.LANGUAGES) or fmt not in national_report.FORMATS:
        raise Http404
    reporting_round = get_object_or_404(ReportingRound, pk=round_pk)
    if not national_report.has_accepted_reports(reporting_round):
        return no_accepted_reports(request, reporting_round)
    try:
        stored = national_report.national_report_file(reporting_round, language=language, fmt=fmt, wait=False)
    except national_report.Busy:
        response = render(
            request,
            "reports/message.html",
            {
                "title": _("The report is being made"),
                "text": _(
                    "Someone asked for this report a moment ago and it is being made now. Try again "
                    "in a minute."
                ),
                "round": reporting_round,
                "link": request.get_full_path(),
                "link_text": _("Try again"),
            },
            status=503,
        )
        response["Retry-After"] = "60"
        return response
    audit_record(
        actor=request.user,
        action="national_report.download",
        target=reporting_round,
        language=language,
        format=fmt,
    )
    response = FileResponse(
        stored.open(),
        as_attachment=True,
        filename=stored.filename,
        content_type=national_report.CONTENT_TYPES[fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def national_report_prepare(request, round_pk: int):
    require_secretariat(request)
    reporting_round = get_object_or_404(ReportingRound, pk=round_pk)
    # Opening the page writes nothing (GET is safe): until its settings are first saved (the services
    # create the row), the round's national report is shown with the defaults of an unsaved one.
    report = NationalReport.objects.filter(round=reporting_round).first() or NationalReport(
        round=reporting_round
    )
    fonts = national_report.available_fonts()
    form = NationalReportForm(
        request.POST if request.POST.get("action") == "settings" else None, instance=report, fonts=fonts
    )
    candidates = services.highlight_candidates(reporting_round)
    filter_form = HighlightFilterForm(request.GET or None)
    if filter_form.is_valid():
        candidates = filter_form.apply(candidates)
    candidates = candidates.order_by("report__organization__name_lo_sort", "pk")
    page = Paginator(candidates, 25).get_page(request.GET.get("page"))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "settings":
                if form.is_valid():
                    services.national_report_update(
                        reporting_round=reporting_round,
                        font=form.cleaned_data["font"],
                        foreword_lo=form.cleaned_data["foreword_lo"],
                        foreword_en=form.cleaned_data["foreword_en"],
                        by=request.user,
                    )
                    messages.success(request, _("The national report's settings have been saved."))
                    return redirect(request.get_full_path())
            else:
                shown = [int(value) for value in request.POST.getlist("shown") if value.isdigit()]
                picked = [int(value) for value in request.POST.getlist("picked") if value.isdigit()]
                services.highlights_set(
                    reporting_round=reporting_round,
                    shown_line_ids=shown,
                    picked_line_ids=picked,
                    by=request.user,
                )
                messages.success(request, _("The selected results have been saved."))
                return redirect(request.get_full_path())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    highlights = (
        report.highlights.select_related("line__project", "line__report__organization") if report.pk else []
    )
    picked = {highlight.line_id for highlight in highlights}
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "reports/national_report_prepare.html",
        {
            "round": reporting_round,
            "report": report,
            "form": form,
            "filter_form": filter_form,
            "page": page,
            "querystring": params.urlencode(),
            "picked": picked,
            "highlights": highlights,
            "has_reports": national_report.has_accepted_reports(reporting_round),
            "languages": national_report.LANGUAGES,
            "formats": national_report.FORMATS,
        },
    )


# --- open data ----------------------------------------------------------------------------------


@require_safe
def open_data(request):
    return render(
        request,
        "reports/open_data.html",
        {
            "datasets": opendata.catalogue(),
            "licence": opendata.LICENCE,
            "attribution": geo.ATTRIBUTION,
        },
    )


@require_safe
def open_data_file(request, dataset: str, fmt: str):
    built = opendata.dataset_file(dataset, fmt)
    if built is None:
        raise Http404
    audit_record(actor=request.user, action="open_data.download", dataset=dataset, format=fmt)
    response = FileResponse(
        built.open(), as_attachment=True, filename=built.filename, content_type=opendata.CONTENT_TYPES[fmt]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Last-Modified"] = built.built_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return response


# --- IATI ---------------------------------------------------------------------------------------


@require_safe
def iati_index(request):
    viewer = viewer_for(request.user)
    publishers = IatiPublisher.objects.filter(organization__status=Organization.Status.ACTIVE).select_related(
        "organization"
    )
    own = Organization.objects.filter(pk__in=viewer.own_organization_ids).select_related("iati_publisher")
    return render(
        request,
        "reports/iati.html",
        {
            "publishers": sorted(publishers, key=lambda p: p.organization.name),
            "own": own,
            "mappings": iati.mapping_table(),
        },
    )


def iati_xml_response(chunks, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def no_iati_activities(request):
    """An IATI file needs at least one activity: without public projects there is no file to give."""
    return render(
        request,
        "reports/message.html",
        {
            "title": _("No public projects to publish yet"),
            "text": _(
                "An IATI activity file lists public projects of active member organizations, and "
                "there is none "
                "here yet."
            ),
            "link": reverse("reports:iati"),
            "link_text": _("IATI publishing"),
        },
        status=404,
    )


@require_safe
def iati_file(request, slug: str):
    organization = get_object_or_404(Organization, slug=slug)
    if not can_view_organization(viewer_for(None), organization):
        raise Http404
    publisher = IatiPublisher.objects.filter(organization=organization).first()
    if publisher is None:
        return render(
            request,
            "reports/message.html",
            {
                "title": _("This organization does not publish to IATI here"),
                "text": _(
                    "An organization publishes its public projects as IATI data once its editors "
                    "enter its IATI "
                    "organisation identifier."
                ),
                "link": reverse("reports:iati"),
                "link_text": _("IATI publishing"),
            },
            status=404,
        )
    if not iati.has_activities([publisher]):
        return no_iati_activities(request)
    return iati_xml_response(iati.activities_xml([publisher]), f"{publisher.identifier}-activities.xml")


@require_safe
def iati_network_file(request):
    publishers = IatiPublisher.objects.filter(
        in_network_file=True, organization__status=Organization.Status.ACTIVE
    ).select_related("organization")
    publishers = list(publishers)
    if not iati.has_activities(publishers):
        return no_iati_activities(request)
    return iati_xml_response(iati.activities_xml(publishers), "lao-cso-network-activities.xml")


@login_required
@require_http_methods(["GET", "POST"])
def iati_settings(request, slug: str):
    organization = get_object_or_404(Organization, slug=slug)
    viewer = viewer_for(request.user)
    if not can_view_organization(viewer, organization):
        raise Http404
    if not can_edit_organization(viewer, organization):
        raise PermissionDenied
    publisher = IatiPublisher.objects.filter(organization=organization).first()
    form = IatiPublisherForm(request.POST or None, instance=publisher, organization=organization)
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            services.iati_publisher_delete(organization=organization, viewer=viewer, by=request.user)
            messages.success(request, _("This organization no longer publishes to IATI from the platform."))
            return redirect("reports:iati")
        if form.is_valid():
            try:
                services.iati_publisher_save(
                    organization=organization,
                    viewer=viewer,
                    identifier=form.cleaned_data["identifier"],
                    organisation_type=form.cleaned_data["organisation_type"],
                    in_network_file=form.cleaned_data["in_network_file"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The IATI settings have been saved."))
                return redirect("reports:iati")
    return render(
        request,
        "reports/iati_settings.html",
        {"org": organization, "form": form, "publisher": publisher},
        status=400 if form.errors else 200,
    )
