"""PostgreSQL: keep the long texts of an entry out of its row.

A common word's matches are read from the GIN bitmap and then from the table, row by row, for their
id, boost and audience. With the texts (search_text, plain_text: ~2 KB compressed) stored in the
row, 100,000 organizations took 266 MB of table and a word found in 15,000 entries read 12,900
pages; moved to the TOAST table (toast_tuple_target at its minimum), the table is 35 MB and that
word reads 4,300 pages: 38 → 16 ms. The texts are only read for the twenty hits a page shows and by
the substring fallback. Rows written before this change move when they are next written (a
`rebuild_search_index` rewrites them all). SQLite is unchanged.
"""

from django.db import migrations


def _run(schema_editor, statement):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)")


def backward(apps, schema_editor):
    _run(schema_editor, "ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_common_words_in_index_order")]

    operations = [migrations.RunPython(forward, backward)]
