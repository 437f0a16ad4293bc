"""Reference lists: the codes that filters and writes use. Short lists, given whole, in the order of
the reference tables (p-codes, numbers)."""

from django.utils.translation import gettext_noop as N_
from ninja import Query, Router

from api.common import READ_ERRORS, check_code
from api.schemas import (
    CODE,
    DistrictOut,
    EthnicGroupOut,
    PlanFrameworkOut,
    PlanOutcomeOut,
    ProvinceOut,
    SdgGoalOut,
    SdgTargetOut,
    SectorGroupRefOut,
    ThemeOut,
    list_of,
)
from core.models import (
    District,
    EthnicGroup,
    PlanFramework,
    PlanOutcome,
    Province,
    SdgGoal,
    SdgTarget,
    SectorGroup,
    Theme,
)

router = Router(tags=[N_("Reference lists")])

ProvinceList = list_of(ProvinceOut, "ProvinceList")
DistrictList = list_of(DistrictOut, "DistrictList")
SectorGroupRefList = list_of(SectorGroupRefOut, "SectorGroupCodeList")
ThemeList = list_of(ThemeOut, "ThemeList")
SdgGoalList = list_of(SdgGoalOut, "SdgGoalList")
SdgTargetList = list_of(SdgTargetOut, "SdgTargetList")
PlanFrameworkList = list_of(PlanFrameworkOut, "PlanFrameworkList")
PlanOutcomeList = list_of(PlanOutcomeOut, "PlanOutcomeList")
EthnicGroupList = list_of(EthnicGroupOut, "EthnicGroupList")


def whole(items: list) -> dict:
    return {"count": len(items), "items": items}


@router.get(
    "/provinces",
    response={200: ProvinceList, **READ_ERRORS},
    summary=N_("Provinces"),
    description=N_("The 18 provinces with their p-codes (OCHA/Lao Statistics Bureau) and ISO codes."),
)
def provinces(request):
    return whole(
        [
            {"code": row.code, "iso_code": row.iso_code, "name_lo": row.name_lo, "name_en": row.name_en}
            for row in Province.objects.order_by("code")
        ]
    )


@router.get(
    "/districts",
    response={200: DistrictList, **READ_ERRORS},
    summary=N_("Districts"),
    description=N_("The 148 districts, or those of one province."),
)
def districts(
    request,
    province: str | None = Query(
        None,
        max_length=4,
        pattern=CODE,
        description=N_("p-code of a province: only its districts."),
        examples=["LA13"],
    ),
):
    rows = District.objects.select_related("province").order_by("code")
    if province is not None:
        check_code("province", province, Province)
        rows = rows.filter(province__code=province)
    return whole(
        [
            {"code": row.code, "province": row.province.code, "name_lo": row.name_lo, "name_en": row.name_en}
            for row in rows
        ]
    )


@router.get(
    "/sector-groups",
    response={200: SectorGroupRefList, **READ_ERRORS},
    summary=N_("Sector group codes"),
    description=N_("The network's sector groups and their codes. /sector-groups gives their leadership."),
)
def sector_group_codes(request):
    return whole(
        [
            {"code": row.code, "name_lo": row.name_lo, "name_en": row.name_en}
            for row in SectorGroup.objects.order_by("order", "code")
        ]
    )


@router.get(
    "/themes",
    response={200: ThemeList, **READ_ERRORS},
    summary=N_("Themes"),
    description=N_("Areas of work named in the network's description."),
)
def themes(request):
    return whole(
        [
            {
                "code": row.code,
                "name_lo": row.name_lo,
                "name_en": row.name_en,
                "suggested_sector_group": row.suggested_sector_group.code
                if row.suggested_sector_group
                else None,
            }
            for row in Theme.objects.select_related("suggested_sector_group").order_by("order", "code")
        ]
    )


@router.get(
    "/sdg-goals",
    response={200: SdgGoalList, **READ_ERRORS},
    summary=N_("SDG goals"),
    description=N_("The 17 Sustainable Development Goals."),
)
def sdg_goals(request):
    return whole(
        [
            {
                "number": row.number,
                "short_title_lo": row.short_title_lo,
                "short_title_en": row.short_title_en,
                "title_lo": row.title_lo,
                "title_en": row.title_en,
                "lao_is_draft": row.lao_is_draft,
            }
            for row in SdgGoal.objects.order_by("number")
        ]
    )


@router.get(
    "/sdg-targets",
    response={200: SdgTargetList, **READ_ERRORS},
    summary=N_("SDG targets"),
    description=N_("The 169 SDG targets, or those of one goal."),
)
def sdg_targets(
    request,
    goal: int | None = Query(None, ge=1, le=17, description=N_("Only the targets of this goal.")),
):
    rows = SdgTarget.objects.select_related("goal").order_by("goal__number", "order")
    if goal is not None:
        rows = rows.filter(goal__number=goal)
    return whole(
        [
            {
                "code": row.code,
                "goal": row.goal.number,
                "title_lo": row.title_lo,
                "title_en": row.title_en,
                "lao_is_draft": row.lao_is_draft,
            }
            for row in rows
        ]
    )


@router.get(
    "/plan-frameworks",
    response={200: PlanFrameworkList, **READ_ERRORS},
    summary=N_("Plan frameworks"),
    description=N_("National plans that projects contribute to (NSEDP)."),
)
def plan_frameworks(request):
    return whole(
        [
            {
                "code": row.code,
                "name_lo": row.name_lo,
                "name_en": row.name_en,
                "starts_year": row.starts_year,
                "ends_year": row.ends_year,
            }
            for row in PlanFramework.objects.order_by("starts_year", "code")
        ]
    )


@router.get(
    "/plan-outcomes",
    response={200: PlanOutcomeList, **READ_ERRORS},
    summary=N_("Plan outcomes"),
    description=N_("Outcomes of the national plans, or of one plan."),
)
def plan_outcomes(
    request,
    framework: str | None = Query(
        None, max_length=20, pattern=CODE, description=N_("Code of a plan framework.")
    ),
):
    rows = PlanOutcome.objects.select_related("framework").order_by("framework__starts_year", "number")
    if framework is not None:
        check_code("framework", framework, PlanFramework)
        rows = rows.filter(framework__code=framework)
    return whole(
        [
            {
                "code": f"{row.framework.code}-{row.number}",
                "framework": row.framework.code,
                "number": row.number,
                "title_lo": row.title_lo,
                "title_en": row.title_en,
            }
            for row in rows
        ]
    )


@router.get(
    "/ethnic-groups",
    response={200: EthnicGroupList, **READ_ERRORS},
    summary=N_("Ethnic groups"),
    description=N_("The 50 officially recognised ethnic groups."),
)
def ethnic_groups(request):
    return whole(
        [
            {
                "number": row.number,
                "name_lo": row.name_lo,
                "name_en": row.name_en,
                "family_lo": row.family_lo,
                "family_en": row.family_en,
            }
            for row in EthnicGroup.objects.order_by("number")
        ]
    )
