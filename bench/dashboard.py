"""Benchmark the dashboard's case list on PostgreSQL with many cases (default one million).

    python bench/dashboard.py postgresql+psycopg://postgres@127.0.0.1:5432/postgres [--cases N]

Creates a scratch database, migrates it, fills it with generated cases in one INSERT ... SELECT,
times each list query the dashboard makes (count and one page) and drops the database again.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from alembic import command  # noqa: E402
from sqlalchemy import text  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from bench import scratch  # noqa: E402
from bot.cli import alembic_config  # noqa: E402
from bot.web.admin.queries import CaseFilter, page_of_cases  # noqa: E402
from storage.db import Database  # noqa: E402

FILTERS = ["", "state=waiting", "district=ราชเทวี", "state=finished&district=บางรัก",
           "source=call_centre", "stuck=1", "reopened=1", "stars=5", "category=น้ำท่วม",
           "since=2026-01-01&until=2026-01-31", "sort=updated&order=asc&page=200", "q=หลุม"]
FILL = """
INSERT INTO cases (ticket_id, categories, description, latitude, longitude, district, state,
                   state_times, language, stars, reopen_count, source, hidden, created_at, updated_at)
SELECT 'B' || lpad(to_hex(n), 10, '0'),
       json_build_array((ARRAY['ถนน','น้ำท่วม','แสงสว่าง','ความสะอาด','ทางเท้า'])[1 + n % 5]),
       (ARRAY['ถนนเป็นหลุม','น้ำท่วมขัง','ไฟดับ','ขยะล้น','ทางเท้าพัง'])[1 + n % 5] || ' ' || n,
       13.7 + (n % 1000) / 10000.0, 100.5 + (n % 997) / 10000.0,
       (ARRAY['ราชเทวี','บางรัก','พระนคร','วัฒนา','จตุจักร','คลองเตย','ปทุมวัน'])[1 + n % 7],
       (ARRAY['waiting','in_progress','forwarded','finished','rejected'])[1 + (n / 7) % 5],
       '{}'::json, 'th', CASE WHEN n % 11 = 0 THEN 1 + n % 5 END, CASE WHEN n % 37 = 0 THEN 1 ELSE 0 END,
       CASE WHEN n % 9 = 0 THEN 'call_centre' ELSE 'line' END, false,
       now() - (n || ' minutes')::interval, now() - (n / 2 || ' minutes')::interval
FROM generate_series(1, :count) AS n
"""


def main() -> None:
    """Fill a scratch database and print p50/p99 per filter."""
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with scratch.postgres(args.url) as url:
        run(url, args.cases, args.runs)


def run(url: str, cases: int, runs: int) -> None:
    """Migrate, fill, analyse, then time each filter."""
    command.upgrade(alembic_config(url), "head")
    db = Database(url)
    started = time.perf_counter()
    with db.engine.begin() as connection:
        connection.execute(text(FILL), {"count": cases})
        connection.exec_driver_sql("ANALYZE cases")
    print(f"{cases:,} cases generated in {time.perf_counter() - started:.1f} s")
    print(f"{'filter':45} {'matches':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for query in FILTERS:
        flt = CaseFilter.from_args(MultiDict([p.split("=", 1) for p in query.split("&") if p]))
        times, total = [], 0
        for _ in range(runs):
            with db.uow() as uow:
                begin = time.perf_counter()
                _rows, total = page_of_cases(uow.session, flt)
                times.append((time.perf_counter() - begin) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"{query or '(none)':45} {total:>9,} {statistics.median(times):>8.1f} {p99:>8.1f}")
    db.dispose()


if __name__ == "__main__":
    main()
