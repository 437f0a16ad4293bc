"""Benchmark the member directory with many organizations, on SQLite and PostgreSQL. Prints figures;
asserts nothing.

Usage (from the project root):

    .venv/bin/python bench/directory.py [--database sqlite|postgres|both] [--orgs N] [--quick]

For each database it:
1. migrates a throwaway database (a file in a temporary directory; for PostgreSQL the database
   `laocso_bench` at 127.0.0.1:5432, user postgres, dropped and created again), loads the reference
   data and seeds N organizations with `seed_demo --orgs N` (timed);
2. in a child process with Django's test client (LAOCSO_ENV=dev, DEBUG off), times the directory
   pages: median and 95th percentile of the time spent in Django, over --requests requests each. A
   signed-in member bypasses the page cache; the cached anonymous page is measured separately;
3. starts gunicorn (2 workers) on a free loopback port with the same database and drives it with wrk
   (or, without wrk, a threaded Python client) with 16 connections for --duration seconds against
   the cached anonymous directory page and a static file, and prints requests/s and their ratio.

Everything it starts it stops, and the temporary files and database are removed at the end; with
--keep they stay (under /tmp/laocso-bench-*/ and in `laocso_bench`) and the next --keep run reuses
them: seeding 100,000 organizations takes most of a full run (the search index rebuild, mostly).
The machine's load average is printed beside the figures: other work on it skews them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PG_DATABASE = "laocso_bench"

FILTERED = "/lo/directory/?sector=FARD&province=LA13"
LAO_WORDS = ["ຊຸມຊົນ", "ກະສິກຳ", "ແມ່ຍິງ", "ສຸຂະພາບ", "ການສຶກສາ", "ປ່າໄມ້", "ເດັກ", "ສິ່ງແວດລ້ອມ", "ໄວໜຸ່ມ",
             "ນ້ຳສະອາດ", "ຄົນພິການ", "ວັດທະນະທຳ"]
LATIN_WORDS = ["savannakhet", "luang prabang", "champasak", "vientiane", "forest", "women", "xekong",
               "youth"]
TARGETS = {"search": 50.0, "list": 100.0}  # p95 in ms
CASE_BUDGET_S = 30  # a page stops being timed after this long (at least MIN_REQUESTS), to bound the run
MIN_REQUESTS = 5
STATIC_PATH = "/static/css/site.css"
CONNECTIONS = 16


# --- orchestration (no Django in this process) -------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--orgs", type=int, help="organizations to seed (100,000; 2,000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: few organizations and requests")
    parser.add_argument("--requests", type=int, help="requests per page measurement (50; 10 with --quick)")
    parser.add_argument("--duration", type=int, help="seconds of load per URL (10; 3 with --quick)")
    parser.add_argument("--keep", action="store_true", help="keep the seeded databases, reuse them next time")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # internal: the in-process phase writes JSON here
    args = parser.parse_args()
    args.orgs = args.orgs if args.orgs is not None else (2000 if args.quick else 100_000)
    args.requests = args.requests or (10 if args.quick else 50)
    args.duration = args.duration or (3 if args.quick else 10)
    if args.child:
        child(args)
        return

    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    results = {}
    started = time.monotonic()
    for database in databases:
        print(f"\n=== {database}: {args.orgs:,} organizations", flush=True)
        try:
            results[database] = run_database(database, args)
        except BenchError as error:
            print(f"  {database}: could not run: {error}", flush=True)
            results[database] = {"error": str(error)}
    report(results, args)
    print(f"\nTotal time {time.monotonic() - started:.0f} s.")


class BenchError(Exception):
    pass


def run_database(database: str, args) -> dict:
    if args.keep:
        workdir = Path(tempfile.gettempdir()) / f"laocso-bench-{database}"
        shutil.rmtree(workdir / "cache", ignore_errors=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix=f"laocso-bench-{database}-"))
    (workdir / "static").mkdir(parents=True, exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key not in {"CACHE_URL", "DEBUG"}}
    env.update(LAOCSO_ENV="dev", DEBUG="false", LAOCSO_VAR_DIR=str(workdir), PYTHONUNBUFFERED="1")
    try:
        with throwaway_database(database, workdir, keep=args.keep) as url:
            env["DATABASE_URL"] = url
            out = workdir / "result.json"
            command = [PYTHON, __file__, "--child", str(out), "--orgs", str(args.orgs),
                       "--requests", str(args.requests)]
            if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:
                raise BenchError("the in-process phase failed (see above)")
            result = json.loads(out.read_text())
            result["load"] = load_test(env, args.duration)
            return result
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def throwaway_database(database: str, workdir: Path, *, keep: bool):
    if database == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    try:
        import psycopg
    except ImportError as error:
        raise BenchError("psycopg is not installed") from error

    def admin(statement: str) -> None:
        with psycopg.connect(dbname="postgres", connect_timeout=5, autocommit=True, **PG) as connection:
            connection.execute(statement)

    try:
        if not keep:
            admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        try:
            admin(f"CREATE DATABASE {PG_DATABASE}")
        except psycopg.errors.DuplicateDatabase:
            pass  # kept from an earlier --keep run
    except psycopg.Error as error:
        raise BenchError(f"no PostgreSQL at {PG['host']}:{PG['port']}: {error}") from error
    try:
        yield f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{PG_DATABASE}"
    finally:
        if not keep:
            admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


# --- gunicorn under load ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: str | int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def load_test(env: dict, duration: int) -> dict:
    gunicorn = Path(PYTHON).parent / "gunicorn"
    if not gunicorn.exists():
        raise BenchError(f"gunicorn is not installed in {Path(PYTHON).parent} (pip install gunicorn)")
    port = free_port()
    command = [str(gunicorn), "laocso.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, STATIC_PATH) == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise BenchError("gunicorn did not start")
            time.sleep(0.3)
        page = "/lo/directory/"
        for _ in range(4):  # fill the page cache (and warm both workers)
            if get(port, page) != 200:
                raise BenchError(f"{page} answered with an error")
        tool = "wrk" if shutil.which("wrk") else "python"
        load_before = os.getloadavg()[0]
        print(f"  load: {CONNECTIONS} connections, {duration} s per URL, with {tool}", flush=True)
        measure = wrk if tool == "wrk" else python_load
        return {"tool": tool, "load_average": load_before, "page": measure(port, page, duration),
                "static": measure(port, STATIC_PATH, duration)}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wrk(port: int, path: str, duration: int) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    output = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency", url],
                            capture_output=True, text=True, timeout=duration + 60).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    if not rate:
        raise BenchError(f"could not read wrk's output:\n{output}")
    return {"rps": float(rate.group(1)), "errors": int(errors.group(1)) if errors else 0,
            "p99_ms": to_ms(*p99.groups()) if p99 else None}


def to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def python_load(port: int, path: str, duration: int) -> dict:
    """A keep-alive client per thread; slower than wrk, so figures are a lower bound."""
    stop = time.monotonic() + duration
    counts, errors, latencies = [0] * CONNECTIONS, [0] * CONNECTIONS, [[] for _ in range(CONNECTIONS)]

    def worker(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            latencies[number].append(time.perf_counter() - began)
            counts[number] += 1
            errors[number] += not ok
        connection.close()

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(CONNECTIONS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    every = sorted(latency for per_thread in latencies for latency in per_thread)
    return {"rps": sum(counts) / elapsed, "errors": sum(errors),
            "p99_ms": every[int(len(every) * 0.99)] * 1000 if every else None}


# --- the in-process phase (a child process with its own Django settings) -----------------------

def child(args) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laocso.settings")
    import django

    django.setup()
    from django.core.management import call_command

    result: dict = {}
    began = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference_data", stdout=StringIO())
    result["migrate_s"] = time.monotonic() - began

    class Progress(StringIO):
        def write(self, text: str) -> int:  # show the seed's progress as it goes
            print("  seed:", text.rstrip(), flush=True)
            return super().write(text)

    progress = Progress()
    began = time.monotonic()
    call_command("seed_demo", orgs=args.orgs, seed=1, stdout=progress)
    result["seed_s"] = time.monotonic() - began
    indexed = re.search(r"search index rebuilt in (\d+) s", progress.getvalue())
    result["search_rebuild_s"] = float(indexed.group(1)) if indexed else None
    from directory.models import Organization

    result["organizations"] = Organization.objects.count()
    result["listed"] = Organization.objects.listed().count()
    result["load_average"] = os.getloadavg()[0]
    result["timings"] = page_timings(args.requests)
    Path(args.child).write_text(json.dumps(result))


def page_timings(requests: int) -> list[dict]:
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from directory.models import Organization

    assert not settings.DEBUG, "measure with DEBUG off"
    member = Client()
    member.force_login(User.objects.get(email="member@demo.laocso.org"))
    anonymous = Client()
    listed = Organization.objects.listed()
    slugs = random.Random(1).sample(list(listed.values_list("slug", flat=True)), requests)
    matching = listed.filter(sector_groups__code="FARD", provinces__code="LA13").count()
    cases = [
        ("list", f"filtered list ({matching:,} matches)", member, [FILTERED]),
        ("list", "filtered list, page 3", member, [FILTERED + "&page=3"]),
        ("list", "whole list, page 1", member, ["/lo/directory/"]),
        ("search", "Lao word search", member, [f"/lo/directory/?q={word}" for word in LAO_WORDS]),
        ("search", "Latin search", member, [f"/lo/directory/?q={word}" for word in LATIN_WORDS]),
        ("profile", "profile page", member, [f"/lo/directory/{slug}/" for slug in slugs]),
        ("list", "filtered list, cached, anonymous", anonymous, [FILTERED]),
    ]
    rows = []
    for kind, label, client, urls in cases:
        for url in urls[:3]:  # warm up: imports, template loading, database caches, the page cache
            check(client.get(url), url)
        times = []
        stop = time.monotonic() + CASE_BUDGET_S
        for number in range(requests):
            if number >= MIN_REQUESTS and time.monotonic() > stop:
                break
            url = urls[number % len(urls)]
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            check(response, url)
        times.sort()
        rows.append({"kind": kind, "label": label, "example": urls[0], "median_ms": statistics.median(times),
                     "p95_ms": times[max(0, round(len(times) * 0.95) - 1)], "n": len(times)})
        print(f"  {label}: median {rows[-1]['median_ms']:.1f} ms, p95 {rows[-1]['p95_ms']:.1f} ms "
              f"({len(times)} requests)", flush=True)
    return rows


def check(response, url: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")


# --- the report -----------------------------------------------------------------------------------

def report(results: dict, args) -> None:
    print(f"\n=== Directory benchmark: up to {args.requests} requests per page (at most {CASE_BUDGET_S} s "
          "each), server time in-process, DEBUG off")
    sys.path.insert(0, str(ROOT))
    from bench._server import machine_note

    pg_url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/postgres"
    print(machine_note(pg_url if "postgres" in results else ""))
    for database, result in results.items():
        print(f"\n{database}")
        if "error" in result:
            print(f"  not measured: {result['error']}")
            continue
        rebuild = result.get("search_rebuild_s")
        print(f"  {result['organizations']:,} organizations ({result['listed']:,} listed); load average "
              f"{result['load_average']:.1f} before the page timings, {result['load']['load_average']:.1f} "
              f"before the load test ({os.cpu_count()} cores)")
        print(f"  migrate + reference data {result['migrate_s']:.0f} s; seed {result['seed_s']:.0f} s"
              + (f" (of which search index rebuild {rebuild:.0f} s)" if rebuild is not None else ""))
        print(f"  {'page':44} {'requests':>8} {'median':>9} {'p95':>9}   target (p95)")
        for row in result["timings"]:
            target = TARGETS.get(row["kind"]) if "cached" not in row["label"] else None
            verdict = ""
            if target is not None:
                verdict = f"≤ {target:.0f} ms  {'ok' if row['p95_ms'] <= target else 'MISSED'}"
            figures = f"{row['n']:8} {row['median_ms']:7.1f}ms {row['p95_ms']:7.1f}ms"
            print(f"  {row['label']:44} {figures}   {verdict}")
        load = result["load"]
        page, static = load["page"], load["static"]
        ratio = page["rps"] / static["rps"] if static["rps"] else 0
        print(f"  gunicorn, 2 workers, {CONNECTIONS} connections ({load['tool']}):")
        for label, figures in (("cached anonymous /lo/directory/", page), (f"static {STATIC_PATH}", static)):
            p99 = f", p99 {figures['p99_ms']:.1f} ms" if figures.get("p99_ms") is not None else ""
            errors = f", {figures['errors']} errors" if figures["errors"] else ""
            print(f"    {label:42} {figures['rps']:8.0f} requests/s{p99}{errors}")
        print(f"    ratio page / static {ratio:.2f}   target ≥ 0.5  {'ok' if ratio >= 0.5 else 'MISSED'}")


if __name__ == "__main__":
    main()
