"""Stored moments no reader can use (year 0, year 20000) read back as a floor or a ceiling.

PostgreSQL keeps moments from 4713 BC on, and Python's datetime only years 1 to 9999, so psycopg
raised "timestamp too small" for such a row, and a page that moved year 1 into Bangkok time
overflowed: one bad imported row failed every download and page that showed it. Imports now
refuse such dates (bot/bounds.py); a row stored before reads as FLOOR or CEILING instead, far
enough inside Python's range for any time zone or a few years' arithmetic. Costs a quarter of a
microsecond per timestamp PostgreSQL sends, and two comparisons per value read."""
from __future__ import annotations

from datetime import datetime, timezone

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import Format

FLOOR = datetime(1900, 1, 1, tzinfo=timezone.utc)
CEILING = datetime(2999, 12, 31, tzinfo=timezone.utc)


def within_reach(moment: datetime) -> datetime:
    """The moment, or FLOOR or CEILING when it lies beyond them."""
    if moment < FLOOR:
        return FLOOR
    return CEILING if moment > CEILING else moment


def tolerate_out_of_range(dbapi_connection, _record=None) -> None:
    """Make a new psycopg connection read timestamptz values Python cannot hold as FLOOR or
    CEILING, instead of failing the whole query."""
    oid = psycopg.adapters.types["timestamptz"].oid
    usual = dbapi_connection.adapters.get_loader(oid, Format.TEXT)

    class Tolerant(Loader):
        """The usual (C) loader, with a floor and a ceiling instead of an error."""

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._usual = usual(oid, context)

        def load(self, data):
            try:
                return self._usual.load(data)
            except psycopg.DataError:  # "timestamp too small (before year 1)" or "too large"
                text = bytes(data)
                return FLOOR if text.endswith(b" BC") or text.startswith(b"-") else CEILING

    dbapi_connection.adapters.register_loader(oid, Tolerant)
