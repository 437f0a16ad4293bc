"""Demo data of the feature apps, for development and demonstrations.

Each app with demo data registers `seed_demo(*, rng, stdout)` in its AppConfig.ready(); the
`seed_app_demos` command (run by `dev_setup`, after the directory's `seed_demo`) calls them in the
order of INSTALLED_APPS. Each seeder does nothing when its demo data exists already.
"""

from collections.abc import Callable

_seeders: dict[str, Callable] = {}


def register(app_label: str, seed_demo: Callable) -> None:
    _seeders[app_label] = seed_demo


def seeders() -> dict[str, Callable]:
    from django.apps import apps

    order = [config.label for config in apps.get_app_configs()]
    return {label: _seeders[label] for label in order if label in _seeders}


def analyze_after_bulk_load(models) -> None:
    """What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) does in time after a bulk load:
    planner statistics, without which a query over a hundred thousand fresh rows can take the wrong
    plan (and, on PostgreSQL, the visibility map that index-only scans need; VACUUM cannot run inside a
    transaction, as in a test, ANALYZE can)."""
    from django.db import connection

    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
