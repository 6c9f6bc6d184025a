"""Benchmark hotspot finding on Bangkok's real 2022 Traffy tickets, per category.

    python bench/hotspots.py [--data ../shared/data/traffy_2022_train.csv.gz] [--radius 50]

Reads the tickets at run time (nothing of them is stored), times bot.insight.hotspots.find for
each of the busiest categories, and prints the number of hotspots and the top three for floods.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.insight.hotspots import Point, find  # noqa: E402
from nlp.dataset import read_tickets  # noqa: E402

CATEGORIES = ("น้ำท่วม", "ถนน", "ทางเท้า", "แสงสว่าง", "ท่อระบายน้ำ")


def main() -> int:
    """Time the finder per category and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "traffy_2022_train.csv.gz"))
    parser.add_argument("--radius", type=float, default=50.0)
    options = parser.parse_args()
    if not Path(options.data).exists():
        print(f"no data at {options.data}: pass --data PATH to a Traffy-format CSV", file=sys.stderr)
        return 2
    started = time.monotonic()
    tickets = read_tickets(options.data)
    print(f"read {len(tickets)} tickets in {time.monotonic() - started:.1f} s\n")
    print("| category | located cases | hotspots | cases in hotspots | seconds |")
    print("|---|---:|---:|---:|---:|")
    floods = []
    for category in CATEGORIES:
        points = [Point(str(n), t.lat, t.lon, _when(t.timestamp), None, t.district)
                  for n, t in enumerate(tickets) if category in t.labels and t.lat and t.timestamp]
        started = time.monotonic()
        spots = find(points, radius_m=options.radius)
        took = time.monotonic() - started
        print(f"| {category} | {len(points)} | {len(spots)} | {sum(s.count for s in spots)} | {took:.2f} |")
        floods = spots if category == "น้ำท่วม" else floods
    print("\ntop flood hotspots:")
    for spot in floods[:3]:
        print(f"  {spot.place}: {spot.count} cases over {spot.weeks} weeks at "
              f"{spot.latitude:.5f}, {spot.longitude:.5f} ({spot.first:%Y-%m-%d} .. {spot.last:%Y-%m-%d})")
    return 0


def _when(stamp: str) -> datetime:
    """A Traffy timestamp as an aware datetime."""
    moment = datetime.fromisoformat(stamp.replace("+00", "+00:00") if stamp.endswith("+00") else stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


if __name__ == "__main__":
    sys.exit(main())
