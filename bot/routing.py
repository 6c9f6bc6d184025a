"""Which agency takes a case: category x district rules with wildcards. Pure given the rules."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from bot.spreadsheet import SafeWriter, restore_cell

ANY = "*"
TRIAGE = "triage"
CSV_HEADER = ["category", "district", "agency"]


class RoutingError(ValueError):
    """A routing file has problems; `problems` lists each with its line number."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """One difference between the current rules and an imported file."""

    kind: str  # added | changed | removed
    category: str
    district: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        arrow = {"added": f"-> {self.new}", "removed": f"(was {self.old})",
                 "changed": f"{self.old} -> {self.new}"}[self.kind]
        return f"{self.kind}: {self.category} x {self.district} {arrow}"


def choose(rules: dict[tuple[str, str], str], categories: list[str], district: str | None) -> str:
    """The agency code for a case: exact rule, then category-wide, then the district's default."""
    if not district:
        return TRIAGE
    for category in categories:
        for key in ((category, district), (category, ANY)):
            if key in rules:
                return rules[key]
    return rules.get((ANY, district)) or rules.get((ANY, ANY)) or TRIAGE


def parse_csv(text: str, categories: set[str], districts: set[str],
              agencies: set[str]) -> dict[tuple[str, str], str]:
    """Read a routing CSV into rules, or raise RoutingError listing every bad line."""
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != CSV_HEADER:
        raise RoutingError([f"line 1: the header must be {','.join(CSV_HEADER)}"])
    rules, problems = {}, []
    for number, row in enumerate(reader, start=2):
        row = [restore_cell(cell) for cell in row]  # as to_csv wrote it
        if not any(cell.strip() for cell in row):
            continue
        problem = _row_problem(row, categories, districts, agencies, rules)
        if problem:
            problems.append(f"line {number}: {problem}")
        else:
            rules[(row[0].strip(), row[1].strip())] = row[2].strip().lower()
    if problems:
        raise RoutingError(problems)
    return rules


def _row_problem(row, categories, districts, agencies, seen) -> str | None:
    """What is wrong with one CSV row, if anything."""
    if len(row) != 3:
        return f"expected 3 cells, got {len(row)}"
    category, district, agency = (cell.strip() for cell in row)
    if category != ANY and category not in categories:
        return f"unknown category {category!r}"
    if district != ANY and district not in districts:
        return f"unknown district {district!r}"
    if agency.lower() not in agencies:
        return f"unknown or disabled agency {agency!r}"
    if (category, district) in seen:
        return f"{category} x {district} appears twice"
    return None


def to_csv(rules: dict[tuple[str, str], str]) -> str:
    """Write rules as CSV, sorted so exports diff cleanly."""
    out = io.StringIO()
    writer = SafeWriter(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for (category, district), agency in sorted(rules.items()):
        writer.writerow([category, district, agency])
    return out.getvalue()


def diff(old: dict, new: dict) -> list[Change]:
    """What importing `new` over `old` changes."""
    changes = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            changes.append(Change("added", *key, None, new[key]))
        elif key not in new:
            changes.append(Change("removed", *key, old[key], None))
        elif old[key] != new[key]:
            changes.append(Change("changed", *key, old[key], new[key]))
    return changes
