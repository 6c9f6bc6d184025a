"""Postback data is input like any other (anyone can send any data): read only what our buttons send."""
from __future__ import annotations

from urllib.parse import parse_qsl

import nlp
from bot.cases import looks_like_ticket_id

INVALID = "invalid"  # the action for data no button of ours sends
MAX_DATA = 300  # LINE's limit for postback data
MAX_OFFSET = 10_000  # nobody pages through more cases than this


def read(data: str) -> dict:
    """The postback's fields when they are what one of our buttons sends, else {'a': INVALID}."""
    fields = dict(parse_qsl(data[:MAX_DATA]))
    checks = CHECKS.get(fields.get("a"))
    if checks is None or not all(check(fields.get(name)) for name, check in checks.items()):
        return {"a": INVALID}
    return fields


def _category(code: str | None) -> bool:
    """A category chip's code: 'other' or one of the classifier's labels."""
    if code == "other":
        return True
    try:
        nlp.label_from_code(code)
    except KeyError:
        return False
    return True


def _offset(value: str | None) -> bool:
    """A 'more cases' offset: absent, or a small whole number in ASCII digits."""
    return value is None or (value.isascii() and value.isdigit() and int(value) <= MAX_OFFSET)


def _ticket(value: str | None) -> bool:
    """A ticket id."""
    return value is not None and looks_like_ticket_id(value)


# action -> {field: check}; the conversation's POSTBACKS table has a step for each action.
CHECKS = {"confirm": {}, "cancel": {}, "categories": {}, "category": {"c": _category},
          "cases": {"offset": _offset}, "case": {"t": _ticket}}
