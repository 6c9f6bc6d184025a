"""Small Traffy-format CSV files written by tests (never rows of the real data)."""
from __future__ import annotations

import csv
import gzip
from pathlib import Path

OLD = ("ticket_id", "type", "comment", "coords", "address", "subdistrict", "district", "province",
       "timestamp", "state", "star", "count_reopen")
NEW = ("ticket_id", "type", "organization", "comment", "photo", "photo_after", "coords", "address",
       "subdistrict", "district", "province", "timestamp", "state", "star", "count_reopen",
       "last_activity")


def national_id() -> str:
    """A made-up 13-digit Thai national id with a valid checksum."""
    first12 = "110370012345"
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def ticket(n: int, **values) -> dict:
    """One plausible ticket in Pathum Wan, numbered n, with values overriding the defaults."""
    row = {"ticket_id": f"2022-T{n:05d}", "type": "ถนน", "comment": f"ถนนเป็นหลุม จุดที่ {n}",
           "coords": f"100.5{n % 10}000,13.74{n % 10}00",
           "address": "ถนนพระราม 1 แขวงวังใหม่ เขตปทุมวัน กรุงเทพมหานคร 10330",
           "subdistrict": "วังใหม่", "district": "ปทุมวัน", "province": "กรุงเทพมหานคร",
           "timestamp": f"2022-06-{1 + n % 28:02d} 08:30:00.123456+00", "state": "เสร็จสิ้น",
           "star": "4", "count_reopen": ""}
    row.update(values)
    return row


def write_csv(path: Path, rows: list[dict], columns=OLD, gzipped: bool = False) -> Path:
    """Write rows to a Traffy CSV (gzipped when asked) and return its path."""
    opener = gzip.open if gzipped else open
    with opener(path, "wt", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path
