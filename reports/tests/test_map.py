"""The map of Laos: 18 provinces and 148 districts drawn from the shipped boundaries, with the codes of
the reference tables; a colour scale whose legend covers every value."""

import pytest

from core.models import District, Province
from reports import geo


@pytest.mark.django_db
def test_every_province_and_district_of_the_reference_tables_has_a_shape():
    provinces = geo.province_map()
    assert set(provinces.shapes) == set(Province.objects.values_list("code", flat=True))
    assert len(provinces.shapes) == 18
    districts = set()
    for code in provinces.shapes:
        shapes = geo.district_map(code)
        assert all(district.startswith(code) for district in shapes.shapes)
        districts |= set(shapes.shapes)
    assert districts == set(District.objects.values_list("code", flat=True))
    assert geo.district_map("LA99") is None


def test_the_paths_are_light_and_inside_the_view_box():
    provinces = geo.province_map()
    assert sum(len(shape.path) for shape in provinces.shapes.values()) < 10_000
    for shape in provinces.shapes.values():
        assert shape.path.startswith("M") and shape.path.endswith("z")
        x, y = shape.centre
        assert 0 < x < provinces.width and 0 < y < provinces.height
    # North is up, east is right: Phongsaly is north of Vientiane Capital, Champasak south-east of it.
    capital, phongsaly, champasak = (provinces.shapes[code].centre for code in ("LA01", "LA02", "LA16"))
    assert capital[1] > phongsaly[1]
    assert capital[1] < champasak[1] and capital[0] < champasak[0]


def test_the_colour_classes_cover_every_value_and_zero_is_grey():
    values = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 10, "f": 50, "g": 50, "h": 400}
    colours, legend = geo.classify(values)
    assert colours["a"] == geo.NONE_COLOUR and legend[0].none
    ranges = [entry for entry in legend if not entry.none]
    for key, value in values.items():
        if value:
            entry = next(entry for entry in ranges if entry.colour == colours[key])
            assert entry.low <= value <= entry.high
    assert colours["h"] == geo.COLOURS[-1] and colours["b"] != colours["h"]
    assert geo.classify({"a": 0}) == (
        {"a": geo.NONE_COLOUR},
        [geo.LegendEntry(geo.NONE_COLOUR, 0, 0, none=True)],
    )
