# ruff: noqa: S608 -- the SQL here interpolates fixed names and placeholders only (see below)
"""The only database-specific code of the platform's search: how each engine matches and ranks.

SQLite: FTS5 tables `search_fts` (words, tokenizer unicode61 with categories 'L* N* Co M*' so
Lao vowel and tone marks stay inside words) and `search_trigram` (substrings), both external
content over search_searchentry, kept in sync by triggers (migration 0002).
PostgreSQL: a generated column search_vector = to_tsvector('simple', search_text) with a GIN
index (migration 0004), and a GIN index on plain_text with gin_trgm_ops (migration 0002). The
trigram index only speeds up LIKE; ranking never uses trigram similarity, which drops Lao tone
marks.

The SQL below is assembled from fixed table and column names and %s placeholders only; every
value, the user's words included, is a query parameter.

Every user word reaches the engines quoted, so FTS syntax in queries is just text.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

from search.models import SearchEntry
from search.text import All, Any, Node, Phrase

# Enough for any realistic result list; a query matching more is too broad to page through.
MAX_CANDIDATES = 5000
# A word found in more entries than this says little about each of them, and weighing every match
# (bm25, ts_rank) would cost more than the rest of the page: such matches come by boost, then in the
# order they were indexed (SQLite counts the entries of any language, kind or audience; PostgreSQL
# those the viewer may find). PostgreSQL's ts_rank reads each match's whole tsvector (3-5 µs a match with
# 100,000 organizations, against about 1 µs to order it by boost), so there a word is common sooner.
COMMON_MATCHES = {"sqlite": 10_000, "postgresql": 2_000}
# PostgreSQL reads the matches of a common word in boost order either by walking the boost index and
# checking each entry's words (about 8 µs an entry, its words read from the TOAST table, and
# limit × entries / matches entries to walk) or from the GIN index's bitmap of every match (about
# 0.8 µs a match, sorted after): walking wins only for words found in a large share of the entries
# (with 180,000 entries and a limit of 500: over ~30,000). Measured with 100,000 organizations.
WALK_COST = 10
TRIGRAM_MIN_CHARS = 3  # FTS5's trigram tokenizer cannot look up shorter strings


@dataclass(frozen=True)
class Filters:
    language: str
    visibility: tuple[str, ...]
    kinds: tuple[str, ...] | None


def _where(filters: Filters) -> tuple[str, list]:
    sql = f"e.language = %s AND e.visibility IN ({', '.join(['%s'] * len(filters.visibility))})"
    params: list = [filters.language, *filters.visibility]
    if filters.kinds is not None:
        sql += f" AND e.kind IN ({', '.join(['%s'] * len(filters.kinds))})"
        params.extend(filters.kinds)
    return sql, params


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts5(node: Node) -> str:
    if isinstance(node, Phrase):
        return " + ".join('"' + word.replace('"', '""') + '"' for word in node.words)
    operator = " AND " if isinstance(node, All) else " OR "
    return "(" + operator.join(_fts5(part) for part in node.parts) + ")"


def _tsquery(node: Node) -> str:
    if isinstance(node, Phrase):
        words = ("'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in node.words)
        return "(" + " <-> ".join(words) + ")"
    operator = " & " if isinstance(node, All) else " | "
    return "(" + operator.join(_tsquery(part) for part in node.parts) + ")"


def _explain_rows(query: Node) -> int:
    """PostgreSQL's estimate of the entries (of any language, kind or audience) matching `query`:
    ANALYZE keeps the most common words of the search_vector column, the ones that matter here."""
    sql = (
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {SearchEntry._meta.db_table} e"
        " WHERE e.search_vector @@ to_tsquery('simple', %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_tsquery(query)])
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


def _sqlite_common(query: Node) -> bool:
    """Whether the words match more than COMMON_MATCHES entries (of any language, kind or audience),
    counted no further than that."""
    limit = COMMON_MATCHES["sqlite"]
    sql = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5(query), limit + 1])
        return cursor.fetchone()[0] > limit


def _walk_boost_index(query: Node, limit: int) -> bool:
    """Whether PostgreSQL should read a common word's matches by walking the boost index (see
    WALK_COST). The estimate of alternatives is that of the likeliest one: they are mostly spellings
    of one name found in the same entries, which an estimate of their union counts several times."""
    table = SearchEntry._meta.db_table
    parts = query.parts if isinstance(query, Any) else (query,)
    matches = max(_explain_rows(part) for part in parts)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        entries = cursor.fetchone()[0]
    return matches * matches > WALK_COST * limit * entries


def word_matches(
    query: Node, filters: Filters, *, limit: int = MAX_CANDIDATES
) -> list[tuple[int, str, int, float]]:
    """(id, object id, boost, relevance) of the `limit` best entries whose words match, best first."""
    where, params = _where(filters)
    if connection.vendor == "sqlite":
        rows = _sqlite_matches(query, where, params, limit)
    elif connection.vendor == "postgresql":
        rows = _postgresql_matches(query, where, params, limit)
    else:
        raise NotImplementedError(f"search does not support {connection.vendor}")
    return [(row[0], row[1], row[2], float(row[3])) for row in rows]


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _sqlite_matches(query: Node, where: str, params: list, limit: int) -> list[tuple]:
    table = SearchEntry._meta.db_table
    if _sqlite_common(query):
        sql = (
            f"SELECT e.id, e.object_id, e.boost, 1.0 FROM {table} e"
            f" WHERE e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) AND {where}"
            " ORDER BY e.boost DESC, e.id LIMIT %s"
        )
    else:
        sql = (
            "SELECT e.id, e.object_id, e.boost, -bm25(search_fts) FROM search_fts"
            f" JOIN {table} e ON e.id = search_fts.rowid"
            f" WHERE search_fts MATCH %s AND {where} ORDER BY bm25(search_fts) LIMIT %s"
        )
    return _rows(sql, [_fts5(query), *params, limit])


def _postgresql_matches(query: Node, where: str, params: list, limit: int) -> list[tuple]:
    """Ranked by ts_rank unless the words match more than COMMON_MATCHES of the entries the viewer may
    find: those are counted in the same pass, no further. A word the planner expects in five times as
    many is not tried: the pass would fetch COMMON_MATCHES entries for nothing. (The estimate alone
    does not do: it is low for the words ANALYZE did not keep.)"""
    table = SearchEntry._meta.db_table
    # to_tsquery runs the words through the same parser as to_tsvector did ("it's" → it <-> s).
    # It is written out twice rather than joined as a table so the planner can use the index.
    words = _tsquery(query)
    common = COMMON_MATCHES["postgresql"]
    if _explain_rows(query) <= 5 * common:
        sql = (
            f"WITH m AS MATERIALIZED (SELECT e.id, e.object_id, e.boost, e.search_vector FROM {table} e"
            f" WHERE e.search_vector @@ to_tsquery('simple', %s) AND {where} LIMIT %s)"
            " SELECT id, object_id, boost, ts_rank(search_vector, to_tsquery('simple', %s)) AS relevance,"
            " (SELECT count(*) FROM m) FROM m ORDER BY relevance DESC LIMIT %s"
        )
        rows = _rows(sql, [words, *params, common + 1, words, limit])
        if not rows or rows[0][4] <= common:
            return rows
    # "+ 0" orders by values the boost index does not hold, so the planner takes the bitmap.
    order = "e.boost DESC, e.id" if _walk_boost_index(query, limit) else "e.boost + 0 DESC, e.id + 0"
    sql = (
        f"SELECT e.id, e.object_id, e.boost, 1.0 FROM {table} e"
        f" WHERE e.search_vector @@ to_tsquery('simple', %s) AND {where} ORDER BY {order} LIMIT %s"
    )
    return _rows(sql, [words, *params, limit])


def substring_matches(substrings: tuple[str, ...], filters: Filters) -> list[tuple[int, str, int, int]]:
    """(id, object id, boost, text length) of the entries whose plain text contains one of `substrings`."""
    where, params = _where(filters)
    table = SearchEntry._meta.db_table
    conditions: list[str] = []
    condition_params: list = []
    long = [s for s in substrings if len(s) >= TRIGRAM_MIN_CHARS]
    if connection.vendor == "sqlite" and long:
        conditions.append("e.id IN (SELECT rowid FROM search_trigram WHERE search_trigram MATCH %s)")
        condition_params.append(" OR ".join('"' + s.replace('"', '""') + '"' for s in long))
        substrings = tuple(s for s in substrings if s not in long)
    for substring in substrings:  # PostgreSQL's pg_trgm index serves LIKE directly
        conditions.append("e.plain_text LIKE %s ESCAPE '\\'")
        condition_params.append(_like(substring))
    sql = (
        f"SELECT e.id, e.object_id, e.boost, length(e.plain_text) FROM {table} e"
        f" WHERE ({' OR '.join(conditions)}) AND {where}"
        " ORDER BY e.boost DESC, length(e.plain_text), e.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*condition_params, *params, MAX_CANDIDATES])
        return cursor.fetchall()


@contextmanager
def bulk_load():
    """Around a re-index inside one transaction. On SQLite the triggers that keep the FTS tables in
    step row by row are set aside (their SQL is read back from the schema and run again after) and
    both FTS tables are rebuilt once from the entries: each trigger updated both tables per row,
    which cost more than the rest of a rebuild. An error rolls the whole transaction back, triggers
    included. (PostgreSQL: dropping the GIN indexes and building them after the inserts saved
    nothing with 100,000 organizations, and would make searches wait for the rebuild.)"""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [SearchEntry._meta.db_table],
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
    yield
    with connection.cursor() as cursor:
        for _name, sql in triggers:
            cursor.execute(sql)
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        cursor.execute("INSERT INTO search_trigram(search_trigram) VALUES ('rebuild')")
