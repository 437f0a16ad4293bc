"""Failure behaviour, measured: PostgreSQL restarted under load, and the mail server down.

    python bench/failures.py [--seconds 40]

1. Public pages are requested by 8 clients while PostgreSQL restarts (pg_ctlcluster … restart)
   halfway through: prints errors per second, so that errors show only around the outage.
2. With EMAIL_HOST pointing at a port where nothing listens, password-reset requests still answer
   normally; the mail waits in the queue and goes out once `send_queued_mail` runs with a working
   mail setting.
Run as root on a machine whose PostgreSQL cluster may be restarted (a developer's, or CI's).
"""

import argparse
import collections
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._server import environment, fresh_postgres, gunicorn, manage, prepare

PAGES = ["/lo/", "/lo/directory/", "/en/directory/?sector=FARD", "/lo/about/"]


def restart_postgres() -> float:
    version = next(Path("/etc/postgresql").iterdir()).name
    started = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
    return time.monotonic() - started


def hammer(
    base: str, deadline: float, outcomes: collections.Counter, lock: threading.Lock, start: float
) -> None:
    n = 0
    while time.monotonic() < deadline:
        second = int(time.monotonic() - start)
        try:
            with urllib.request.urlopen(
                base + PAGES[n % len(PAGES)] + f"{'&' if '?' in PAGES[n % 4] else '?'}n={n}", timeout=10
            ) as response:
                ok = response.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        with lock:
            outcomes[(second, ok)] += 1
        n += 1


def postgres_restart(env: dict, seconds: int) -> None:
    print(f"\n1. PostgreSQL restarted under load ({seconds} s, restart at {seconds // 2} s)")
    outcomes, lock = collections.Counter(), threading.Lock()
    with gunicorn(env, workers=2, threads=4) as (base, _pid):
        start = time.monotonic()
        deadline = start + seconds
        threads = [
            threading.Thread(target=hammer, args=(base, deadline, outcomes, lock, start)) for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        time.sleep(seconds // 2)
        took = restart_postgres()
        print(f"   restart took {took:.1f} s")
        for thread in threads:
            thread.join()
    total_ok = sum(count for (second, ok), count in outcomes.items() if ok)
    total_failed = sum(count for (second, ok), count in outcomes.items() if not ok)
    failed_seconds = sorted({second for (second, ok), count in outcomes.items() if not ok})
    print(f"   {total_ok:,} answered, {total_failed} failed; failures in seconds {failed_seconds}")


def mail_down(env: dict) -> None:
    print("\n2. Mail server down")
    broken = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": "9", "EMAIL_USE_TLS": "false"}
    with gunicorn(broken, workers=1, threads=2) as (base, _pid):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        page = opener.open(base + "/en/accounts/password/reset/").read().decode()
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        request = urllib.request.Request(
            base + "/en/accounts/password/reset/",
            data=(f"csrfmiddlewaretoken={token}&email=secretariat%40demo.laocso.org").encode(),
            headers={"Referer": base + "/en/accounts/password/reset/"},
        )
        started = time.monotonic()
        response = opener.open(request)
        print(
            f"   password reset answered {response.status} ({response.url.rsplit('/', 3)[-3]}) "
            f"in {time.monotonic() - started:.1f} s with the mail server down"
        )
    waiting = subprocess.run(
        [sys.executable, "manage.py", "send_queued_mail"],
        cwd=Path(__file__).parent.parent,
        env=broken,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"   retry while still down: {waiting}")
    working = {**env, "EMAIL_HOST": ""}  # development: the console backend stands for a working server
    sent = (
        subprocess.run(
            [sys.executable, "manage.py", "send_queued_mail"],
            cwd=Path(__file__).parent.parent,
            env=working,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    print(f"   retry once the mail server is back: {sent}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        env = environment(fresh_postgres("laocso_failures"), Path(var))
        prepare(env)
        manage(env, "send_queued_mail")
        postgres_restart(env, args.seconds)
        mail_down(env)


if __name__ == "__main__":
    main()
