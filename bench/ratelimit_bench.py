#!/usr/bin/env python
"""Benchmark: the rate-limit counter (tryggve.limits.counters.hit) across processes.

P worker processes (as gunicorn's workers are), each with its own database connection,
call hit() K times at once: all on one key (the worst case: every hit waits for the row)
and each on its own key. It checks that the counts are exact (exactly ``count`` hits let
through on the shared key, the stored total P×K) and prints the per-hit latency beside a
floor measured in the same run: ``SELECT 1`` on the same connections (one round trip).

    .venv/bin/python bench/ratelimit_bench.py [--db sqlite|postgres|both] [--processes 4]
        [--hits 500] [--pg-url URL]

SQLite uses a temporary file database (WAL, as the product runs); PostgreSQL drops and
creates the database ``tryggve_bench_limits``. Exit status 1 if a count is wrong.
"""

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_URL = "postgres://tryggve:tryggve@127.0.0.1:54329/tryggve_bench_limits"


def setup_django(env: dict) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tryggve.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def worker(env, scope, shared, hits, start, out):
    setup_django(env)
    from django.db import connection

    from tryggve.limits import counters
    from tryggve.limits.counters import Limit

    limit = Limit(scope, count=hits, seconds=3600)
    subject = "shared" if shared else f"p{os.getpid()}"
    start.wait()
    began = time.perf_counter()
    hit_times, floor_times, allowed = [], [], 0
    for _ in range(hits):
        t0 = time.perf_counter()
        allowed += counters.hit(limit, subject)
        t1 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        hit_times.append(t1 - t0)
        floor_times.append(time.perf_counter() - t1)
    elapsed = time.perf_counter() - began
    connection.close()
    out.put((allowed, hit_times, floor_times, elapsed))


def run(env: dict, processes: int, hits: int) -> bool:
    setup_django(env)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "limits", verbosity=0)
    connection.close()
    ok = True
    for shared in (True, False):
        scope = f"bench-{'shared' if shared else 'own'}-{time.time_ns()}"
        ctx = multiprocessing.get_context("spawn")  # no connection crosses a fork
        start, out = ctx.Barrier(processes), ctx.Queue()
        procs = [ctx.Process(target=worker, args=(env, scope, shared, hits,
                                                              start, out))
                 for _ in range(processes)]
        for p in procs:
            p.start()
        results = [out.get() for _ in procs]
        for p in procs:
            p.join()
        elapsed = max(r[3] for r in results)  # from the common start to the last one done
        allowed = sum(r[0] for r in results)
        hit_ms = sorted(t * 1000 for r in results for t in r[1])
        floor_ms = sorted(t * 1000 for r in results for t in r[2])
        from tryggve.limits.models import RateCounter

        stored = sum(RateCounter.objects.filter(hits__gt=0).values_list("hits", flat=True))
        # Each process's limit is `hits`: on the shared key only `hits` of P×K get through.
        expected_allowed = hits if shared else processes * hits
        exact = allowed == expected_allowed and stored == processes * hits
        ok &= exact
        RateCounter.objects.all().delete()
        p95 = lambda xs: xs[int(len(xs) * 0.95)]  # noqa: E731
        print(f"{connection.vendor:10} {'one key' if shared else 'own keys':9} "
              f"{processes}×{hits}: hit p50 {statistics.median(hit_ms):6.2f} ms "
              f"p95 {p95(hit_ms):6.2f} ms | floor SELECT 1 p50 "
              f"{statistics.median(floor_ms):5.2f} ms p95 {p95(floor_ms):5.2f} ms | "
              f"{processes * hits / elapsed:7.0f} (hits + floors)/s | let through {allowed} "
              f"(expected {expected_allowed}), stored {stored} -> "
              f"{'exact' if exact else 'WRONG'}")
    connection.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--hits", type=int, default=500)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one database, configured by the environment
        return 0 if run({}, args.processes, args.hits) else 1
    ok = True
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as data:
            ok &= spawn({"TRYGGVE_DATA_DIR": data, "DATABASE_URL": ""}, args)
    if args.db in ("postgres", "both"):
        import psycopg

        admin_url = args.pg_url.rsplit("/", 1)[0] + "/postgres"
        name = args.pg_url.rsplit("/", 1)[1]
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        ok &= spawn({"DATABASE_URL": args.pg_url}, args)
    return 0 if ok else 1


def spawn(env: dict, args) -> bool:
    """Each database in a child process (Django reads its database once, at start-up)."""
    command = [sys.executable, __file__, "--child", "--processes", str(args.processes),
               "--hits", str(args.hits)]
    return subprocess.run(command, env=os.environ | env, cwd=ROOT).returncode == 0


if __name__ == "__main__":
    sys.exit(main())
