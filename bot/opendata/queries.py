"""SQL conditions shared by the board and Open311: category, status and date filters."""
from __future__ import annotations

import json

from sqlalchemy import cast, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB

from bot import cases as lifecycle
from storage.models import Case

OPEN_STATES = (lifecycle.WAITING, lifecycle.IN_PROGRESS, lifecycle.FORWARDED)
CLOSED_STATES = (lifecycle.FINISHED, lifecycle.REJECTED)


def has_category(label: str | None, postgres: bool):
    """Cases whose category list holds label; with None, cases that have no category."""
    if postgres:
        as_jsonb = cast(Case.categories, JSONB)
        if label is None:
            return func.jsonb_array_length(as_jsonb) == 0
        # The list as JSON text cast in SQL (not a JSONB parameter), so EXPLAIN can print it.
        return as_jsonb.contains(cast(literal(json.dumps([label])), JSONB))
    if label is None:
        return func.json_array_length(Case.categories) == 0
    each = func.json_each(Case.categories).table_valued("value")
    return select(literal(1)).select_from(each).where(each.c.value == label).exists()


def wire_status(state: str) -> str:
    """Open311's open or closed for one of our states."""
    return "closed" if state in CLOSED_STATES else "open"


def states_for(statuses: list[str]) -> list[str]:
    """Our states behind Open311 statuses ('open', 'closed')."""
    out: list[str] = []
    for status in statuses:
        out += OPEN_STATES if status == "open" else CLOSED_STATES
    return out


__all__ = ["has_category", "wire_status", "states_for", "OPEN_STATES", "CLOSED_STATES"]
