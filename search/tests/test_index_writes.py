"""Writing the index: replacing, deleting, rolling back with the caller, and rebuilding."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from search import registry
from search.models import SearchEntry
from search.services import index_delete, index_upsert


def test_it_replaces_the_text_of_an_entry_on_update(index, found):
    index("1", "ໂຄງການປູກປ່າໄມ້")
    index("1", "ໂຄງການນ້ຳສະອາດ")

    assert found("ປ່າໄມ້") == []
    assert found("ປູກ") == []
    assert found("ນ້ຳສະອາດ") == ["1"]
    assert SearchEntry.objects.filter(kind="example", object_id="1").count() == 1


def test_it_deletes_every_language_row_of_an_entity(index, found):
    index(7, "ໂຄງການນ້ຳສະອາດ", language="lo")
    index(7, "Clean water project", language="en")
    index(8, "ໂຄງການນ້ຳສະອາດ")

    index_delete(kind="example", object_id=7)

    assert found("ນ້ຳສະອາດ") == ["8"]
    assert found("water", language="en") == []
    assert not SearchEntry.objects.filter(kind="example", object_id="7").exists()


def test_it_leaves_no_hit_when_the_callers_transaction_rolls_back(index, found):
    with pytest.raises(RuntimeError), transaction.atomic():
        index("1", "ໂຄງການນ້ຳສະອາດ")
        raise RuntimeError("the entity's own write failed")

    assert found("ນ້ຳສະອາດ") == []


def test_it_refuses_unknown_languages_and_visibilities(db):
    common = {"kind": "example", "object_id": 1, "title": "x", "snippet": "", "url": "/", "texts": ["x"]}
    with pytest.raises(ValueError):
        index_upsert(language="fr", visibility="public", **common)
    with pytest.raises(ValueError):
        index_upsert(language="lo", visibility="everyone", **common)


def index_definitions() -> dict:
    """The indexes of the entries table, and on SQLite its triggers (a rebuild sets them aside)."""
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
        if connection.vendor == "sqlite":
            sql = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
            cursor.execute(sql, [table])
            found["triggers"] = cursor.fetchall()
    return found


def test_it_rebuilds_the_index_from_the_registered_apps(index, found, monkeypatch, capsys):
    index("stale", "ໂຄງການເກົ່າ", kind="retired")
    index("old", "ໂຄງການນ້ຳສະອາດ", kind="project")

    def reindex_projects():
        for number in (1, 2):
            for language in ("lo", "en"):
                index_upsert(
                    kind="project",
                    object_id=number,
                    language=language,
                    title="ໂຄງການປູກປ່າໄມ້",
                    snippet="",
                    url="/",
                    visibility="public",
                    texts=["ໂຄງການປູກປ່າໄມ້"],
                )

    monkeypatch.setattr(registry, "_reindexers", {"project": reindex_projects})
    indexes_before = index_definitions()
    call_command("rebuild_search_index")

    assert index_definitions() == indexes_before
    assert capsys.readouterr().out == "project: 2\n"
    assert sorted(found("ປ່າໄມ້", kinds=["project"])) == ["1", "2"]
    assert found("ນ້ຳສະອາດ", kinds=["project"]) == []
    assert found("ເກົ່າ", kinds=["retired"]) == []
    assert not SearchEntry.objects.exclude(kind="project").exists()

    # The index still follows each write after a rebuild (on SQLite the rebuild sets its triggers aside).
    index("3", "ໂຄງການນ້ຳສະອາດ", kind="project")
    index("1", "ໂຄງການລ້ຽງສັດ", kind="project")
    assert found("ນ້ຳສະອາດ", kinds=["project"]) == ["3"]
    assert found("ປ່າໄມ້", kinds=["project"]) == ["2"]
    index_delete(kind="project", object_id=2)
    assert found("ປ່າໄມ້", kinds=["project"]) == []


def test_a_failed_rebuild_leaves_the_old_index_working(index, found, monkeypatch):
    index("1", "ໂຄງການນ້ຳສະອາດ", kind="project")

    def reindex_projects():
        raise RuntimeError("a reindexer failed")

    monkeypatch.setattr(registry, "_reindexers", {"project": reindex_projects})
    with pytest.raises(RuntimeError):
        call_command("rebuild_search_index")

    assert found("ນ້ຳສະອາດ", kinds=["project"]) == ["1"]
    index("2", "ໂຄງການນ້ຳສະອາດ", kind="project")
    assert sorted(found("ນ້ຳສະອາດ", kinds=["project"])) == ["1", "2"]


def test_a_rebuild_writes_the_rows_of_each_language_together(db, monkeypatch):
    # Interleaved, a search read twice the table pages it needed: its own language's rows were
    # spread over every page.
    def reindex_projects():
        for number in range(1, 6):
            for language in ("lo", "en"):
                index_upsert(
                    kind="project",
                    object_id=number,
                    language=language,
                    title=f"ໂຄງການ {number}",
                    snippet="",
                    url="/",
                    visibility="public",
                    texts=[],
                )

    monkeypatch.setattr(registry, "_reindexers", {"project": reindex_projects})
    call_command("rebuild_search_index", stdout=io.StringIO())

    languages_in_write_order = list(SearchEntry.objects.order_by("pk").values_list("language", flat=True))
    assert languages_in_write_order == ["lo"] * 5 + ["en"] * 5
