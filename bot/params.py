"""Query parameters every page and command reads the same way: page numbers, days, moments,
choices and numbers, each within what a person could mean.

A value outside that is a BadParameter, which each surface answers in its own way (a 400 page in
the reader's language, Open311's error list, a CLI usage error). Where a page has always ignored
a malformed filter (the board's and the dashboard's), `strict=False` keeps ignoring it; an absurd
but well-formed one (year 9999, page 10^19) is refused everywhere: it broke date arithmetic and
the databases' integers. (Numbers in forms, such as coordinates, are checked by the service
that takes them: bot/bounds.py.)"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from bot import bounds
from bot.texts import t
from storage import clock

BANGKOK = timezone(timedelta(hours=7))


class BadParameter(ValueError):
    """A parameter no page can use; says why in Thai or English (str() is English)."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """Why, in the reader's language."""
        return t(self.key, lang, **self.values)


class Malformed(BadParameter):
    """The value is not of the parameter's form at all (not a date, not a number)."""


def page(value: str | None) -> int:
    """A page number from 1 to MAX_PAGE; 1 when absent, not a number or below 1."""
    try:
        number = int(value or 1)
    except (TypeError, ValueError):  # also int("9" * 5000): more digits than Python converts
        return 1
    if number > bounds.MAX_PAGE:
        raise BadParameter("param_page", most=bounds.MAX_PAGE)
    return max(1, number)


def day(value: str | None, name: str, *, strict: bool = True) -> date | None:
    """A YYYY-MM-DD day within the filter window, or None when absent (or malformed and not
    strict)."""
    first, last = bounds.filter_days(clock.now().astimezone(BANGKOK).date())
    if not value:
        return None
    try:
        found = date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
    except ValueError:
        found = None
    if found is None:
        if strict:
            raise Malformed("param_day", name=name, first=first, last=last)
        return None
    if not first <= found <= last:
        raise BadParameter("param_day", name=name, first=first, last=last)
    return found


def day_text(value: str | None, name: str) -> str:
    """A filter's day as YYYY-MM-DD, '' when absent or malformed (pages that ignore those)."""
    found = day(value, name, strict=False)
    return found.isoformat() if found else ""


def moment(value: str | None, name: str) -> datetime | None:
    """An ISO 8601 date-time (UTC when it has no offset) within the filter window, or None."""
    first, last = bounds.filter_days(clock.now().astimezone(BANGKOK).date())
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Malformed("param_moment", name=name, first=first, last=last) from None
    found = found if found.tzinfo else found.replace(tzinfo=timezone.utc)
    after_last = datetime.combine(last + timedelta(days=1), time(), timezone.utc)
    if not bounds.EARLIEST <= found < after_last:
        raise BadParameter("param_moment", name=name, first=first, last=last)
    return found


def choice(value: str | None, options, default: str = "") -> str:
    """The value when it is one of the options, else the default (an unknown filter is ignored)."""
    value = (value or "").strip()
    return value if value in options else default


def whole(value: str | None, name: str, *, most: int = 2 ** 31 - 1) -> int | None:
    """A whole number from 0 to `most` (an id, a count), or None when absent or malformed."""
    try:
        found = int(value) if value else None
    except ValueError:
        return None
    if found is not None and not 0 <= found <= most:
        raise BadParameter("param_number", name=name, low=0, high=most)
    return found
