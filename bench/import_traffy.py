"""Benchmark `import traffy`: load a whole Traffy CSV into a fresh PostgreSQL database.

    python bench/import_traffy.py [PATH]   (PATH defaults to ../shared/data/traffy_2022_train.csv.gz)

The server comes from BENCH_DATABASE_URL or TEST_DATABASE_URL (e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/postgres); a throwaway database is created there
and dropped afterwards. Prints rows per second and total seconds (target: under 60 s for 167k),
then exports it all again and counts any personal data left in the CSV (should be 0).
"""
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import scratch  # noqa: E402
from bot.opendata.importer import import_file  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Base  # noqa: E402


def main() -> None:
    """Import the file once into a fresh database and print the figures."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/traffy_2022_train.csv.gz"
    server = scratch.server_url()
    if not server:
        raise SystemExit("set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server")
    with scratch.postgres(server) as url:
        db = Database(url)
        Base.metadata.create_all(db.engine)
        started = time.perf_counter()
        with open(path, "rb") as raw:
            summary = import_file(db, raw)
        seconds = time.perf_counter() - started
        exported = export_check(db)
        insight = insight_check(db)
        db.dispose()
    print("\n".join(summary.lines()))
    rows = summary.loaded + summary.skipped + summary.invalid
    print(f"{rows} rows in {seconds:.1f} s: {rows / seconds:,.0f} rows/s (target: 167k in < 60 s)")
    print(exported)
    print(insight)


def export_check(db) -> str:
    """Export everything again as CSV and count personal data left in it (should be none)."""
    import nlp
    from bot.opendata.export import csv_chunks, public_rows

    started, size, left = time.perf_counter(), 0, 0
    for chunk in csv_chunks(public_rows(db)):
        size += len(chunk)
        left += len(nlp.find_personal_data(chunk))
    seconds = time.perf_counter() - started
    return (f"export: {size / 1e6:.0f} MB of CSV in {seconds:.1f} s; "
            f"personal data found in it: {left}")


def insight_check(db) -> str:
    """Time the planners' figures on the imported history: flood hotspots read from the
    database, every agency's service levels, and one district's weekly digest."""
    from bot.insight import digest, maps, service_levels

    out = []
    with db.uow() as uow:
        started = time.perf_counter()
        floods = maps.category_hotspots(uow, "น้ำท่วม")
        out.append(f"flood hotspots from the database: {len(floods)} in "
                   f"{time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        levels = service_levels.levels(uow)
        out.append(f"service levels: {len(levels)} agency x category rows in "
                   f"{time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        digest.build(uow, "จตุจักร")
        out.append(f"weekly digest of จตุจักร in {time.perf_counter() - started:.1f} s")
    return "\n".join(out)


if __name__ == "__main__":
    main()
