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
    """On PostgreSQL, what autovacuum does in time after a bulk load: planner statistics, without
    which a count over a hundred thousand fresh rows reads the whole table, and the visibility map
    that index-only scans need (VACUUM cannot run inside a transaction, as in a test; ANALYZE can).

    Not on SQLite: with statistics its planner drove the directory's filtered list and the search of
    a common word from the IN lists and sorted (77 and 92 ms with 100,000 organizations) instead of
    reading the indexes in order (17 and 11 ms without)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
