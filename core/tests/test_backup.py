"""A backup taken while the platform writes restores into an empty database with every row and
every media file intact."""

import sqlite3
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections

from core.audit import audit_record
from core.backup import BackupError, backup_create, backup_restore, sha256

pytestmark = pytest.mark.django_db(transaction=True)
APPEND_ONLY_TABLE = "core_auditevent"  # the table the writer appends to while the backup runs


class Writer(threading.Thread):
    """Keeps writing audit events (one transaction each) until told to stop."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.written = 0

    def run(self):
        try:
            while not self.stop.is_set():
                audit_record(actor=None, action="test.write", number=self.written)
                self.written += 1
        finally:
            connections.close_all()


def make_media(root: Path) -> dict[str, str]:
    (root / "logos").mkdir(parents=True)
    (root / "logos" / "ໂລໂກ້.png").write_bytes(b"\x89PNG fake image " * 100)
    (root / "certificates").mkdir()
    (root / "certificates" / "a.pdf").write_bytes(b"%PDF-1.4 certificate\n%%EOF")
    return {path.relative_to(root).as_posix(): sha256(path) for path in root.rglob("*") if path.is_file()}


def tables_and_rows(fetch) -> dict[str, list[tuple]]:
    return {table: sorted(fetch(f'SELECT * FROM "{table}"'), key=repr) for table in fetch.tables}


def assert_same_data(source: dict, restored: dict) -> None:
    assert source.keys() == restored.keys()
    for table, rows in source.items():
        if table == APPEND_ONLY_TABLE:
            # Rows written after the snapshot are missing; every row of the snapshot is there, unchanged.
            newest = max((row[0] for row in restored[table]), default=0)
            assert restored[table] == [row for row in rows if row[0] <= newest], table
        else:
            assert restored[table] == rows, table


def backup_during_writes(tmp_path, settings) -> tuple[Path, dict]:
    settings.MEDIA_ROOT = tmp_path / "media"
    media = make_media(settings.MEDIA_ROOT)
    writer = Writer()
    writer.start()
    try:
        while writer.written < 20:
            pass
        archive = backup_create(destination=tmp_path / "backups", media_root=settings.MEDIA_ROOT)
    finally:
        writer.stop.set()
        writer.join()
    assert writer.written > 20
    return archive, media


def test_it_restores_a_backup_taken_during_writes(tmp_path, settings, monkeypatch, world):
    monkeypatch.setenv("BACKUP_ENCRYPTION_KEY", "a key from the environment")
    archive, media = backup_during_writes(tmp_path, settings)
    assert archive.name.endswith(".tar.enc")
    restored_media = tmp_path / "restored-media"
    restore = restore_sqlite if connection.vendor == "sqlite" else restore_postgresql
    source_data, restored_data = restore(archive, tmp_path, restored_media)
    assert_same_data(source_data, restored_data)
    assert restored_data["directory_organization"]
    assert {
        path.relative_to(restored_media).as_posix(): sha256(path)
        for path in restored_media.rglob("*")
        if path.is_file()
    } == media


def restore_sqlite(archive, tmp_path, restored_media):
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "restored.sqlite3"}
    backup_restore(archive=archive, database=target, media_root=restored_media)
    source = sqlite3.connect(":memory:")  # a plain copy of the source: no type conversion on reading
    connection.connection.backup(source)
    return tables_and_rows(SqliteFetch(source)), tables_and_rows(SqliteFetch(sqlite3.connect(target["NAME"])))


def restore_postgresql(archive, tmp_path, restored_media):
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(**pg_params("postgres"), autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        backup_restore(
            archive=archive, database={**connection.settings_dict, "NAME": name}, media_root=restored_media
        )
        with (
            psycopg.connect(**pg_params(connection.settings_dict["NAME"])) as source,
            psycopg.connect(**pg_params(name)) as restored,
        ):
            return tables_and_rows(PgFetch(source)), tables_and_rows(PgFetch(restored))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_it_refuses_a_damaged_backup_or_a_wrong_key(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_media(settings.MEDIA_ROOT)
    monkeypatch.setenv("BACKUP_ENCRYPTION_KEY", "right key")
    archive = backup_create(destination=tmp_path / "backups")
    monkeypatch.setenv("BACKUP_ENCRYPTION_KEY", "wrong key")
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "restored.sqlite3"}
    with pytest.raises(BackupError, match="wrong key"):
        backup_restore(archive=archive, database=target, media_root=tmp_path / "restored-media")
    assert not (tmp_path / "restored-media").exists()
    assert not target["NAME"].exists()


@pytest.fixture
def world():
    """The shared world is flushed between transactional tests; rebuild it so the tables hold data."""
    from conftest import build_world

    build_world()


class SqliteFetch:
    def __init__(self, raw):
        self.raw = raw
        self.tables = [
            name
            for (name,) in raw.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'search_fts%' AND name NOT LIKE 'search_trigram%'"
            )
        ]

    def __call__(self, sql):
        return self.raw.execute(sql).fetchall()


class PgFetch:
    def __init__(self, raw):
        self.raw = raw
        self.tables = [
            name
            for (name,) in raw.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
        ]

    def __call__(self, sql):
        return self.raw.execute(sql).fetchall()


def pg_params(name: str) -> dict:
    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "localhost",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"] or "postgres",
        "password": settings["PASSWORD"] or None,
        "dbname": name,
    }
