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
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "tryggve_bench"
TOTAL_WEEKS = 104
CHUNK_ROWS = 250_000
ZIPF_S = 0.9  # collaboration sizes ~ rank**-0.9: roughly Sweden's municipality sizes
INTERNAL_SHARE = 0.12
OUTSIDE_AREAS_SHARE = 0.05
SPOTS_PER_AREA = 64
TARGETS = {  # database -> (reports the target is defined at, p95 limit in ms)
    "sqlite": (1_000_000, 300.0),
    "postgres": (10_000_000, 150.0),
}
MAX_RATIO = 1.3

# Columns of reports_report written by the loader, in this order.
COLUMNS = (
    "id", "collaboration_id", "organisation_id", "reporter_id", "occurred_at", "reported_at",
    "iso_week", "latitude", "longitude", "h3_cell", "area_id", "property_id", "place_id",
    "address", "category", "level", "people_count", "text", "masked", "status",
    "status_changed_at", "status_changed_by_id", "visibility", "source",
)
TEXTS = (
    "Grupp ungdomar vid entrén, stökigt men ingen skada.",
    "Klotter på fasaden mot gården.",
    "Trasig belysning på gångvägen, mörkt efter 17.",
    "Nedskräpning vid soprummet.",
    "Porten uppställd med kil, stängd av fastighetsvärd.",
    "Mopeder på gångvägen under kvällen.",
    "Sprutor hittade i buskaget, omhändertagna.",
    "Brand i papperskorg, släckt av räddningstjänsten.",
    "Inbrott i flera källarförråd, brytmärken på dörrarna.",
    "Oväsen från lokalen sent på natten.",
    "Övergivet fordon på parkeringen sedan flera veckor.",
    "",
)


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


def fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", " ")


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


STARTED = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {msg}", flush=True)


def with_dbname(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def meta_for(args) -> dict:
    return {"reports": args.reports, "collaborations": args.collaborations, "seed": args.seed,
            "generator": 1}


def prepare_sqlite(args) -> tuple[Path, bool]:
    """Point Django at a fresh (or kept) SQLite directory; return (dir, reuse data)."""
    os.environ.pop("DATABASE_URL", None)
    if args.keep:
        data_dir = Path(tempfile.gettempdir()) / (
            f"tryggve-bench-sqlite-{args.reports}-{args.collaborations}-{args.seed}")
        meta_file = data_dir / "bench-meta.json"
        if args.reuse and meta_file.exists() and json.loads(meta_file.read_text()) == {
                **meta_for(args), "complete": True}:
            os.environ["TRYGGVE_DATA_DIR"] = str(data_dir)
            return data_dir, True
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
    else:
        data_dir = Path(tempfile.mkdtemp(prefix="tryggve-bench-sqlite-"))
    os.environ["TRYGGVE_DATA_DIR"] = str(data_dir)
    return data_dir, False


def prepare_postgres(args) -> tuple[str, bool]:
    """Create (or reuse) the benchmark database; never touches the `tryggve` database."""
    import psycopg

    url = with_dbname(args.pg_url, BENCH_DB)
    with psycopg.connect(with_dbname(args.pg_url, "postgres"), autocommit=True) as conn:
        if args.reuse:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = %s", [BENCH_DB]).fetchone()
            if row and row[0] and json.loads(row[0]) == {**meta_for(args), "complete": True}:
                os.environ["DATABASE_URL"] = url
                return url, True
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = url
    return url, False


def mark_complete(args, target) -> None:
    meta = json.dumps({**meta_for(args), "complete": True})
    if args.db == "sqlite":
        (target / "bench-meta.json").write_text(meta)
    else:
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute(f"COMMENT ON DATABASE {BENCH_DB} IS %s", [meta])


def run_child(args) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tryggve.settings"
    os.environ.setdefault("DEBUG", "false")
    if args.db == "sqlite":
        target, reuse = prepare_sqlite(args)
        log(f"SQLite database in {target}" + (" (reused)" if reuse else ""))
    else:
        target, reuse = prepare_postgres(args)
        log(f"PostgreSQL database {BENCH_DB}" + (" (reused)" if reuse else ""))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        if reuse:
            load = {"reused": True}
        else:
            t0 = time.perf_counter()
            call_command("migrate", verbosity=0)
            log(f"migrated in {time.perf_counter() - t0:.1f}s")
            load = generate(args, target)
            if args.keep:
                mark_complete(args, target)
        result = {"db": args.db, "reports": args.reports,
                  "collaborations": args.collaborations, "load": load,
                  "measurements": measure(args)}
    finally:
        connection.close()
        if not args.keep:
            cleanup(args, target)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result))
    return 0


def cleanup(args, target) -> None:
    if args.db == "sqlite":
        shutil.rmtree(target, ignore_errors=True)
        return
    import psycopg

    with psycopg.connect(with_dbname(args.pg_url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    log(f"dropped database {BENCH_DB}")


# --------------------------------------------------------------------------------------
# Data generation.


class World:
    """Collaborations, organisations, areas and report spots, as numpy lookup tables."""

    def __init__(self, args, rng):
        import h3
        import numpy as np

        from orgs.geo import H3_RESOLUTION, in_sweden

        c = args.collaborations
        self.n = c
        # Collaboration sizes: Zipf-like over a shuffled rank, so ids are not size-ordered.
        rank = rng.permutation(c) + 1
        weight = rank.astype(float) ** -ZIPF_S
        self.collab_p = weight / weight.sum()
        # Each collaboration: municipality, housing company, police, and one of ten
        # regional security companies shared by many collaborations.
        self.org_p = np.array([0.2, 0.5, 0.1, 0.2])
        self.n_areas = rng.integers(8, 13, size=c)  # ~10 areas each
        max_areas = int(self.n_areas.max())
        self.center = np.column_stack([rng.uniform(55.6, 65.5, c), rng.uniform(12.5, 21.0, c)])
        # Squares of ~1 x 1 km on a 4-wide grid; the outside-area spots lie south of it.
        d_lat, d_lon, step_lat, step_lon = 0.009, 0.016, 0.012, 0.022
        self.polygons: list[list[dict]] = []
        spots = (c, max_areas + 1, SPOTS_PER_AREA)
        self.spot_lat, self.spot_lon = np.zeros(spots), np.zeros(spots)
        self.spot_h3 = np.empty(spots, dtype=object)
        for ci in range(c):
            lat0, lon0 = self.center[ci]
            squares = []
            for ai in range(max_areas + 1):
                if ai < self.n_areas[ci]:
                    lat1 = lat0 + step_lat * (ai // 4)
                    lon1 = lon0 + step_lon * (ai % 4)
                else:  # outside every area
                    lat1, lon1 = lat0 - 2 * step_lat, lon0
                lat2, lon2 = lat1 + d_lat, lon1 + d_lon
                if ai < self.n_areas[ci]:
                    assert in_sweden(lat1, lon1) and in_sweden(lat2, lon2)
                    squares.append({"type": "Polygon", "coordinates": [[
                        [lon1, lat1], [lon2, lat1], [lon2, lat2], [lon1, lat2], [lon1, lat1]]]})
                m = 0.05
                lats = rng.uniform(lat1 + m * d_lat, lat2 - m * d_lat, SPOTS_PER_AREA)
                lons = rng.uniform(lon1 + m * d_lon, lon2 - m * d_lon, SPOTS_PER_AREA)
                self.spot_lat[ci, ai] = np.round(lats, 6)
                self.spot_lon[ci, ai] = np.round(lons, 6)
                for si in range(SPOTS_PER_AREA):
                    self.spot_h3[ci, ai, si] = h3.latlng_to_cell(
                        self.spot_lat[ci, ai, si], self.spot_lon[ci, ai, si], H3_RESOLUTION)
            self.polygons.append(squares)
        self.org_ids = np.zeros((c, 4), dtype=np.int64)
        self.area_ids = np.zeros((c, max_areas + 1), dtype=np.int64)  # 0 = no area
        self.collab_ids = np.zeros(c, dtype=np.int64)

    def save(self, args) -> None:
        """Create the collaborations, organisations, areas and one member user each."""
        from django.contrib.auth import get_user_model
        from django.db import transaction

        from orgs.models import Area, Collaboration, Membership, Organisation, Role

        User = get_user_model()
        with transaction.atomic():
            security = Organisation.objects.bulk_create([
                Organisation(name=f"Bevakning Region {i}", slug=f"bevakning-{i}",
                             kind="security_company") for i in range(10)])
            collabs = Collaboration.objects.bulk_create([
                Collaboration(name=f"EST Kommun {i:03d}", slug=f"est-{i:03d}",
                              municipality=f"Kommun {i:03d}") for i in range(self.n)])
            own = Organisation.objects.bulk_create([
                Organisation(name=f"{label} {i:03d}", slug=f"{slug}-{i:03d}", kind=kind)
                for i in range(self.n)
                for label, slug, kind in (("Kommun", "kommun", "municipality"),
                                          ("Bostadsbolaget", "bostad", "housing_company"),
                                          ("Polisen LPO", "polis", "police"))])
            through = Collaboration.organisations.through
            links = []
            for ci, collab in enumerate(collabs):
                orgs = [*own[3 * ci:3 * ci + 3], security[ci % 10]]
                self.collab_ids[ci] = collab.pk
                self.org_ids[ci] = [o.pk for o in orgs]
                links += [through(collaboration_id=collab.pk, organisation_id=o.pk)
                          for o in orgs]
            through.objects.bulk_create(links)
            areas = Area.objects.bulk_create([
                Area(collaboration_id=collab.pk, name=f"Område {ai + 1:02d}",
                     slug=f"omrade-{ai + 1:02d}", polygon=poly)
                for ci, collab in enumerate(collabs)
                for ai, poly in enumerate(self.polygons[ci])])
            it = iter(areas)
            for ci in range(self.n):
                for ai in range(self.n_areas[ci]):
                    self.area_ids[ci, ai] = next(it).pk
            users = [User(username=f"analytiker-{i:03d}") for i in range(self.n)]
            for u in users:
                u.set_unusable_password()
            users = User.objects.bulk_create(users)
            # The member user of each collaboration: an analyst at its housing company.
            Membership.objects.bulk_create([
                Membership(user=u, organisation_id=int(self.org_ids[ci, 1]), role=Role.ANALYST)
                for ci, u in enumerate(users)])


def week_plan(args, rng) -> tuple[list[int], list[int]]:
    """The TOTAL_WEEKS weeks ending last week, and how many reports each gets."""
    import numpy as np

    from reports import weeks

    keys = weeks.window(weeks.shift(weeks.current_week(), -1), TOTAL_WEEKS)
    i = np.arange(TOTAL_WEEKS)
    woy = np.array([k % 100 for k in keys])
    w = (1 + 0.3 * i / (TOTAL_WEEKS - 1)) * (1 + 0.15 * np.sin(2 * np.pi * (woy - 10) / 52))
    w *= rng.lognormal(0, 0.05, TOTAL_WEEKS)
    counts = np.floor(args.reports * w / w.sum()).astype(int)
    counts[-1] += args.reports - counts.sum()
    return keys, counts.tolist()


def category_tables():
    import numpy as np

    from reports import categories

    weights = {
        categories.Group.PHYSICAL_DISORDER: 3.0, categories.Group.SOCIAL_DISORDER: 2.5,
        categories.Group.PROPERTY_CRIME: 1.5, categories.Group.DRUGS: 1.0,
        categories.Group.OTHER: 0.8, categories.Group.FIRE: 0.6,
        categories.Group.VIOLENCE: 0.4,
    }
    rare = {"shooting": 0.05, "explosion": 0.05, "weapon_found": 0.1, "robbery": 0.15}
    cats = list(categories.CATEGORIES.values())
    p = np.array([rare.get(c.code, weights[c.group]) for c in cats])
    levels = [lv.value for lv in categories.Level]
    return (np.array([c.code for c in cats], dtype=object), p / p.sum(),
            np.array([levels.index(c.default_level.value) for c in cats]),
            np.array(levels, dtype=object),
            np.array([c.code in categories.INTERNAL_ONLY for c in cats]))


def chunks(args, world: World, rng):
    """Yield (week, columns) with at most CHUNK_ROWS reports each, in time order."""
    import numpy as np

    from reports import weeks

    codes, cat_p, default_level, level_names, internal_only = category_tables()
    keys, counts = week_plan(args, rng)
    now = datetime.now(UTC).timestamp()
    statuses = np.array(["new", "in_progress", "closed"], dtype=object)
    sources = np.array(["form", "api", "import"], dtype=object)
    texts = np.array(TEXTS, dtype=object)
    for key, total in zip(keys, counts, strict=True):
        start, end = (b.timestamp() for b in weeks.week_bounds(key))
        for offset in range(0, total, CHUNK_ROWS):
            n = min(CHUNK_ROWS, total - offset)
            occurred = np.sort(rng.uniform(start, end, n)).astype(np.int64)
            ci = rng.choice(world.n, size=n, p=world.collab_p)
            org = world.org_ids[ci, rng.choice(4, size=n, p=world.org_p)]
            slot = np.floor(world.n_areas[ci] * rng.random(n) ** 1.6).astype(int)
            slot[rng.random(n) < OUTSIDE_AREAS_SHARE] = world.area_ids.shape[1] - 1
            area = world.area_ids[ci, slot]
            spot = np.floor(SPOTS_PER_AREA * rng.random(n) ** 2).astype(int)  # hot spots
            cat = rng.choice(len(codes), size=n, p=cat_p)
            lvl = default_level[cat].copy()
            bump = rng.random(n) < 0.1
            lvl[bump] = rng.integers(0, 3, size=int(bump.sum()))
            internal = (rng.random(n) < INTERNAL_SHARE) | internal_only[cat]
            reported = np.minimum(occurred + rng.exponential(3 * 3600, n).astype(np.int64),
                                  int(now))
            reported = np.maximum(reported, occurred)
            age_weeks = (now - occurred) / (7 * 86400)
            closed_p = np.clip(age_weeks / 4, 0.05, 0.85)
            u = rng.random(n)
            status = np.where(u < closed_p, 2, np.where(u < closed_p + 0.1, 1, 0))
            changed = reported + rng.integers(3600, 14 * 86400, n)
            people = rng.integers(1, 11, n)
            has_people = rng.random(n) < 0.3
            ids = rng.bytes(16 * n).hex()
            yield key, {
                "id": [ids[i:i + 32] for i in range(0, 32 * n, 32)],
                "collaboration_id": world.collab_ids[ci].tolist(),
                "organisation_id": org.tolist(),
                "occurred_at": occurred,
                "reported_at": reported,
                "iso_week": [key] * n,
                "latitude": world.spot_lat[ci, slot, spot].tolist(),
                "longitude": world.spot_lon[ci, slot, spot].tolist(),
                "h3_cell": world.spot_h3[ci, slot, spot].tolist(),
                "area_id": [a or None for a in area.tolist()],
                "category": codes[cat].tolist(),
                "level": level_names[lvl].tolist(),
                "people_count": [p if h else None for p, h in
                                 zip(people.tolist(), has_people.tolist(), strict=True)],
                "text": texts[rng.integers(0, len(texts), n)].tolist(),
                "status": statuses[status].tolist(),
                "status_changed_at": (changed, status > 0),
                "visibility": np.where(internal, "internal", "shared").astype(object).tolist(),
                "source": sources[rng.choice(3, size=n, p=[0.8, 0.15, 0.05])].tolist(),
            }


def timestamps(epochs, sep: str) -> list[str]:
    """UTC 'YYYY-MM-DD HH:MM:SS' strings (Django's SQLite format when sep is ' ')."""
    import numpy as np

    text = np.datetime_as_string(epochs.astype("datetime64[s]"), unit="s").tolist()
    return text if sep == "T" else [t.replace("T", sep) for t in text]


def row_columns(cols: dict, sep: str) -> list[list]:
    """The columns in COLUMNS order, as Python lists (None for NULL)."""
    n = len(cols["id"])
    none = [None] * n
    changed, has_changed = cols["status_changed_at"]
    changed_text = timestamps(changed, sep)
    out = dict(cols)
    out["occurred_at"] = timestamps(cols["occurred_at"], sep)
    out["reported_at"] = timestamps(cols["reported_at"], sep)
    out["status_changed_at"] = [t if h else None for t, h in
                                zip(changed_text, has_changed.tolist(), strict=True)]
    out["address"] = [""] * n
    out["masked"] = ["[]"] * n
    for name in ("reporter_id", "property_id", "place_id", "status_changed_by_id"):
        out[name] = none
    return [out[name] for name in COLUMNS]


def generate(args, target) -> dict:
    import numpy as np

    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    world = World(args, rng)
    world.save(args)
    log(f"created {args.collaborations} collaborations, {4 * args.collaborations} member "
        f"organisations (10 regional security companies shared), "
        f"{int(world.n_areas.sum())} areas, {args.collaborations} users "
        f"in {time.perf_counter() - t0:.1f}s")
    loader = load_sqlite if args.db == "sqlite" else load_postgres
    load = loader(args, target, world, rng)
    load["total_s"] = time.perf_counter() - t0
    return load


def progress(done: int, total: int, started: float) -> None:
    rate = done / max(time.perf_counter() - started, 1e-9)
    log(f"  {fmt_int(done)} / {fmt_int(total)} reports ({rate:,.0f} rows/s)")


def load_sqlite(args, data_dir: Path, world: World, rng) -> dict:
    import sqlite3

    from django.db import connection

    connection.close()
    db = sqlite3.connect(data_dir / "tryggve.sqlite3", isolation_level=None)
    schema_sql = ("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'reports_report' "
                  "ORDER BY type, name")
    before = db.execute(schema_sql).fetchall()
    indexes = [(name, sql) for kind, name, sql in before if kind == "index" and sql]
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000",
                   "temp_store=MEMORY", "foreign_keys=OFF"):
        db.execute(f"PRAGMA {pragma}")
    for name, _sql in indexes:
        db.execute(f'DROP INDEX "{name}"')
    log(f"SQLite: dropped {len(indexes)} report indexes; loading {fmt_int(args.reports)} "
        "reports with executemany")
    insert = (f"INSERT INTO reports_report ({', '.join(COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(COLUMNS))})")
    t0 = time.perf_counter()
    done, next_log = 0, 0
    db.execute("BEGIN")
    for _key, cols in chunks(args, world, rng):
        db.executemany(insert, zip(*row_columns(cols, " "), strict=True))
        done += len(cols["id"])
        if done >= next_log:
            db.execute("COMMIT")
            db.execute("BEGIN")
            progress(done, args.reports, t0)
            next_log += max(args.reports // 10, 1)
    db.execute("COMMIT")
    rows_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    for name, sql in indexes:
        t = time.perf_counter()
        db.execute(sql)
        log(f"  index {name} in {time.perf_counter() - t:.1f}s")
    index_s = time.perf_counter() - t1
    db.execute("PRAGMA journal_mode=WAL")  # what the product's settings use
    after = db.execute(schema_sql).fetchall()
    assert sorted(after) == sorted(before), "SQLite schema differs from the migrated one"
    db.close()
    log(f"SQLite: {fmt_int(args.reports)} rows in {rows_s:.1f}s "
        f"({args.reports / rows_s:,.0f} rows/s), indexes in {index_s:.1f}s; "
        "schema identical to the migrated one")
    return {"rows_s": rows_s, "rows_per_s": args.reports / rows_s, "index_s": index_s,
            "analyze_s": 0.0}


def copy_block(cols: dict) -> bytes:
    """The chunk as PostgreSQL COPY text (tab-separated, \\N for NULL, no escapes needed:
    the generated values hold no tabs, newlines or backslashes)."""
    columns = []
    for col in row_columns(cols, "T"):
        if col[0] is None and col[-1] is None and not any(col):  # an all-NULL column
            columns.append(["\\N"] * len(col))
        elif isinstance(col[0], str) and None not in col:
            columns.append(col)
        elif None in col:
            columns.append(["\\N" if v is None else str(v) for v in col])
        else:
            columns.append(list(map(str, col)))
    return ("\n".join(map("\t".join, zip(*columns, strict=True))) + "\n").encode()


def load_postgres(args, url: str, world: World, rng) -> dict:
    import psycopg
    from django.db import connection

    connection.close()
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("SET TimeZone = 'UTC'")
        db.execute("SET maintenance_work_mem = '1GB'")
        db.execute("SET max_parallel_maintenance_workers = 1")
        indexes_sql = ("SELECT indexname, indexdef FROM pg_indexes "
                       "WHERE schemaname = current_schema() AND tablename = 'reports_report' "
                       "ORDER BY indexname")
        constraints_sql = ("SELECT conname, contype, pg_get_constraintdef(oid) "
                           "FROM pg_constraint WHERE conrelid = 'reports_report'::regclass "
                           "ORDER BY conname")
        idx_before = db.execute(indexes_sql).fetchall()
        con_before = db.execute(constraints_sql).fetchall()
        fks = [(name, definition) for name, kind, definition in con_before if kind == "f"]
        constraint_indexes = {name for name, kind, _ in con_before if kind in ("p", "u")}
        indexes = [(name, sql) for name, sql in idx_before if name not in constraint_indexes]
        for name, _ in fks:
            db.execute(f'ALTER TABLE reports_report DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            db.execute(f'DROP INDEX "{name}"')
        log(f"PostgreSQL: dropped {len(fks)} foreign keys and {len(indexes)} indexes "
            f"(the primary key stays); loading {fmt_int(args.reports)} reports with COPY")
        copy_sql = f"COPY reports_report ({', '.join(COLUMNS)}) FROM STDIN"
        t0 = time.perf_counter()
        done, next_log = 0, 0
        with db.cursor() as cur:
            for _key, cols in chunks(args, world, rng):
                data = copy_block(cols)
                with db.transaction(), cur.copy(copy_sql) as copy:
                    copy.write(data)
                done += len(cols["id"])
                if done >= next_log:
                    progress(done, args.reports, t0)
                    next_log += max(args.reports // 10, 1)
        rows_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        for name, sql in indexes:
            t = time.perf_counter()
            db.execute(sql)
            log(f"  index {name} in {time.perf_counter() - t:.1f}s")
        for name, definition in fks:
            t = time.perf_counter()
            db.execute(f'ALTER TABLE reports_report ADD CONSTRAINT "{name}" {definition}')
            log(f"  foreign key {name} in {time.perf_counter() - t:.1f}s")
        index_s = time.perf_counter() - t1
        assert db.execute(indexes_sql).fetchall() == idx_before, "indexes differ after load"
        assert db.execute(constraints_sql).fetchall() == con_before, \
            "constraints differ after load"
        t2 = time.perf_counter()
        # VACUUM sets the visibility map, so the covering index gives index-only scans
        # (autovacuum does the same on a live database); ANALYZE gathers the statistics.
        db.execute("VACUUM (ANALYZE) ")
        analyze_s = time.perf_counter() - t2
    log(f"PostgreSQL: {fmt_int(args.reports)} rows in {rows_s:.1f}s "
        f"({args.reports / rows_s:,.0f} rows/s), indexes and foreign keys in {index_s:.1f}s, "
        f"VACUUM ANALYZE in {analyze_s:.1f}s; schema identical to the migrated one")
    return {"rows_s": rows_s, "rows_per_s": args.reports / rows_s, "index_s": index_s,
            "analyze_s": analyze_s}


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
