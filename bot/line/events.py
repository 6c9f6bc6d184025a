"""Read one raw webhook event into a Turn, tolerating odd or partial events."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.line import postbacks

MAX_TEXT = 5000  # LINE's own limit for a text message
MESSAGE_KINDS = {"text", "image", "location", "sticker", "video", "audio", "file"}
GROUP_CHANGES = ("join", "leave")  # the bot itself added to or removed from a group or room


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
    emoji_only: bool = False  # a text made only of LINE emoji (each stands in the text as a "$")
    more_coming: bool = False  # the user sent more within the burst window: answer only the last
    profile_language: str | None = None  # from the LINE profile, fetched for a follow event


def read_turn(raw: dict, event_time: datetime) -> Turn | None:
    """Turn a 1:1, group or room event into a Turn; None for events the bot does not act on."""
    source = _dict(raw.get("source"))
    user_id = _text(source.get("userId"))
    if source.get("type") not in ("user", "group", "room") or raw.get("mode") == "standby":
        return None
    chat_id = _text(source.get("groupId")) or _text(source.get("roomId")) or None
    if chat_id and raw.get("type") in GROUP_CHANGES:
        # The bot joined or left a group: no one in particular did it, so the group acts.
        return Turn(user_id=chat_id, kind=_text(raw.get("type")), event_time=event_time,
                    reply_token=_text(raw.get("replyToken")) or None, chat_id=chat_id)
    if not user_id:
        return None
    turn = Turn(user_id=user_id, kind=_text(raw.get("type")), event_time=event_time,
                reply_token=_text(raw.get("replyToken")) or None,
                chat_id=_text(source.get("groupId")) or _text(source.get("roomId")) or None)
    if turn.chat_id and turn.kind not in ("message", "postback"):
        return None  # join, leave and member events in groups need no answer
    if turn.kind == "message":
        _read_message(turn, _dict(raw.get("message")))
    elif turn.kind == "postback":
        turn.postback = postbacks.read(_text(_dict(raw.get("postback")).get("data")))
    elif turn.kind not in ("follow", "unfollow"):
        return None
    return turn


def _read_message(turn: Turn, message: dict) -> None:
    """Fill a Turn from a message object, reading every field as the type it should have."""
    kind = message.get("type")
    turn.kind = kind if kind in MESSAGE_KINDS else "other"
    turn.message_id = _text(message.get("id")) or None
    if kind == "text":
        turn.text = _text(message.get("text"))
        turn.emoji_only = _only_line_emoji(turn.text, message.get("emojis"))
    elif kind == "image":
        turn.content_provider = _text(_dict(message.get("contentProvider")).get("type")) or "line"
        image_set = _dict(message.get("imageSet"))
        if _text(image_set.get("id")):
            turn.image_set = (_text(image_set["id"]), _count(image_set.get("index")),
                              _count(image_set.get("total")))
    elif kind == "location":
        try:
            turn.latitude, turn.longitude = _coordinate(message, "latitude", 90), \
                _coordinate(message, "longitude", 180)
        except (KeyError, TypeError, ValueError):
            turn.kind = "other"
        turn.address = _text(message.get("address")) or _text(message.get("title")) or None


def _only_line_emoji(text: str, emojis) -> bool:
    """Whether every character of the text is covered by one of LINE's emoji placeholders."""
    if not isinstance(emojis, list) or not emojis or not text.strip():
        return False
    covered = set()
    for emoji in emojis:
        index, length = _dict(emoji).get("index"), _dict(emoji).get("length")
        if isinstance(index, int) and isinstance(length, int) and 0 <= index and 0 < length <= 10:
            covered.update(range(index, index + length))
    return all(i in covered or ch.isspace() for i, ch in enumerate(text))


def _dict(value) -> dict:
    """The value if it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def _text(value) -> str:
    """The value if it is a string, a number as text, else empty; cut to a sane length."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return ""
    return str(value)[:MAX_TEXT]


def _count(value) -> int:
    """A small positive count (an image set's index or total), 1 when it is not one."""
    text = _text(value)
    return int(text) if text.isdigit() and 0 < int(text) <= 100 else 1


def _coordinate(message: dict, name: str, limit: float) -> float:
    """A latitude or longitude within range, or ValueError."""
    value = message[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
        raise ValueError(name)
    return float(value)
