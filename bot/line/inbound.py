"""Check and clean each webhook event on its own before it is stored, so one odd event loses nothing else."""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass

from bot.plaintext import clean  # shared with every other edge that takes text (Open311)

# LINE batches at most about 100 events per delivery; anything bigger is not LINE.
MAX_EVENTS = 100
MAX_ID = 64  # the width of the id columns; real ids are 26 (webhookEventId) and 33 (userId)
MAX_DEPTH = 32  # LINE's deepest event is a few levels; this leaves room and stops stack games


class BadBody(ValueError):
    """The webhook body as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class Inbound:
    """One webhook event, cleaned and ready to store; `problem` says why it is rejected."""

    webhook_event_id: str
    user_id: str | None
    event_type: str
    body: dict
    problem: str | None = None


def read_body(raw: bytes) -> list:
    """The events of a webhook body, or BadBody when the body is not a LINE webhook."""
    try:
        payload = json.loads(raw)
    except RecursionError:
        raise BadBody("body nested too deeply") from None
    except ValueError as error:  # also UnicodeDecodeError
        raise BadBody(f"malformed webhook body: {error}") from None
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        raise BadBody("malformed webhook body: no events list")
    if len(events) > MAX_EVENTS:
        raise BadBody(f"more than {MAX_EVENTS} events in one body")
    return events


def read_event(raw: dict) -> Inbound:
    """Clean one event and check its ids; a bad one comes back with its problem named."""
    problems: list[str] = []
    body = _sanitised(raw, 0, problems)
    event_id = raw.get("webhookEventId")
    if event_id is None or event_id == "":
        event_id = _content_id(body)
    elif not _is_id(event_id):
        problems.append("webhookEventId is not a short string")
        event_id = _content_id(body)
    source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    user_id = source.get("userId")
    if user_id is not None and not _is_id(user_id):
        problems.append("source.userId is not a LINE user id")
        user_id = None
    kind = raw.get("type")
    kind = clean(kind)[:32] if isinstance(kind, str) and kind else "unknown"
    return Inbound(event_id, user_id, kind, body, "; ".join(dict.fromkeys(problems)) or None)


def _is_id(value) -> bool:
    """Whether a value can be an id: a short string of printable characters."""
    return isinstance(value, str) and 0 < len(value) <= MAX_ID and clean(value) == value \
        and value.isprintable()


def _sanitised(value, depth: int, problems: list[str]):
    """A copy that any database can store: clean strings, finite numbers, bounded depth."""
    if depth > MAX_DEPTH:
        problems.append(f"nested deeper than {MAX_DEPTH} levels")
        return None
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, float) and not math.isfinite(value):
        problems.append("a number that is NaN or infinite")
        return None
    if isinstance(value, dict):
        return {clean(str(k)): _sanitised(v, depth + 1, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_sanitised(v, depth + 1, problems) for v in value]
    return value


def _content_id(body: dict) -> str:
    """A stable id from an event's content, for events without a usable webhookEventId."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return "sha256-" + hashlib.sha256(canonical).hexdigest()[:40]
