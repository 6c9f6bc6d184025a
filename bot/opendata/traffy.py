"""Traffy Fondue's CSV layout: read a row into case values, write a case as a row. Pure (but for
the app's clock, which read_row asks when not told what "now" is)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from bot import bounds
from bot import cases as lifecycle
from bot.plaintext import clean
from bot.spreadsheet import restore_cell
from storage import clock

# The columns of Traffy's public 2022 data; the export writes exactly these, in this order.
COLUMNS = ("ticket_id", "type", "comment", "coords", "address", "subdistrict", "district",
           "province", "timestamp", "state", "star", "count_reopen")
PROVINCE = "กรุงเทพมหานคร"

# Traffy's Thai state names -> ours. ของบประมาณ (awaiting budget) is still being worked on.
STATES = {
    "รอรับเรื่อง": lifecycle.WAITING,
    "กำลังดำเนินการ": lifecycle.IN_PROGRESS,
    "ของบประมาณ": lifecycle.IN_PROGRESS,
    "เชิญร่วม": lifecycle.IN_PROGRESS,
    "ส่งต่อ": lifecycle.FORWARDED,
    "ส่งต่อ(ใหม่)": lifecycle.FORWARDED,
    "ส่งเรื่องแล้ว": lifecycle.FORWARDED,
    "เสร็จสิ้น": lifecycle.FINISHED,
    "ไม่เกี่ยวข้อง": lifecycle.REJECTED,
}
TICKET = re.compile(r"^\d{4}-[0-9A-Z]{4,10}$")
MAX_REOPENS = 1000  # far above any real ticket; the column is a 32-bit integer on PostgreSQL
TEXT_COLUMNS = ("comment", "address", "subdistrict", "district", "type", "organization")


class InvalidRow(ValueError):
    """A row that cannot become a case; the message is the reason shown in the summary."""


def read_row(row: dict, now: datetime | None = None) -> dict:
    """Turn one Traffy CSV row (either layout) into Case column values, or raise InvalidRow.

    Times must fall between 2000 and `now` (the app's clock when not given)."""
    row = _cleaned(row)
    ticket_id = (row.get("ticket_id") or "").strip().upper()
    if not TICKET.match(ticket_id):
        raise InvalidRow("bad ticket_id")
    label = (row.get("state") or "").strip()
    state = STATES.get(label)
    if state is None:
        raise InvalidRow("unknown state" if label else "no state")
    now = now or clock.now()
    created = _timestamp(row.get("timestamp"), "timestamp", now)
    updated = _timestamp(row.get("last_activity"), "last_activity", now) \
        if row.get("last_activity") else created
    latitude, longitude = _coords(row.get("coords"))
    times = {lifecycle.WAITING: created.isoformat()}
    if state != lifecycle.WAITING and row.get("last_activity"):
        times[state] = updated.isoformat()  # the last activity is when it reached its state
    return {"ticket_id": ticket_id, "categories": _labels(row.get("type")),
            "description": (row.get("comment") or "").strip(), "latitude": latitude,
            "longitude": longitude, "address": _text(row.get("address")),
            "district": _text(row.get("district"), 64), "subdistrict": _text(row.get("subdistrict"), 64),
            "state": state, "state_times": times, "stars": _stars(row.get("star")),
            "reopen_count": _count(row.get("count_reopen")), "created_at": created,
            "updated_at": max(created, updated)}


def write_row(values: dict) -> list[str]:
    """Turn public case values (already redacted) into a row in COLUMNS order."""
    return cells(values["ticket_id"], ",".join(values.get("categories") or []),
                 values.get("comment", ""), values.get("latitude"), values.get("longitude"),
                 values.get("address", ""), values.get("subdistrict"), values.get("district"),
                 values["created_at"], values["state"], values.get("stars"),
                 values.get("reopen_count"))


def cells(ticket_id: str, labels: str, comment: str, lat: float | None, lon: float | None,
          address: str, subdistrict: str | None, district: str | None, created_at: datetime,
          state: str, stars: int | None, reopen_count: int | None) -> list[str]:
    """A row in COLUMNS order from a case's public values, labels already joined by commas."""
    return [ticket_id, labels, comment,
            f"{lon:.5f},{lat:.5f}" if lat is not None and lon is not None else "",
            address, subdistrict or "", district or "", PROVINCE if district else "",
            traffy_time(created_at), lifecycle.state_label(state, "th"),
            "" if stars is None else str(stars), str(reopen_count) if reopen_count else ""]


def traffy_time(moment: datetime) -> str:
    """A time the way Traffy writes it: 2022-05-29 10:09:47.307077+00."""
    # isoformat is several times faster than strftime, which a million-row export feels.
    return moment.astimezone(timezone.utc).isoformat(" ", "microseconds")[:-3]


def _labels(value: str | None) -> list[str]:
    """Known category labels from 'ถนน,ทางเท้า' or the newer '{ถนน,ทางเท้า}'."""
    from nlp.labels import parse_labels

    return parse_labels(value or "")


def _cleaned(row: dict) -> dict:
    """The row with control characters (NUL too) taken out of its text and a neutralised
    spreadsheet cell put back as written; a byte that was not UTF-8 makes the row invalid."""
    joined = "".join([value for value in row.values() if value.__class__ is str])
    if "'" not in joined and not _ODD.search(joined):
        return row  # nearly every row: one scan, no copy (a tenth of the import's time otherwise)
    if _NOT_UTF8.search(joined):
        raise InvalidRow("not UTF-8 text")
    out = dict(row)
    for column in TEXT_COLUMNS:
        if out.get(column):
            out[column] = restore_cell(clean(out[column]))
    return out


# The importer decodes with errors="surrogateescape": a byte that is not UTF-8 becomes one of these.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
# What bot.plaintext.clean takes out (control characters, U+FFFE/U+FFFF) and stray bytes.
_ODD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def _timestamp(value: str | None, name: str, now: datetime) -> datetime:
    """Parse Traffy's timestamp (a time without a zone is UTC); it must lie between 2000 and now."""
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise InvalidRow(f"bad {name}") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    if not bounds.plausible_moment(moment, now):
        raise InvalidRow(f"{name} before {bounds.EARLIEST:%Y-%m-%d} or in the future")
    return moment


def _coords(value: str | None) -> tuple[float | None, float | None]:
    """Traffy's 'lon,lat' as (lat, lon); empty is allowed, nonsense is not."""
    value = (value or "").strip()
    if not value:
        return None, None
    try:
        lon, lat = (float(part) for part in value.split(","))
    except ValueError:
        raise InvalidRow("bad coords") from None
    if not bounds.valid_position(lat, lon):
        raise InvalidRow("coords out of range")
    return lat, lon


def _stars(value: str | None) -> int | None:
    """A 1-5 rating or None."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        stars = int(float(value))
    except (ValueError, OverflowError):  # OverflowError: inf
        raise InvalidRow("bad star") from None
    if not 1 <= stars <= 5:
        raise InvalidRow("star out of range")
    return stars


def _count(value: str | None) -> int:
    """count_reopen as a whole number (empty means 0)."""
    value = (value or "").strip()
    try:
        count = int(float(value)) if value else 0
    except (ValueError, OverflowError):  # OverflowError: inf
        raise InvalidRow("bad count_reopen") from None
    if count < 0:
        raise InvalidRow("bad count_reopen")
    if count > MAX_REOPENS:
        raise InvalidRow("count_reopen out of range")
    return count


def _text(value: str | None, limit: int | None = None) -> str | None:
    """Stripped text or None, cut to the column's length."""
    value = (value or "").strip()
    return (value[:limit] if limit else value) or None
