"""Who does what where: the projects each caller may see (a project's own visibility, as on the
pages), with the filters of the projects list."""

from typing import Literal

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_noop as N_
from ninja import Path, Query, Router
from pydantic import Field

import lao
from api.common import (
    COUNT_LIMIT,
    DETAIL_ERRORS,
    READ_ERRORS,
    PageParams,
    capped_count,
    check_code,
    codes,
    organization_ref,
    page,
    page_url,
    unknown,
)
from api.schemas import CODE, ProjectOut, ProjectSummaryOut, Text, page_of
from core.cache import cached_counts
from core.models import District, PlanOutcome, Province, SectorGroup, Theme
from directory.models import Organization
from projects.models import Project, ProjectLocation, ProjectPartner
from projects.permissions import can_view_project
from projects.selectors import COUNTS_NAMESPACES, ProjectQuery, facet_sizes, list_related, listed_in_order

router = Router(tags=[N_("Projects")])

ProjectPage = page_of(ProjectSummaryOut, "ProjectPage")


class ProjectFilters(PageParams):
    province: str | None = Field(
        None, max_length=4, pattern=CODE, description=N_("p-code of a province where it works.")
    )
    district: str | None = Field(
        None, max_length=6, pattern=CODE, description=N_("p-code of a district where it works.")
    )
    sector: str | None = Field(None, max_length=10, pattern=CODE, description=N_("Sector group code."))
    theme: str | None = Field(None, max_length=10, pattern=CODE, description=N_("Theme code."))
    sdg: int | None = Field(
        None, ge=1, le=17, description=N_("SDG goal number: projects aiming at its targets.")
    )
    outcome: str | None = Field(
        None, max_length=30, pattern=CODE, description=N_("Plan outcome code, e.g. NSEDP9-3.")
    )
    partner: Text(300) | None = Field(
        None, description=N_("Name of a donor or partner (case does not matter).")
    )
    year: int | None = Field(None, ge=1975, le=2100, description=N_("Projects running during this year."))
    status: Literal["planned", "ongoing", "completed", "suspended"] | None = None
    org: str | None = Field(
        None, max_length=80, pattern=CODE, description=N_("Slug of an organization: only its projects.")
    )
    order: Literal["title", "newest"] = Field(
        "title", description=N_("title: Lao alphabetical order of the titles; newest: latest start first.")
    )


def outcome_known(code: str) -> bool:
    framework, _sep, number = code.rpartition("-")
    return (
        number.isdigit()
        and len(number) <= 4
        and PlanOutcome.objects.filter(framework__code=framework, number=int(number)).exists()
    )


def check_filters(filters: ProjectFilters, viewer) -> None:
    check_code("province", filters.province, Province)
    check_code("district", filters.district, District)
    check_code("sector", filters.sector, SectorGroup)
    check_code("theme", filters.theme, Theme)
    if filters.outcome is not None and not outcome_known(filters.outcome):
        unknown("outcome")
    if filters.org is not None:
        # Only organizations the caller may see are known: the answer must not reveal the others.
        organization = Organization.objects.filter(slug=filters.org).first()
        visible = organization is not None and (
            organization.status == Organization.Status.ACTIVE
            or organization.pk in viewer.own_organization_ids
        )
        if not visible:
            unknown("org")


def summary(request, project: Project) -> dict:
    return {
        "id": project.pk,
        "organization": organization_ref(project.organization),
        "title_lo": project.title_lo,
        "title_en": project.title_en,
        "status": project.status,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "sector_group": project.sector_group.code,
        "provinces": sorted({location.province.code for location in project.locations.all()}),
        "visibility": project.visibility,
        "url": page_url(request, "projects:project-detail", project.pk),
    }


def detail(request, project: Project) -> dict:
    partners = []
    for partner in project.partners.all():
        linked = partner.organization
        partners.append(
            {
                "role": partner.role,
                "name": partner.display_name,
                # A link only to a member the public may see, as on the project's page.
                "organization": linked.slug
                if linked and linked.status == Organization.Status.ACTIVE
                else None,
            }
        )
    return {
        **summary(request, project),
        "summary_lo": project.summary_lo,
        "summary_en": project.summary_en,
        "themes": codes(project.themes.all()),
        "sdg_targets": codes(project.sdg_targets.all()),
        "plan_outcomes": [f"{row.framework.code}-{row.number}" for row in project.plan_outcomes.all()],
        "locations": [
            {
                "province": location.province.code,
                "district": location.district.code if location.district else None,
                "village": location.village,
            }
            for location in project.locations.all()
        ],
        "partners": partners,
        "government_counterpart": project.government_counterpart,
        "budget": {"amount": project.budget_amount, "currency": project.budget_currency}
        if project.budget_amount is not None
        else None,
        "version": project.version,
        "updated_at": project.updated_at,
    }


def with_details(queryset):
    return queryset.select_related("organization", "sector_group").prefetch_related(
        Prefetch("locations", queryset=ProjectLocation.objects.select_related("province", "district")),
        Prefetch("partners", queryset=ProjectPartner.objects.select_related("organization")),
        Prefetch("themes", queryset=Theme.objects.order_by("order", "code")),
        "sdg_targets",
        Prefetch("plan_outcomes", queryset=PlanOutcome.objects.select_related("framework")),
    )


def project_for(viewer, pk: int) -> Project:
    """Fetch and authorize in one step: a project the caller may not see is a 404."""
    project = with_details(Project.objects.filter(pk=pk)).first()
    if project is None or not can_view_project(viewer, project):
        raise Http404
    return project


@router.get(
    "/projects",
    response={200: ProjectPage, **READ_ERRORS},
    summary=N_("List projects"),
    description=N_(
        "Projects of member organizations that you may see, with the filters of the projects page. "
        "Filters take the codes of the reference lists; an unknown code is a 422."
    ),
)
def project_list(request, filters: Query[ProjectFilters]):
    viewer = request.auth.viewer
    check_filters(filters, viewer)
    query = ProjectQuery(
        province=filters.province or "",
        district=filters.district or "",
        sector=filters.sector or "",
        theme=filters.theme or "",
        sdg=str(filters.sdg or ""),
        outcome=filters.outcome or "",
        partner=lao.normalize(filters.partner)[:300] if filters.partner else "",
        year=str(filters.year or ""),
        status=filters.status or "",
        org=filters.org or "",
        sort=filters.order or "title",
    )
    visible = Project.objects.visible_to(viewer)
    projects = query.filtered(visible)
    # Counted once for each audience and filters until a project or an organization changes.
    audience = ",".join(viewer.levels) + ":" + ",".join(map(str, sorted(viewer.own_organization_ids)))
    filters_key = "&".join(f"{name}={value}" for name, value in sorted(query.active.items()))
    count = cached_counts(
        "api-projects", f"{audience}|{filters_key}", COUNTS_NAMESPACES, lambda: capped_count(projects)
    )
    # Few matches are sorted, many are read in index order (see projects.selectors.listed_in_order).
    total = count if count <= COUNT_LIMIT else None
    projects = listed_in_order(query, visible, "title_lo_sort", total=total, sizes=facet_sizes(viewer, query))
    return page(list_related(projects), filters, lambda project: summary(request, project), count=count)


@router.get(
    "/projects/{project_id}",
    response={200: ProjectOut, **DETAIL_ERRORS},
    summary=N_("One project"),
    description=N_("A project with its places, goals, partners and budget."),
)
def project_detail(request, project_id: int = Path(..., ge=1, le=2**53)):
    return detail(request, project_for(request.auth.viewer, project_id))
