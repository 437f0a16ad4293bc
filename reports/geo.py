"""Maps of Laos drawn on the server as SVG paths, from the province and district boundaries shipped in
reports/data (Lao National Geographic Department / OCHA ROAP via geoBoundaries, CC BY 3.0 IGO).

Longitude and latitude are projected simply (equirectangular, longitudes scaled by the cosine of the
middle latitude: at Laos' size the distortion is invisible), simplified for weight with
Douglas–Peucker, and written as compact paths with relative whole-unit coordinates on a grid twice as
fine as the map is shown (so a step is half a pixel). Computed once per process.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
ATTRIBUTION = "Boundaries: Lao National Geographic Department / OCHA ROAP via geoBoundaries (CC BY 3.0 IGO)"
WIDTH = 800  # units of the viewBox; the map is shown at most DISPLAY_WIDTH pixels wide
DISPLAY_WIDTH = 400
TOLERANCE = 1.6  # simplification tolerance, in viewBox units (0.8 pixel as shown)

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Shape:
    code: str
    name_lo: str
    name_en: str
    path: str
    centre: tuple[float, float]


@dataclass(frozen=True)
class MapShapes:
    width: int
    height: int
    shapes: dict[str, Shape]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def display_height(self) -> int:
        return round(self.height * DISPLAY_WIDTH / self.width)


@cache
def _features(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)["features"]


def _rings(geometry: dict) -> list[Ring]:
    if geometry["type"] == "Polygon":
        return [list(map(tuple, ring)) for ring in geometry["coordinates"]]
    return [list(map(tuple, ring)) for polygon in geometry["coordinates"] for ring in polygon]


def _simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker on a closed ring (iterative, keeps the first and last point)."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        furthest, distance = None, tolerance
        for index in range(start + 1, end):
            x, y = points[index]
            if length:
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                d = math.hypot(x - x1, y - y1)
            if d > distance:
                furthest, distance = index, d
        if furthest is not None:
            keep[furthest] = True
            stack += [(start, furthest), (furthest, end)]
    kept = [point for point, flag in zip(points, keep, strict=True) if flag]
    return kept if len(kept) >= 4 else points


def _path(rings: list[Ring]) -> str:
    """An SVG path: absolute start, then relative steps in whole units (computed from the rounded
    absolute points, so the steps add up exactly)."""
    parts = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in ring]
        steps = []
        previous = points[0]
        for point in points[1:-1] if points[0] == points[-1] else points[1:]:
            if point == previous:
                continue
            steps.append(f"{point[0] - previous[0]} {point[1] - previous[1]}")
            previous = point
        if len(steps) < 2:
            continue
        parts.append(f"M{points[0][0]} {points[0][1]}l" + " ".join(steps) + "z")
    return "".join(parts)


def _project(features: list[dict], width: int) -> tuple[int, int, dict[str, list[Ring]]]:
    """Project every feature's rings into a viewBox `width` wide, keeping the aspect ratio."""
    rings_by_code = {feature["properties"]["code"]: _rings(feature["geometry"]) for feature in features}
    lons = [lon for rings in rings_by_code.values() for ring in rings for lon, _lat in ring]
    lats = [lat for rings in rings_by_code.values() for ring in rings for _lon, lat in ring]
    scale_x = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = (max(lons) - min(lons)) * scale_x, max(lats) - min(lats)
    margin = 4
    factor = (width - 2 * margin) / span_x
    height = math.ceil(span_y * factor + 2 * margin)
    west, north = min(lons), max(lats)
    projected = {}
    for code, rings in rings_by_code.items():
        projected[code] = [
            [((lon - west) * scale_x * factor + margin, (north - lat) * factor + margin) for lon, lat in ring]
            for ring in rings
        ]
    return width, height, projected


def _shapes(features: list[dict], width: int, tolerance: float) -> MapShapes:
    width, height, projected = _project(features, width)
    shapes = {}
    for feature in features:
        props = feature["properties"]
        rings = [_simplify(ring, tolerance) for ring in projected[props["code"]]]
        outer = projected[props["code"]][0]
        centre = (sum(x for x, _y in outer) / len(outer), sum(y for _x, y in outer) / len(outer))
        shapes[props["code"]] = Shape(props["code"], props["name_lo"], props["name_en"], _path(rings), centre)
    return MapShapes(width, height, dict(sorted(shapes.items())))


@cache
def province_map() -> MapShapes:
    """The 18 provinces (Vientiane Capital included)."""
    return _shapes(_features("lao_provinces.geojson"), WIDTH, TOLERANCE)


@cache
def district_map(province_code: str) -> MapShapes | None:
    """The districts of one province, filling the same width."""
    features = [
        f for f in _features("lao_districts.geojson") if f["properties"]["province_code"] == province_code
    ]
    if not features:
        return None
    return _shapes(features, WIDTH, TOLERANCE / 2)


def features_with(name: str) -> list[dict]:
    """The boundary features of a file (for the open data GeoJSON), unchanged."""
    return _features(name)


# --- colours -------------------------------------------------------------------------------------

# Sequential greens of the site's palette; light to dark. "None" is a light grey.
COLOURS = ["#d7ede1", "#a9dcc2", "#6cbf98", "#2f8f68", "#1a5c46"]
NONE_COLOUR = "#eeeeee"


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    low: float
    high: float
    none: bool = False


def classify(values: dict[str, float]) -> tuple[dict[str, str], list[LegendEntry]]:
    """A colour per key: zero is grey, other values fall into up to five classes of about equal
    membership (quantiles), so that a few big provinces do not wash out the others."""
    positive = sorted(value for value in values.values() if value > 0)
    colours = {key: NONE_COLOUR for key, value in values.items() if value <= 0}
    legend: list[LegendEntry] = []
    if any(value <= 0 for value in values.values()):
        legend.append(LegendEntry(NONE_COLOUR, 0, 0, none=True))
    if not positive:
        return colours, legend
    count = min(len(COLOURS), len(set(positive)))
    uppers = []
    for index in range(1, count + 1):
        upper = positive[min(len(positive) - 1, math.ceil(index * len(positive) / count) - 1)]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    palette = COLOURS
    if len(uppers) < len(
        COLOURS
    ):  # fewer classes: spread over the palette, the darkest kept, palest left out
        step = (len(COLOURS) - 2) / max(1, len(uppers) - 1)
        last = len(COLOURS) - 1
        palette = [COLOURS[last - round((len(uppers) - 1 - index) * step)] for index in range(len(uppers))]
    low = positive[0]
    for upper, colour in zip(uppers, palette, strict=True):
        legend.append(LegendEntry(colour, low, upper))
        low = next((value for value in positive if value > upper), upper)
    for key, value in values.items():
        if value > 0:
            colours[key] = next(entry.colour for entry in legend if not entry.none and value <= entry.high)
    return colours, legend
