"""Load a Traffy CSV (gzipped or not) as cases, in batches, with a summary of what happened."""
from __future__ import annotations

import csv
import gzip
import io
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator

from bot import services
from bot.opendata.responsible import KnownAgency, Resolver
from bot.opendata.traffy import InvalidRow, read_row
from storage.db import Database

log = logging.getLogger(__name__)
BATCH = 5000
BROKEN = "\0broken"  # key of a stand-in row for a line the CSV reader could not split
REQUIRED = {"ticket_id", "comment", "coords", "timestamp", "state"}


@dataclass
class Summary:
    """What an import did: rows loaded, skipped (already known) and invalid, with reasons."""

    loaded: int = 0
    skipped: int = 0
    invalid: int = 0
    reasons: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        """The summary as lines for the terminal."""
        out = [f"loaded {self.loaded}, skipped {self.skipped} (already imported), "
               f"invalid {self.invalid}"]
        out += [f"  invalid: {reason}: {count}" for reason, count in self.reasons.most_common()]
        return out


class NotTraffyFile(ValueError):
    """The file is not a Traffy CSV (missing columns)."""


def import_file(db: Database, raw: IO[bytes], progress: Callable[[int], None] = lambda n: None,
                batch: int = BATCH) -> Summary:
    """Import every row of a Traffy CSV stream; progress gets the raw bytes read so far."""
    summary, resolver = Summary(), _resolver(db)
    pending: list[dict] = []
    for row in _rows(raw, progress):
        try:
            if BROKEN in row:
                raise InvalidRow(row[BROKEN])
            values = read_row(row)
            values["agency_id"] = resolver.agency_id(values["categories"], values["district"],
                                                     row.get("organization"))
            pending.append(values)
        except InvalidRow as error:
            summary.invalid += 1
            summary.reasons[str(error)] += 1
            continue
        if len(pending) >= batch:
            _flush(db, pending, summary)
    _flush(db, pending, summary)
    log.info("traffy import: %d loaded, %d skipped, %d invalid", summary.loaded, summary.skipped,
             summary.invalid)
    return summary


def _resolver(db: Database) -> Resolver:
    """The agencies and routing rules as they stand, loaded once for the whole import."""
    with db.uow() as uow:
        known = [KnownAgency(a.id, a.code, a.name_th, a.district, a.enabled)
                 for a in services.agencies(uow)]
        return Resolver(known, services.current_rules(uow))


def _flush(db: Database, pending: list[dict], summary: Summary) -> None:
    """Write one batch in its own transaction, so a crash loses at most the batch in flight."""
    if not pending:
        return
    with db.uow() as uow:
        loaded = services.import_cases(uow, pending)
        uow.commit()
    summary.loaded += loaded
    summary.skipped += len(pending) - loaded
    pending.clear()


def _rows(raw: IO[bytes], progress: Callable[[int], None]) -> Iterator[dict]:
    """CSV rows as dicts, reporting bytes read, from a plain or gzipped stream."""
    head = raw.peek(2)[:2] if hasattr(raw, "peek") else b""
    stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    missing = REQUIRED - set(reader.fieldnames or ())
    if missing:
        raise NotTraffyFile(f"not a Traffy CSV: missing columns {', '.join(sorted(missing))}")
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:  # e.g. a NUL byte or a runaway quote: lose that line, not the import
            row = {BROKEN: "unreadable CSV line"}
        number += 1
        if number % 2000 == 0:
            progress(raw.tell())
        yield {BROKEN: "too many cells"} if None in row else row
    progress(raw.tell())
