"""Describe an error for logs and the inbox without its message, which can hold SQL parameters or user text."""
from __future__ import annotations

import traceback
from pathlib import Path

from sqlalchemy.exc import DBAPIError

ROOT = Path(__file__).resolve().parent.parent
OWN_WORDS = ("TryLater", "GaveUp")  # errors whose message we write ourselves, with no user data in it


def describe(error: BaseException) -> str:
    """The error's type, the driver's error type for a database error and where it was raised."""
    name = type(error).__name__
    status = getattr(error, "status", None)
    if status is not None or name == "LineError":
        name += f" (LINE status {status or 'none'})"
    if name in OWN_WORDS:
        name += f": {str(error)[:200]}"
    if isinstance(error, DBAPIError) and error.orig is not None:
        name += f" ({type(error.orig).__module__}.{type(error.orig).__name__})"
    return f"{name} at {where(error)}"


def where(error: BaseException) -> str:
    """The last line of our own code the error passed through, as path:line."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "unknown place"
    path = Path(frame.filename)
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{frame.lineno}"


def stack(error: BaseException) -> str:
    """The traceback without the error's message: file, line and code of each frame."""
    return "".join(traceback.format_tb(error.__traceback__))
