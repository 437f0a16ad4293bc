"""Reads for the directory: the filtered list with its facet counts."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.models import Province, SectorGroup, Theme
from directory.models import Organization

# Filters are whitelisted query parameters, each mapped to one lookup (never passed to the ORM as is).
FILTERS = {
    "sector": ("sector_groups__code", SectorGroup, _("Sector group")),
    "theme": ("themes__code", Theme, _("Theme")),
    "province": ("provinces__code", Province, _("Province of work")),
}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)

    def link_options(self, params: QueryDict) -> None:
        """Give each option the query string that selects it (or, when selected, removes it), keeping
        the other filters and the search words, and going back to the first page."""
        for option in self.options:
            changed = params.copy()
            changed.pop("page", None)
            changed.pop(self.name, None)
            if not option.selected:
                changed[self.name] = option.value
            option.url = "?" + changed.urlencode()


@dataclass
class DirectoryQuery:
    sector: str = ""
    theme: str = ""
    province: str = ""
    form: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params) -> "DirectoryQuery":
        """Unknown values are ignored rather than answered with an error: a stale shared link still works."""
        values = {name: params.get(name, "").strip()[:40] for name in ("sector", "theme", "province", "form")}
        if values["form"] not in Organization.LegalForm.values:
            values["form"] = ""
        return cls(q=params.get("q", "").strip()[:200], **values)

    def filtered(self, queryset: QuerySet, *, skip: str = "") -> QuerySet:
        for name, (lookup, _model, _label) in FILTERS.items():
            value = getattr(self, name)
            if value and name != skip:
                queryset = queryset.filter(**{lookup: value})
        if self.form and skip != "form":
            queryset = queryset.filter(legal_form=self.form)
        return queryset


def organization_facets(query: DirectoryQuery, base: QuerySet) -> list[Facet]:
    """Counts beside each filter value, as they would be if that value were chosen: one GROUP BY
    query a facet, however many organizations there are."""
    facets = []
    for name, (lookup, model, label) in FILTERS.items():
        counts = dict(
            query.filtered(base, skip=name)
            .values_list(lookup)
            .annotate(n=Count("pk", distinct=True))
            .values_list(lookup, "n")
        )
        rows = model.objects.all()
        rows = rows.in_viewer_order() if model is Province else list(rows)
        facet = Facet(name, label)
        facet.options = [
            Option(row.code, row.name, counts.get(row.code, 0), getattr(query, name) == row.code)
            for row in rows
        ]
        facets.append(facet)
    counts = dict(
        query.filtered(base, skip="form")
        .values_list("legal_form")
        .annotate(n=Count("pk"))
        .values_list("legal_form", "n")
    )
    facet = Facet("form", _("Legal form"))
    facet.options = [
        Option(value, label, counts.get(value, 0), query.form == value)
        for value, label in Organization.LegalForm.choices
    ]
    facets.append(facet)
    return facets
