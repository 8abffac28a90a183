#!/usr/bin/env python
"""Benchmark: the weekly joint picture (picture.weekly.build_picture) at scale.

Generates N synthetic reports over C collaborations into SQLite and/or PostgreSQL, then
times build_picture() for one mid-sized collaboration (and, for information, the largest)
over several weeks beside a hand-written SQL floor that returns the same totals, and
prints p50/p95 and the ratio. See bench/README.md.

    .venv/bin/python bench/picture_bench.py [--reports 1000000] [--collaborations 300]
        [--db sqlite|postgres|both] [--weeks-sampled 20] [--keep] [--reuse]

Each database runs in a child process of this script (Django reads its database from the
environment once, at start-up); the parent prints the combined table at the end.

This file is the benchmark itself: the command line, the child process, the timing of
build_picture against the hand-written SQL floor, the checks that both give the same
picture, the EXPLAIN output, the printed table and the targets. The data it runs on is
made elsewhere: synthetic.py (what the collaborations and reports look like) and
benchdb.py (creating, reusing and dropping the benchmark database and loading it fast),
with benchlog.py for the shared log clock.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchdb
from benchdb import BENCH_DB
from benchlog import fmt_int, log
from synthetic import TOTAL_WEEKS

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {  # database -> (reports the target is defined at, p95 limit in ms)
    "sqlite": (1_000_000, 300.0),
    "postgres": (10_000_000, 150.0),
}
MAX_RATIO = 1.3


# --------------------------------------------------------------------------------------
# Parent: run one child per database and print the combined table.


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reports", type=int, default=1_000_000,
                   help="synthetic reports to generate (default 1,000,000; try 10,000,000)")
    p.add_argument("--collaborations", type=int, default=300)
    p.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    p.add_argument("--weeks-sampled", type=int, default=20,
                   help="different weeks to build the picture for (default 20)")
    p.add_argument("--repeats", type=int, default=5,
                   help="timed runs per week, after one discarded warm-up (default 5)")
    p.add_argument("--keep", action="store_true",
                   help="keep the generated database (SQLite under /tmp, PostgreSQL "
                        f"database {BENCH_DB}) instead of deleting it at the end")
    p.add_argument("--reuse", action="store_true",
                   help="reuse a database kept by --keep if it was generated with the same "
                        "--reports/--collaborations/--seed (implies --keep)")
    p.add_argument("--seed", type=int, default=20250101)
    p.add_argument("--pg-url", default=None,
                   help="PostgreSQL server URL (any database name; the benchmark uses "
                        f"{BENCH_DB}); default: the URL printed by scripts/postgres.sh start")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--json-out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.reuse:
        args.keep = True
    if args.reports < 1000 or args.collaborations < 2:
        p.error("need at least 1000 reports and 2 collaborations")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_child(args)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in dbs and not args.pg_url:
        args.pg_url = subprocess.run(
            ["bash", str(ROOT / "scripts" / "postgres.sh"), "start"], check=True,
            stdout=subprocess.PIPE, text=True).stdout.strip()
    results = []
    for db in dbs:
        with tempfile.TemporaryDirectory(prefix="tryggve-bench-result-") as tmp:
            out = Path(tmp) / "result.json"
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--db", db,
                   "--reports", str(args.reports), "--collaborations", str(args.collaborations),
                   "--weeks-sampled", str(args.weeks_sampled), "--repeats", str(args.repeats),
                   "--seed", str(args.seed), "--json-out", str(out)]
            cmd += ["--keep"] if args.keep else []
            cmd += ["--reuse"] if args.reuse else []
            cmd += ["--pg-url", args.pg_url] if db == "postgres" else []
            subprocess.run(cmd, check=True)
            results.append(json.loads(out.read_text()))
    print_summary(results)
    failed = [r for r in results for m in r["measurements"] if m["role"] == "mid"
              and (m["target_met"] is False or not m["ratio_met"])]
    return 1 if failed else 0


def verdict(flag) -> str:
    return "n/a" if flag is None else ("yes" if flag else "NO")


def print_summary(results: list[dict]) -> None:
    print("\n" + "=" * 100)
    print("LOAD")
    head = f"{'database':<10} {'reports':>12} {'collabs':>7} {'reports load':>13} " \
           f"{'rows/s':>10} {'indexes+FKs':>12} {'analyze':>8} {'total load':>11}"
    print(head)
    for r in results:
        ld = r["load"]
        if ld.get("reused"):
            print(f"{r['db']:<10} {fmt_int(r['reports']):>12} {r['collaborations']:>7}  "
                  "(reused a kept database)")
            continue
        print(f"{r['db']:<10} {fmt_int(r['reports']):>12} {r['collaborations']:>7} "
              f"{ld['rows_s']:>12.1f}s {fmt_int(int(ld['rows_per_s'])):>10} "
              f"{ld['index_s']:>11.1f}s {ld['analyze_s']:>7.1f}s {ld['total_s']:>10.1f}s")
    print("\nWEEKLY PICTURE (ms; p50 / p95 over weeks x repeats)")
    print("  full  = build_picture(user, collab, week)  vs  hand-written SQL + the same "
          "summarise()")
    print("  query = the ORM aggregate (count_rows)     vs  the hand-written SQL alone")
    head = (f"{'database':<9} {'collab':<14} {'rows in window':>14} "
            f"{'build_picture':>15} {'SQL+summarise':>15} {'ratio full':>12} "
            f"{'ORM query':>15} {'SQL query':>15} {'ratio query':>12} "
            f"{'p95 target':>14} {'ratio<=1.3':>10}")
    print(head)
    for r in results:
        for m in r["measurements"]:
            t = m["timings"]
            target = (f"<{m['target_ms']:.0f}: {verdict(m['target_met'])}"
                      if m["target_met"] is not None else "n/a")
            print(f"{r['db']:<9} {m['role'] + ' #' + str(m['collaboration_id']):<14} "
                  f"{fmt_int(m['rows_in_window']):>14} "
                  f"{pair(t['build_picture']):>15} {pair(t['floor_full']):>15} "
                  f"{ratio_pair(t['build_picture'], t['floor_full']):>12} "
                  f"{pair(t['orm_query']):>15} {pair(t['floor_query']):>15} "
                  f"{ratio_pair(t['orm_query'], t['floor_query']):>12} "
                  f"{target:>14} {verdict(m['ratio_met']):>10}")
    print("\nTargets: p95 < 300 ms at 1 M reports on SQLite, < 150 ms at 10 M on PostgreSQL "
          "(judged on the mid-sized collaboration; n/a at other sizes); full-picture ratio "
          "<= 1.3 at p50 and p95.")


def pair(t: dict) -> str:
    return f"{t['p50']:.1f} / {t['p95']:.1f}"


def ratio_pair(a: dict, b: dict) -> str:
    return f"{a['p50'] / b['p50']:.2f} / {a['p95'] / b['p95']:.2f}"


# --------------------------------------------------------------------------------------
# Child: one database.


def run_child(args) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tryggve.settings"
    os.environ.setdefault("DEBUG", "false")
    target, reuse = benchdb.prepare(args)

    import django

    django.setup()
    from django.db import connection

    try:
        load = {"reused": True} if reuse else benchdb.create(args, target)
        result = {"db": args.db, "reports": args.reports,
                  "collaborations": args.collaborations, "load": load,
                  "measurements": measure(args)}
    finally:
        connection.close()
        if not args.keep:
            benchdb.cleanup(args, target)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result))
    return 0


# --------------------------------------------------------------------------------------
# Measurement.

FLOOR_SQL = """
SELECT iso_week, area_id, category, COUNT(*)
FROM reports_report
WHERE collaboration_id = %s
  AND iso_week BETWEEN %s AND %s
  AND (visibility = 'shared' OR organisation_id IN ({orgs}))
GROUP BY iso_week, area_id, category
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats(samples: list[float]) -> dict:
    ms = [s * 1000 for s in samples]
    return {"p50": statistics.median(ms), "p95": percentile(ms, 0.95), "n": len(ms)}


def week_range(week: int) -> tuple[int, int, list[int], int, list[int]]:
    """The same week arithmetic as build_picture (first week, last week, ...)."""
    from picture.weekly import PREVIOUS_WEEKS, SERIES_WEEKS
    from reports import weeks

    previous = weeks.window(weeks.shift(week, -1), PREVIOUS_WEEKS)
    last_year = weeks.same_week_last_year(week)
    series_weeks = weeks.window(week, SERIES_WEEKS)
    return min(last_year, series_weeks[0], previous[0]), week, previous, last_year, series_weeks


def floor_rows(user, collab, week: int) -> list[tuple]:
    """The hand-written SQL: same totals, same visibility rule, same connection."""
    from django.db import connection

    from orgs.permissions import access_for

    access = access_for(user)
    # The rule is "shared in one of my collaborations, or from one of my organisations";
    # with collaboration_id fixed to one of the user's collaborations it reduces to this.
    assert collab.pk in access.collaboration_ids and not access.is_superuser
    orgs = sorted(access.organisation_ids)
    first, last = week_range(week)[:2]
    with connection.cursor() as cur:
        cur.execute(FLOOR_SQL.format(orgs=", ".join(["%s"] * len(orgs))),
                    [collab.pk, first, last, *orgs])
        return cur.fetchall()


def floor_picture(user, collab, week: int):
    from picture.weekly import PictureFilter, summarise

    rows = floor_rows(user, collab, week)
    _, _, previous, last_year, series_weeks = week_range(week)
    return summarise(collab, week, PictureFilter(), rows, previous, last_year, series_weeks)


def orm_rows(user, collab, week: int) -> list[tuple]:
    from picture.weekly import PictureFilter, count_rows, picture_reports

    first, last = week_range(week)[:2]
    return count_rows(picture_reports(user, collab, PictureFilter()), first, last)


def pick_collaborations() -> list[tuple[str, int]]:
    """(role, collaboration id): the median-sized one, and the largest for information."""
    from django.db.models import Count

    from reports.models import Report

    sizes = list(Report.objects.order_by().values("collaboration_id")
                 .annotate(n=Count("*")).order_by("n", "collaboration_id")
                 .values_list("collaboration_id", "n"))
    return [("mid", sizes[len(sizes) // 2][0]), ("largest", sizes[-1][0])]


def sampled_weeks(args) -> list[int]:
    """Weeks whose whole 54-week window lies inside the generated data."""
    from django.db.models import Max

    from reports import weeks
    from reports.models import Report

    newest = Report.objects.aggregate(w=Max("iso_week"))["w"]
    candidates = weeks.window(newest, TOTAL_WEEKS - 53)  # newest 51 weeks
    k = min(args.weeks_sampled, len(candidates))
    step = len(candidates) / k
    return [candidates[len(candidates) - 1 - int(i * step)] for i in range(k)]


def explain(user, collab, week: int) -> None:
    from django.db import connection
    from django.db.models import Count

    from orgs.permissions import access_for
    from picture.weekly import PictureFilter, picture_reports

    first, last = week_range(week)[:2]
    # The same queryset as picture.weekly.count_rows builds.
    qs = (picture_reports(user, collab, PictureFilter())
          .filter(iso_week__gte=first, iso_week__lte=last)
          .order_by().values_list("iso_week", "area_id", "category").annotate(n=Count("*")))
    log(f"ORM query ({connection.vendor}):\n    {qs.query}")
    pg = connection.vendor == "postgresql"
    plan = qs.explain(analyze=True, buffers=True) if pg else qs.explain()
    kind = "EXPLAIN (ANALYZE, BUFFERS)" if pg else "EXPLAIN QUERY PLAN"
    print(f"{kind} of the ORM query:\n    " + plan.replace("\n", "\n    "), flush=True)
    # The hand-written query's plan, for comparison.
    orgs = sorted(access_for(user).organisation_ids)
    sql = FLOOR_SQL.format(orgs=", ".join(["%s"] * len(orgs)))
    with connection.cursor() as cur:
        cur.execute(("EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN ") + sql,
                    [collab.pk, first, last, *orgs])
        lines = [row[0] if pg else row[-1] for row in cur.fetchall()]
        print(f"{kind} of the hand-written query:\n    " + "\n    ".join(lines), flush=True)
        if pg:
            cur.execute("SHOW jit")
            log(f"jit = {cur.fetchone()[0]}")


def measure(args) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from orgs.models import Collaboration, Membership
    from orgs.permissions import access_for
    from picture.weekly import build_picture
    from reports.models import Report

    week_list = sampled_weeks(args)
    log(f"sampled weeks: {', '.join(str(w) for w in sorted(week_list))}")
    db = connection.vendor
    target_reports, target_ms = TARGETS["sqlite" if db == "sqlite" else "postgres"]
    out = []
    for role, collab_id in pick_collaborations():
        collab = Collaboration.objects.get(pk=collab_id)
        member = Membership.objects.filter(organisation__collaborations=collab).first()
        user = get_user_model().objects.get(pk=member.user_id)
        access_for(user)  # computed once per request; cached on the user, as in a view
        first, last = week_range(max(week_list))[:2]
        window_rows = Report.objects.filter(collaboration=collab, iso_week__gte=first,
                                            iso_week__lte=last).count()
        log(f"{role} collaboration #{collab_id} ({collab.name}): "
            f"{fmt_int(Report.objects.filter(collaboration=collab).count())} reports, "
            f"{fmt_int(window_rows)} in the newest sampled week's 54-week window; "
            f"user {user.username}")
        if role == "mid":
            explain(user, collab, max(week_list))
        # Nothing loads reports into Python: one aggregate query plus the area list.
        with CaptureQueriesContext(connection) as ctx:
            build_picture(user, collab, max(week_list))
        sqls = [q["sql"] for q in ctx.captured_queries]
        assert len(sqls) == 2 and "GROUP BY" in sqls[0] and "COUNT(*)" in sqls[0], sqls
        samples = {"build_picture": [], "floor_full": [], "orm_query": [], "floor_query": []}
        runs = {
            "build_picture": lambda w, c=collab, u=user: build_picture(u, c, w),
            "floor_full": lambda w, c=collab, u=user: floor_picture(u, c, w),
            "orm_query": lambda w, c=collab, u=user: orm_rows(u, c, w),
            "floor_query": lambda w, c=collab, u=user: floor_rows(u, c, w),
        }
        for week in week_list:
            # Same totals: the aggregated rows and the whole folded picture.
            a, b = orm_rows(user, collab, week), floor_rows(user, collab, week)
            assert sorted(a, key=repr) == sorted(b, key=repr), f"rows differ in week {week}"
            assert build_picture(user, collab, week) == floor_picture(user, collab, week), \
                f"pictures differ in week {week}"
            for fn in runs.values():  # warm-up, discarded
                fn(week)
            names = list(runs)
            for r in range(args.repeats):
                for name in (names if r % 2 == 0 else names[::-1]):  # alternate the order
                    t = time.perf_counter()
                    runs[name](week)
                    samples[name].append(time.perf_counter() - t)
        timings = {name: stats(s) for name, s in samples.items()}
        at_target = args.reports == target_reports and role == "mid"
        p95 = timings["build_picture"]["p95"]
        ratios = [timings["build_picture"][q] / timings["floor_full"][q] for q in ("p50", "p95")]
        out.append({
            "role": role, "collaboration_id": collab_id, "rows_in_window": window_rows,
            "timings": timings, "target_ms": target_ms,
            "target_met": (p95 < target_ms) if at_target else None,
            "ratio_met": max(ratios) <= MAX_RATIO,
        })
        t = timings
        log(f"{role}: build_picture p50 {t['build_picture']['p50']:.1f} ms, p95 {p95:.1f} ms; "
            f"SQL+summarise p50 {t['floor_full']['p50']:.1f}, p95 "
            f"{t['floor_full']['p95']:.1f}; ORM query p50 {t['orm_query']['p50']:.1f}, "
            f"SQL query p50 {t['floor_query']['p50']:.1f} "
            f"({t['build_picture']['n']} samples each; identical totals in all "
            f"{len(week_list)} weeks)")
    return out


if __name__ == "__main__":
    sys.exit(main())
