"""Read Traffy-format CSV files (gzipped or not) and split them by time."""
import csv
import datetime as dt
import gzip
import hashlib
from typing import NamedTuple

from .labels import parse_labels


class Ticket(NamedTuple):
    """One CSV row reduced to what the NLP package learns from."""

    timestamp: str
    comment: str
    labels: list
    lat: float | None
    lon: float | None
    district: str
    subdistrict: str
    province: str
    address: str = ""


def _open(path):
    """Open a CSV that may be gzipped."""
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _coords(value):
    """Parse Traffy's "lon,lat" cell."""
    try:
        lon, lat = (float(v) for v in (value or "").split(","))
        return lat, lon
    except ValueError:
        return None, None


def read_tickets(path: str) -> list[Ticket]:
    """Return every row of a Traffy CSV as a Ticket, in file order."""
    out = []
    with _open(path) as f:
        for row in csv.DictReader(f):
            lat, lon = _coords(row.get("coords"))
            out.append(Ticket(row.get("timestamp") or "", row.get("comment") or "",
                              parse_labels(row.get("type") or ""), lat, lon,
                              (row.get("district") or "").strip(), (row.get("subdistrict") or "").strip(),
                              (row.get("province") or "").strip(), row.get("address") or ""))
    return out


def sha256(path: str) -> str:
    """Return the hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


_EPOCH = dt.date(2000, 1, 1).toordinal()


def day_number(timestamp: str) -> float:
    """Return days since 2000-01-01 of an ISO timestamp or date (hours as a fraction)."""
    day = dt.date.fromisoformat(timestamp[:10]).toordinal() - _EPOCH
    hours = timestamp[11:13]
    return day + (int(hours) / 24 if hours.isdigit() else 0.0)


def month_starts(tickets: list[Ticket], months: int) -> list[str]:
    """Return the first days of the last `months` calendar months that have tickets, oldest first."""
    last = dt.date.fromisoformat(max(t.timestamp[:10] for t in tickets if t.timestamp)).replace(day=1)
    out = [last]
    for _ in range(months - 1):
        out.append((out[-1] - dt.timedelta(days=1)).replace(day=1))
    return [d.isoformat() for d in reversed(out)]


def default_since(tickets: list[Ticket]) -> str:
    """Return the first day of the last two calendar months in the data (the evaluation window)."""
    last = max(t.timestamp[:10] for t in tickets if t.timestamp)
    day = dt.date.fromisoformat(last).replace(day=1)
    day = (day - dt.timedelta(days=1)).replace(day=1)
    return day.isoformat()


def labelled(tickets: list[Ticket]) -> list[Ticket]:
    """Keep tickets that have both labels and a comment."""
    return [t for t in tickets if t.labels and t.comment.strip()]
