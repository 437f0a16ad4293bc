"""What the dashboard pages draw: the map and the charts of a DashboardFigures, with links that keep
the filters. (Views stay thin; the national report draws its own, simpler charts.)"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from reports import geo
from reports.charts import Bar, DrawnMap, MapArea, bar_chart, choropleth, column_chart, number
from reports.selectors import METRICS, DashboardFigures, DashboardFilters, Item, ProvinceFigures


def query(filters: DashboardFilters, **changes) -> str:
    params = filters.params(**changes)
    return "?" + urlencode(params) if params else ""


def metric_text(metric: str, value) -> str:
    return number(value) + (" ₭" if metric == "spending" else "")


def area_title(item: Item, metric: str) -> str:
    return _("%(place)s — %(what)s: %(value)s") % {
        "place": item.name,
        "what": METRICS[metric],
        "value": metric_text(metric, item.value(metric)),
    }


@dataclass
class MetricLink:
    key: str
    label: str
    url: str
    current: bool


def metric_links(filters: DashboardFilters, *, path: str = "") -> list[MetricLink]:
    """Links that change what the map shows, keeping the other choices."""
    return [
        MetricLink(key, str(label), path + query(filters, show=key), key == filters.metric)
        for key, label in METRICS.items()
    ]


def national_map(figures: DashboardFigures) -> DrawnMap:
    metric = figures.filters.metric
    areas = [
        MapArea(
            item.code,
            area_title(item, metric),
            float(item.value(metric)),
            reverse("reports:province", args=[item.code]) + query(figures.filters),
        )
        for item in figures.by_province
    ]
    label = _("Map of Laos by province: %(what)s") % {"what": METRICS[metric]}
    return choropleth(geo.province_map(), areas, label=label)


def district_map(province: ProvinceFigures) -> DrawnMap | None:
    shapes = geo.district_map(province.province.code)
    if shapes is None:
        return None
    metric = province.dashboard.filters.metric
    areas = [
        MapArea(item.code, area_title(item, metric), float(item.value(metric)))
        for item in province.by_district
    ]
    label = _("Map of %(province)s by district: %(what)s") % {
        "province": province.province.name,
        "what": METRICS[metric],
    }
    return choropleth(shapes, areas, label=label)


def chart_metric(metric: str) -> str:
    """Charts of things that are not places show reporting figures: members become projects."""
    return "projects" if metric == "members" else metric


def items_chart(items: list[Item], metric: str, *, label: str, members: bool = False) -> str:
    metric = metric if members else chart_metric(metric)
    bars = [
        Bar(item.name, float(item.value(metric)), metric_text(metric, item.value(metric))) for item in items
    ]
    return bar_chart(bars, label=label)


def people_chart(figures: DashboardFigures) -> str:
    t = figures.totals
    groups = [
        (_("Women"), t.women, t.disabled_women),
        (_("Men"), t.men, t.disabled_men),
        (_("Girls"), t.girls, t.disabled_girls),
        (_("Boys"), t.boys, t.disabled_boys),
    ]
    bars = [
        Bar(
            label,
            value,
            number(value),
            title=_("%(group)s: %(count)s reached, of them %(disabled)s with disabilities")
            % {"group": label, "count": number(value), "disabled": number(disabled)},
            part=disabled,
        )
        for label, value, disabled in groups
    ]
    return bar_chart(
        bars, label=_("People reached by sex and age group; the light part: persons with disabilities")
    )


def trends_chart(figures: DashboardFigures) -> str:
    metric = chart_metric(figures.filters.metric)
    bars = [
        Bar(
            str(year.year), float(year.figures.value(metric)), metric_text(metric, year.figures.value(metric))
        )
        for year in figures.trends
    ]
    return column_chart(bars, label=_("%(what)s by year") % {"what": METRICS[metric]})
