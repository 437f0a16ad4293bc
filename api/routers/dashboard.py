"""Dashboard figures: what CSOs contributed, from accepted reports, as the dashboards show them to
the same caller (reports.selectors computes them; projects count at the caller's visibility)."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext_noop as N_
from ninja import Path, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import Field

from api.common import READ_ERRORS
from api.schemas import CODE, ErrorOut, ValidationErrorOut
from reports.selectors import (
    DashboardFigures,
    DashboardFilters,
    Figures,
    FilterError,
    Item,
    dashboard_figures,
    filter_options,
    province_figures,
)

router = Router(tags=[N_("Dashboard figures")])


class FiguresOut(Schema):
    organizations: int = Field(description=N_("Reporting organizations with accepted reports."))
    projects: int
    people: int = Field(description=N_("People reached: women, men, girls and boys."))
    women: int
    men: int
    girls: int
    boys: int
    disabled: int = Field(description=N_("Of them, persons with disabilities."))
    disabled_women: int
    disabled_men: int
    disabled_girls: int
    disabled_boys: int
    spending_lak: Decimal = Field(description=N_("Spending in kip, at the rates of each round."))
    spending_usd: Decimal | None = Field(
        description=N_("Spending in US dollars; null when a round has no USD rate.")
    )


class ItemOut(Schema):
    code: str
    name_lo: str
    name_en: str
    member_organizations: int | None = Field(
        description=N_("Member organizations there today (places, sectors).")
    )
    figures: FiguresOut


class RoundInfoOut(Schema):
    id: int
    title_lo: str
    title_en: str
    period_start: date
    period_end: date
    is_open: bool


class OrganizationTotalsOut(Schema):
    organizations: int
    staff_women: int
    staff_men: int
    volunteers_women: int
    volunteers_men: int


class MatrixCellOut(Schema):
    province: str
    figures: FiguresOut


class MatrixRowOut(Schema):
    sector_group: str
    cells: list[MatrixCellOut]


class YearOut(Schema):
    year: int
    rounds: list[str]
    figures: FiguresOut


class DashboardOut(Schema):
    rounds: list[RoundInfoOut] = Field(description=N_("The rounds the figures add up."))
    audience: str = Field(description=N_("Whose view the figures are: public or members."))
    refreshed_at: datetime | None
    totals: FiguresOut
    organization_totals: OrganizationTotalsOut
    member_organizations: int
    by_sector_group: list[ItemOut]
    by_province: list[ItemOut]
    unplaced: FiguresOut = Field(description=N_("Projects without a place."))
    by_sdg_goal: list[ItemOut]
    by_plan_outcome: list[ItemOut]
    by_ethnic_group: list[ItemOut]
    sector_group_by_province: list[MatrixRowOut]
    trends: list[YearOut] = Field(description=N_("Totals by the year each round ended, oldest first."))
    missing_currencies: list[str] = Field(description=N_("Currencies without a rate, left out of spending."))


class ProvinceOut(Schema):
    province: ItemOut
    by_district: list[ItemOut]
    undistricted: FiguresOut = Field(description=N_("Projects placed in the province without a district."))


class OptionsOut(Schema):
    rounds: list[RoundInfoOut] = Field(description=N_("Rounds with accepted reports, newest first."))
    years: list[int]
    sector_groups: list[str]


class DashboardFiltersIn(Schema):
    round: int | None = Field(None, ge=1, le=2_000_000_000, description=N_("A reporting round (its id)."))
    year: int | None = Field(None, ge=1975, le=2100, description=N_("Rounds that ended in this year."))
    sector: str | None = Field(None, max_length=10, pattern=CODE, description=N_("Sector group code."))


def filters_of(params: DashboardFiltersIn) -> DashboardFilters:
    """Checked filters; a round without accepted reports, a year without rounds or an unknown sector
    group is a 422 naming the parameter."""
    try:
        return DashboardFilters.build(round_id=params.round, year=params.year, sector=params.sector or "")
    except FilterError as error:
        raise ValidationError(
            [
                {"loc": ["query", name], "msg": message, "type": "value_error"}
                for name, message in error.problems.items()
            ]
        ) from None


def figures_out(figures: Figures) -> dict:
    return {
        "organizations": figures.organizations,
        "projects": figures.projects,
        "people": figures.people,
        **{
            name: getattr(figures, name)
            for name in (
                "women",
                "men",
                "girls",
                "boys",
                "disabled",
                "disabled_women",
                "disabled_men",
                "disabled_girls",
                "disabled_boys",
                "spending_lak",
                "spending_usd",
            )
        },
    }


def item_out(item: Item) -> dict:
    return {
        "code": item.code,
        "name_lo": item.name_lo,
        "name_en": item.name_en,
        "member_organizations": item.members,
        "figures": figures_out(item.figures),
    }


def round_out(info) -> dict:
    return {
        "id": info.pk,
        "title_lo": info.title_lo,
        "title_en": info.title_en,
        "period_start": info.period_start,
        "period_end": info.period_end,
        "is_open": info.is_open,
    }


def dashboard_out(found: DashboardFigures) -> dict:
    totals = found.organization_totals
    return {
        "rounds": [round_out(info) for info in found.rounds],
        "audience": found.audience,
        "refreshed_at": found.refreshed_at,
        "totals": figures_out(found.totals),
        "organization_totals": {
            name: getattr(totals, name)
            for name in ("organizations", "staff_women", "staff_men", "volunteers_women", "volunteers_men")
        },
        "member_organizations": found.members,
        "by_sector_group": [item_out(item) for item in found.by_sector],
        "by_province": [item_out(item) for item in found.by_province],
        "unplaced": figures_out(found.unplaced),
        "by_sdg_goal": [item_out(item) for item in found.by_goal],
        "by_plan_outcome": [item_out(item) for item in found.by_outcome],
        "by_ethnic_group": [item_out(item) for item in found.by_ethnic],
        "sector_group_by_province": [
            {
                "sector_group": row.sector.code,
                "cells": [
                    {"province": column.code, "figures": figures_out(cell)}
                    for column, cell in zip(found.matrix_columns, row.cells, strict=True)
                ],
            }
            for row in found.matrix
        ],
        "trends": [
            {"year": entry.year, "rounds": entry.rounds, "figures": figures_out(entry.figures)}
            for entry in found.trends
        ],
        "missing_currencies": found.missing_currencies,
    }


@router.get(
    "/dashboard",
    response={200: DashboardOut, **READ_ERRORS},
    summary=N_("Dashboard figures"),
    description=N_(
        "The figures of the dashboards: totals, by sector group, province, SDG goal, plan outcome and "
        "ethnic group, the sector group × province matrix and the trend by year. Only accepted reports "
        "count, and only projects you may see. Without filters: the latest round with accepted reports."
    ),
)
def dashboard(request, params: Query[DashboardFiltersIn]):
    return dashboard_out(dashboard_figures(viewer=request.auth.viewer, filters=filters_of(params)))


@router.get(
    "/dashboard/provinces/{code}",
    response={200: ProvinceOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary=N_("Dashboard figures of a province"),
    description=N_("A province's figures and those of its districts, with the same filters."),
)
def dashboard_province(
    request, params: Query[DashboardFiltersIn], code: str = Path(..., max_length=4, pattern=CODE)
):
    found = province_figures(viewer=request.auth.viewer, filters=filters_of(params), province_code=code)
    if found is None:
        raise Http404
    return {
        "province": item_out(found.province),
        "by_district": [item_out(item) for item in found.by_district],
        "undistricted": figures_out(found.undistricted),
    }


@router.get(
    "/dashboard/options",
    response={200: OptionsOut},
    summary=N_("Dashboard filter values"),
    description=N_("The rounds, years and sector groups the dashboard filters may take."),
)
def dashboard_options(request):
    options = filter_options()
    return {
        "rounds": [round_out(info) for info in options.rounds],
        "years": options.years,
        "sector_groups": [item.code for item in options.sectors],
    }
