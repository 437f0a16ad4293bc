"""Shared by the benches: a throwaway PostgreSQL database with demo data, and gunicorn on loopback."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def machine_note(database_url: str = "") -> str:
    """What the figures depend on besides the code, to compare runs on different machines: the cores,
    the speed of one (a fixed pure-Python loop: about 0.1 s on a quick core) and, on PostgreSQL, its
    memory and planner settings (docs/deploy.md)."""
    started = time.perf_counter()
    sum(range(10_000_000))
    parts = [f"{os.cpu_count()} cores", f"CPU probe {time.perf_counter() - started:.2f} s"]
    if database_url.startswith("postgres"):
        import psycopg

        # The server's settings, read from its `postgres` database: a bench without --keep has
        # dropped its own by the time it prints.
        parts_of = urlsplit(database_url.replace("postgres://", "postgresql://", 1))
        url = urlunsplit(parts_of._replace(path="/postgres"))
        with psycopg.connect(url, connect_timeout=5) as db:
            for name in ("shared_buffers", "effective_cache_size", "random_page_cost"):
                parts.append(f"{name} {db.execute(f'SHOW {name}').fetchone()[0]}")
    return "machine: " + ", ".join(parts)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, var_dir: Path, **extra) -> dict:
    return {
        **os.environ,
        "LAOCSO_ENV": "dev",
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        "LAOCSO_VAR_DIR": str(var_dir),
        "AUDIT_LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def fresh_postgres(name: str, admin_url: str = "postgres://postgres@127.0.0.1:5432/postgres") -> str:
    import psycopg

    with psycopg.connect(admin_url.replace("postgres://", "postgresql://"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def prepare(env: dict, *, orgs: int = 60) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference_data")
    manage(env, "seed_demo", "--orgs", str(orgs))


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, threads: int = 4):
    """Serve the platform on a free loopback port; yields the base URL and the master's pid."""
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "laocso.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/lo/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)
