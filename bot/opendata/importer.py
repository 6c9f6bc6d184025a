"""Load a Traffy CSV (gzipped or not) as cases, in batches, with a summary of what happened.

A bad row is counted with its line and reason and the rest carries on; a file that cannot be read
on (not a CSV, a gzip cut short, text in no encoding we know) stops the import with one message,
after the rows read before the break are written."""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import logging
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator

from sqlalchemy import exc

from bot import services
from bot.opendata.responsible import KnownAgency, Resolver
from bot.opendata.traffy import InvalidRow, read_row
from storage import clock
from storage.db import Database

log = logging.getLogger(__name__)
BATCH = 5000
SHOWN = 20  # row errors listed one by one in the summary; the rest are only counted
BROKEN = "\0broken"  # key of a stand-in row for a line the CSV reader could not split
REQUIRED = {"ticket_id", "comment", "coords", "timestamp", "state"}
UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass
class Summary:
    """What an import did: rows loaded, skipped (already known) and invalid, with reasons and
    the first lines in error; `stopped` says why the file could not be read to its end."""

    loaded: int = 0
    skipped: int = 0
    invalid: int = 0
    reasons: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    stopped: str | None = None

    def refuse(self, line: int, reason: str) -> None:
        """Count a row that could not become a case."""
        self.invalid += 1
        self.reasons[reason] += 1
        if len(self.errors) < SHOWN:
            self.errors.append((line, reason))

    def lines(self) -> list[str]:
        """The summary as lines for the terminal."""
        out = [f"loaded {self.loaded}, skipped {self.skipped} (already imported), "
               f"invalid {self.invalid}"]
        out += [f"  invalid: {reason}: {count}" for reason, count in self.reasons.most_common()]
        out += [f"  line {line}: {reason}" for line, reason in self.errors]
        if self.invalid > len(self.errors):
            out.append(f"  ... and {self.invalid - len(self.errors)} more")
        return out


class UnreadableFile(ValueError):
    """The file cannot be read (on) as a Traffy CSV; the message says why, for the operator."""


class NotTraffyFile(UnreadableFile):
    """The file is not a Traffy CSV (missing columns)."""


def import_file(db: Database, raw: IO[bytes], progress: Callable[[int], None] = lambda n: None,
                batch: int = BATCH) -> Summary:
    """Import every row of a Traffy CSV stream; progress gets the raw bytes read so far.

    Raises UnreadableFile when not even the header can be read; a break later on ends the import
    with summary.stopped set, the rows before it written."""
    summary, resolver, now = Summary(), _resolver(db), clock.now()
    pending: list[tuple[int, dict]] = []
    rows = _Rows(raw, progress)
    try:
        for line, row in rows:
            values = _values(row, line, resolver, now, summary)
            if values is not None:
                pending.append((line, values))
            if len(pending) >= batch:
                _flush(db, pending, summary)
    except UnreadableFile as error:
        if not rows.header_read:
            raise
        summary.stopped = str(error)
    _flush(db, pending, summary)
    log.info("traffy import: %d loaded, %d skipped, %d invalid%s", summary.loaded, summary.skipped,
             summary.invalid, ", stopped early" if summary.stopped else "")
    return summary


def _values(row: dict, line: int, resolver: Resolver, now, summary: Summary) -> dict | None:
    """A row's case values with its agency, or None after counting why it cannot be one."""
    try:
        if BROKEN in row:
            raise InvalidRow(row[BROKEN])
        values = read_row(row, now)
        values["agency_id"] = resolver.agency_id(values["categories"], values["district"],
                                                 row.get("organization"))
        return values
    except InvalidRow as error:
        summary.refuse(line, str(error))
        return None


def _resolver(db: Database) -> Resolver:
    """The agencies and routing rules as they stand, loaded once for the whole import."""
    with db.uow() as uow:
        known = [KnownAgency(a.id, a.code, a.name_th, a.district, a.enabled)
                 for a in services.agencies(uow)]
        return Resolver(known, services.current_rules(uow))


def _flush(db: Database, pending: list[tuple[int, dict]], summary: Summary) -> None:
    """Write one batch in its own transaction, so a crash loses at most the batch in flight. A
    batch the database refuses is written again row by row, and only the refused rows are lost."""
    if not pending:
        return
    try:
        with db.uow() as uow:
            loaded = services.import_cases(uow, [values for _, values in pending])
            uow.commit()
    except Exception as error:  # noqa: BLE001 - only a refused value is caught, see below
        if not _refused_value(error):
            raise
        if len(pending) == 1:
            summary.refuse(pending[0][0], f"refused by the database ({_cause(error)})")
        else:
            for item in pending:
                _flush(db, [item], summary)
        pending.clear()
        return
    summary.loaded += loaded
    summary.skipped += len(pending) - loaded
    pending.clear()


def _refused_value(error: Exception) -> bool:
    """Whether the database (or its driver) refused a value, rather than failing as a whole."""
    if isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        return False
    cause = getattr(error, "orig", None) or error
    kinds = {kind.__name__ for kind in type(cause).__mro__}  # sqlite3's and psycopg's alike
    return isinstance(cause, (ValueError, ArithmeticError)) or bool(
        kinds & {"DataError", "IntegrityError"})


def _cause(error: Exception) -> str:
    """The name of what went wrong, without the values (they may be personal)."""
    return type(getattr(error, "orig", None) or error).__name__


class _Rows:
    """The numbered CSV rows of a stream, and whether the header was read."""

    def __init__(self, raw: IO[bytes], progress: Callable[[int], None]):
        self.raw, self.progress, self.header_read = raw, progress, False

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        try:
            yield from self._read()
        except (EOFError, OSError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
            raise UnreadableFile(_gzip_problem(error)) from None
        except UnicodeError:
            raise UnreadableFile("the file's text is in no encoding we read: "
                                 "save it as UTF-8") from None

    def _read(self) -> Iterator[tuple[int, dict]]:
        """Rows with the number of the line they start on."""
        reader = csv.DictReader(_text(self.raw))
        try:
            names = reader.fieldnames or ()
        except csv.Error as error:
            raise UnreadableFile(f"not a CSV file ({error})") from None
        missing = REQUIRED - set(names)
        if missing:
            raise NotTraffyFile(f"not a Traffy CSV: missing columns {', '.join(sorted(missing))}")
        self.header_read = True
        yield from self._records(reader)
        self.progress(self.raw.tell())

    def _records(self, reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
        """Each record, a line the reader could not split standing in as a broken row."""
        number, line = 0, reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:  # e.g. a runaway quote or a huge cell: lose that line, not the import
                row = {BROKEN: "unreadable CSV line"}
            number += 1
            if number % 2000 == 0:
                self.progress(self.raw.tell())
            yield line, {BROKEN: "too many cells"} if None in row else row
            line = reader.line_num + 1


def _text(raw: IO[bytes]) -> io.TextIOWrapper:
    """The stream as text: gunzipped when it is gzip, UTF-16 when it starts with its mark, else
    UTF-8, a byte that is not UTF-8 kept as a stand-in the row check refuses."""
    stream = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
    if stream.peek(2)[:2] == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=stream)
    head = stream.peek(4)[:4]
    if head[:2] in UTF16_MARKS:
        return io.TextIOWrapper(stream, encoding="utf-16", newline="")
    if b"\x00" in head:
        raise UnreadableFile("not a text CSV (NUL bytes at its start: UTF-16 without its byte "
                             "order mark, or not text at all); save it as UTF-8 CSV")
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")


def _gzip_problem(error: Exception) -> str:
    """What a failed read of the (gzipped) file means for the operator."""
    if isinstance(error, EOFError):
        return "the file ends early (a gzip cut short?); the rows before the break were imported"
    return f"the file cannot be read on ({error}); the rows before the break were imported"
