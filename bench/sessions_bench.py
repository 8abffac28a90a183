#!/usr/bin/env python
"""Benchmark: ending one user's sessions when an admin removes a leaver.

Fills a throwaway database (Django's test database on the configured backend: SQLite in
memory, or PostgreSQL when DATABASE_URL is set) with N live sessions of 5,000 users, then
times, for one user:

- accounts.sessions.end_sessions: the session engine stores the account id, so this is
  one indexed delete (what the product does);
- the floor: the same delete as hand-written SQL;
- for comparison, the way without such a column (Zulip's delete_user_sessions): read
  and decode every live session and delete the user's.

    .venv/bin/python bench/sessions_bench.py [--sessions 100000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = 5_000


def timed(action, repeats: int) -> float:
    """Median milliseconds of ``action(i)`` over ``repeats`` runs on different users."""
    runs = []
    for i in range(repeats):
        started = time.perf_counter()
        action(i)
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sessions", type=int, default=100_000)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryggve.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from accounts.models import UserSession
    from accounts.sessions import SessionStore, end_sessions

    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0)
    try:
        store = SessionStore()
        expires = timezone.now() + timedelta(days=14)
        for start in range(0, args.sessions, 10_000):
            UserSession.objects.bulk_create(
                UserSession(session_key=f"k{i:039d}", expire_date=expires,
                            account_id=i % USERS,
                            session_data=store.encode({"_auth_user_id": str(i % USERS)}))
                for i in range(start, min(start + 10_000, args.sessions)))

        class Leaver:
            def __init__(self, pk):
                self.pk = pk

        product = timed(lambda i: end_sessions(Leaver(i)), args.repeats)
        table = connection.ops.quote_name(UserSession._meta.db_table)

        def floor(i):
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE account_id = %s", [100 + i])

        hand_written = timed(floor, args.repeats)

        def decode_all(i):
            wanted = str(200 + i)
            ended = [s.pk for s in UserSession.objects.filter(expire_date__gt=timezone.now())
                     .iterator() if s.get_decoded().get("_auth_user_id") == wanted]
            UserSession.objects.filter(pk__in=ended).delete()

        decoding = timed(decode_all, max(1, min(args.repeats, 3)))
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)

    print(f"{connection.vendor}, {args.sessions:,} live sessions of {USERS:,} users "
          f"(median ms to end one user's sessions)".replace(",", " "))
    print(f"  end_sessions (indexed account_id)   {product:9.1f}")
    print(f"  floor: hand-written DELETE          {hand_written:9.1f}")
    print(f"  decoding every session (no column)  {decoding:9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
