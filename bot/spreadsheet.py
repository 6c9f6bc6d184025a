"""CSV that spreadsheets read as data, never as formulas: every CSV the app writes comes here.

OWASP's advice against CSV injection: a cell that starts with = + - @, a tab or a carriage return
is a formula to Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` in a description becomes a
link that leaks the sheet). Such a cell gets a leading single quote, which spreadsheets show as
text, and every cell is quoted. A cell that already starts with a quote gets one more, so
`restore_cell` gives back exactly what was written (the Traffy import reads our own export)."""
from __future__ import annotations

import csv
import re
from typing import IO, Iterable

TRIGGERS = frozenset("=+-@\t\r'")
# A plain number (or "lon,lat") starting with a sign is data to every spreadsheet, and so is a lone
# "-" (the dashboard's "none"): keep them as they are.
_NUMBERS = re.compile(r"-|[+-]?\d+(?:\.\d+)?(?:,[+-]?\d+(?:\.\d+)?)*")


def safe_cell(value) -> str:
    """The cell's text, with a leading quote when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    if text[:1] in TRIGGERS and not _NUMBERS.fullmatch(text):
        return "'" + text
    return text


def restore_cell(text: str) -> str:
    """The text safe_cell was given (a cell this app wrote, read back)."""
    return text[1:] if text[:1] == "'" and text[1:2] in TRIGGERS else text


class SafeWriter:
    """csv.writer with every cell quoted and neutralised by safe_cell."""

    def __init__(self, out: IO[str], lineterminator: str = "\r\n"):
        self._writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=lineterminator)

    def writerow(self, row: Iterable) -> None:
        """Write one row."""
        # Most cells are text that needs nothing: test those inline (the export writes a million
        # rows, and a call per cell was a tenth of its time).
        self._writer.writerow([value if value.__class__ is str and value[:1] not in TRIGGERS
                               else safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        """Write every row."""
        for row in rows:
            self.writerow(row)
