"""Seed the DAC sector mapping with the default (reports.iati.DEFAULT_DAC_MAPPING at the time of writing);
the secretariat edits it in the admin afterwards."""

from django.db import migrations

DEFAULT = {
    ("sector_group", "FARD"): "43040",
    ("sector_group", "EICT"): "16061",
    ("sector_group", "EDSP"): "11120",
    ("sector_group", "ENV"): "41010",
    ("sector_group", "GOV"): "15150",
    ("sector_group", "LDSP"): "16010",
    ("sector_group", "PH"): "12220",
    ("theme", "AGRI"): "31120",
    ("theme", "FOOD"): "43072",
    ("theme", "HEALTH"): "12220",
    ("theme", "NRM"): "41030",
    ("theme", "ECON"): "32130",
    ("theme", "CULT"): "16061",
    ("theme", "GENDER"): "15170",
    ("theme", "SERV"): "15110",
    ("theme", "JUST"): "15130",
    ("theme", "EDU"): "11120",
    ("theme", "DRR"): "43060",
    ("theme", "LABOUR"): "16020",
    ("theme", "DISAB"): "16010",
}


def seed(apps, schema_editor):
    mapping = apps.get_model("reports", "DacSectorMapping")
    for (source, code), dac_code in DEFAULT.items():
        mapping.objects.get_or_create(source=source, code=code, defaults={"dac_code": dac_code})


def unseed(apps, schema_editor):
    mapping = apps.get_model("reports", "DacSectorMapping")
    for (source, code), dac_code in DEFAULT.items():
        mapping.objects.filter(source=source, code=code, dac_code=dac_code).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
