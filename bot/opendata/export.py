"""Publish cases in Traffy's layout as CSV or GeoJSON, streamed row by row, personal data redacted."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timedelta, timezone
from typing import Iterator

from sqlalchemy import select

from bot.opendata.public import public_text
from bot.opendata.traffy import COLUMNS, write_row
from storage.db import Database
from storage.models import Case

BANGKOK = timezone(timedelta(hours=7))
CHUNK = 1000  # rows fetched per round trip; memory stays flat however many cases there are
FIELDS = (Case.ticket_id, Case.categories, Case.description, Case.latitude, Case.longitude,
          Case.address, Case.subdistrict, Case.district, Case.created_at, Case.state, Case.stars,
          Case.reopen_count)


def public_rows(db: Database, since: datetime | None = None,
                until: datetime | None = None) -> Iterator[dict]:
    """Every non-hidden case in time order as public values; no reporter, text redacted."""
    query = select(*FIELDS).where(Case.hidden.is_(False)).order_by(Case.created_at, Case.id)
    if since is not None:
        query = query.where(Case.created_at >= since)
    if until is not None:
        query = query.where(Case.created_at < until)
    with db.uow() as uow:
        result = uow.session.execute(query.execution_options(yield_per=CHUNK, stream_results=True))
        for row in result:
            values = row._asdict()
            values["comment"] = public_text(values.pop("description"))
            values["address"] = public_text(values["address"])
            yield values


def day_start(value: str | None, *, next_day: bool = False) -> datetime | None:
    """Midnight in Bangkok of a YYYY-MM-DD date (of the day after, to include the whole day)."""
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"{value!r} is not a date like 2022-06-30") from None
    return datetime.combine(day + timedelta(days=1 if next_day else 0), time(), BANGKOK)


def csv_chunks(rows: Iterator[dict]) -> Iterator[str]:
    """The CSV text: the header, then a chunk of rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for count, values in enumerate(rows, 1):
        writer.writerow(write_row(values))
        if count % 500 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def geojson_chunks(rows: Iterator[dict]) -> Iterator[str]:
    """A GeoJSON FeatureCollection, one Feature per case with a location, written as it goes."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for values in rows:
        if values["latitude"] is None or values["longitude"] is None:
            continue
        cells = dict(zip(COLUMNS, write_row(values)))
        cells.pop("coords")
        feature = {"type": "Feature", "properties": cells,
                   "geometry": {"type": "Point",
                                "coordinates": [values["longitude"], values["latitude"]]}}
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"


def _drain(buffer: io.StringIO) -> str:
    """Take what the buffer holds and empty it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
