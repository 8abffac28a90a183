"""The database counters behind the rate limits: exact under concurrency, one row per window."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from tryggve.limits import counters
from tryggve.limits.counters import Limit
from tryggve.limits.models import RateCounter

LIMIT = Limit("test", count=3, seconds=60)
NOON = datetime(2025, 6, 2, 12, 0, 10, tzinfo=UTC)


@pytest.mark.django_db
def test_it_allows_the_count_then_refuses_within_one_window():
    assert [counters.hit(LIMIT, "u1", NOON) for _ in range(5)] == [True] * 3 + [False] * 2
    assert counters.hit(LIMIT, "u2", NOON)  # someone else
    assert counters.hit(Limit("other", 3, 60), "u1", NOON)  # something else
    assert counters.hit(LIMIT, "u1", NOON + timedelta(seconds=50))  # the next minute
    assert counters.retry_after(LIMIT, NOON) == 50


@pytest.mark.django_db
def test_undo_gives_a_hit_back_and_never_goes_below_zero():
    for _ in range(3):
        counters.hit(LIMIT, "u1", NOON)
    counters.undo(LIMIT, "u1", NOON)
    assert counters.hit(LIMIT, "u1", NOON)
    assert not counters.hit(LIMIT, "u1", NOON)
    counters.undo(LIMIT, "nobody", NOON)
    assert not RateCounter.objects.filter(hits__lt=0).exists()


@pytest.mark.django_db
def test_a_new_window_deletes_the_windows_that_are_over():
    counters.hit(LIMIT, "u1", NOON)
    counters.hit(LIMIT, "u2", NOON)
    counters.hit(LIMIT, "u1", NOON + timedelta(minutes=5))
    assert RateCounter.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_counted_exactly_once_each():
    """Eight threads, each with its own database connection (as workers have), hit one key
    at once: exactly three are let through and the counter holds all eight."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database refuses a second writer instead of "
                    "queueing it (a file database with its busy timeout queues them)")
    start, allowed = threading.Barrier(8), []

    def worker():
        from django.db import connections

        start.wait()
        try:
            allowed.append(counters.hit(LIMIT, "shared", NOON))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(allowed) == [False] * 5 + [True] * 3
    assert RateCounter.objects.get().hits == 8
