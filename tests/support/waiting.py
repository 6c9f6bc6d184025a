"""Wait for something another thread or process does, without fixed sleeps."""
from __future__ import annotations

import time


def wait_until(predicate, timeout: float = 30, what: str = "the condition") -> None:
    """Poll predicate() until it is true; AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.02)
