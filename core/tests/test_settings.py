"""Production settings refuse to start half-configured, and pass Django's deployment checklist."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "LAOCSO_ENV": "production",
    "SECRET_KEY": "x7#Jq0p!vR2m$Lz9wK4t&Nb8cY1hU6sE3gA5dF0iO2uT7yP9-only-for-this-test",
    "ALLOWED_HOSTS": "cso.example.org",
    "DATABASE_URL": "postgres://laocso@127.0.0.1:5432/laocso",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION and key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_without_each_required_variable():
    for missing in ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"]:
        env = {key: value for key, value in PRODUCTION.items() if key != missing}
        result = manage("check", **env)
        assert result.returncode != 0
        assert f"The environment variable {missing} must be set" in result.stderr


def test_it_refuses_a_production_start_when_the_environment_is_not_named():
    # No LAOCSO_ENV means production, never the development defaults.
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_passes_the_deployment_checklist_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_postgresql_connections_do_not_jit_compile_unless_the_url_says_so():
    from laocso.env import database_from_url

    plain = database_from_url("postgres://laocso@127.0.0.1:5432/laocso", base_dir=settings.BASE_DIR)
    assert plain["OPTIONS"] == {"options": "-c jit=off"}
    own = database_from_url(
        "postgres://laocso@db/laocso?options=-c%20jit%3Don&sslmode=require", base_dir=settings.BASE_DIR
    )
    assert own["OPTIONS"] == {"options": "-c jit=on", "sslmode": "require"}
