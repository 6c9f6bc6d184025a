"""The seam to the agencies table: which agency is responsible for a case, and when it is due.

Until the officers-and-routing work is merged there are no agencies, so these answer None; the
coordinator wires them to the agencies table (case.agency, its Thai/English names and hand-off
times). Every page, export and API that names an agency asks here, and nowhere else.
"""
from __future__ import annotations

from datetime import datetime

from storage.models import Case


def responsible_agency_name(case: Case, lang: str = "th") -> str | None:
    """The name of the agency handling the case, in lang, or None when unknown."""
    return None


def responsible_agency_code(case: Case) -> str | None:
    """The code of the agency handling the case, or None when unknown."""
    return None


def expected_datetime(case: Case) -> datetime | None:
    """When the case is due under its agency's hand-off time, or None when unknown."""
    return None


def agency_names(code: str) -> dict | None:
    """An agency's {"th": ..., "en": ...} names by code, or None when no such agency is known."""
    return None


def agency_filter(code: str):
    """A SQL condition selecting the cases of an agency, or None when agencies are not available."""
    return None
