"""SVG charts and maps drawn on the server: no JavaScript, colours as presentation attributes (the CSP
forbids style attributes), a <title> on every bar and map area, and a data table beside each chart in
the page (the SVG is a picture of the table)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from reports.geo import DISPLAY_WIDTH, NONE_COLOUR, LegendEntry, MapShapes, classify

BAR_COLOUR = "#1a5c46"
PART_COLOUR = "#a9dcc2"
TEXT_COLOUR = "#1c2623"
MUTED_COLOUR = "#4d5b56"


def number(value) -> str:
    """A figure with thousands separators (whole units: people, projects, kip, dollars)."""
    if value is None:
        return "—"
    if isinstance(value, Decimal | float):
        value = int(Decimal(value).to_integral_value())
    return f"{value:,}"


@dataclass
class Bar:
    label: str
    value: float
    text: str  # the value as shown
    title: str = ""  # what a screen reader or a hover says; defaults to "label: text"
    href: str = ""
    part: float = 0  # a highlighted part of the bar (e.g. persons with disabilities)


def _bar_title(bar: Bar) -> str:
    return bar.title or f"{bar.label}: {bar.text}"


def _e(value) -> str:
    """Escaped for an SVG attribute or text (charts are built with f-strings: format_html is ~10× slower
    over the few hundred pieces of a dashboard)."""
    return escape(str(value), quote=True)


def _svg_open(kind: str, width, height, label: str, *, role: str = "img", view_box: str = "") -> str:
    box = view_box or f"0 0 {width} {height}"
    return (
        f'<svg class="{kind}" viewBox="{box}" width="{width}" height="{height}" role="{role}" '
        f'aria-label="{_e(label)}"><title>{_e(label)}</title>'
    )


def bar_chart(bars: list[Bar], *, label: str, width: int = 400) -> SafeString:
    """Horizontal bars, each under its label, the value at the bar's end."""
    row = 40
    height = max(row * len(bars) + 4, 24)
    biggest = max((float(bar.value) for bar in bars), default=0) or 1
    room = width - 70  # room for the value text at the end
    parts = [_svg_open("chart-svg", width, height, label)]
    for index, bar in enumerate(bars):
        top = index * row
        length = max(float(bar.value) / biggest * room, 1 if bar.value else 0)
        part = min(float(bar.part) / biggest * room, length) if bar.part else 0
        parts.append(
            f"<g><title>{_e(_bar_title(bar))}</title>"
            f'<text x="0" y="{top + 13}" font-size="12" fill="{TEXT_COLOUR}">{_e(bar.label)}</text>'
            f'<rect x="0" y="{top + 19}" width="{length:.1f}" height="16" fill="{BAR_COLOUR}" rx="2"/>'
        )
        if part:
            parts.append(
                f'<rect x="0" y="{top + 19}" width="{part:.1f}" height="16" fill="{PART_COLOUR}" rx="2"/>'
            )
        parts.append(
            f'<text x="{length + 4:.1f}" y="{top + 32}" font-size="12" '
            f'fill="{MUTED_COLOUR}">{_e(bar.text)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(bars: list[Bar], *, label: str, width: int = 400, height: int = 200) -> SafeString:
    """Vertical columns (years), the label under each column and the value above it."""
    count = max(len(bars), 1)
    slot = width / count
    column = min(48, slot * 0.6)
    base = height - 22
    biggest = max((float(bar.value) for bar in bars), default=0) or 1
    parts = [
        _svg_open("chart-svg", width, height, label),
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="{MUTED_COLOUR}"/>',
    ]
    for index, bar in enumerate(bars):
        tall = max(float(bar.value) / biggest * (base - 22), 1 if bar.value else 0)
        x = index * slot + (slot - column) / 2
        centre = index * slot + slot / 2
        parts.append(
            f"<g><title>{_e(_bar_title(bar))}</title>"
            f'<rect x="{x:.1f}" y="{base - tall:.1f}" width="{column:.1f}" height="{tall:.1f}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{centre:.1f}" y="{base - tall - 5:.1f}" font-size="11" text-anchor="middle" '
            f'fill="{MUTED_COLOUR}">{_e(bar.text)}</text>'
            f'<text x="{centre:.1f}" y="{height - 6}" font-size="12" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{_e(bar.label)}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


@dataclass
class MapArea:
    code: str
    title: str  # "Savannakhet: 12 projects"
    value: float
    href: str = ""


@dataclass
class DrawnMap:
    svg: SafeString
    legend: list[LegendEntry]


def choropleth(shapes: MapShapes, areas: list[MapArea], *, label: str, highlight: str = "") -> DrawnMap:
    """One path per area, filled by its class, inside a link when the area has one, with a <title>
    that names the area and its figure (read by screen readers and shown on hover)."""
    colours, legend = classify({area.code: float(area.value) for area in areas})
    parts = [
        _svg_open(
            "map-svg", DISPLAY_WIDTH, shapes.display_height, label, role="group", view_box=shapes.view_box
        )
    ]
    by_code = {area.code: area for area in areas}
    for code, shape in shapes.shapes.items():
        area = by_code.get(code)
        colour = colours.get(code, NONE_COLOUR)
        stroke, stroke_width = ("#111111", "4") if code == highlight else ("#ffffff", "1.5")
        title = _e(area.title if area else shape.name_en)
        path = (
            f'<path d="{shape.path}" fill="{colour}" stroke="{stroke}" stroke-width="{stroke_width}" '
            'stroke-linejoin="round"/>'
        )
        if area and area.href:
            parts.append(f'<a href="{_e(area.href)}" data-code="{_e(code)}"><title>{title}</title>{path}</a>')
        else:
            parts.append(f'<g data-code="{_e(code)}"><title>{title}</title>{path}</g>')
    parts.append("</svg>")
    return DrawnMap(mark_safe("".join(parts)), legend)  # noqa: S308 - every text above is escaped


def swatch(colour: str) -> SafeString:
    """A small square of a legend's colour (an SVG, since style attributes are not allowed)."""
    return mark_safe(  # noqa: S308 - the colour is escaped
        '<svg class="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
        f'<rect width="14" height="14" fill="{_e(colour)}" stroke="#6b7a74"/></svg>'
    )


def bar_cell(value: float, biggest: float, *, width: int = 120) -> SafeString:
    """A bar without text, for a table cell (used in the PDF, where the table carries the labels)."""
    length = float(value) / float(biggest) * width if biggest else 0
    return format_html(
        '<svg width="{}" height="10" viewBox="0 0 {} 10" aria-hidden="true">'
        '<rect width="{}" height="10" fill="{}"/></svg>',
        width,
        width,
        f"{length:.1f}",
        BAR_COLOUR,
    )
