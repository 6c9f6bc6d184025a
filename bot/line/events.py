"""Read one raw webhook event into a Turn, tolerating odd or partial events."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl

MESSAGE_KINDS = {"text", "image", "location", "sticker", "video", "audio", "file"}


@dataclass
class Turn:
    """What the user did in one event, in the terms the conversation needs."""

    user_id: str
    kind: str
    event_time: datetime
    reply_token: str | None = None
    text: str = ""
    postback: dict = field(default_factory=dict)
    message_id: str | None = None
    content_provider: str = "line"
    image_set: tuple[str, int, int] | None = None
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    image: object | None = None  # the StoredImage, fetched before the turn's transaction
    image_problem: str | None = None  # why no image: "lost", "external" or the BadImage reason
    chat_id: str | None = None  # the group or room it was said in; None in a 1:1 chat


def read_turn(raw: dict, event_time: datetime) -> Turn | None:
    """Turn a 1:1, group or room event into a Turn; None for events the bot does not act on."""
    source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    user_id = source.get("userId")
    if source.get("type") not in ("user", "group", "room") or not user_id \
            or raw.get("mode") == "standby":
        return None
    turn = Turn(user_id=user_id, kind=str(raw.get("type")), event_time=event_time,
                reply_token=raw.get("replyToken"),
                chat_id=source.get("groupId") or source.get("roomId"))
    if turn.chat_id and turn.kind not in ("message", "postback"):
        return None  # join, leave and member events in groups need no answer
    if turn.kind == "message":
        _read_message(turn, raw.get("message") if isinstance(raw.get("message"), dict) else {})
    elif turn.kind == "postback":
        data = (raw.get("postback") or {}).get("data") or ""
        turn.postback = dict(parse_qsl(str(data)[:300]))
    elif turn.kind not in ("follow", "unfollow"):
        return None
    return turn


def _read_message(turn: Turn, message: dict) -> None:
    """Fill a Turn from a message object."""
    kind = message.get("type")
    turn.kind = kind if kind in MESSAGE_KINDS else "other"
    turn.message_id = str(message.get("id")) if message.get("id") is not None else None
    if kind == "text":
        turn.text = str(message.get("text") or "")
    elif kind == "image":
        turn.content_provider = (message.get("contentProvider") or {}).get("type", "line")
        image_set = message.get("imageSet")
        if isinstance(image_set, dict) and image_set.get("id"):
            turn.image_set = (str(image_set["id"]), int(image_set.get("index") or 1),
                              int(image_set.get("total") or 1))
    elif kind == "location":
        try:
            turn.latitude, turn.longitude = float(message["latitude"]), float(message["longitude"])
        except (KeyError, TypeError, ValueError):
            turn.kind = "other"
        turn.address = message.get("address") or message.get("title")
