"""The picture benchmark's database: create, reuse or drop it, and fill it fast.

Everything that depends on which database the benchmark runs on, kept out of the timing
code (picture_bench.py) and out of the data's shape (synthetic.py):

- where the database lives: a temporary (or, with --keep, a named) SQLite data directory,
  or the database tryggve_bench on a PostgreSQL server (never `tryggve`); --reuse
  recognises a complete kept database by its recorded --reports/--collaborations/--seed;
- loading N synthetic reports fast: executemany in big transactions with journalling off
  on SQLite, COPY on PostgreSQL; the report indexes (and PostgreSQL's foreign keys) are
  dropped before the load and recreated from their own definitions afterwards, and the
  schema is then checked to be identical to the migrated one; VACUUM (ANALYZE) on
  PostgreSQL.

Runs in the child process, after Django's settings point at the database prepare() chose.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from benchlog import fmt_int, log
from synthetic import World, chunks

BENCH_DB = "tryggve_bench"

# Columns of reports_report written by the loader, in this order.
COLUMNS = (
    "id", "collaboration_id", "organisation_id", "reporter_id", "occurred_at", "reported_at",
    "iso_week", "latitude", "longitude", "h3_cell", "area_id", "property_id", "place_id",
    "address", "category", "level", "people_count", "text", "masked", "status",
    "status_changed_at", "status_changed_by_id", "visibility", "source",
)


def prepare(args) -> tuple[Path | str, bool]:
    """Point Django (through the environment) at the benchmark database, before
    django.setup(); return (SQLite directory or PostgreSQL URL, reuse its data)."""
    if args.db == "sqlite":
        target, reuse = prepare_sqlite(args)
        log(f"SQLite database in {target}" + (" (reused)" if reuse else ""))
    else:
        target, reuse = prepare_postgres(args)
        log(f"PostgreSQL database {BENCH_DB}" + (" (reused)" if reuse else ""))
    return target, reuse


def create(args, target) -> dict:
    """Migrate and fill the prepared database (after django.setup()); return load timings."""
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"migrated in {time.perf_counter() - t0:.1f}s")
    load = generate(args, target)
    if args.keep:
        mark_complete(args, target)
    return load


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

def cleanup(args, target) -> None:
    if args.db == "sqlite":
        shutil.rmtree(target, ignore_errors=True)
        return
    import psycopg

    with psycopg.connect(with_dbname(args.pg_url, "postgres"), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    log(f"dropped database {BENCH_DB}")


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
