"""Two refreshes of one round at the same time (an acceptance and the nightly command, or two readers
finding the figures out of date) take turns: no error, one set of figures. Meaningful on PostgreSQL,
where the transactions really overlap."""

import threading
from contextlib import nullcontext

import pytest
from django.db import connection

from reports.models import FigureRow, RoundSnapshot
from reports.services import refresh_snapshots

REFRESHES = 4


@pytest.fixture
def built(transactional_db):
    from conftest import build_world

    build_world()  # transactional tests start from empty tables


@pytest.mark.django_db(transaction=True)
def test_parallel_refreshes_of_a_round_leave_one_consistent_set_of_figures(built, contributions):
    errors = []
    barrier = threading.Barrier(REFRESHES)
    # The SQLite test database is in memory with a shared cache, where a second writer fails at once
    # instead of waiting as a file database does: there the refreshes queue; on PostgreSQL they race.
    queue = threading.Lock() if connection.vendor == "sqlite" else nullcontext()

    def refresh():
        try:
            barrier.wait(timeout=30)
            with queue:
                refresh_snapshots(round=contributions.round)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh) for _ in range(REFRESHES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert RoundSnapshot.objects.filter(round=contributions.round).count() == 3
    public = RoundSnapshot.objects.get(round=contributions.round, audience="public")
    total = FigureRow.objects.get(snapshot=public, sector="", dimension="total", key="")
    assert total.women + total.men + total.girls + total.boys == 634
    assert FigureRow.objects.filter(snapshot=public, sector="", dimension="province", key="LA13").count() == 1
