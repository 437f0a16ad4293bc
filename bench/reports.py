"""Benchmark the dashboards and the national report at the size of issue 7. Prints figures; asserts
nothing.

Usage (from the project root):

    .venv/bin/python bench/reports.py [--database postgres|sqlite] [--orgs N] [--projects N]
                                      [--round-orgs N] [--round-projects N] [--quick] [--keep]

It
1. creates a throwaway database (PostgreSQL: `laocso_bench_reports` at 127.0.0.1:5432, user postgres;
   SQLite: a file in a temporary directory), migrates it, loads the reference data, seeds N
   organizations (directory `seed_demo --orgs N`) and M projects (`projects.demo.seed_bulk`, COPY on
   PostgreSQL); then a reporting round of --round-orgs organizations with --round-projects new projects
   (20 each by default), every report accepted with a line per project, and an earlier, smaller round
   for the trends, written straight to the tables; all timed. `--keep` keeps the database for the next
   run and reuses it when it already holds enough rows;
2. times the refresh of the dashboard figures (what accepting a report triggers);
3. times the dashboard pages with Django's test client and DEBUG off, as a signed-in member (who
   bypasses the anonymous page cache): each URL first with an empty cache (figures and fragment made
   now: the worst case), then again (the shared fragment cache), and the anonymous page cache;
4. makes the national report PDF of the big round in a child process, timed, and reads the child's
   peak memory (maximum resident set size).
Targets (issue 7): dashboard p95 <= 100 ms; national report PDF for 1,000 organizations and 20,000
projects <= 30 s and <= 1 GB. (The API list endpoint belongs to the `api` app's bench.)
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
# BENCH_PG_DATABASE lets the benches share one kept database (they seed the same organizations and
# projects): BENCH_PG_DATABASE=laocso_bench_projects python bench/reports.py --keep
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "laocso_bench_reports")
# Its own title: the projects bench, which may share the database, opens rounds of its own.
REPORT_ROUND = "National report bench round"
TARGETS = {"dashboard": 100.0, "pdf_seconds": 30.0, "pdf_mb": 1024.0}
DASHBOARD_URLS = [
    "/lo/dashboards/",
    "/en/dashboards/?show=people",
    "/en/dashboards/?sector=FARD",
    "/lo/dashboards/?show=spending&sector=PH",
    "/en/dashboards/?year={year}",
    "/lo/dashboards/provinces/LA13/",
    "/en/dashboards/provinces/LA01/?show=people",
    "/lo/dashboards/?round={round}&show=members",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--orgs", type=int, help="organizations (100,000; 3,000 with --quick)")
    parser.add_argument("--projects", type=int, help="projects (1,000,000; 20,000 with --quick)")
    parser.add_argument("--round-orgs", type=int, help="reporting organizations (1,000; 200 with --quick)")
    parser.add_argument("--round-projects", type=int, help="projects reported (20,000; 2,000 with --quick)")
    parser.add_argument("--requests", type=int, help="requests per URL (20; 5 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run with few rows")
    parser.add_argument("--keep", action="store_true", help="keep the database and reuse it next time")
    args = parser.parse_args()
    args.orgs = args.orgs if args.orgs is not None else (3000 if args.quick else 100_000)
    args.projects = args.projects if args.projects is not None else (20_000 if args.quick else 1_000_000)
    args.round_orgs = args.round_orgs or (200 if args.quick else 1000)
    args.round_projects = args.round_projects or (2000 if args.quick else 20_000)
    args.requests = args.requests or (5 if args.quick else 20)

    workdir = Path(tempfile.gettempdir()) / f"laocso-bench-reports-{args.database}"
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    (workdir / "static").mkdir(parents=True, exist_ok=True)
    url = (
        postgres_database(fresh=not args.keep)
        if args.database == "postgres"
        else f"sqlite:///{workdir / 'b.sqlite3'}"
    )
    env = {
        "LAOCSO_ENV": "dev",
        "DEBUG": "false",
        "LAOCSO_VAR_DIR": str(workdir),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "laocso.settings",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    os.environ.pop("CACHE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    started = time.monotonic()
    try:
        results = run(args, env)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            if args.database == "postgres":
                admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
            shutil.rmtree(workdir, ignore_errors=True)
    print_results(results, args)
    print(f"\nTotal time {time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.1f}.")


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


class Quiet:
    def write(self, text: str) -> None:
        pass


def run(args, env: dict) -> dict:
    from django.core.management import call_command

    from directory.models import Organization
    from projects.models import Project, ReportingRound

    results: dict = {"seed": {}}
    _, results["seed"]["migrate"] = timed("migrate", lambda: call_command("migrate", verbosity=0))
    call_command("load_reference_data", stdout=io.StringIO())
    have = Organization.objects.count()
    if have < args.orgs:
        print(f"seeding {args.orgs - have:,} organizations…", flush=True)
        _, results["seed"]["orgs"] = timed(
            "organizations", lambda: call_command("seed_demo", orgs=args.orgs, stdout=io.StringIO())
        )
    have = Project.objects.count()
    if have < args.projects:
        from projects.demo import seed_bulk

        print(f"seeding {args.projects - have:,} projects (COPY)…", flush=True)
        _, results["seed"]["projects"] = timed(
            "projects", lambda: seed_bulk(projects=args.projects - have, rng=random.Random(4), stdout=Quiet())
        )
    big = ReportingRound.objects.filter(title_en=REPORT_ROUND).first()
    if big is None:
        print(
            f"seeding a round of {args.round_orgs:,} organizations and {args.round_projects:,} projects…",
            flush=True,
        )
        big, results["seed"]["round"] = timed(
            "round", lambda: seed_round(args.round_orgs, args.round_projects, title=REPORT_ROUND, year=2025)
        )
        seed_round(args.round_orgs // 2, args.round_projects // 4, title="Earlier " + REPORT_ROUND, year=2024)
    results["orgs"] = Organization.objects.count()
    results["projects"] = Project.objects.count()
    results["round"] = big
    print(f"database: {results['orgs']:,} organizations, {results['projects']:,} projects", flush=True)

    from reports.services import refresh_snapshots

    _, results["refresh"] = timed("dashboard figures of the big round", lambda: refresh_snapshots(round=big))
    refresh_snapshots()
    from django.test.utils import override_settings

    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        results["dashboard"] = measure_dashboard(args, big)
    results["pdf"] = measure_pdf(big, env)
    return results


def seed_round(organizations: int, projects: int, *, title: str, year: int):
    """A round whose reports are all accepted: `projects` new projects (spread over `organizations`
    active members, each with a place, SDG targets and an outcome), one report line each."""
    from django.db import transaction

    import lao
    from core.models import District, PlanOutcome, Province, SdgTarget, SectorGroup
    from directory.models import Organization
    from projects.demo import copy_rows
    from projects.facets import facets_write
    from projects.models import ExchangeRate, Project, ProjectLocation, Report, ReportingRound, ReportProject

    rng = random.Random(year)
    sort_chars = Project._meta.get_field("title_lo_sort").max_length
    ids = list(
        Organization.objects.listed()
        .order_by("?")
        .values_list("pk", "primary_sector_group_id")[:organizations]
    )
    provinces = list(Province.objects.values_list("pk", flat=True))
    districts: dict[int, list[int]] = {}
    for pk, province in District.objects.values_list("pk", "province_id"):
        districts.setdefault(province, []).append(pk)
    targets = list(SdgTarget.objects.values_list("pk", flat=True))
    outcomes = list(PlanOutcome.objects.values_list("pk", flat=True))
    groups = list(SectorGroup.objects.values_list("pk", flat=True))
    now = datetime.now(UTC)
    accepted_at = datetime(year + 1, 2, 1, tzinfo=UTC)
    with transaction.atomic():
        reporting_round = ReportingRound.objects.create(
            title_lo=f"ຮອບທົດສອບ {year}",
            title_en=title,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            deadline=date(year + 1, 3, 31),
            status="closed",
        )
        ExchangeRate.objects.bulk_create(
            [
                ExchangeRate(round=reporting_round, currency="USD", lak_per_unit=Decimal("21500")),
                ExchangeRate(round=reporting_round, currency="EUR", lak_per_unit=Decimal("23300")),
            ]
        )
        Report.objects.bulk_create(
            [
                Report(
                    round=reporting_round,
                    organization_id=pk,
                    status="accepted",
                    staff_women=rng.randint(1, 30),
                    staff_men=rng.randint(1, 30),
                    volunteers_women=rng.randint(0, 40),
                    volunteers_men=rng.randint(0, 40),
                    spending_amount=Decimal(rng.randrange(10_000, 900_000)),
                    spending_currency="USD",
                    submitted_at=accepted_at,
                    accepted_at=accepted_at,
                )
                for pk, _group in ids
            ],
            batch_size=2000,
        )
        reports = dict(Report.objects.filter(round=reporting_round).values_list("organization_id", "pk"))
        next_id = (Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        project_rows, location_rows, target_rows, outcome_rows, line_rows = [], [], [], [], []
        for index in range(projects):
            pk = next_id + index
            org, group = ids[index % len(ids)]
            group = group if rng.random() < 0.8 else rng.choice(groups)
            province = rng.choice(provinces)
            title_lo, title_en = f"ໂຄງການທົດສອບ ນ້ຳສະອາດ {pk}", f"Bench project {pk}"
            visibility = rng.choices(["public", "members", "secretariat"], weights=[85, 10, 5])[0]
            project_rows.append(
                (
                    pk,
                    org,
                    title_lo,
                    title_en,
                    lao.sort_key(title_lo).hex()[:sort_chars],
                    title_en.casefold()[:sort_chars],
                    "",
                    "",
                    "ongoing",
                    date(year - 1, 1, 1),
                    date(year + 1, 12, 31),
                    year - 1,
                    year + 1,
                    group,
                    "",
                    Decimal(rng.randrange(10_000, 900_000)),
                    "USD",
                    visibility,
                    1,
                    now,
                    now,
                    False,
                )
            )
            location_rows.append((pk, province, rng.choice(districts[province]), ""))
            if rng.random() < 0.25:
                location_rows.append((pk, rng.choice(provinces), None, ""))
            for target in rng.sample(targets, k=rng.randint(1, 3)):
                target_rows.append((pk, target))
            outcome_rows.append((pk, rng.choice(outcomes)))
            women, men, girls, boys = (rng.randint(0, 2000) for _ in range(4))
            line_rows.append(
                (
                    reports[org],
                    pk,
                    Decimal(rng.randrange(1000, 200_000)),
                    rng.choice(["USD", "USD", "EUR", "LAK"]),
                    women,
                    men,
                    girls,
                    boys,
                    women // 30,
                    men // 30,
                    girls // 40,
                    boys // 40,
                    "ຜົນໄດ້ຮັບ ຂອງໂຄງການ",
                    "Results of the project",
                )
            )
        copy_rows(
            Project,
            [
                "id",
                "organization_id",
                "title_lo",
                "title_en",
                "title_lo_sort",
                "title_en_sort",
                "summary_lo",
                "summary_en",
                "status",
                "starts_on",
                "ends_on",
                "start_year",
                "end_year",
                "sector_group_id",
                "government_counterpart",
                "budget_amount",
                "budget_currency",
                "visibility",
                "version",
                "created_at",
                "updated_at",
                "index_pending",
            ],
            project_rows,
        )
        copy_rows(ProjectLocation, ["project_id", "province_id", "district_id", "village"], location_rows)
        copy_rows(Project.sdg_targets.through, ["project_id", "sdgtarget_id"], target_rows)
        copy_rows(Project.plan_outcomes.through, ["project_id", "planoutcome_id"], outcome_rows)
        facets_write(range(next_id, next_id + projects))  # the projects list reads them
        copy_rows(
            ReportProject,
            [
                "report_id",
                "project_id",
                "spending_amount",
                "spending_currency",
                "women",
                "men",
                "girls",
                "boys",
                "disabled_women",
                "disabled_men",
                "disabled_girls",
                "disabled_boys",
                "results_lo",
                "results_en",
            ],
            line_rows,
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Project, ProjectLocation, ReportProject):
                table = model._meta.db_table
                sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                cursor.execute(sql)
            cursor.execute("ANALYZE")
    return reporting_round


def member_client():
    from django.test import Client

    from directory.models import OrganizationRole

    role = OrganizationRole.objects.select_related("user").filter(organization__status="active").first()
    client = Client()
    client.force_login(role.user)
    return client


def measure_dashboard(args, big) -> dict:
    from django.core.cache import cache
    from django.test import Client

    urls = [url.format(year=big.period_end.year, round=big.pk) for url in DASHBOARD_URLS]
    client = member_client()
    client.get(urls[0])  # imports, map shapes
    cold, warm = [], []
    per_url = {}
    for url in urls:
        samples_cold, samples_warm = [], []
        for _ in range(args.requests):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            samples_cold.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            started = time.perf_counter()
            client.get(url)
            samples_warm.append((time.perf_counter() - started) * 1000)
        per_url[url] = (statistics.median(samples_cold), statistics.median(samples_warm))
        cold += samples_cold
        warm += samples_warm
    anonymous = Client()
    anonymous.get(urls[0])
    cached = []
    for _ in range(args.requests):
        started = time.perf_counter()
        anonymous.get(urls[0])
        cached.append((time.perf_counter() - started) * 1000)
    result = {
        "cold_p50": statistics.median(cold),
        "cold_p95": percentile(cold, 0.95),
        "warm_p50": statistics.median(warm),
        "warm_p95": percentile(warm, 0.95),
        "anonymous_p95": percentile(cached, 0.95),
        "per_url": per_url,
    }
    print(
        f"  dashboard: cold p95 {result['cold_p95']:.0f} ms, warm p95 {result['warm_p95']:.0f} ms", flush=True
    )
    return result


CHILD = """
import os, sys, time, resource
sys.path.insert(0, {root!r})
import django
django.setup()
from projects.models import ReportingRound
from reports import national_report
reporting_round = ReportingRound.objects.get(pk={pk})
national_report.ensure_current([reporting_round.pk])
started = time.monotonic()
stored = national_report.national_report_file(reporting_round, language={language!r}, fmt="pdf", force=True)
elapsed = time.monotonic() - started
with stored.open() as handle:
    size = len(handle.read())
from pypdf import PdfReader
pages = len(PdfReader(stored.open()).pages)
print(f"RESULT {{elapsed:.2f}} {{size}} {{pages}} {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}")
"""


def measure_pdf(big, env: dict) -> dict:
    results = {}
    for language in ("lo", "en"):
        code = CHILD.format(root=str(ROOT), pk=big.pk, language=language)
        started = time.monotonic()
        output = subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        wall = time.monotonic() - started
        line = next((row for row in output.stdout.splitlines() if row.startswith("RESULT")), None)
        if line is None:
            print(output.stderr[-3000:])
            raise SystemExit("the PDF child failed")
        _tag, seconds, size, pages, maxrss = line.split()
        results[language] = {
            "seconds": float(seconds),
            "wall": wall,
            "bytes": int(size),
            "pages": int(pages),
            "mb": int(maxrss) / 1024,
        }
        print(
            f"  national report PDF ({language}): {float(seconds):.1f} s, {int(pages)} pages, "
            f"{int(size) / 1e6:.1f} MB, peak memory {int(maxrss) / 1024:.0f} MB",
            flush=True,
        )
    return results


def print_results(results: dict, args) -> None:
    def verdict(value: float, target: float) -> str:
        return "meets" if value <= target else "MISSES"

    dashboard, pdf = results["dashboard"], results["pdf"]
    print("\n=== results")
    from bench._server import machine_note

    print(machine_note(os.environ.get("DATABASE_URL", "")))
    print(
        f"database {args.database}: {results['orgs']:,} organizations, {results['projects']:,} projects; "
        f"round of {args.round_orgs:,} organizations, {args.round_projects:,} projects reported"
    )
    for key, value in results["seed"].items():
        print(f"  seed {key}: {value:.0f} s")
    print(
        "dashboard figures of the round recomputed (what accepting a report triggers): "
        f"{results['refresh']:.1f} s"
    )
    print(
        f"dashboard pages, signed-in, {len(DASHBOARD_URLS)} URLs × {args.requests}:\n"
        f"  cache emptied before each request (figures read from the snapshots, page drawn): "
        f"p50 {dashboard['cold_p50']:.0f} ms, p95 {dashboard['cold_p95']:.0f} ms "
        f"({verdict(dashboard['cold_p95'], TARGETS['dashboard'])} the {TARGETS['dashboard']:.0f} ms target)\n"
        f"  then again (shared fragment cache): p50 {dashboard['warm_p50']:.0f} ms, p95 "
        f"{dashboard['warm_p95']:.0f} ms\n"
        f"  anonymous from the page cache: p95 {dashboard['anonymous_p95']:.1f} ms"
    )
    for url, (cold, warm) in dashboard["per_url"].items():
        print(f"    {cold:6.0f} ms cold {warm:5.0f} ms warm  {url}")
    for language, figures in pdf.items():
        print(
            f"national report PDF ({language}), {args.round_orgs:,} organizations, "
            f"{args.round_projects:,} projects: "
            f"{figures['seconds']:.1f} s ({verdict(figures['seconds'], TARGETS['pdf_seconds'])} 30 s), "
            f"peak memory {figures['mb']:.0f} MB ({verdict(figures['mb'], TARGETS['pdf_mb'])} 1 GB), "
            f"{figures['pages']} pages, {figures['bytes'] / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
