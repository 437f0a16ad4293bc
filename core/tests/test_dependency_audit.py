"""The dependency audit says "no known vulnerabilities" only when every pinned package was checked
against a recent snapshot."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


def run(tmp_path: Path, snapshot: dict | None, today: str = "2026-11-25") -> subprocess.CompletedProcess:
    lock = tmp_path / "requirements.lock"
    lock.write_text("# pinned\nDjango==5.2.19\npillow==12.0.0 ; python_version >= '3.11'\n")
    path = tmp_path / "vulnerabilities.json"
    if snapshot is not None:
        path.write_text(json.dumps(snapshot))
    return subprocess.run([sys.executable, str(SCRIPT), "--lock", str(lock), "--snapshot", str(path),
                           "--today", today], capture_output=True, text=True)


CLEAN = {"fetched": "2026-11-20", "packages": {"django==5.2.19": [], "pillow==12.0.0": []}}


def test_it_refuses_to_call_anything_safe_without_a_snapshot(tmp_path):
    result = run(tmp_path, None)
    assert result.returncode == 2 and "No vulnerability snapshot" in result.stdout


def test_it_refuses_a_snapshot_older_than_30_days(tmp_path):
    result = run(tmp_path, CLEAN, today="2026-12-25")
    assert result.returncode == 2 and "35 days old" in result.stdout


def test_it_names_the_packages_the_snapshot_did_not_check(tmp_path):
    result = run(tmp_path, {"fetched": "2026-11-20", "packages": {"django==5.2.19": []}})
    assert result.returncode == 2 and "pillow==12.0.0" in result.stdout


def test_it_reports_a_known_vulnerability(tmp_path):
    snapshot = {"fetched": "2026-11-20", "packages": {"django==5.2.19": [], "pillow==12.0.0": [
        {"id": "GHSA-xxxx", "fixed_in": ["12.0.1"], "summary": "Buffer overflow"}]}}
    result = run(tmp_path, snapshot)
    assert result.returncode == 1 and "GHSA-xxxx" in result.stdout and "12.0.1" in result.stdout


@pytest.mark.parametrize("today", ["2026-11-20", "2026-12-20"])
def test_it_passes_a_complete_recent_snapshot(tmp_path, today):
    result = run(tmp_path, CLEAN, today=today)
    assert result.returncode == 0 and "2 pinned packages checked" in result.stdout
