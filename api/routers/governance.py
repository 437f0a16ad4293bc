"""Governance: the sector groups with their elected leadership, and the network's meetings (as the
governance pages show them: a meeting at its visibility, its resolutions at the minutes')."""

from typing import Literal

from django.db.models import Count
from django.http import Http404
from django.utils.translation import gettext_noop as N_
from ninja import Path, Query, Router
from pydantic import Field

from api.common import DETAIL_ERRORS, READ_ERRORS, PageParams, check_code, organization_ref, page, page_url
from api.schemas import CODE, MeetingOut, MeetingSummaryOut, SectorGroupOut, list_of, page_of
from core.cache import cached_counts
from core.models import SectorGroup
from directory.models import Organization
from governance.models import Meeting, SectorGroupProfile, SectorLeadership
from governance.selectors import MeetingQuery, meetings_for

router = Router(tags=[N_("Governance")])

SectorGroupList = list_of(SectorGroupOut, "SectorGroupList")
MeetingPage = page_of(MeetingSummaryOut, "MeetingPage")


def person(row: SectorLeadership) -> dict:
    who = row.person
    return {
        "name_lo": who.name_lo,
        "name_en": who.name_en,
        "position_lo": who.position_lo,
        "position_en": who.position_en,
        "organization": organization_ref(who.organization),
    }


def sector_groups_out(request, groups: list[SectorGroup]) -> list[dict]:
    members = cached_counts(  # a count over every member: kept until the directory changes
        "api-sector-group-members",
        "",
        ("directory",),
        lambda: dict(
            Organization.objects.listed()
            .values_list("sector_groups")
            .annotate(count=Count("pk", distinct=True))
            .values_list("sector_groups", "count")
        ),
    )
    profiles = {
        row.sector_group_id: row for row in SectorGroupProfile.objects.filter(sector_group__in=groups)
    }
    leaders: dict[int, dict[str, list]] = {group.pk: {"head": [], "deputy": []} for group in groups}
    for row in (
        SectorLeadership.objects.current()
        .filter(sector_group__in=groups)
        .select_related("person", "person__organization")
        .order_by("role", "starts_on", "pk")
    ):
        leaders[row.sector_group_id][row.role].append(row)
    out = []
    for group in groups:
        profile = profiles.get(group.pk)
        heads = leaders[group.pk]["head"]
        out.append(
            {
                "code": group.code,
                "name_lo": group.name_lo,
                "name_en": group.name_en,
                "description_lo": profile.description_lo if profile else "",
                "description_en": profile.description_en if profile else "",
                "head": person(heads[0]) if heads else None,
                "deputies": [person(row) for row in leaders[group.pk]["deputy"]],
                "member_organizations": members.get(group.pk, 0),
                "url": page_url(request, "governance:sector-detail", group.code),
            }
        )
    return out


@router.get(
    "/sector-groups",
    response={200: SectorGroupList},
    summary=N_("Sector groups"),
    description=N_("The sector groups of the network with their current head and deputies."),
)
def sector_group_list(request):
    groups = list(SectorGroup.objects.order_by("order", "code"))
    items = sector_groups_out(request, groups)
    return {"count": len(items), "items": items}


@router.get(
    "/sector-groups/{code}",
    response={200: SectorGroupOut, **DETAIL_ERRORS},
    summary=N_("One sector group"),
    description=N_("A sector group with its current head and deputies."),
)
def sector_group_detail(request, code: str = Path(..., max_length=10, pattern=CODE)):
    group = SectorGroup.objects.filter(code=code).first()
    if group is None:
        raise Http404
    return sector_groups_out(request, [group])[0]


class MeetingFilters(PageParams):
    when: Literal["upcoming", "past"] = Field(
        "upcoming", description=N_("upcoming: soonest first; past: latest first.")
    )
    kind: Literal["assembly", "committee", "sector_group", "government_cso", "cso_fair", "other"] | None = (
        None
    )
    sector: str | None = Field(None, max_length=10, pattern=CODE, description=N_("Sector group code."))
    year: int | None = Field(None, ge=1990, le=2100, description=N_("Meetings that start in this year."))


def meeting_summary(request, meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "title_lo": meeting.title_lo,
        "title_en": meeting.title_en,
        "sector_group": meeting.sector_group.code if meeting.sector_group else None,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "province": meeting.province.code if meeting.province else None,
        "district": meeting.district.code if meeting.district else None,
        "status": meeting.status,
        "visibility": meeting.visibility,
        "url": page_url(request, "governance:meeting-detail", meeting.pk),
    }


@router.get(
    "/meetings",
    response={200: MeetingPage, **READ_ERRORS},
    summary=N_("List meetings"),
    description=N_("Meetings of the network, its committee and its sector groups that you may see."),
)
def meeting_list(request, filters: Query[MeetingFilters]):
    check_code("sector", filters.sector, SectorGroup)
    query = MeetingQuery(
        when=filters.when, kind=filters.kind or "", sector=filters.sector or "", year=filters.year
    )
    meetings = query.filtered(meetings_for(request.auth.viewer))
    return page(meetings, filters, lambda meeting: meeting_summary(request, meeting))


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **DETAIL_ERRORS},
    summary=N_("One meeting"),
    description=N_(
        "A meeting with its agenda and attendance; its resolutions when its minutes are shared with you."
    ),
)
def meeting_detail(request, meeting_id: int = Path(..., ge=1, le=2**53)):
    viewer = request.auth.viewer
    meeting = meetings_for(viewer).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    minutes_shown = meeting.minutes_visibility in viewer.levels
    attendance = None
    if meeting.attendance_total is not None:
        attendance = {
            "total": meeting.attendance_total,
            "women": meeting.attendance_women,
            "men": meeting.attendance_men,
            "unspecified": meeting.attendance_unspecified,
        }
    return {
        **meeting_summary(request, meeting),
        "venue_lo": meeting.venue_lo,
        "venue_en": meeting.venue_en,
        "organizers_lo": meeting.organizers_lo,
        "organizers_en": meeting.organizers_en,
        "organizer_organizations": [
            organization_ref(organization)
            for organization in meeting.organizer_organizations.order_by("name_lo_sort", "pk")
        ],
        "agenda_lo": meeting.agenda_lo,
        "agenda_en": meeting.agenda_en,
        "attendance": attendance,
        "resolutions": [
            {"number": row.number, "text_lo": row.text_lo, "text_en": row.text_en}
            for row in meeting.resolutions.order_by("number")
        ]
        if minutes_shown
        else None,
    }
