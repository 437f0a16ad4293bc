"""Benchmark projects and reporting rounds at the size of issue 4. Prints figures; asserts nothing.

Usage (from the project root):

    .venv/bin/python bench/projects.py [--database postgres|sqlite] [--orgs N] [--projects N]
                                       [--quick] [--keep]

It
1. creates a throwaway database (PostgreSQL: `laocso_bench_projects` at 127.0.0.1:5432, user postgres;
   SQLite: a file in a temporary directory), migrates it, loads the reference data, seeds N
   organizations with the directory's `seed_demo --orgs N` and M projects with
   `projects.demo.seed_bulk` (COPY on PostgreSQL), all timed. `--keep` keeps the database for the
   next run and reuses it when it already holds enough rows;
2. times, with Django's test client and DEBUG off, the who-does-what-where list under a spread of
   filters as a signed-in member (who bypasses the page cache: the worst case), after the unfiltered
   list (where people arrive), cold and from the page cache; the secretariat's upload of a
   spreadsheet of 5,000 new projects, checked and applied; and the progress page of a round of 1,000
   organizations.
Targets (issue 4): filtered list p95 <= 150 ms, upload <= 10 s, round progress <= 200 ms.
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
# projects): BENCH_PG_DATABASE=laocso_bench_projects python bench/projects.py --keep
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "laocso_bench_projects")
TARGETS = {"filtered": 150.0, "upload": 10.0, "progress": 200.0}

# Filters people use: a province, a province and a sector, a goal, a year and a status, a theme, a
# partner, a district, an outcome; and combinations.
FILTERED = [
    "/en/projects/?province=LA13",
    "/en/projects/?province=LA01&sector=FARD",
    "/lo/projects/?province=LA06&sector=PH&status=ongoing",
    "/en/projects/?sdg=4",
    "/en/projects/?year=2024&status=ongoing",
    "/lo/projects/?theme=HEALTH",
    "/en/projects/?partner=mekong+community+fund+(demo)",
    "/en/projects/?province=LA13&district=LA1301",
    "/en/projects/?outcome=NSEDP9-3&province=LA16",
    "/lo/projects/?sector=EDSP&year=2023",
    "/en/projects/?province=LA08&sector=ENV&year=2025",
    "/en/projects/?sector=GOV&sort=newest",
]
UNFILTERED = "/lo/projects/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--orgs", type=int, help="organizations (100,000; 2,000 with --quick)")
    parser.add_argument("--projects", type=int, help="projects (1,000,000; 20,000 with --quick)")
    parser.add_argument("--requests", type=int, help="requests per URL (20; 5 with --quick)")
    parser.add_argument("--upload-rows", type=int, default=5000)
    parser.add_argument("--round-orgs", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="a smoke run with few rows")
    parser.add_argument("--keep", action="store_true", help="keep the database and reuse it next time")
    args = parser.parse_args()
    args.orgs = args.orgs if args.orgs is not None else (2000 if args.quick else 100_000)
    args.projects = args.projects if args.projects is not None else (20_000 if args.quick else 1_000_000)
    args.requests = args.requests or (5 if args.quick else 20)

    workdir = Path(tempfile.gettempdir()) / f"laocso-bench-projects-{args.database}"
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    (workdir / "static").mkdir(parents=True, exist_ok=True)
    if args.database == "postgres":
        url = postgres_database(fresh=not args.keep)
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.update(LAOCSO_ENV="dev", DEBUG="false", LAOCSO_VAR_DIR=str(workdir), DATABASE_URL=url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laocso.settings")
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


def run(args) -> dict:
    from django.core.management import call_command
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
    results["orgs"] = Organization.objects.count()
    results["projects"] = Project.objects.count()
    print(f"database: {results['orgs']:,} organizations, {results['projects']:,} projects", flush=True)
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        results["list"] = measure_list(args)
        results["progress"] = measure_progress(args)
        results["upload"] = measure_upload(args)
    return results


class Progress:
    def __init__(self, every: int):
        self.every = every
        self.last = 0

    def write(self, text: str) -> None:
        number = int(text.strip().split("/")[0].replace(",", "") or 0)
        if number - self.last >= self.every:
            self.last = number
            print(text.strip(), flush=True)


def member_client():
    """A signed-in editor of an active member: a members-level viewer, who bypasses the page cache."""
    from django.test import Client

    from accounts.models import User
    from directory.models import Organization, OrganizationRole

    role = OrganizationRole.objects.select_related("user").filter(organization__status="active").first()
    if role is None:
        user, _created = User.objects.get_or_create(email="bench.editor@example.org")
        organization = Organization.objects.listed().order_by("pk").first()
        role = OrganizationRole.objects.create(organization=organization, user=user, kind="editor")
    client = Client()
    client.force_login(role.user)
    return client


def measure_list(args) -> dict:
    from django.core.cache import cache
    from django.test import Client

    client = member_client()
    cache.clear()  # counts computed by an earlier run would hide the first-request cost
    started = time.perf_counter()
    client.get("/en/projects/?status=planned&year=1999")  # warms the connection and builds the tally
    first_list = (time.perf_counter() - started) * 1000
    # People arrive at the unfiltered list, then choose filters: its counts are cached first (and the
    # counts of a chosen filter's own values come from them).
    unfiltered = []
    for _ in range(max(3, args.requests // 4)):
        started = time.perf_counter()
        client.get(UNFILTERED)
        unfiltered.append((time.perf_counter() - started) * 1000)
    times, warm, cold = [], [], []
    per_url = {}
    for url in FILTERED:
        samples = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        # The first request of a filter combination counts (the counts are then cached); the others
        # read the counts from the cache.
        cold.append(samples[0])
        warm += samples[1:]
        per_url[url] = (samples[0], statistics.median(samples[1:]) if len(samples) > 1 else samples[0])
        times += samples
    anonymous = Client()
    cache.clear()  # the anonymous page and its counts, from scratch
    started = time.perf_counter()
    anonymous.get(UNFILTERED)
    first = (time.perf_counter() - started) * 1000
    cached = []
    for _ in range(args.requests):
        started = time.perf_counter()
        anonymous.get(UNFILTERED)
        cached.append((time.perf_counter() - started) * 1000)
    result = {
        "first_list": first_list,
        "tally": tally_figures(),
        "warm_p50": statistics.median(warm) if warm else 0,
        "warm_p95": percentile(warm, 0.95) if warm else 0,
        "cold_p50": statistics.median(cold),
        "cold_max": max(cold),
        "filtered_p50": statistics.median(times),
        "filtered_p95": percentile(times, 0.95),
        "filtered_max": max(times),
        "per_url": per_url,
        "unfiltered_p50": statistics.median(unfiltered),
        "unfiltered_p95": percentile(unfiltered, 0.95),
        "anonymous_cold": first,
        "anonymous_cached_p95": percentile(cached, 0.95),
    }
    print(
        f"  filtered list: p50 {result['filtered_p50']:.0f} ms, p95 {result['filtered_p95']:.0f} ms",
        flush=True,
    )
    return result


def tally_figures() -> dict:
    """How long building the tally of the list's counts (projects.tally) takes, and how much memory
    its bit sets hold."""
    from directory.models import Visibility
    from directory.visibility import Viewer
    from projects import tally

    started = time.monotonic()
    built = tally.build("bench", [Viewer(Visibility.MEMBERS, frozenset(), frozenset())])
    seconds = time.monotonic() - started
    ints = [bits for values in built.values.values() for bits in values.values()]
    ints += [bits for _label, bits in built.partners.values()] + list(built.listed.values())
    return {"seconds": seconds, "megabytes": sum(map(sys.getsizeof, ints)) / 1e6, "sets": len(ints)}


def bench_secretariat():
    from accounts.models import Role, User

    user = User.objects.filter(roles__kind="secretariat", is_active=True).first()
    if user is None:
        user = User.objects.create_user("bench.secretariat@example.org", None)
        Role.objects.create(user=user, kind="secretariat")
    return user


def measure_progress(args) -> dict:
    from datetime import date

    from django.db import transaction
    from django.test import Client

    from directory.models import Organization
    from projects import services
    from projects.models import Report

    secretariat = bench_secretariat()
    ids = list(Organization.objects.listed().order_by("pk").values_list("pk", flat=True)[: args.round_orgs])
    with transaction.atomic():
        reporting_round = services.round_open(
            data={
                "title_lo": "ຮອບທົດສອບ",
                "title_en": "Bench round",
                "period_start": date(2025, 1, 1),
                "period_end": date(2025, 12, 31),
                "deadline": date(2026, 1, 31),
                "reminder_days": 14,
            },
            by=None,
            organizations=Organization.objects.filter(pk__in=ids),
        )
        reports = list(reporting_round.reports.order_by("pk").values_list("pk", flat=True))
        rng = random.Random(7)
        for status, share in (("draft", 0.25), ("submitted", 0.2), ("accepted", 0.3), ("returned", 0.05)):
            chosen = rng.sample(reports, int(len(reports) * share))
            Report.objects.filter(pk__in=chosen, status="not_started").update(
                status=status, submitted_at="2026-01-10T00:00:00Z", accepted_at="2026-01-20T00:00:00Z"
            )
    client = Client()
    client.force_login(secretariat)
    url = f"/en/projects/rounds/{reporting_round.pk}/"
    client.get(url)
    samples = []
    for _ in range(args.requests):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    result = {
        "organizations": len(reports),
        "p50": statistics.median(samples),
        "p95": percentile(samples, 0.95),
    }
    print(f"  round progress ({len(reports):,} organizations): p95 {result['p95']:.0f} ms", flush=True)
    return result


def upload_workbook(rows: int) -> bytes:
    """The secretariat's import template with `rows` new projects of many organizations."""
    from datetime import date

    from openpyxl import load_workbook

    from core.models import District, SdgTarget, SectorGroup, Theme
    from directory.models import Organization
    from projects import spreadsheets

    workbook = load_workbook(io.BytesIO(spreadsheets.import_workbook()))
    projects, locations = workbook[spreadsheets.SHEET_PROJECTS], workbook[spreadsheets.SHEET_LOCATIONS]
    keys = [column.key for column in spreadsheets.PROJECT_COLUMNS]
    organizations = list(Organization.objects.listed().exclude(slug="").values_list("slug", flat=True)[:500])
    groups = list(SectorGroup.objects.values_list("code", flat=True))
    themes = list(Theme.objects.values_list("code", flat=True))
    targets = list(SdgTarget.objects.values_list("code", flat=True))
    districts = list(District.objects.select_related("province"))
    rng = random.Random(11)
    for number in range(rows):
        row = spreadsheets.FIRST_DATA_ROW + number
        district = rng.choice(districts)
        values = {
            "code": f"N{number}",
            "organization": rng.choice(organizations),
            "title_lo": f"ໂຄງການທົດສອບ ເມືອງ{district.name_lo} {number}",
            "title_en": f"Bench project {number}",
            "summary_en": "Imported for the benchmark.",
            "status": "ongoing",
            "starts_on": date(2024, 1, 1),
            "ends_on": date(2026, 12, 31),
            "sector_group": rng.choice(groups),
            "themes": rng.choice(themes),
            "sdg_targets": ", ".join(rng.sample(targets, 2)),
            "donors": "Bench Fund",
            "budget_amount": rng.randrange(1000, 900000),
            "budget_currency": "USD",
            "visibility": "public",
        }
        for key, value in values.items():
            projects.cell(row=row, column=1 + keys.index(key), value=value)
        locations.cell(row=row, column=1, value=f"N{number}")
        locations.cell(row=row, column=2, value=district.province.code)
        locations.cell(row=row, column=3, value=district.code)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure_upload(args) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from projects.models import Project

    content = upload_workbook(args.upload_rows)
    secretariat = bench_secretariat()
    client = Client()
    client.force_login(secretariat)
    before = Project.objects.count()
    started = time.perf_counter()
    response = client.post("/en/projects/import/", {"file": SimpleUploadedFile("bench.xlsx", content)})
    elapsed = time.perf_counter() - started
    created = Project.objects.count() - before
    if response.status_code != 302:
        problems = response.context["problems"][:5] if response.context else []
        print(f"  upload refused ({response.status_code}): {problems}", flush=True)
    result = {"rows": args.upload_rows, "seconds": elapsed, "created": created, "bytes": len(content)}
    print(
        f"  upload of {args.upload_rows:,} rows ({len(content) / 1e6:.1f} MB): {elapsed:.1f} s, "
        f"{created:,} created",
        flush=True,
    )
    return result


def print_results(results: dict, args) -> None:
    listing, progress, upload = results["list"], results["progress"], results["upload"]

    def verdict(value: float, target: float) -> str:
        return "meets" if value <= target else "MISSES"

    print("\n=== results")
    from bench._server import machine_note

    print(machine_note(os.environ.get("DATABASE_URL", "")))
    print(f"database {args.database}: {results['orgs']:,} organizations, {results['projects']:,} projects")
    for key, value in results["seed"].items():
        print(f"  seed {key}: {value:.0f} s")
    print(
        f"who does what where, filtered, signed-in (no page cache), {len(FILTERED)} URLs × {args.requests}: "
        f"p50 {listing['filtered_p50']:.0f} ms, p95 {listing['filtered_p95']:.0f} ms, "
        f"max {listing['filtered_max']:.0f} ms "
        f"({verdict(listing['filtered_p95'], TARGETS['filtered'])} the {TARGETS['filtered']:.0f} ms target)"
    )
    print(
        f"  of which the first request of each filter combination (counts computed): p50 "
        f"{listing['cold_p50']:.0f} ms, max {listing['cold_max']:.0f} ms; the others (counts cached): "
        f"p50 {listing['warm_p50']:.0f} ms, p95 {listing['warm_p95']:.0f} ms"
    )
    built = listing["tally"]
    print(
        f"  tally of the counts (projects.tally): {built['sets']:,} bit sets, {built['megabytes']:.0f} MB, "
        f"built in {built['seconds']:.1f} s; the first list request of the process (builds it): "
        f"{listing['first_list']:.0f} ms"
    )
    print("    first   then (median)")
    for url, (first, median) in listing["per_url"].items():
        print(f"    {first:6.0f} {median:6.0f} ms  {url}")
    print(
        f"who does what where, unfiltered, signed-in: p50 {listing['unfiltered_p50']:.0f} ms, "
        f"p95 {listing['unfiltered_p95']:.0f} ms; anonymous: first {listing['anonymous_cold']:.0f} ms, "
        f"then from the page cache p95 {listing['anonymous_cached_p95']:.1f} ms"
    )
    print(
        f"round progress, {progress['organizations']:,} organizations: p50 {progress['p50']:.0f} ms, "
        f"p95 {progress['p95']:.0f} ms ({verdict(progress['p95'], TARGETS['progress'])} "
        f"the {TARGETS['progress']:.0f} ms target)"
    )
    print(
        f"upload of {upload['rows']:,} project rows, checked and applied: {upload['seconds']:.1f} s, "
        f"{upload['created']:,} created ({verdict(upload['seconds'], TARGETS['upload'])} "
        f"the {TARGETS['upload']:.0f} s target)"
    )


if __name__ == "__main__":
    main()
