"""Benchmark the read paths with a million cases in PostgreSQL: my cases, ticket lookup, the
dashboard's list, the open-data export and Open311's GET requests.

    python bench/scale.py [--cases 1000000] [--runs 50] [--explain] [--keep] [--postgres URL]

Creates its own database (never touches others'), migrates it to head, fills it with
bench/scale_data.py, then times each read the way the app makes it (the same functions; Open311
through the app itself, JSON included) and prints p50/p99 against the proof issue's targets, with
the load average (the machine may be shared). --explain prints EXPLAIN ANALYZE of the SQL behind
each; --keep leaves the database for a look (its name is printed), else it is dropped.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from bench import scale_data, scratch  # noqa: E402
from bench.dashboard import FILTERS  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Case  # noqa: E402

TARGETS = {"my cases": 20, "ticket lookup": 20, "dashboard list": 200, "open311 requests": 100}


def main() -> int:
    """Create, fill, measure, drop."""
    options = _arguments()
    server = scratch.server_url(options.postgres)
    if not server:
        print("give --postgres URL or TEST_DATABASE_URL", file=sys.stderr)
        return 2
    with scratch.postgres(server, keep=options.keep) as url, \
            tempfile.TemporaryDirectory() as media:
        from alembic import command

        from bot.cli import alembic_config

        command.upgrade(alembic_config(url), "head")
        print(f"filling {make_url(url).database} with {options.cases:,} cases", flush=True)
        seconds = scale_data.fill(url, options.cases)
        print(f"filled in {seconds:.1f} s ({options.cases / seconds:,.0f} cases/s)\n", flush=True)
        measure(url, options, media)
    return 0


def _arguments():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50, help="timed calls per query")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE plans")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--postgres", help="PostgreSQL URL with rights to create databases")
    return parser.parse_args()


def measure(url: str, options, media: str) -> None:
    """Time every read and print the table (photos, if any, under media)."""
    from bot import services
    from bot.web.admin.queries import CaseFilter, page_of_cases

    print(f"load average at the start: {_load()}")
    db = Database(url)
    client = _open311_client(url, media)
    rng = random.Random(12)
    with db.uow() as uow:
        reporters = list(uow.session.scalars(text(
            "SELECT reporter_id FROM cases WHERE reporter_id IS NOT NULL "
            "ORDER BY random() LIMIT 2000")))
        tickets = list(uow.session.scalars(text("SELECT ticket_id FROM cases ORDER BY random() "
                                                "LIMIT 2000")))
    rows = [
        ("my cases", lambda uow: services.cases_of(uow, rng.choice(reporters)), 1),
        ("ticket lookup", lambda uow: services.find_case(uow, rng.choice(tickets).lower()), 1),
        # The whole GET as a client waits for it (query, documents, JSON), minus the network.
        ("open311 requests", lambda uow: _get(client, "/open311/v2/requests.json"), 1000),
    ]
    for query in FILTERS:
        flt = CaseFilter.from_args(MultiDict([p.split("=", 1) for p in query.split("&") if p]))
        rows.append((f"dashboard list {query or '(no filter)'}",
                     lambda uow, flt=flt: page_of_cases(uow.session, flt), 50))
    print("| read | p50 ms | p99 ms | target p99 | met |")
    print("|---|---:|---:|---:|---|")
    for label, call, _size in rows:
        times = _timed(db, call, options.runs)
        target = next(v for k, v in TARGETS.items() if label.startswith(k))
        p99 = _percentile(times, 0.99)
        print(f"| {label} | {statistics.median(times):.1f} | {p99:.1f} | ≤ {target} | "
              f"{'yes' if p99 <= target else 'NO'} |", flush=True)
    cold = _cold_open311(client)
    print(f"| open311 requests, first after the usual-time cache expires | {cold:.1f} | | – | – |")
    rate, cpu_rate, count = _export_rate(db)
    print(f"| open-data export (CSV, all {count:,} public cases) | {rate:,.0f} cases/s "
          f"({cpu_rate:,.0f}/s of CPU) | | ≥ 20,000/s | {'yes' if rate >= 20_000 else 'NO'} |")
    print(f"\nload average at the end: {_load()}")
    if options.explain:
        _explain(db, reporters[0], tickets[0])
    db.dispose()


def _load() -> str:
    """The machine's load average over 1, 5 and 15 minutes (the machine may be shared)."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _open311_client(url: str, media: str):
    """A test client of the whole app on the database, with signed photo links."""
    from bot import create_app, settle_heap
    from bot.config import Settings

    settings = Settings(database_url=url, simulator=True, media_dir=media,
                        public_base_url="https://bench.example.org").completed()
    client = create_app(settings).test_client()
    settle_heap()  # as the Procfile's web line does when it builds its app from the environment
    return client


def _get(client, path: str) -> None:
    """GET a path and insist on a 200."""
    answer = client.get(path)
    assert answer.status_code == 200, answer.status_code


def _cold_open311(client, runs: int = 3) -> float:
    """Median milliseconds of GET requests right after the per-process usual-time cache is
    dropped, as the first request every ten minutes finds it."""
    from bot.insight.cache import forget

    times = []
    for _ in range(runs):
        forget()
        started = time.perf_counter()
        _get(client, "/open311/v2/requests.json")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _timed(db: Database, call, runs: int) -> list[float]:
    """Milliseconds of each call, each in its own unit of work (as a request has), after a warm-up."""
    times = []
    for n in range(runs + 3):
        with db.uow() as uow:
            started = time.perf_counter()
            call(uow)
            if n >= 3:
                times.append((time.perf_counter() - started) * 1000)
    return times


def _percentile(values: list[float], p: float) -> float:
    """The p-th percentile by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _export_rate(db: Database) -> tuple[float, float, int]:
    """Stream the whole CSV export as the download does; cases per second of wall-clock time and
    of this process's CPU time (the database server's is not in it), and how many."""
    from bot.opendata.export import csv_chunks, public_rows

    counted = []

    def rows():
        for row in public_rows(db):
            counted.append(1)
            yield row

    started, cpu = time.perf_counter(), time.process_time()
    for _chunk in csv_chunks(rows()):
        pass
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return len(counted) / wall, len(counted) / cpu, len(counted)


def _explain(db: Database, reporter: str, ticket: str) -> None:
    """EXPLAIN ANALYZE of the main statements, to choose indexes from."""
    from bot.web.admin.queries import SORTS, CaseFilter, conditions, count_cap

    statements = {
        "my cases": select(Case).where(Case.reporter_id == reporter)
        .order_by(Case.created_at.desc(), Case.id.desc()).limit(12),
        "ticket": select(Case).where(Case.ticket_id == ticket),
        "open311": text("SELECT id FROM cases WHERE NOT hidden AND created_at >= now() - "
                        "interval '90 days' ORDER BY created_at DESC, id DESC LIMIT 1000"),
        "export": text("SELECT ticket_id FROM cases WHERE NOT hidden ORDER BY created_at, id"),
    }
    for query in ("q=หลุม", "category=น้ำท่วม", "stuck=1", "state=finished&district=บางรัก",
                  "sort=updated&order=asc&page=200"):
        flt = CaseFilter.from_args(MultiDict([p.split("=", 1) for p in query.split("&")]))
        where, column = conditions(flt), SORTS[flt.sort]
        ordering = (column.asc(), Case.id.asc()) if flt.order == "asc" else (column.desc(),
                                                                             Case.id.desc())
        statements[f"list {query} (count)"] = select(func.count()).select_from(
            select(Case.id).where(*where).limit(count_cap(flt) + 1).subquery())
        statements[f"list {query} (page)"] = select(Case.id).where(*where).order_by(*ordering) \
            .offset((flt.page - 1) * 50).limit(50)
    with db.engine.connect() as connection:
        for label, statement in statements.items():
            if not isinstance(statement, type(text(""))):
                statement = text(str(statement.compile(
                    connection, compile_kwargs={"literal_binds": True})))
            plan = connection.execute(text(f"EXPLAIN ANALYZE {statement.text}")).scalars().all()
            print(f"\n{label}:\n  " + "\n  ".join(plan[:12]))


if __name__ == "__main__":
    sys.exit(main())
