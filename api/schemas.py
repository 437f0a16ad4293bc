"""The shapes of the API's answers and of what it accepts: one explicit schema per kind of record,
listing every field it shows (never "all the model's fields").

Descriptions are English here and in the OpenAPI description; `N_` marks them for the translation
catalogue so that the docs page shows them in Lao.
"""

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext_noop as N_
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, create_model

# --- text that may be stored ------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """Refuse control characters (NUL breaks PostgreSQL) and lone surrogates (not UTF-8)."""
    for char in value:
        if char in "\n\r\t":
            continue
        if unicodedata.category(char) in ("Cc", "Cs"):
            raise ValueError("Text may not contain control characters or invalid Unicode.")
    return value


def Text(max_length: int, description: str = "", **extra):
    return Annotated[
        str, Field(max_length=max_length, description=description, **extra), AfterValidator(clean_text)
    ]


# Codes and slugs: letters, digits and - _ . only (a NUL byte, for one, must never reach PostgreSQL).
CODE = r"^[A-Za-z0-9_.-]+$"
Code = Annotated[str, Field(max_length=20, pattern=CODE)]
Slug = Annotated[str, Field(max_length=80, pattern=CODE)]

# --- errors ---------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description=N_("What went wrong, in the language of Accept-Language."))


class Problem(Schema):
    loc: list[str | int] = Field(
        description=N_("Where the problem is: query, path or body, then the field name (and list index).")
    )
    msg: str = Field(description=N_("What is wrong, in the language of Accept-Language."))
    type: str = Field(description=N_("A machine-readable kind of problem."))


class ValidationErrorOut(Schema):
    detail: list[Problem]


# --- reference lists --------------------------------------------------------------------------------


class ProvinceOut(Schema):
    code: str = Field(description=N_("The p-code of the province."), examples=["LA01"])
    iso_code: str = Field(description=N_("ISO 3166-2 code."), examples=["LA-VT"])
    name_lo: str = Field(examples=["ນະຄອນຫຼວງວຽງຈັນ"])
    name_en: str = Field(examples=["Vientiane Capital"])


class DistrictOut(Schema):
    code: str = Field(description=N_("The p-code of the district."), examples=["LA0101"])
    province: str = Field(description=N_("The p-code of its province."), examples=["LA01"])
    name_lo: str
    name_en: str


class SectorGroupRefOut(Schema):
    code: str = Field(examples=["FARD"])
    name_lo: str
    name_en: str


class ThemeOut(Schema):
    code: str
    name_lo: str
    name_en: str
    suggested_sector_group: str | None = Field(
        description=N_("Code of the sector group it usually belongs to.")
    )


class SdgGoalOut(Schema):
    number: int = Field(examples=[4])
    short_title_lo: str
    short_title_en: str
    title_lo: str
    title_en: str
    lao_is_draft: bool = Field(description=N_("True while the Lao wording is a draft awaiting review."))


class SdgTargetOut(Schema):
    code: str = Field(examples=["4.1"])
    goal: int
    title_lo: str
    title_en: str
    lao_is_draft: bool


class PlanFrameworkOut(Schema):
    code: str = Field(examples=["NSEDP9"])
    name_lo: str
    name_en: str
    starts_year: int
    ends_year: int


class PlanOutcomeOut(Schema):
    code: str = Field(
        description=N_("Framework code and outcome number, as used in filters."), examples=["NSEDP9-3"]
    )
    framework: str
    number: int
    title_lo: str
    title_en: str


class EthnicGroupOut(Schema):
    number: int
    name_lo: str
    name_en: str
    family_lo: str
    family_en: str


# --- organizations ----------------------------------------------------------------------------------


class OrganizationRefOut(Schema):
    slug: str = Field(description=N_("The organization's web address, which never changes."))
    name_lo: str
    name_en: str
    acronym: str


class OrganizationSummaryOut(OrganizationRefOut):
    legal_form: Literal["association", "foundation", "network", "other"]
    head_office_province: str = Field(description=N_("p-code."))
    primary_sector_group: str = Field(description=N_("Sector group code."))
    url: str = Field(description=N_("The organization's page on the platform."))


class ContactsOut(Schema):
    phone: str
    email: str
    address: str


class StaffOut(Schema):
    staff_women: int | None
    staff_men: int | None
    volunteers_women: int | None
    volunteers_men: int | None
    budget_band: Literal["", "lt50k", "50k-200k", "200k-1m", "gt1m"] = Field(
        description=N_("Yearly budget band in US dollars; empty when not given.")
    )


class RegistrationOut(Schema):
    number: str
    date: date | None
    authority: Literal["", "moha", "province"] = Field(
        description=N_("moha: Ministry of Home Affairs; province: a provincial Home Affairs office.")
    )
    province: str | None = Field(description=N_("p-code of the registering provincial office."))
    supervising_ministry: str


GROUP_NOTE = N_("Null when the organization does not share this group of fields with you.")


class OrganizationOut(OrganizationSummaryOut):
    status: Literal["applicant", "active", "suspended", "former"]
    head_office_district: str | None
    provinces: list[str] = Field(description=N_("p-codes of the provinces where it works."))
    sector_groups: list[str]
    themes: list[str]
    mission_lo: str
    mission_en: str
    description_lo: str
    description_en: str
    year_founded: int | None
    website: str
    facebook: str
    contacts: ContactsOut | None = Field(description=GROUP_NOTE)
    staff: StaffOut | None = Field(description=GROUP_NOTE)
    registration: RegistrationOut | None = Field(description=GROUP_NOTE)
    updated_at: datetime


# --- projects ---------------------------------------------------------------------------------------

VISIBILITY = Literal["public", "members", "secretariat"]
PROJECT_STATUS = Literal["planned", "ongoing", "completed", "suspended"]
CURRENCY = Literal["LAK", "USD", "EUR", "THB", "AUD", "JPY", "CNY", "KRW", "GBP", "CHF", "SEK", "NZD"]


class LocationOut(Schema):
    province: str
    district: str | None
    village: str


class PartnerOut(Schema):
    role: Literal["donor", "implementing"]
    name: str
    organization: str | None = Field(
        description=N_("Slug of the partner when it is a member in the directory.")
    )


class MoneyOut(Schema):
    amount: Decimal = Field(description=N_("A decimal number written as a string, to keep every digit."))
    currency: CURRENCY


class ProjectSummaryOut(Schema):
    id: int
    organization: OrganizationRefOut
    title_lo: str
    title_en: str
    status: PROJECT_STATUS
    starts_on: date
    ends_on: date | None
    sector_group: str
    provinces: list[str]
    visibility: VISIBILITY = Field(description=N_("Who may see the project."))
    url: str


class ProjectOut(ProjectSummaryOut):
    summary_lo: str
    summary_en: str
    themes: list[str]
    sdg_targets: list[str]
    plan_outcomes: list[str]
    locations: list[LocationOut]
    partners: list[PartnerOut]
    government_counterpart: str
    budget: MoneyOut | None
    version: int = Field(description=N_("Send it back with an update: a stale version is refused (409)."))
    updated_at: datetime


class LocationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    province: Code = Field(description=N_("p-code of the province."), examples=["LA13"])
    district: Code | None = Field(None, description=N_("p-code of a district of that province."))
    village: Text(200) = ""


class PartnerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    role: Literal["donor", "implementing"] = "donor"
    name: Text(300) = ""
    organization: Slug | None = Field(None, description=N_("Slug of a member organization of the directory."))


class ProjectFieldsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title_lo: Text(300) = ""
    title_en: Text(300) = ""
    summary_lo: Text(20000) = ""
    summary_en: Text(20000) = ""
    status: PROJECT_STATUS = "ongoing"
    starts_on: date
    ends_on: date | None = None
    sector_group: Code = Field(description=N_("Sector group code."), examples=["FARD"])
    themes: list[Code] = Field([], max_length=20)
    sdg_targets: list[Code] = Field([], max_length=60, examples=[["1.1", "2.3"]])
    plan_outcomes: list[Code] = Field([], max_length=40, examples=[["NSEDP9-3"]])
    government_counterpart: Text(300) = ""
    budget_amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    budget_currency: CURRENCY = "LAK"
    visibility: VISIBILITY = "public"
    locations: list[LocationIn] = Field(min_length=1, max_length=100)
    partners: list[PartnerIn] = Field([], max_length=50)


class ProjectCreateIn(ProjectFieldsIn):
    organization: Slug = Field(description=N_("Slug of one of your organizations."), examples=["demo-ban-na"])


class ProjectUpdateIn(ProjectFieldsIn):
    version: int = Field(ge=1, le=2_000_000_000, description=N_("The version you read."))


# --- sector groups and meetings ------------------------------------------------------------------------


class PersonOut(Schema):
    name_lo: str
    name_en: str
    position_lo: str
    position_en: str
    organization: OrganizationRefOut


class SectorGroupOut(SectorGroupRefOut):
    description_lo: str
    description_en: str
    head: PersonOut | None
    deputies: list[PersonOut]
    member_organizations: int = Field(description=N_("Active member organizations that chose the group."))
    url: str


MEETING_KIND = Literal["assembly", "committee", "sector_group", "government_cso", "cso_fair", "other"]


class MeetingSummaryOut(Schema):
    id: int
    kind: MEETING_KIND
    title_lo: str
    title_en: str
    sector_group: str | None
    starts_at: datetime
    ends_at: datetime
    province: str | None
    district: str | None
    status: Literal["scheduled", "cancelled"]
    visibility: Literal["public", "members"]
    url: str


class AttendanceOut(Schema):
    total: int
    women: int
    men: int
    unspecified: int


class ResolutionOut(Schema):
    number: int
    text_lo: str
    text_en: str


class MeetingOut(MeetingSummaryOut):
    venue_lo: str
    venue_en: str
    organizers_lo: str
    organizers_en: str
    organizer_organizations: list[OrganizationRefOut]
    agenda_lo: str
    agenda_en: str
    attendance: AttendanceOut | None = Field(description=N_("Null until the attendance is recorded."))
    resolutions: list[ResolutionOut] | None = Field(
        description=N_("Null when the minutes are not shared with you.")
    )


# --- content --------------------------------------------------------------------------------------------

EVENT_KIND = Literal["training", "fair", "meeting", "webinar", "other"]


class EventSummaryOut(Schema):
    slug: str
    kind: EVENT_KIND
    title_lo: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    province: str | None
    location_lo: str
    location_en: str
    visibility: Literal["public", "members", "secretariat"]
    url: str


class EventOut(EventSummaryOut):
    description_lo: str
    description_en: str
    sector_groups: list[str]
    organizers: list[OrganizationRefOut]
    registration_is_open: bool
    capacity: int | None
    published_at: datetime


class NewsSummaryOut(Schema):
    slug: str
    title_lo: str
    title_en: str
    published_at: datetime
    sector_groups: list[str]
    url: str


class NewsOut(NewsSummaryOut):
    body_lo: str = Field(description=N_("Markdown."))
    body_en: str = Field(description=N_("Markdown."))
    byline: str
    supported_by_lo: str
    supported_by_en: str
    organizations: list[OrganizationRefOut]
    cover_url: str | None
    cover_alt_lo: str
    cover_alt_en: str


DOCUMENT_KIND = Literal["report", "policy", "law", "guideline", "minutes", "training", "other"]
DOCUMENT_LANGUAGE = Literal["lo", "en", "lo-en", "other"]


class DocumentSummaryOut(Schema):
    slug: str
    kind: DOCUMENT_KIND
    title_lo: str
    title_en: str
    language: DOCUMENT_LANGUAGE
    year: int | None
    file_type: Literal["pdf", "docx", "xlsx", "png", "jpeg"]
    file_size: int = Field(description=N_("Bytes."))
    published_at: datetime
    url: str


class DocumentOut(DocumentSummaryOut):
    description_lo: str
    description_en: str
    sector_groups: list[str]
    organization: OrganizationRefOut | None
    download_url: str


OPPORTUNITY_KIND = Literal["call", "grant", "job", "consultancy", "other"]


class OpportunitySummaryOut(Schema):
    slug: str
    kind: OPPORTUNITY_KIND
    title_lo: str
    title_en: str
    deadline: date = Field(description=N_("The last day to apply (Vientiane time)."))
    is_open: bool
    organization: OrganizationRefOut | None
    offered_by: str
    url: str


class OpportunityOut(OpportunitySummaryOut):
    description_lo: str
    description_en: str
    apply_url: str
    sector_groups: list[str]
    published_at: datetime


# --- your organization (with a token) -------------------------------------------------------------


class MyOrganizationOut(OrganizationRefOut):
    role: Literal["owner", "editor"]
    status: Literal["applicant", "active", "suspended", "former"]


class TokenInfoOut(Schema):
    name: str
    starts_with: str
    created_at: datetime
    expires_at: datetime


class MeOut(Schema):
    organizations: list[MyOrganizationOut]
    token: TokenInfoOut


class RoundOut(Schema):
    id: int
    title_lo: str
    title_en: str
    period_start: date
    period_end: date
    deadline: date
    status: Literal["open", "closed"]


REPORT_STATUS = Literal["not_started", "draft", "submitted", "returned", "accepted"]


class ReportSummaryOut(Schema):
    id: int
    round: RoundOut
    organization: OrganizationRefOut
    status: REPORT_STATUS
    editable: bool = Field(
        description=N_("True while you may change it: not submitted or accepted, round open.")
    )
    version: int
    url: str


class ReportLineOut(Schema):
    project: int
    spending_amount: Decimal | None
    spending_currency: CURRENCY | Literal[""]
    women: int | None
    men: int | None
    girls: int | None
    boys: int | None
    disabled_women: int | None
    disabled_men: int | None
    disabled_girls: int | None
    disabled_boys: int | None
    ethnic_groups: list[int] = Field(description=N_("Numbers of the ethnic groups reached."))
    results_lo: str
    results_en: str


class DueProjectOut(Schema):
    id: int
    title_lo: str
    title_en: str


class ReportOut(ReportSummaryOut):
    staff_women: int | None
    staff_men: int | None
    volunteers_women: int | None
    volunteers_men: int | None
    spending_amount: Decimal | None
    spending_currency: CURRENCY | Literal[""]
    projects: list[DueProjectOut] = Field(description=N_("The projects this report covers."))
    lines: list[ReportLineOut]
    missing: list[str] = Field(description=N_("What is still missing before the report can be submitted."))


People = Annotated[int, Field(ge=0, le=10_000_000)] | None
Staff = Annotated[int, Field(ge=0, le=100_000)] | None
Amount = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)] | None


class ReportLineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    project: int = Field(ge=1, le=2**53, description=N_("Id of one of the report's projects."))
    spending_amount: Amount = None
    spending_currency: CURRENCY = "LAK"
    women: People = None
    men: People = None
    girls: People = None
    boys: People = None
    disabled_women: People = None
    disabled_men: People = None
    disabled_girls: People = None
    disabled_boys: People = None
    ethnic_groups: list[Annotated[int, Field(ge=1, le=1000)]] = Field([], max_length=50)
    results_lo: Text(20000) = ""
    results_en: Text(20000) = ""


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=2_000_000_000, description=N_("The version you read."))
    staff_women: Staff = None
    staff_men: Staff = None
    volunteers_women: Staff = None
    volunteers_men: Staff = None
    spending_amount: Amount = None
    spending_currency: CURRENCY = "LAK"
    lines: list[ReportLineIn] = Field([], max_length=500, description=N_("Projects left out are unchanged."))


class SubmitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=2_000_000_000)


# --- lists ------------------------------------------------------------------------------------------------


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of a list: how many there are in all, the page asked for, and its items."""
    return create_model(
        name,
        __base__=Schema,
        count=(
            int,
            Field(
                description=N_("How many records match, on all pages, counted up to 10,000."), examples=[135]
            ),
        ),
        count_is_exact=(
            bool,
            Field(
                description=N_("False when more than 10,000 match: narrow the filters to count them."),
                examples=[True],
            ),
        ),
        limit=(int, Field(examples=[20])),
        offset=(int, Field(examples=[0])),
        items=(list[item], ...),
    )


def list_of(item: type[Schema], name: str) -> type[Schema]:
    """A whole short list (reference data), not paginated."""
    return create_model(name, __base__=Schema, count=(int, Field(examples=[18])), items=(list[item], ...))
