#!/usr/bin/env python3
"""Check the pinned dependencies (requirements.lock) against a vulnerability snapshot, and never call
a package safe that was not checked.

    scripts/audit_dependencies.py --update   fetch a snapshot (PyPI's per-release vulnerability data,
                                             from OSV) for every pinned package; fails, writing nothing,
                                             if any package could not be checked
    scripts/audit_dependencies.py            check: fails when the snapshot is missing, older than
                                             30 days, lacks a pinned package, or lists a vulnerability

Exit codes: 0 clean, 1 vulnerable, 2 cannot tell (missing, stale or incomplete snapshot).
"""

import argparse
import json
import sys
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_AGE_DAYS = 30


def pinned(lock: Path) -> list[str]:
    """`name==version` for every pinned line of the lock file (comments and options skipped)."""
    pins = []
    for line in lock.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-") and "==" in line:
            name, version = line.split("==", 1)
            pins.append(f"{name.strip().lower()}=={version.split(';', 1)[0].strip()}")
    return sorted(pins)


def fetch(pin: str) -> list[dict]:
    name, version = pin.split("==")
    url = f"https://pypi.org/pypi/{name}/{version}/json"
    with urllib.request.urlopen(url, timeout=20) as response:
        data = json.load(response)
    return [
        {
            "id": item.get("id"),
            "fixed_in": item.get("fixed_in", []),
            "summary": (item.get("summary") or "")[:200],
        }
        for item in data.get("vulnerabilities", [])
    ]


def update(lock: Path, snapshot: Path) -> int:
    results, failures = {}, []
    for pin in pinned(lock):
        try:
            results[pin] = fetch(pin)
        except Exception as error:
            failures.append(f"{pin}: {error}")
    if failures:
        print("Could not check these packages, so no snapshot was written:", *failures, sep="\n  ")
        return 2
    snapshot.write_text(
        json.dumps(
            {"fetched": date.today().isoformat(), "source": "PyPI JSON API (OSV)", "packages": results},
            indent=1,
        )
    )
    print(f"Snapshot of {len(results)} packages written to {snapshot}")
    return 0


def check(lock: Path, snapshot: Path, today: date) -> int:
    if not snapshot.exists():
        print(f"No vulnerability snapshot at {snapshot}: run with --update. Nothing can be called safe.")
        return 2
    data = json.loads(snapshot.read_text())
    age = (today - date.fromisoformat(data["fetched"])).days
    if age > MAX_AGE_DAYS:
        print(f"The vulnerability snapshot is {age} days old (limit {MAX_AGE_DAYS}): run with --update.")
        return 2
    missing = [pin for pin in pinned(lock) if pin not in data["packages"]]
    if missing:
        print(
            "These pinned packages are not in the snapshot, so they were not checked:", *missing, sep="\n  "
        )
        return 2
    found = {pin: data["packages"][pin] for pin in pinned(lock) if data["packages"][pin]}
    for pin, vulnerabilities in found.items():
        for item in vulnerabilities:
            fixed = ", ".join(item["fixed_in"]) or "no release yet"
            print(f"{pin}: {item['id']} (fixed in {fixed}) {item['summary']}")
    if found:
        return 1
    print(
        f"{len(pinned(lock))} pinned packages checked against the snapshot of {data['fetched']}: "
        "no known vulnerabilities."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    parser.add_argument("--snapshot", type=Path, default=ROOT / "security" / "vulnerabilities.json")
    parser.add_argument("--today", type=date.fromisoformat, default=datetime.now(UTC).date())
    args = parser.parse_args(argv)
    if args.update:
        return update(args.lock, args.snapshot)
    return check(args.lock, args.snapshot, args.today)


if __name__ == "__main__":
    sys.exit(main())
