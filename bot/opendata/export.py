"""Publish cases in Traffy's layout as CSV or GeoJSON, streamed row by row from their public view."""
from __future__ import annotations

import io
import json
from datetime import datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Iterator

from sqlalchemy import Text, cast, select

from bot import params, public_view
from bot.opendata.traffy import COLUMNS, cells
from bot.spreadsheet import SafeWriter
from storage.db import Database
from storage.models import Case

BANGKOK = timezone(timedelta(hours=7))
CHUNK = 1000  # rows fetched per round trip; memory stays flat however many cases there are
# categories is read as its JSON text and decoded once per distinct list (there are few): psycopg
# decoding it row by row was a fifth of the export's time.
# Columns Traffy's layout has no place for are selected as NULL, so they cost nothing.
FIELDS = (*public_view.row_columns(("categories", "place_words", "source", "updated_at",
                                    "state_times", "agency_id")),
          cast(Case.categories, Text).label("categories_json"))
PublicRow = tuple[list[str], float | None, float | None]


def public_rows(db: Database, since: datetime | None = None,
                until: datetime | None = None) -> Iterator[PublicRow]:
    """Every non-hidden case in time order as Traffy's cells, from its public view, with its
    latitude and longitude."""
    query = select(*FIELDS).where(public_view.VISIBLE).order_by(Case.created_at, Case.id)
    if since is not None:
        query = query.where(Case.created_at >= since)
    if until is not None:
        query = query.where(Case.created_at < until)
    with db.uow() as uow:
        result = uow.session.execute(query.execution_options(yield_per=CHUNK, stream_results=True))
        for row in result:
            case = public_view.of_row(row)
            yield (cells(case.ticket_id, _labels(row.categories_json), case.description,
                         case.latitude, case.longitude, case.address, case.subdistrict,
                         case.district, case.created_at, case.state, case.stars,
                         case.reopen_count), case.latitude, case.longitude)


@lru_cache(maxsize=4096)
def _labels(categories: str | None) -> str:
    """A case's category labels joined by commas, from the JSON text of its list."""
    return ",".join(json.loads(categories) or []) if categories else ""


def day_start(value: str | None, *, next_day: bool = False) -> datetime | None:
    """Midnight in Bangkok of a YYYY-MM-DD date (of the day after, to include the whole day);
    params.BadParameter (a ValueError) for anything else or a day outside the filter window."""
    day = params.day(value, "until" if next_day else "since")
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1 if next_day else 0), time(), BANGKOK)


def csv_chunks(rows: Iterator[PublicRow]) -> Iterator[str]:
    """The CSV text: the header, then a chunk of rows at a time (no cell a spreadsheet runs)."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for count, (row, _lat, _lon) in enumerate(rows, 1):
        writer.writerow(row)
        if count % 500 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def geojson_chunks(rows: Iterator[PublicRow]) -> Iterator[str]:
    """A GeoJSON FeatureCollection, one Feature per case with a location, written as it goes."""
    yield '{"type":"FeatureCollection","features":['
    first = True
    for row, lat, lon in rows:
        if lat is None or lon is None:
            continue
        properties = dict(zip(COLUMNS, row))
        properties.pop("coords")
        feature = {"type": "Feature", "properties": properties,
                   "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"


def _drain(buffer: io.StringIO) -> str:
    """Take what the buffer holds and empty it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
