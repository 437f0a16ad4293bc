"""Latin spellings of the 18 provinces (core/data/provinces.csv: name_en, name_en_alt, iso_name,
folded to ASCII) and of a few towns, with their Lao names. A query word matching one of them (by
lao.latin_key, so close variants fold together) also searches for the Lao name."""

from django.db import migrations

import lao

ALIASES = {
    "ນະຄອນຫຼວງວຽງຈັນ": ["vientiane capital", "vientiane city", "nakhone luang vientiane"],
    "ວຽງຈັນ": ["vientiane", "viangchan", "vientiane province"],
    "ຜົ້ງສາລີ": ["phongsaly", "phongsali"],
    "ຫຼວງນ້ຳທາ": ["louangnamtha", "luang namtha", "louang namtha"],
    "ນ້ຳທາ": ["namtha"],
    "ອຸດົມໄຊ": ["oudomxai", "oudomxay", "oudomsay"],
    "ບໍ່ແກ້ວ": ["bokeo", "bokaeo"],
    "ຫຼວງພະບາງ": ["louangphabang", "luang prabang", "luang phabang"],
    "ຫົວພັນ": ["houaphan", "houaphanh", "hua phan"],
    "ໄຊຍະບູລີ": ["xaignabouly", "xaignabouli", "sayaboury", "xayaboury", "sainyabuli", "sayabouly"],
    "ຊຽງຂວາງ": ["xiengkhouang", "xiangkhouang", "xieng khouang"],
    "ບໍລິຄຳໄຊ": ["bolikhamxai", "bolikhamsai", "borikhamxay", "bolikhamxay"],
    "ຄຳມ່ວນ": ["khammouan", "khammouane", "khammuan"],
    "ສະຫວັນນະເຂດ": ["savannakhet", "savan", "savanakhet"],
    "ສາລະວັນ": ["salavan", "saravane", "saravan"],
    "ເຊກອງ": ["sekong", "xekong"],
    "ຈຳປາສັກ": ["champasack", "champasak", "champassak"],
    "ອັດຕະປື": ["attapeu", "attapu", "attopeu"],
    "ໄຊສົມບູນ": ["xaisomboon", "xaisomboun", "saysomboun"],
    # Towns
    "ປາກເຊ": ["pakse", "pakxe"],
    "ທ່າແຂກ": ["thakhek", "tha khaek"],
    "ຊຳເໜືອ": ["xam neua", "sam neua", "samneua", "xamneua"],
    "ໂພນສະຫວັນ": ["phonsavan", "phonsavanh"],
    "ວັງວຽງ": ["vang vieng", "vangvieng"],
    "ເມືອງໄຊ": ["muang xay", "muang xai", "muang say"],
}


def seed(apps, schema_editor):
    Alias = apps.get_model("search", "Alias")
    for expansion, terms in ALIASES.items():
        for term in terms:
            Alias.objects.update_or_create(
                term=lao.normalize(term),
                defaults={"key": lao.latin_key(term), "expansion": lao.normalize(expansion)},
            )


def unseed(apps, schema_editor):
    Alias = apps.get_model("search", "Alias")
    Alias.objects.filter(term__in=[lao.normalize(t) for terms in ALIASES.values() for t in terms]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_indexes")]

    operations = [migrations.RunPython(seed, unseed)]
