"""The who-does-what-where export: the current filters, only the projects the viewer may see (the
list already holds nothing else), budgets included because they follow the project's visibility."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.exports import csv_response, xlsx_response
from projects.models import Project, ProjectLocation, ProjectPartner

MAX_ROWS = 20_000


def places(project: Project) -> tuple[str, str]:
    provinces, districts = [], []
    for location in project.locations.all():
        if location.province.name not in provinces:
            provinces.append(location.province.name)
        if location.district_id:
            districts.append(location.district.name)
    return "; ".join(provinces), "; ".join(districts)


def export_rows(projects) -> tuple[list[str], list[list]]:
    header = [
        _("Title in Lao"),
        _("Title in English"),
        _("Organization"),
        _("Status"),
        _("Start date"),
        _("End date"),
        _("Sector group"),
        _("Themes"),
        _("Provinces"),
        _("Districts"),
        _("SDG targets"),
        _("Plan outcomes (NSEDP)"),
        _("Donors"),
        _("Implementing partners"),
        _("Government counterpart"),
        _("Budget"),
        _("Currency"),
    ]
    if isinstance(projects, list):
        selected = projects[:MAX_ROWS]
    else:
        selected = list(
            projects.select_related("organization", "sector_group")
            .prefetch_related(None)
            .prefetch_related(
                "themes",
                "sdg_targets",
                "plan_outcomes__framework",
                Prefetch(
                    "locations", queryset=ProjectLocation.objects.select_related("province", "district")
                ),
                Prefetch("partners", queryset=ProjectPartner.objects.select_related("organization")),
            )[:MAX_ROWS]
        )
    rows = []
    for project in selected:
        provinces, districts = places(project)
        partners = list(project.partners.all())
        rows.append(
            [
                project.title_lo,
                project.title_en,
                project.organization.name,
                project.get_status_display(),
                project.starts_on,
                project.ends_on,
                project.sector_group.name,
                "; ".join(theme.name for theme in project.themes.all()),
                provinces,
                districts,
                ", ".join(target.code for target in project.sdg_targets.all()),
                "; ".join(str(outcome) for outcome in project.plan_outcomes.all()),
                "; ".join(p.display_name for p in partners if p.role == ProjectPartner.Role.DONOR),
                "; ".join(p.display_name for p in partners if p.role == ProjectPartner.Role.IMPLEMENTING),
                project.government_counterpart,
                project.budget_amount,
                project.budget_currency if project.budget_amount is not None else "",
            ]
        )
    return header, rows


def export_response(request, projects, *, fmt: str):
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    header, rows = export_rows(projects)
    audit_record(
        actor=request.user,
        action="projects.export",
        format=fmt,
        rows=len(rows),
        filters=request.GET.urlencode()[:500],
    )
    filename = f"lao-cso-projects-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, _("Projects"), header, rows)
