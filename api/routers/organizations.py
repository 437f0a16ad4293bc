"""The directory: active member organizations, with only the field groups each caller may see
(directory.visibility decides, as for the pages and the exports)."""

from typing import Literal

from django.http import Http404
from django.utils.translation import gettext_noop as N_
from ninja import Path, Query, Router
from pydantic import Field

from api.common import DETAIL_ERRORS, READ_ERRORS, PageParams, check_code, codes, page, page_url
from api.schemas import CODE, OrganizationOut, OrganizationSummaryOut, Text, page_of
from core.models import Province, SectorGroup, Theme
from directory.models import Organization
from directory.selectors import DirectoryQuery
from directory.visibility import can_see_group, can_view_organization
from search.selectors import list_hits

router = Router(tags=[N_("Organizations")])

OrganizationPage = page_of(OrganizationSummaryOut, "OrganizationPage")
SEARCH_LIMIT = 500


class OrganizationFilters(PageParams):
    sector: str | None = Field(
        None, max_length=10, pattern=CODE, description=N_("Sector group code."), examples=["FARD"]
    )
    theme: str | None = Field(None, max_length=10, pattern=CODE, description=N_("Theme code."))
    province: str | None = Field(
        None, max_length=4, pattern=CODE, description=N_("p-code of a province of work.")
    )
    form: Literal["association", "foundation", "network", "other"] | None = Field(
        None, description=N_("Legal form.")
    )
    q: Text(200) | None = Field(
        None, description=N_("Search words, in Lao or English; results are then ranked by relevance.")
    )


def summary(request, organization: Organization) -> dict:
    return {
        "slug": organization.slug,
        "name_lo": organization.name_lo,
        "name_en": organization.name_en,
        "acronym": organization.acronym,
        "legal_form": organization.legal_form,
        "head_office_province": organization.head_office_province.code,
        "primary_sector_group": organization.primary_sector_group.code,
        "url": page_url(request, "directory:org-detail", organization.slug),
    }


def detail(request, organization: Organization, viewer) -> dict:
    def shown(group: str) -> bool:
        return can_see_group(viewer, organization, group)

    return {
        **summary(request, organization),
        "status": organization.status,
        "head_office_district": organization.head_office_district.code
        if organization.head_office_district
        else None,
        "provinces": sorted(codes(organization.provinces.all())),
        "sector_groups": codes(organization.sector_groups.order_by("order", "code")),
        "themes": codes(organization.themes.order_by("order", "code")),
        "mission_lo": organization.mission_lo,
        "mission_en": organization.mission_en,
        "description_lo": organization.description_lo,
        "description_en": organization.description_en,
        "year_founded": organization.year_founded,
        "website": organization.website,
        "facebook": organization.facebook,
        "contacts": {
            "phone": organization.phone,
            "email": organization.email,
            "address": organization.address,
        }
        if shown("contacts")
        else None,
        "staff": {
            "staff_women": organization.staff_women,
            "staff_men": organization.staff_men,
            "volunteers_women": organization.volunteers_women,
            "volunteers_men": organization.volunteers_men,
            "budget_band": organization.budget_band,
        }
        if shown("staff")
        else None,
        "registration": {
            "number": organization.registration_number,
            "date": organization.registration_date,
            "authority": organization.registration_authority,
            "province": organization.registration_province.code
            if organization.registration_province
            else None,
            "supervising_ministry": organization.supervising_ministry,
        }
        if shown("registration")
        else None,
        "updated_at": organization.updated_at,
    }


@router.get(
    "/organizations",
    response={200: OrganizationPage, **READ_ERRORS},
    summary=N_("List organizations"),
    description=N_(
        "Active member organizations of the network, in Lao alphabetical order (or by relevance "
        "with q). Filters take the codes of the reference lists; an unknown code is a 422."
    ),
)
def organization_list(request, filters: Query[OrganizationFilters]):
    check_code("sector", filters.sector, SectorGroup)
    check_code("theme", filters.theme, Theme)
    check_code("province", filters.province, Province)
    query = DirectoryQuery(
        sector=filters.sector or "",
        theme=filters.theme or "",
        province=filters.province or "",
        form=filters.form or "",
    )
    organizations = query.filtered(Organization.objects.listed()).select_related(
        "head_office_province", "primary_sector_group"
    )
    if filters.q and filters.q.strip():
        hits = list_hits(
            filters.q, kind="organization", visibility_levels=request.auth.viewer.levels, limit=SEARCH_LIMIT
        )
        by_id = organizations.in_bulk(hits.object_ids)
        organizations = [by_id[pk] for pk in hits.object_ids if pk in by_id]
    else:
        organizations = organizations.order_by("name_lo_sort", "pk")
    return page(organizations, filters, lambda organization: summary(request, organization))


@router.get(
    "/organizations/{slug}",
    response={200: OrganizationOut, **DETAIL_ERRORS},
    summary=N_("One organization"),
    description=N_(
        "The organization's profile. Contacts, staff figures and registration details are given "
        "only when the organization shares them with you; otherwise they are null."
    ),
)
def organization_detail(request, slug: str = Path(..., max_length=80, pattern=CODE)):
    organization = (
        Organization.objects.select_related(
            "head_office_province", "head_office_district", "primary_sector_group", "registration_province"
        )
        .filter(slug=slug)
        .first()
    )
    viewer = request.auth.viewer
    if organization is None or not can_view_organization(viewer, organization):
        raise Http404
    return detail(request, organization, viewer)
