"""Postback data is input like any other (anyone can send any data): read only what our buttons send."""
from __future__ import annotations

from urllib.parse import parse_qsl

import nlp
from bot.cases import looks_like_ticket_id
from bot.services.officer_queue import QUEUE_FILTERS

INVALID = "invalid"  # the action for data no button of ours sends
MAX_DATA = 300  # LINE's limit for postback data
MAX_OFFSET = 10_000  # nobody pages through more cases than this


def read(data: str) -> dict:
    """The postback's fields when they are what one of our buttons sends, else {'a': INVALID}."""
    fields = dict(parse_qsl(data[:MAX_DATA]))
    checks = CHECKS.get(fields.get("a"))
    if checks is None or not all(check(fields.get(name)) for name, check in checks.items()) \
            or not WHOLE.get(fields["a"], lambda _: True)(fields):
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


def _optional_ticket(value: str | None) -> bool:
    """A ticket id, or none."""
    return value is None or looks_like_ticket_id(value)


def _stars(value: str | None) -> bool:
    """A rating chip's stars: 1 to 5."""
    return value in ("1", "2", "3", "4", "5")


def _card_command(value: str | None) -> bool:
    """An officer button's command: a card's, or the queue's 'more'."""
    return value in ("accept", "update", "forward", "finish", "reject", "case", "queue")


def _queue(value: str | None) -> bool:
    """Which queue a 'more' button pages through (absent on card buttons)."""
    return value is None or value in QUEUE_FILTERS


def _officer_button(fields: dict) -> bool:
    """A card button names its case; only the queue's 'more' names none."""
    return (fields["c"] == "queue") != ("t" in fields)


def _agency(value: str | None) -> bool:
    """An agency code from the forward chooser (absent until an agency is chosen)."""
    return value is None or (0 < len(value) <= 32 and value.isascii()
                             and value.replace("-", "").replace("_", "").isalnum())


def _sure(value: str | None) -> bool:
    """The confirmation of a cancel (absent on the first tap, which asks)."""
    return value in (None, "1")


def _draft(value: str | None) -> bool:
    """The id of the draft a button belongs to (absent on older buttons)."""
    return value is None or (len(value) == 8 and all(ch in "0123456789abcdef" for ch in value))


_TICKET_ONLY = {"t": _ticket}
_DRAFT = {"d": _draft}
# action -> {field: check}; the conversation's table has a row for 'tap_' + each action.
CHECKS = {"confirm": _DRAFT, "cancel": {"d": _draft, "sure": _sure}, "keep": _DRAFT,
          "categories": _DRAFT, "allcats": _DRAFT,
          "category": {"c": _category, "d": _draft}, "same": _DRAFT, "split": _DRAFT,
          "cases": {"offset": _offset}, "case": _TICKET_ONLY, "anyway": _DRAFT, "newreport": {},
          "help": {},
          "rate": {"t": _ticket, "s": _stars}, "reopen": _TICKET_ONLY, "addinfo": _TICKET_ONLY,
          "follow": {"t": _ticket, "d": _draft}, "unfollow": _TICKET_ONLY, "map": _TICKET_ONLY,
          "stars": _TICKET_ONLY,
          "off": {"c": _card_command, "t": _optional_ticket, "to": _agency, "q": _queue,
                  "offset": _offset},
          "mydata": {}, "datacopy": {}, "erase": {}, "eraseyes": {}, "erasekeep": {}}
# Checks of fields together, for actions whose fields depend on each other.
WHOLE = {"off": _officer_button}
