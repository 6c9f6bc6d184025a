"""Build LINE webhook events the way LINE sends them, with fresh ids every time."""
from __future__ import annotations

import itertools
import json
import secrets
import threading

from storage import clock

_ids = itertools.count(10_000_000)
_clock_lock, _last = threading.Lock(), [0]


def now_ms() -> int:
    """Now in milliseconds, strictly increasing, so events keep the order they were built in
    and their reply tokens are fresh however long the test run has been going."""
    with _clock_lock:
        _last[0] = max(clock.epoch_ms(), _last[0] + 1)
        return _last[0]


def fresh_event_id() -> str:
    """A ULID-shaped webhookEventId that no other test uses."""
    return "01" + secrets.token_hex(12).upper()


def _base(kind: str, user_id: str, timestamp: int | None, replyable: bool = True) -> dict:
    """The fields every event has."""
    event = {"type": kind, "mode": "active", "timestamp": timestamp or now_ms(),
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
    """A webhook body holding the events (a lone surrogate goes escaped, as LINE sends it)."""
    payload = {"destination": "U" + "0" * 32, "events": list(events)}
    try:
        return json.dumps(payload, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(payload).encode()


def new_user() -> str:
    """A LINE user id no other test uses."""
    return "U" + secrets.token_hex(16)


def in_group(event: dict, group_id: str) -> dict:
    """The same event, said in a LINE group (LINE adds the group id to the source)."""
    return {**event, "source": {"type": "group", "groupId": group_id,
                                "userId": event["source"]["userId"]}}


def new_group() -> str:
    """A LINE group id no other test uses."""
    return "C" + secrets.token_hex(16)
