"""A realistic load on loopback: 80% public pages and search, 15% signed-in editing, 5% exports,
against gunicorn on PostgreSQL, for a bounded time. Prints throughput, p50/p95/p99 and errors.

    python bench/load.py [--users 16] [--seconds 60] [--soak 1800]

--soak also samples the memory of the gunicorn workers once a minute and prints it, to show whether
it stays flat. The target on 2 cores: 0 errors, p95 ≤ 500 ms at 16 concurrent users.

Each simulated user sends its next request as soon as the last one is answered (no time to think):
16 users keep 16 requests in flight. Each HTTP request is one sample, as load tests count them; an
edit is two (the form, then the save), and the whole of it is also shown apart ("edit action").
"""

import argparse
import http.client
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._server import environment, fresh_postgres, gunicorn, machine_note, prepare

PUBLIC = [
    "/lo/",
    "/en/",
    "/lo/directory/",
    "/lo/directory/?sector=FARD",
    "/lo/directory/?province=LA13",
    "/en/directory/?page=2",
    "/lo/about/",
    "/lo/search/?q=ຊຸມຊົນ",
    "/lo/search/?q=ກະສິກຳ",
    "/en/search/?q=savannakhet",
    "/lo/directory/?q=ແມ່ຍິງ",
]
EXPORTS = ["/lo/directory/export.csv", "/lo/directory/export.xlsx?sector=ENV"]
DEMO_PASSWORD = "demo-password-2025"  # noqa: S105 (the development demo accounts)
MAKE_EDITORS = """
from accounts.services import user_create
from directory.models import Organization, OrganizationRole
for n, organization in enumerate(Organization.objects.listed().order_by("pk")[:%d]):
    user = user_create(email=f"load{n}@example.org", password="demo-password-2025")
    OrganizationRole.objects.create(organization=organization, user=user, kind="owner")
    print(organization.slug)
"""


class Session:
    """One simulated person: a keep-alive connection and a cookie jar."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://{self.connection.host}:{self.connection.port}{path}",
                    "X-CSRFToken": self.cookies.get("csrftoken", ""),
                }
            )
        path = quote(path, safe="/?=&%")  # Lao search words are percent-encoded, as a browser does
        for attempt in range(2):
            reused = self.connection.sock is not None
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a kept-alive connection as the request went out (gunicorn closes
                # one idle for 2 s, and a person's signed-in connection idles while they read public
                # pages): a browser reconnects and resends. On a fresh connection it is an error.
                self.connection.close()
                if attempt or not reused:
                    raise
            except (OSError, http.client.HTTPException):
                self.connection.close()
                raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.status, content

    def sign_in(self, email: str) -> None:
        self.request("GET", "/lo/accounts/sign-in/")
        self.request(
            "POST",
            "/lo/accounts/sign-in/",
            {
                "username": email,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )


def timed(session: Session, method: str, path: str, body: dict | None = None) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    status, content = session.request(method, path, body)
    return time.perf_counter() - started, status, content


def edit_profile(session: Session, slug: str) -> list[tuple[float, int]]:
    """Open the profile form and save it with one change (the number of volunteers), as a person
    would: a real write, with its history, search index and page cache updates. Returns the time and
    status of each of the two requests."""
    elapsed, status, html = timed(session, "GET", f"/lo/directory/{slug}/edit/")
    if status != 200:
        return [(elapsed, status)]
    text = html.decode()
    form: dict[str, object] = {}
    for name, value in re.findall(
        r'<input type="(?:text|number|email|url|hidden|date)" name="([^"]+)"[^>]*?'
        r'value="([^"]*)"',
        text,
    ):
        form[name] = unescape(value)
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', text, re.S):
        form[name] = unescape(value.strip("\n"))
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', text, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        form[name] = chosen.group(1) if chosen else ""
    checked: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="checkbox" name="([^"]+)" value="([^"]*)"[^>]*checked', text):
        checked.setdefault(name, []).append(value)
    form.update(checked)
    form["volunteers_women"] = str(int(form.get("volunteers_women") or 0) ^ 1)  # one more, or one fewer
    form["csrfmiddlewaretoken"] = session.cookies.get("csrftoken", "")
    saved, status, _body = timed(session, "POST", f"/lo/directory/{slug}/edit/", form)
    return [(elapsed, 200), (saved, status)]


def worker(
    base: str, deadline: float, results: list, errors: list, seed: int, editor: tuple[str, str]
) -> None:
    rng = random.Random(seed)
    public, member = Session(base), Session(base)
    member.sign_in(editor[0])
    while time.monotonic() < deadline:
        roll = rng.random()
        try:
            if roll < 0.80:
                kind, path = "public", rng.choice(PUBLIC)
                done = [timed(public, "GET", path)[:2]]
            elif roll < 0.95:
                kind, path = "editing", f"/lo/directory/{editor[1]}/edit/"
                done = edit_profile(member, editor[1])
                results.append(("edit action", sum(elapsed for elapsed, _status in done), done[-1][1]))
            else:
                kind, path = "export", rng.choice(EXPORTS)
                done = [timed(public, "GET", path)[:2]]
        except (OSError, http.client.HTTPException) as error:
            errors.append(repr(error))
            continue
        for elapsed, status in done:
            results.append((kind, elapsed, status))
            if status >= 400:
                errors.append(f"{kind} {path} {status}")


def worker_memory(master_pid: int) -> int:
    """Resident memory of gunicorn's workers, in kB."""
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    total = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))] if values else 0.0


def report(results: list, errors: list, seconds: float) -> None:
    """Each HTTP request is one sample; an edit (form, then save) is also shown whole, apart."""
    requests = [result for result in results if result[0] != "edit action"]
    print(
        f"{len(requests):,} requests in {seconds:.0f} s: {len(requests) / seconds:.1f} requests/s, "
        f"{len(errors)} errors"
    )
    print(f"{'kind':11} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in ["all", "public", "editing", "export", "edit action"]:
        sample = requests if kind == "all" else [result for result in results if result[0] == kind]
        times = [elapsed * 1000 for _k, elapsed, _s in sample]
        if times:
            print(
                f"{kind:11} {len(times):7,} {statistics.median(times):8.0f} {percentile(times, 0.95):8.0f} "
                f"{percentile(times, 0.99):8.0f}"
            )
    statuses = sorted({status for _k, _e, status in requests})
    print("statuses seen:", statuses, "| target: 0 errors, p95 (all requests) ≤ 500 ms")
    for error in errors[:5]:
        print("  error:", error)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--soak", type=int, default=0, help="run this many seconds, sampling memory each minute"
    )
    parser.add_argument("--database", default="laocso_load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args()
    seconds = args.soak or args.seconds
    with tempfile.TemporaryDirectory() as var:
        env = environment(fresh_postgres(args.database), Path(var))
        print("Preparing a fresh PostgreSQL database with demo data …", flush=True)
        prepare(env)
        # Each simulated editor owns an organization of their own, as in real life.
        slugs = subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", MAKE_EDITORS % args.users],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        editors = list(zip([f"load{n}@example.org" for n in range(args.users)], slugs, strict=True))
        with gunicorn(env, workers=args.workers, threads=args.threads) as (base, master):
            results, errors = [], []
            deadline = time.monotonic() + seconds
            threads = [
                threading.Thread(target=worker, args=(base, deadline, results, errors, n, editors[n]))
                for n in range(args.users)
            ]
            for thread in threads:
                thread.start()
            started = time.monotonic()
            while any(thread.is_alive() for thread in threads):
                time.sleep(min(60, max(1, seconds // 10)))
                if args.soak:
                    memory = worker_memory(master) / 1024
                    elapsed = time.monotonic() - started
                    print(f"  {elapsed:6.0f} s: workers use {memory:.0f} MB, {len(results):,} requests",
                          flush=True)
            report(results, errors, time.monotonic() - started)
            print(machine_note(env["DATABASE_URL"]))


if __name__ == "__main__":
    main()
