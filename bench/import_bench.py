#!/usr/bin/env python
"""Benchmark: a report CSV at the import limit (200,000 rows) imported through the background
job, as the web page has it done (the product), beside the floor: the same rows, as the
import stored them, inserted with executemany in one transaction. See bench/README.md.

    .venv/bin/python bench/import_bench.py [--rows 200000] [--db sqlite|postgres|both]
        [--pg-url URL] [--profile N]

Per database, in fresh child processes (so that each peak memory is its own): one sets up
the database (SQLite in a temporary TRYGGVE_DATA_DIR, or the PostgreSQL database
tryggve_import_bench, dropped afterwards) and writes the CSV; one queues the import job
and runs it with a job worker in-process (timing enqueue to done, with the job's own phases:
reading and parsing, checking every row, storing), checks that every row was stored, keeps
the stored report and audit rows and deletes them; one inserts those rows again with
executemany in one transaction (the floor). Peak memory is the child's peak resident set
above what it held before the measured step. --profile N adds a cProfile run of the job on
the first N rows and prints where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "tryggve_import_bench"
CATEGORIES = ["graffiti", "littering", "vandalism", "noise", "youth_gathering",
              "broken_lighting", "drugs_found"]
WORDS = ("klotter trapphus entré soprum cykel ungdomar port tvättstuga belysning källare "
         "parkering gård lekplats vid nära efter kvällen natten igen").split()


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """This process's CPU time (all its threads): the work, whatever else the machine does."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --------------------------------------------------------------------------------------
# Parent


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--pg-url", default=os.environ.get("DATABASE_URL", ""),
                   help="a PostgreSQL server's URL (default: DATABASE_URL)")
    p.add_argument("--profile", type=int, default=0, metavar="N",
                   help="also profile the job on the first N rows")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in dbs and not args.pg_url:
        log("No DATABASE_URL or --pg-url: PostgreSQL skipped.")
        dbs.remove("postgres")
    results = [run_database(db, args) for db in dbs]
    print_table(results, args.rows)
    return 0


def run_database(db: str, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"tryggve-import-bench-{db}-"))
    env = dict(os.environ, TRYGGVE_DATA_DIR=str(workdir),
               DJANGO_SETTINGS_MODULE="tryggve.settings")
    env.pop("DATABASE_URL", None)
    if db == "postgres":
        env["DATABASE_URL"] = create_postgres(args.pg_url)
    try:
        steps = ["setup", "product", "floor"] + (["profile"] if args.profile else [])
        result = {"db": db}
        for step in steps:
            log(f"{db}: {step}")
            out = subprocess.run(
                [sys.executable, __file__, "--child", step, "--workdir", str(workdir),
                 "--rows", str(args.rows), "--profile", str(args.profile)],
                env=env, cwd=ROOT, capture_output=True, text=True)
            sys.stderr.write(out.stderr)
            if out.returncode:
                raise SystemExit(f"{db}: {step} failed ({out.returncode})")
            lines = out.stdout.splitlines()
            for line in lines[:-1]:
                print(line)
            result[step] = json.loads(lines[-1])
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if db == "postgres":
            drop_postgres(args.pg_url)


def with_dbname(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def create_postgres(url: str) -> str:
    import psycopg

    with psycopg.connect(with_dbname(url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return with_dbname(url, BENCH_DB)


def drop_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(with_dbname(url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def print_table(results: list[dict], rows: int) -> None:
    print(f"\nImport of {rows:,} report rows through the background job, beside the floor "
          "(the same stored rows, executemany in one transaction):\n")
    print(f"{'database':<9} {'file MB':>8} {'job s':>7} {'(CPU s)':>8} {'parse s':>8} "
          f"{'check s':>8} {'store s':>8} {'peak MB':>8} {'floor s':>8} {'(CPU s)':>8} "
          f"{'peak MB':>8} {'ratio':>6}")
    for r in results:
        product, floor = r["product"], r["floor"]
        phases = product["phases"]
        print(f"{r['db']:<9} {r['setup']['mb']:>8.1f} {product['seconds']:>7.1f} "
              f"{product['cpu']:>8.1f} {phases['parse']:>8.1f} {phases['check']:>8.1f} "
              f"{phases['store']:>8.1f} {product['peak_mb']:>8.0f} {floor['seconds']:>8.1f} "
              f"{floor['cpu']:>8.1f} {floor['peak_mb']:>8.0f} "
              f"{product['seconds'] / floor['seconds']:>6.1f}")
    print("\nseconds are wall-clock, from queueing the file to the job's end (parse: reading "
          "and parsing the file; check: every row validated; store: the one transaction); "
          "CPU s is the process's own CPU time (the database server's not counted); peak MB "
          "is the resident set above what the process held before.")
    for r in results:
        if "profile" in r:
            print(f"\nWhere the job's time goes on {r['db']} "
                  f"({r['profile']['rows']:,} rows, cProfile, cumulative seconds):")
            print(r["profile"]["top"])


# --------------------------------------------------------------------------------------
# Children


def child(args) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    workdir = Path(args.workdir)
    step = {"setup": setup, "product": product, "floor": floor, "profile": profile}
    print(json.dumps(step[args.child](workdir, args)))
    return 0


def setup(workdir: Path, args) -> dict:
    from types import SimpleNamespace

    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from tryggve.test import build_cast

    build_cast(SimpleNamespace())
    path = workdir / "reports.csv"
    write_csv(path, args.rows)
    return {"mb": path.stat().st_size / 1024 / 1024}


def write_csv(path: Path, rows: int) -> None:
    """Reports of the municipality's coordinator, all in Fittja, over two years."""
    import csv

    rng = random.Random(7)
    start = datetime(2024, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "category", "occurred_at", "latitude", "longitude", "text"])
        for _ in range(rows):
            occurred = start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 12))).capitalize()
            writer.writerow([uuid.UUID(int=rng.getrandbits(128), version=4),
                             rng.choice(CATEGORIES), occurred.strftime("%Y-%m-%d %H:%M"),
                             f"{rng.uniform(59.241, 59.254):.6f}",
                             f"{rng.uniform(17.851, 17.874):.6f}", text + "."])


def run_job(path: Path) -> tuple[float, dict, object]:
    """Queue the import as the page does and run it with a job worker; (seconds, phase
    seconds, the job)."""
    from django.contrib.auth.models import User
    from django.core.files import File

    from jobs import runner
    from jobs.models import Job
    from jobs.queue import do_enqueue
    from jobs.worker import Worker
    from reports.jobs import IMPORT

    marks: dict[str, float] = {}
    noted = runner.Progress.__call__

    def noting(progress, done, total=None):
        now = time.perf_counter()
        marks.setdefault("parsed", now)  # the first report comes after reading and parsing
        if total and done >= total // 2:
            marks.setdefault("checked", now)  # then every row is checked, then stored
        return noted(progress, done, total)

    executed = runner.execute

    def executing(job, **kwargs):
        executed(job, **kwargs)
        marks["done"] = time.perf_counter()  # not the worker's exit after it

    runner.Progress.__call__, runner.execute = noting, executing
    bob = User.objects.get(username="bob")
    started = time.perf_counter()
    with path.open("rb") as upload:
        job = do_enqueue(bob, IMPORT, {"filename": path.name}, upload=File(upload, path.name))
    Worker(poll=0.1).run(until_idle=True)
    done = marks["done"]
    runner.Progress.__call__, runner.execute = noted, executed
    job = Job.objects.get(pk=job.pk)
    phases = {"parse": marks["parsed"] - started, "check": marks["checked"] - marks["parsed"],
              "store": done - marks["checked"]}
    return done - started, phases, job


def product(workdir: Path, args) -> dict:
    from django.db import connection

    from reports.models import Report

    before, cpu = peak_mb(), cpu_seconds()
    seconds, phases, job = run_job(workdir / "reports.csv")
    peak, cpu = peak_mb() - before, cpu_seconds() - cpu
    assert job.status == "done" and job.result["created"] == args.rows, (job.status,
                                                                         job.result, job.error)
    assert Report.objects.count() == args.rows
    with connection.cursor() as cur:
        stored = {}
        for table in ("reports_report", "audit_auditentry"):
            cur.execute(f"SELECT * FROM {table}")
            stored[table] = ([c[0] for c in cur.description], cur.fetchall())
        (workdir / "stored.pickle").write_bytes(pickle.dumps(stored))
        cur.execute("DELETE FROM audit_auditentry")
        cur.execute("DELETE FROM reports_report")
    return {"seconds": seconds, "cpu": cpu, "phases": phases, "peak_mb": peak}


def floor(workdir: Path, args) -> dict:
    from django.db import connection, transaction

    before = peak_mb()
    stored = pickle.loads((workdir / "stored.pickle").read_bytes())
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        def value(v):
            return Jsonb(v) if isinstance(v, dict | list) else v
    else:
        def value(v):
            return json.dumps(v) if isinstance(v, dict | list) else v

    tables = {table: (columns, [tuple(map(value, row)) for row in rows])
              for table, (columns, rows) in stored.items()}
    started, cpu = time.perf_counter(), cpu_seconds()
    with transaction.atomic(), connection.cursor() as cur:
        for table, (columns, rows) in tables.items():
            marks = ", ".join(["%s"] * len(columns))
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                            rows)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb() - before}


def profile(workdir: Path, args) -> dict:
    import cProfile
    import io
    import pstats

    from django.db import connection

    source = (workdir / "reports.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    sample = workdir / "sample.csv"
    sample.write_text("".join(source[: args.profile + 1]), encoding="utf-8")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry")
        cur.execute("DELETE FROM reports_report")
    profiler = cProfile.Profile()
    profiler.enable()
    run_job(sample)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(
        r"(reports|jobs|orgs|audit)/|bulk_create|executemany|csv|scan")
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    return {"rows": args.profile, "top": "\n".join(lines[start : start + 30])}


if __name__ == "__main__":
    sys.exit(main())
