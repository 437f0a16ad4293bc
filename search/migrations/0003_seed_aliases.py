"""Seed the Latin spellings of the provinces and a few towns (search/aliases.py). A query word
matching one of them (by lao.latin_key) also searches for the Lao name."""

from django.db import migrations

import lao
from search.aliases import PLACE_ALIASES


def seed(apps, schema_editor):
    Alias = apps.get_model("search", "Alias")
    for expansion, terms in PLACE_ALIASES.items():
        for term in terms:
            Alias.objects.update_or_create(
                term=lao.normalize(term),
                defaults={"key": lao.latin_key(term), "expansion": lao.normalize(expansion)},
            )


def unseed(apps, schema_editor):
    Alias = apps.get_model("search", "Alias")
    Alias.objects.filter(term__in=[lao.normalize(t) for terms in PLACE_ALIASES.values() for t in terms]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_indexes")]

    operations = [migrations.RunPython(seed, unseed)]
