"""Reads for the directory: the filtered list with its facet counts."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.cache import cached_counts
from core.models import Province, SectorGroup, Theme
from directory.models import Organization

# Filters are whitelisted query parameters, each mapped to one link table (never passed to the ORM as
# is). A filter is a semi-join (`id IN (SELECT organization_id …)`), so an organization never appears
# twice and neither the list nor its counts need DISTINCT over a hundred thousand rows.
FILTERS = {
    "sector": (Organization.sector_groups.through, "sectorgroup_id", SectorGroup, _("Sector group")),
    "theme": (Organization.themes.through, "theme_id", Theme, _("Theme")),
    "province": (Organization.provinces.through, "province_id", Province, _("Province of work")),
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

    @property
    def has_filters(self) -> bool:
        return any(getattr(self, name) for name in (*FILTERS, "form"))

    def chosen_id(self, name: str) -> int | None:
        """The database id of the chosen code of a filter, looked up once (tiny reference tables), so
        that the filters compare ids: the planner knows how common each id is, not each code (with
        the code, PostgreSQL guessed 2,500 members of a sector group of 36,000 and took a slow plan)."""
        ids = self.__dict__.setdefault("_ids", {})
        if name not in ids:
            model = FILTERS[name][2]
            ids[name] = model.objects.filter(code=getattr(self, name)).values_list("pk", flat=True).first()
        return ids[name]

    def filtered(self, queryset: QuerySet, *, skip: str = "") -> QuerySet:
        for name, (link, column, _model, _label) in FILTERS.items():
            if getattr(self, name) and name != skip:
                chosen = link.objects.filter(**{column: self.chosen_id(name)}).values("organization_id")
                queryset = queryset.filter(pk__in=chosen)
        if self.form and skip != "form":
            queryset = queryset.filter(legal_form=self.form)
        return queryset


def facet_counts(query: DirectoryQuery, base: QuerySet) -> dict:
    """How many organizations each filter value would give with the other filters as they are: one
    GROUP BY query a facet, by id (or legal form). Plain data, so it caches."""
    counts = {}
    for name, (link, column, _model, _label) in FILTERS.items():
        counts[name] = dict(
            link.objects.filter(organization_id__in=query.filtered(base, skip=name).values("pk"))
            .values_list(column)
            .annotate(n=Count("organization_id"))
            .order_by()
        )
    counts["form"] = dict(
        query.filtered(base, skip="form").values_list("legal_form").annotate(n=Count("pk")).order_by()
    )
    counts["total"] = query.filtered(base).count()
    return counts


def directory_summary(query: DirectoryQuery, base: QuerySet) -> tuple[int, list[Facet]]:
    """The number of organizations the filters give, and the filters with the counts beside each
    value. Counting a hundred thousand organizations takes longer than the rest of the page, so the
    counts of each filter combination are cached until the directory changes (a profile edit shows
    in the counts at once)."""
    filters = "&".join(f"{name}={getattr(query, name)}" for name in (*FILTERS, "form"))
    # The name carries the shape of the counts: a deployment that changes it starts afresh.
    counts = cached_counts("directory-2", filters, ("directory",), lambda: facet_counts(query, base))
    facets = []
    for name, (_link, _column, model, label) in FILTERS.items():
        rows = model.objects.all()
        rows = rows.in_viewer_order() if model is Province else list(rows)
        facet = Facet(name, label)
        facet.options = [
            Option(row.code, row.name, counts[name].get(row.pk, 0), getattr(query, name) == row.code)
            for row in rows
        ]
        facets.append(facet)
    facet = Facet("form", _("Legal form"))
    facet.options = [
        Option(value, label, counts["form"].get(value, 0), query.form == value)
        for value, label in Organization.LegalForm.choices
    ]
    facets.append(facet)
    return counts["total"], facets
