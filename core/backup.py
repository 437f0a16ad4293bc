"""Backups that can be restored: the database (SQLite's online backup API, never a file copy of a
live database; pg_dump for PostgreSQL) and the media files, with a checksum manifest, in one tar
archive, optionally encrypted with a key from the environment (openssl, AES-256, PBKDF2)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
ENCRYPTION_ENV = "BACKUP_ENCRYPTION_KEY"


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_environment(database: dict) -> tuple[list[str], dict]:
    """Connection options for pg_dump / pg_restore; the password goes through the environment."""
    args = ["--host", database["HOST"] or "localhost", "--port", str(database["PORT"] or 5432)]
    if database["USER"]:
        args += ["--username", database["USER"]]
    env = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    return args, env


def dump_database(target: Path) -> str:
    """Write a consistent copy of the live database to `target`; returns the engine name."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # pages copied under SQLite's own locking
        copy.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        args, env = pg_environment(database)
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(target),
                database["NAME"],
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        return "postgresql"
    raise BackupError(f"No backup method for the {connection.vendor} database.")


def backup_create(*, destination: Path, media_root: Path | None = None) -> Path:
    """Create `laocso-backup-<UTC time>.tar` (or `.tar.enc` when BACKUP_ENCRYPTION_KEY is set) in
    `destination` and return its path."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        engine = dump_database(work / "database")
        files = {"database": sha256(work / "database")}
        if media_root.exists():
            shutil.copytree(media_root, work / "media", symlinks=False)
            for path in sorted((work / "media").rglob("*")):
                if path.is_file():
                    files[path.relative_to(work).as_posix()] = sha256(path)
        manifest = {"created": stamp, "engine": engine, "files": files}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        archive = destination / f"laocso-backup-{stamp}.tar"
        with tarfile.open(archive, "w") as tar:
            for name in [MANIFEST, "database", "media"]:
                if (work / name).exists():
                    tar.add(work / name, arcname=name)
    key = os.environ.get(ENCRYPTION_ENV)
    if key:
        encrypted = archive.with_suffix(".tar.enc")
        openssl("-e", archive, encrypted)
        archive.unlink()
        return encrypted
    return archive


def openssl(mode: str, source: Path, target: Path) -> None:
    subprocess.run(
        [
            "openssl",
            "enc",
            mode,
            "-aes-256-cbc",
            "-pbkdf2",
            "-iter",
            "200000",
            "-salt",
            "-pass",
            f"env:{ENCRYPTION_ENV}",
            "-in",
            str(source),
            "-out",
            str(target),
        ],
        check=True,
        capture_output=True,
    )


def unpack(archive: Path, work: Path) -> dict:
    """Extract an archive (decrypting it first if needed) and check every checksum."""
    if archive.suffix == ".enc":
        if not os.environ.get(ENCRYPTION_ENV):
            raise BackupError(f"This backup is encrypted: set {ENCRYPTION_ENV}.")
        plain = work / "backup.tar"
        try:
            openssl("-d", archive, plain)
        except subprocess.CalledProcessError:
            raise BackupError("The backup could not be decrypted: wrong key or damaged file.") from None
        archive = plain
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")  # refuses absolute paths, links out and devices
    manifest = json.loads((work / MANIFEST).read_text())
    for name, checksum in manifest["files"].items():
        path = work / name
        if not path.is_file() or sha256(path) != checksum:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
    return manifest


def backup_restore(*, archive: Path, database: dict, media_root: Path) -> dict:
    """Restore into an empty database and an empty media folder; returns the manifest."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest = unpack(archive, work)
        if manifest["engine"] == "sqlite":
            if database["ENGINE"] != "django.db.backends.sqlite3":
                raise BackupError("This is a SQLite backup; restore it into a SQLite database.")
            target = Path(database["NAME"])
            if target.exists() and target.stat().st_size > 0:
                raise BackupError(f"{target} is not empty; restore into a new, empty database.")
            with sqlite3.connect(work / "database") as source, sqlite3.connect(target) as copy:
                source.backup(copy)
            copy.close()
            source.close()
        else:
            if database["ENGINE"] != "django.db.backends.postgresql":
                raise BackupError("This is a PostgreSQL backup; restore it into a PostgreSQL database.")
            args, env = pg_environment(database)
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    *args,
                    "--dbname",
                    database["NAME"],
                    str(work / "database"),
                ],
                check=True,
                env=env,
                capture_output=True,
            )
        if (work / "media").exists():
            media_root.mkdir(parents=True, exist_ok=True)
            if any(media_root.iterdir()):
                raise BackupError(f"{media_root} is not empty; restore into an empty media folder.")
            shutil.copytree(work / "media", media_root, dirs_exist_ok=True)
        return manifest
