"""Latin spellings of Lao place names that queries expand to the Lao name.

The 18 provinces (core/data/provinces.csv: name_en, name_en_alt and iso_name, folded to ASCII,
plus common variants) and a few towns. Matched by lao.latin_key, so close variants (Louang /
Luang, Xekong / Sekong) fold together anyway; the list holds the spellings people actually use.
Loaded by migration 0003 and by search.services.aliases_load().
"""

PLACE_ALIASES: dict[str, list[str]] = {
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
