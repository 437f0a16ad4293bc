"""What every endpoint shares: the page parameters, the documented error answers, clear 422s for
unknown filter values, links to the platform's pages, and the small nested records."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import Schema
from ninja.errors import ValidationError
from pydantic import Field

from api.schemas import ErrorOut, ValidationErrorOut

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Deep offsets make the database walk every row before the page; past this, narrow the filters or
# use the open data downloads.
MAX_OFFSET = 10_000
COUNT_LIMIT = 10_000
# From this offset on, a page's ids are read first (narrow rows, no joins), then its records: the
# database otherwise joins and reads every skipped row in full (offset 9,980 of a million projects:
# 140 ms, of which 100 ms for rows thrown away).
IDS_FIRST_FROM = 1_000

# Documented on every operation (the 429 and, where it applies, the 401 are added to the OpenAPI
# description by api.api.LaoCsoAPI).
READ_ERRORS = {422: ValidationErrorOut}
DETAIL_ERRORS = {404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}


class PageParams(Schema):
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description=N_("How many records to return (1–100). More than 100 is refused with a 422."),
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=N_("How many records to skip (at most 10,000; narrow the filters to go further)."),
    )


def capped_count(queryset: QuerySet) -> int:
    """The number of rows, counted up to COUNT_LIMIT + 1: counting a million rows would cost more
    than the page itself, and no page lies beyond MAX_OFFSET anyway."""
    return queryset.order_by()[: COUNT_LIMIT + 1].count()


def page(queryset, params: PageParams, serialize, *, count: int | None = None) -> dict:
    """One page of an ordered queryset (or list), serialized, with the number of matches up to
    COUNT_LIMIT (`count`, when the caller has it already: capped_count)."""
    if count is None:
        count = capped_count(queryset) if isinstance(queryset, QuerySet) else len(queryset)
    rows = queryset[params.offset : params.offset + params.limit]
    if isinstance(queryset, QuerySet) and params.offset >= IDS_FIRST_FROM:
        ids = list(queryset.values_list("pk", flat=True)[params.offset : params.offset + params.limit])
        rows = queryset.filter(pk__in=ids)  # in the queryset's order, with its related rows
    return {
        "count": min(count, COUNT_LIMIT),
        "count_is_exact": count <= COUNT_LIMIT,
        "limit": params.limit,
        "offset": params.offset,
        "items": [serialize(row) for row in rows],
    }


def refuse(name: str, message: str, *, where: str = "query") -> None:
    """Answer 422 for a parameter, in the same shape as the schema's own validation errors."""
    raise ValidationError([{"loc": [where, name], "msg": message, "type": "value_error"}])


def unknown(name: str) -> None:
    refuse(name, _("Unknown value. The reference lists of the API give the allowed codes."))


def check_code(name: str, value: str | None, model, field: str = "code") -> None:
    """A filter value must be one of the known codes; a typo is a 422, not an empty list. (One
    indexed lookup, only for the filters given.)"""
    if value is not None and not model.objects.filter(**{field: value}).exists():
        unknown(name)


def page_url(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def organization_ref(organization) -> dict:
    return {
        "slug": organization.slug,
        "name_lo": organization.name_lo,
        "name_en": organization.name_en,
        "acronym": organization.acronym,
    }


def codes(rows, attribute: str = "code") -> list:
    return [getattr(row, attribute) for row in rows]
