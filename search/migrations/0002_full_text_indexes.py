"""The full-text indexes, which Django cannot describe: one set per database engine.

SQLite: two FTS5 tables with external content (they store only the index, the text stays in
search_searchentry) and triggers that keep them in step with every insert, update and delete,
whoever makes it (services, admin, QuerySet.delete, flush). Triggers rather than code in the
services, because a forgotten code path would silently leave ghost or missing hits.
  - search_fts: words. `categories 'L* N* Co M*'` keeps Lao vowel and tone marks (category M)
    inside words; the default tokenizer splits at them and matches ປ່າ "forest" with ປ້າ "aunt".
  - search_trigram: substrings of plain_text, for compounds and words segmented differently.
  NOTE: Django rebuilds a SQLite table for some ALTERs (e.g. AlterField) and drops its triggers
  with it; a later migration that alters SearchEntry must run SQLITE_TRIGGERS again.

PostgreSQL: a GIN index on the expression to_tsvector('simple', search_text) (search queries use
the same expression) and a pg_trgm GIN index on plain_text that serves LIKE '%…%'.
"""

from django.db import migrations

SQLITE_TABLES = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        search_text, content='search_searchentry', content_rowid='id',
        tokenize="unicode61 categories 'L* N* Co M*'")""",
    """CREATE VIRTUAL TABLE search_trigram USING fts5(
        plain_text, content='search_searchentry', content_rowid='id', tokenize='trigram')""",
]
SQLITE_TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS search_entry_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, search_text) VALUES (new.id, new.search_text);
        INSERT INTO search_trigram(rowid, plain_text) VALUES (new.id, new.plain_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_entry_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO search_trigram(search_trigram, rowid, plain_text) VALUES ('delete', old.id, old.plain_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS search_entry_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO search_trigram(search_trigram, rowid, plain_text) VALUES ('delete', old.id, old.plain_text);
        INSERT INTO search_fts(rowid, search_text) VALUES (new.id, new.search_text);
        INSERT INTO search_trigram(rowid, plain_text) VALUES (new.id, new.plain_text);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_fts_insert",
    "DROP TRIGGER IF EXISTS search_entry_fts_delete",
    "DROP TRIGGER IF EXISTS search_entry_fts_update",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_trigram",
]

POSTGRESQL_INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX search_entry_words_gin ON search_searchentry
        USING gin (to_tsvector('simple'::regconfig, search_text))""",
    "CREATE INDEX search_entry_plain_trgm ON search_searchentry USING gin (plain_text gin_trgm_ops)",
]
POSTGRESQL_DROP = [  # pg_trgm stays: other apps may use it
    "DROP INDEX IF EXISTS search_entry_words_gin",
    "DROP INDEX IF EXISTS search_entry_plain_trgm",
]


def _run(schema_editor, statements_by_vendor):
    vendor = schema_editor.connection.vendor
    if vendor not in statements_by_vendor:
        raise NotImplementedError(f"search has no full-text index for {vendor}")
    for statement in statements_by_vendor[vendor]:
        schema_editor.execute(statement)


def create_indexes(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_TABLES + SQLITE_TRIGGERS, "postgresql": POSTGRESQL_INDEXES})


def drop_indexes(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
