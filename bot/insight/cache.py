"""A small per-database, per-process cache for figures that are slow to compute and move slowly."""
from __future__ import annotations

import threading
import time
import weakref
from typing import Callable, TypeVar

T = TypeVar("T")
# One cache per database engine, so two apps in one process (tests, tools) never share figures.
_caches: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def remembered(session, key: tuple, compute: Callable[[], T], seconds: float) -> T:
    """The value computed for `key` on this session's database in the last `seconds`, or a new one."""
    engine = session.get_bind()
    with _lock:
        cache = _caches.setdefault(engine, {})
        hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < seconds:
        return hit[1]
    value = compute()
    with _lock:
        cache[key] = (time.monotonic(), value)
    return value


def forget() -> None:
    """Drop every cached figure."""
    with _lock:
        _caches.clear()
