"""The one clock: every "now" of the app, the worker, the CLI and the benches comes from here.

Tests and benches set it instead of the machine's date: `travel_to` moves it to a chosen moment
(it keeps running from there), and CHAENG_CLOCK_SHIFT_DAYS moves every process that starts with it
set, so the suite can be run as if the machine's clock said another day. `travel_to` writes that
variable too, so a worker process a test starts afterwards reads the same time."""
from __future__ import annotations

import os
import threading
from datetime import datetime, timedelta, timezone

SHIFT_VARIABLE = "CHAENG_CLOCK_SHIFT_DAYS"

_lock = threading.Lock()
_offset: timedelta | None = None  # None until first use: then read from the environment
_started_with = os.environ.get(SHIFT_VARIABLE)  # what reset() puts back


def _environment_offset() -> timedelta:
    """The shift the environment asks for (0 when unset); a bad value is an error, not a guess."""
    raw = os.environ.get(SHIFT_VARIABLE, "").strip()
    if not raw:
        return timedelta(0)
    try:
        return timedelta(days=float(raw))
    except ValueError:
        raise ValueError(f"{SHIFT_VARIABLE} must be a number of days, got {raw!r}") from None


def offset() -> timedelta:
    """How far this clock runs ahead of (or behind) the machine's."""
    global _offset
    if _offset is None:
        with _lock:
            if _offset is None:
                _offset = _environment_offset()
    return _offset


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc) + offset()


def travel_to(moment: datetime) -> None:
    """Move the clock so that it reads `moment` now; it keeps running from there."""
    global _offset
    if moment.tzinfo is None:
        raise ValueError("travel_to needs a timezone-aware moment")
    with _lock:
        _offset = moment - datetime.now(timezone.utc)
        os.environ[SHIFT_VARIABLE] = repr(_offset.total_seconds() / 86400)


def reset() -> None:
    """Go back to the machine's clock, shifted as the process's environment first said."""
    global _offset
    with _lock:
        _offset = None
        if _started_with is None:
            os.environ.pop(SHIFT_VARIABLE, None)
        else:
            os.environ[SHIFT_VARIABLE] = _started_with


def epoch_ms() -> int:
    """The current time as LINE writes it in events: milliseconds since 1970."""
    return int(now().timestamp() * 1000)
