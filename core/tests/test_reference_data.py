import pytest
from django.utils import translation

import lao
from core.models import (
    District,
    EthnicGroup,
    Milestone,
    PlanFramework,
    PlanOutcome,
    Province,
    SdgGoal,
    SdgTarget,
    SectorGroup,
    Theme,
)
from core.reference import reference_data_load

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    Province: 18,
    District: 148,
    SectorGroup: 7,
    Theme: 13,
    SdgGoal: 17,
    SdgTarget: 169,
    PlanFramework: 1,
    PlanOutcome: 6,
    EthnicGroup: 50,
    Milestone: 6,
}


def test_it_loads_every_reference_list_with_the_expected_counts():
    counts = {model: model.objects.count() for model in EXPECTED_COUNTS}
    assert counts == EXPECTED_COUNTS


def test_it_loads_again_without_creating_or_changing_anything():
    loaded = reference_data_load()
    assert [(item.created, item.updated) for item in loaded] == [(0, 0)] * len(EXPECTED_COUNTS)
    assert {model: model.objects.count() for model in EXPECTED_COUNTS} == EXPECTED_COUNTS


def test_it_keeps_the_secretariats_corrections_unless_asked_to_update():
    group = SectorGroup.objects.get(code="ENV")
    group.name_lo = "ສິ່ງແວດລ້ອມ ແລະ ຊັບພະຍາກອນ"
    group.save()
    reference_data_load()
    assert SectorGroup.objects.get(code="ENV").name_lo == "ສິ່ງແວດລ້ອມ ແລະ ຊັບພະຍາກອນ"
    reference_data_load(update=True)
    assert SectorGroup.objects.get(code="ENV").name_lo == "ສິ່ງແວດລ້ອມ"


def test_it_places_every_district_in_the_province_its_code_names():
    mismatched = [
        d.code for d in District.objects.select_related("province") if d.code[:4] != d.province.code
    ]
    assert mismatched == []
    assert Province.objects.get(code="LA01").districts.count() == 9


def test_it_calls_la10_vientiane_province_to_tell_it_from_the_capital():
    assert Province.objects.get(code="LA10").name_en == "Vientiane Province"
    assert Province.objects.get(code="LA01").name_en == "Vientiane Capital"


def test_it_stores_lao_names_normalized():
    decomposed = [
        p.name_lo for p in Province.objects.all() if "\u0ecd\u0eb2" in p.name_lo or "ຫນ" in p.name_lo
    ]
    assert decomposed == []
    assert SdgTarget.objects.get(code="1.1").goal.number == 1


def test_it_lists_provinces_in_lao_order_in_lao_and_alphabetically_in_english():
    with translation.override("lo"):
        lao_names = [p.name_lo for p in Province.objects.all().in_viewer_order()]
    assert lao_names == sorted(lao_names, key=lao.sort_key)
    # ເຊກອງ (Xekong) begins with the vowel ເ, written before its consonant ຊ: it sorts among the ຊ
    # names, before ອຸດົມໄຊ, where code-point order would put it after every consonant-initial name.
    assert lao_names.index("ເຊກອງ") < lao_names.index("ອຸດົມໄຊ")
    assert lao_names != sorted(lao_names)
    with translation.override("en"):
        english_names = [p.name_en for p in Province.objects.all().in_viewer_order()]
    assert english_names == sorted(english_names, key=str.casefold)
