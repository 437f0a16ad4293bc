"""Benchmark the API's list endpoints at the size of issue 7. Prints figures; asserts nothing.

Usage (from the project root):

    .venv/bin/python bench/api.py [--database postgres|sqlite] [--orgs N] [--projects N] [--quick] [--keep]

It
1. creates a throwaway database (PostgreSQL: `laocso_bench_api` at 127.0.0.1:5432, user postgres;
   SQLite: a file in a temporary directory), migrates it, loads the reference data, seeds N
   organizations with the directory's `seed_demo --orgs N` and M projects with
   `projects.demo.seed_bulk` (COPY on PostgreSQL), all timed. `--keep` keeps the database for the
   next run and reuses it when it already holds enough rows;
2. times, with Django's test client, DEBUG off and the real middleware, cache and rate limiter (its
   limits raised out of the way), the list endpoints under a spread of filters and pages, anonymous
   and with an editor's token (who also sees the members-only projects): p50 and p95 per group.
Target (issue 7): API list endpoint p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
# BENCH_PG_DATABASE lets the benches share one kept database (they seed the same organizations and
# projects): BENCH_PG_DATABASE=laocso_bench_projects python bench/api.py --keep
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "laocso_bench_api")
TARGET_MS = 50.0

LISTS = {
    "projects": [
        "/api/v1/projects",
        "/api/v1/projects?limit=100",
        "/api/v1/projects?province=LA13",
        "/api/v1/projects?province=LA01&sector=EDSP&status=ongoing",
        "/api/v1/projects?sector=FARD&year=2024",
        "/api/v1/projects?sdg=4",
        "/api/v1/projects?theme=HEALTH",
        "/api/v1/projects?district=LA1301",
        "/api/v1/projects?outcome=NSEDP9-3&province=LA16",
        "/api/v1/projects?order=newest",
        "/api/v1/projects?offset=9980",
        "/api/v1/projects?partner=Mekong+Community+Fund+(demo)",
    ],
    "organizations": [
        "/api/v1/organizations",
        "/api/v1/organizations?limit=100",
        "/api/v1/organizations?province=LA06",
        "/api/v1/organizations?sector=PH&form=foundation",
        "/api/v1/organizations?theme=AGRI",
        "/api/v1/organizations?offset=9980",
    ],
    "content and governance": [
        "/api/v1/news",
        "/api/v1/events",
        "/api/v1/documents",
        "/api/v1/opportunities",
        "/api/v1/meetings?when=past",
        "/api/v1/sector-groups",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--orgs", type=int, help="organizations (100,000; 2,000 with --quick)")
    parser.add_argument("--projects", type=int, help="projects (1,000,000; 20,000 with --quick)")
    parser.add_argument("--requests", type=int, help="requests per URL and caller (20; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run with few rows")
    parser.add_argument("--keep", action="store_true", help="keep the database and reuse it next time")
    args = parser.parse_args()
    args.orgs = args.orgs if args.orgs is not None else (2000 if args.quick else 100_000)
    args.projects = args.projects if args.projects is not None else (20_000 if args.quick else 1_000_000)
    args.requests = args.requests or (5 if args.quick else 20)

    workdir = Path(tempfile.gettempdir()) / f"laocso-bench-api-{args.database}"
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    (workdir / "static").mkdir(parents=True, exist_ok=True)
    url = (
        postgres_database(fresh=not args.keep)
        if args.database == "postgres"
        else f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ.update(
        LAOCSO_ENV="dev",
        DEBUG="false",
        LAOCSO_VAR_DIR=str(workdir),
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="laocso.settings",
        AUDIT_LOG_LEVEL="WARNING",
    )
    os.environ.pop("CACHE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    started = time.monotonic()
    try:
        results = run(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            if args.database == "postgres":
                admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            shutil.rmtree(workdir, ignore_errors=True)
    print_results(results, args)
    print(f"\nTotal time {time.monotonic() - started:.0f} s.")


def admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", connect_timeout=5, autocommit=True, **PG) as connection:
        connection.execute(statement)


def postgres_database(*, fresh: bool) -> str:
    import psycopg

    if fresh:
        admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    try:
        admin(f"CREATE DATABASE {PG_DATABASE}")
    except psycopg.errors.DuplicateDatabase:
        pass
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{PG_DATABASE}"


def timed(label: str, action):
    started = time.monotonic()
    value = action()
    elapsed = time.monotonic() - started
    print(f"  {label}: {elapsed:.1f} s", flush=True)
    return value, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Progress:
    def __init__(self, every: int):
        self.every = every
        self.last = 0

    def write(self, text: str) -> None:
        number = int(text.strip().split("/")[0].replace(",", "") or 0)
        if number - self.last >= self.every:
            self.last = number
            print(text.strip(), flush=True)


def run(args) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from directory.models import Organization
    from projects.models import Project

    results: dict = {"seed": {}}
    out = io.StringIO()
    _, results["seed"]["migrate"] = timed("migrate", lambda: call_command("migrate", verbosity=0))
    call_command("load_reference_data", stdout=out)
    have_orgs = Organization.objects.count()
    if have_orgs < args.orgs:
        print(f"seeding {args.orgs - have_orgs:,} organizations (directory seed_demo)…", flush=True)
        _, results["seed"]["orgs"] = timed(
            "organizations", lambda: call_command("seed_demo", orgs=args.orgs, stdout=out)
        )
    have_projects = Project.objects.count()
    if have_projects < args.projects:
        from projects.demo import seed_bulk

        print(f"seeding {args.projects - have_projects:,} projects (COPY)…", flush=True)
        _, results["seed"]["projects"] = timed(
            "projects",
            lambda: seed_bulk(
                projects=args.projects - have_projects, rng=random.Random(4), stdout=Progress(every=200_000)
            ),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    results["orgs"] = Organization.objects.count()
    results["projects"] = Project.objects.count()
    print(f"database: {results['orgs']:,} organizations, {results['projects']:,} projects", flush=True)
    rates = {"API_RATE_ANONYMOUS": "1000000/min", "API_RATE_TOKEN": "1000000/min"}
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"], **rates):
        results["lists"] = measure(args)
    return results


def editor_token() -> str:
    from api.services import token_create
    from directory.models import OrganizationRole

    role = (
        OrganizationRole.objects.select_related("user")
        .filter(organization__status="active", user__is_active=True)
        .order_by("pk")
        .first()
    )
    return token_create(user=role.user, name=f"Bench {time.time():.0f}", days=30)[1]


def measure(args) -> dict:
    from django.test import Client

    callers = {"anonymous": {}, "editor token": {"HTTP_AUTHORIZATION": f"Bearer {editor_token()}"}}
    client = Client()
    for url in LISTS["projects"][:3]:  # warm the connection, Python and the database's caches
        client.get(url)
    results = {}
    for caller, headers in callers.items():
        for group, urls in LISTS.items():
            samples, per_url = [], {}
            for url in urls:
                times = []
                for _ in range(args.requests):
                    started = time.perf_counter()
                    response = client.get(url, **headers)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (url, response.status_code, response.content[:300])
                per_url[url] = (statistics.median(times), percentile(times, 0.95))
                samples += times
            results[(caller, group)] = {
                "p50": statistics.median(samples),
                "p95": percentile(samples, 0.95),
                "max": max(samples),
                "per_url": per_url,
            }
            print(
                f"  {caller}, {group}: p50 {results[(caller, group)]['p50']:.0f} ms, "
                f"p95 {results[(caller, group)]['p95']:.0f} ms",
                flush=True,
            )
    return results


def print_results(results: dict, args) -> None:
    print("\n=== results")
    from bench._server import machine_note

    print(machine_note(os.environ.get("DATABASE_URL", "")))
    print(f"database {args.database}: {results['orgs']:,} organizations, {results['projects']:,} projects")
    for key, value in results["seed"].items():
        print(f"  seed {key}: {value:.0f} s")
    for (caller, group), figures in results["lists"].items():
        verdict = "meets" if figures["p95"] <= TARGET_MS else "MISSES"
        print(
            f"{group}, {caller}, {args.requests} requests a URL: p50 {figures['p50']:.0f} ms, "
            f"p95 {figures['p95']:.0f} ms, max {figures['max']:.0f} ms "
            f"({verdict} the {TARGET_MS:.0f} ms target)"
        )
        for url, (median, p95) in figures["per_url"].items():
            print(f"    {median:6.1f} ms  p95 {p95:6.1f} ms  {url}")


if __name__ == "__main__":
    main()
