"""Build LINE webhook events the way LINE sends them, with fresh ids every time."""
from __future__ import annotations

import itertools
import json
import secrets
import threading
import time

_ids = itertools.count(10_000_000)
_clock_lock = threading.Lock()
_last_ms = 0


def _now_ms() -> int:
    """The real time in ms, strictly increasing so events built in a row keep their order.

    A counter started at import fell behind the clock: minutes into a run, every event looked
    older than a reply token's life, and the bot pushed where LINE expects a reply.
    """
    global _last_ms
    with _clock_lock:
        _last_ms = max(_last_ms + 1, int(time.time() * 1000))
        return _last_ms


def fresh_event_id() -> str:
    """A ULID-shaped webhookEventId that no other test uses."""
    return "01" + secrets.token_hex(12).upper()


def _base(kind: str, user_id: str, timestamp: int | None, replyable: bool = True) -> dict:
    """The fields every event has."""
    event = {"type": kind, "mode": "active", "timestamp": timestamp or _now_ms(),
             "source": {"type": "user", "userId": user_id}, "webhookEventId": fresh_event_id(),
             "deliveryContext": {"isRedelivery": False}}
    if replyable:
        event["replyToken"] = secrets.token_hex(16)
    return event


def text(user_id: str, body: str, timestamp: int | None = None) -> dict:
    """A text message event."""
    return {**_base("message", user_id, timestamp),
            "message": {"type": "text", "id": str(next(_ids)), "quoteToken": secrets.token_hex(8),
                        "text": body}}


def image(user_id: str, message_id: str | None = None, image_set: tuple | None = None,
          timestamp: int | None = None) -> dict:
    """An image message event whose bytes LINE keeps under message_id."""
    message = {"type": "image", "id": message_id or str(next(_ids)), "quoteToken": "q",
               "contentProvider": {"type": "line"}}
    if image_set:
        message["imageSet"] = {"id": image_set[0], "index": image_set[1], "total": image_set[2]}
    return {**_base("message", user_id, timestamp), "message": message}


def location(user_id: str, latitude: float, longitude: float, address: str = "",
             timestamp: int | None = None) -> dict:
    """A location message event."""
    return {**_base("message", user_id, timestamp),
            "message": {"type": "location", "id": str(next(_ids)), "title": "Location",
                        "address": address, "latitude": latitude, "longitude": longitude}}


def postback(user_id: str, data: str, timestamp: int | None = None) -> dict:
    """A postback event, as a tapped button sends it."""
    return {**_base("postback", user_id, timestamp), "postback": {"data": data}}


def follow(user_id: str, timestamp: int | None = None) -> dict:
    """A follow (add friend) event."""
    return {**_base("follow", user_id, timestamp), "follow": {"isUnblocked": False}}


def unfollow(user_id: str, timestamp: int | None = None) -> dict:
    """An unfollow (block) event; it has no reply token."""
    return _base("unfollow", user_id, timestamp, replyable=False)


def body(*events: dict) -> bytes:
    """A webhook body holding the events."""
    return json.dumps({"destination": "U" + "0" * 32, "events": list(events)},
                      ensure_ascii=False).encode()


def new_user() -> str:
    """A LINE user id no other test uses."""
    return "U" + secrets.token_hex(16)
