"""Fill a PostgreSQL database with many realistic cases fast (set-based INSERT ... SELECT).

    python bench/scale_data.py URL [--cases 1000000]    (URL: a migrated database; it is filled)

Cases spread over three years, newest first in id order; about five per reporter (a few citizens
report hundreds), a fifth from the call centre, Open311 and imports; real category and district
names; states by age (old cases finished or rejected, recent ones open); a history entry per
step and a photo for two cases in three, as the chat leaves them. bench/scale.py uses it.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from bot.opendata.catalog import BY_CODE  # noqa: E402
from nlp.gazetteer import DISTRICTS  # noqa: E402

SPAN_SECONDS = 3 * 365 * 86400  # three years of reports
HEAVY_USERS = 10  # reporters with hundreds of cases, the worst "my cases"


def _array(values) -> str:
    """A PostgreSQL text array literal."""
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def statements(cases: int) -> list[tuple[str, dict]]:
    """The SQL that fills users, cases, their history and photos, in order."""
    users = max(1, cases // 5)
    categories = _array(sorted(s.label for s in BY_CODE.values() if s.label))
    districts = _array(sorted(DISTRICTS))
    step = SPAN_SECONDS / max(1, cases)
    heavy = min(HEAVY_USERS, users)
    return [
        ("""INSERT INTO line_users (id, language, following, role, blocked, created_at)
            SELECT 'U' || md5('bench-user-' || u), CASE WHEN u % 10 = 0 THEN 'en' ELSE 'th' END,
                   true, 'citizen', false, now() - interval '3 years'
            FROM generate_series(1, :users) AS u""", {"users": users}),
        (f"""INSERT INTO cases (ticket_id, reporter_id, categories, description, latitude, longitude,
                                address, district, subdistrict, state, state_times, language, stars,
                                reopen_count, source, hidden, agency_id, created_at, updated_at)
            SELECT 'S' || upper(lpad(to_hex(n), 9, '0')),
                   CASE WHEN n % 5 = 0 THEN NULL
                        WHEN n % 97 = 1 THEN 'U' || md5('bench-user-' || (1 + n % {heavy}))
                        ELSE 'U' || md5('bench-user-' || (1 + (n::bigint * 7919) % :users)) END,
                   json_build_array(({categories})[1 + n % {len(BY_CODE) - 1}]),
                   (ARRAY['ถนนเป็นหลุมลึก รถล้มบ่อย', 'น้ำท่วมขังหน้าซอยหลังฝนตก',
                          'ไฟทางดับทั้งซอย มืดมาก', 'ขยะล้นถังไม่มีคนมาเก็บ',
                          'ทางเท้าพังเดินไม่ได้', 'ท่อระบายน้ำอุดตันส่งกลิ่น'])[1 + n % 6]
                       || ' ซอย ' || (n % 120) || ' เลขที่ ' || (n % 700),
                   13.60 + (n % 4001) / 10000.0, 100.35 + ((n * 31) % 5003) / 10000.0,
                   'ซอย ' || (n % 120) || ' ถนนตัวอย่าง', ({districts})[1 + n % {len(DISTRICTS)}],
                   NULL,
                   CASE WHEN n <= 3000 THEN (ARRAY['waiting','in_progress','forwarded'])[1 + n % 3]
                        WHEN n <= 20000 THEN (ARRAY['waiting','in_progress','forwarded',
                                                    'finished','finished'])[1 + n % 5]
                        ELSE (ARRAY['finished','finished','finished','finished','finished',
                                    'finished','rejected','duplicate','in_progress',
                                    'finished'])[1 + n % 10] END,
                   '{{}}'::json, CASE WHEN n % 10 = 0 THEN 'en' ELSE 'th' END,
                   CASE WHEN n % 4 = 0 THEN 1 + n % 5 END, CASE WHEN n % 37 = 0 THEN 1 ELSE 0 END,
                   CASE WHEN n % 5 <> 0 THEN 'line' WHEN n % 15 = 0 THEN 'open311'
                        WHEN n % 10 = 0 THEN 'import' ELSE 'call_centre' END,
                   n % 500 = 0, NULL, created, created + ((n % 240) || ' hours')::interval
            FROM generate_series(1, :cases) AS n,
                 LATERAL (SELECT now() - make_interval(secs => n * {step})) AS t(created)""",
         {"cases": cases, "users": users}),
        ("""INSERT INTO case_events (case_id, action, from_state, to_state, actor, note, data,
                                     created_at)
            SELECT id, 'create', NULL, 'waiting', 'citizen', NULL, '{}'::json, created_at
            FROM cases""", {}),
        ("""INSERT INTO case_events (case_id, action, from_state, to_state, actor, note, data,
                                     created_at)
            SELECT id, 'state', 'waiting', state, 'officer:bench', NULL, '{}'::json, updated_at
            FROM cases WHERE state <> 'waiting'""", {}),
        ("""INSERT INTO photos (case_id, owner_id, kind, path, sha256, content_type, width, height,
                                size, line_message_id, hidden, created_at)
            SELECT id, reporter_id, 'report', 'bench/' || id || '.jpg',
                   md5(id::text) || md5(ticket_id), 'image/jpeg', 1280, 960, 180000, NULL, false,
                   created_at
            FROM cases WHERE id % 3 <> 0""", {}),
    ]


FILLED = ("line_users", "cases", "case_events", "photos")


def fill(url: str, cases: int, say=print) -> float:
    """Fill the database at url; return the seconds it took.

    Plain indexes are dropped first and built again after the rows are in (a GIN trigram index
    built once is many times faster than one kept up row by row); constraint indexes stay.
    """
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    started = time.perf_counter()
    with engine.connect() as connection:
        indexes = connection.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(:tables) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"),
            {"tables": list(FILLED)}).all()
        for name, _definition in indexes:
            connection.execute(text(f'DROP INDEX "{name}"'))
        for sql, values in statements(cases):
            begun = time.perf_counter()
            connection.execute(text(sql), values)
            words = sql.split()
            say(f"  {words[0]} {words[2] if words[0] == 'INSERT' else ''} "
                f"{time.perf_counter() - begun:.1f} s", flush=True)
        begun = time.perf_counter()
        for _name, definition in indexes:
            connection.execute(text(definition))
        connection.execute(text("VACUUM ANALYZE"))  # as autovacuum leaves a table of years
        say(f"  {len(indexes)} indexes built again, VACUUM ANALYZE {time.perf_counter() - begun:.1f} s",
            flush=True)
    engine.dispose()
    return time.perf_counter() - started


def main() -> None:
    """Fill the database given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="a migrated PostgreSQL database (SQLAlchemy URL)")
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"{args.cases:,} cases in {fill(args.url, args.cases):.1f} s")


if __name__ == "__main__":
    main()
