"""Build webhook events and bodies exactly as LINE's platform would send them, and sign them."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets

from storage import clock

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# The bot's own user id as LINE would name it in `destination`; fixed so bodies are comparable.
DESTINATION = "U" + hashlib.md5(b"chaeng-simulator-bot").hexdigest()


def ulid(now_ms: int | None = None) -> str:
    """A ULID (48-bit millisecond time + 80 random bits, Crockford base32), like webhookEventId."""
    value = ((now_ms if now_ms is not None else clock.epoch_ms()) << 80) | \
        int.from_bytes(os.urandom(10), "big")
    return "".join(CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def message_id() -> str:
    """An 18-digit message id, the shape LINE uses."""
    return str(secrets.randbelow(9 * 10**17) + 10**17)


def reply_token() -> str:
    """A fresh, unguessable reply token (LINE's are 32 hex characters)."""
    return secrets.token_hex(16)


def quote_token() -> str:
    """A quote token, as LINE attaches to text and image messages."""
    return secrets.token_urlsafe(48)


def event(kind: str, user_id: str, **fields) -> dict:
    """The envelope every event shares; a reply token for every kind but unfollow."""
    now = clock.epoch_ms()
    raw = {"type": kind, "mode": "active", "timestamp": now,
           "source": {"type": "user", "userId": user_id}, "webhookEventId": ulid(now),
           "deliveryContext": {"isRedelivery": False}}
    if kind != "unfollow":
        raw["replyToken"] = reply_token()
    raw.update(fields)
    return raw


def text(user_id: str, body: str) -> dict:
    """A text message event."""
    return event("message", user_id, message={"type": "text", "id": message_id(),
                                              "quoteToken": quote_token(), "text": body})


def image(user_id: str, content_id: str, image_set: tuple[str, int, int] | None = None) -> dict:
    """An image message event whose bytes LINE holds (contentProvider line) under content_id;
    one of several photos sent together carries their set's (id, index, total)."""
    message = {"type": "image", "id": content_id, "quoteToken": quote_token(),
               "contentProvider": {"type": "line"}}
    if image_set:
        message["imageSet"] = {"id": image_set[0], "index": image_set[1], "total": image_set[2]}
    return event("message", user_id, message=message)


def location(user_id: str, latitude: float, longitude: float, title: str, address: str) -> dict:
    """A location message event, as LINE's location picker sends it."""
    return event("message", user_id, message={"type": "location", "id": message_id(),
                                              "title": title, "address": address,
                                              "latitude": latitude, "longitude": longitude})


# Stickers LINE lets bots and users send (packages 446, 789, 11537-11539 of LINE's sticker list).
# The page shows an emoji in place of LINE's artwork, which is not ours to ship.
STICKERS = [
    {"packageId": "446", "stickerId": "1988", "stickerResourceType": "STATIC", "glyph": "👋",
     "keywords": ["Hello", "Hi"]},
    {"packageId": "446", "stickerId": "1989", "stickerResourceType": "STATIC", "glyph": "😊",
     "keywords": ["Happy", "Smile"]},
    {"packageId": "446", "stickerId": "2003", "stickerResourceType": "STATIC", "glyph": "👌",
     "keywords": ["OK", "Fine"]},
    {"packageId": "789", "stickerId": "10855", "stickerResourceType": "STATIC", "glyph": "🙏",
     "keywords": ["Thanks", "Please"]},
    {"packageId": "11537", "stickerId": "52002734", "stickerResourceType": "ANIMATION", "glyph": "🎉",
     "keywords": ["Yay", "Congrats"]},
    {"packageId": "11537", "stickerId": "52002738", "stickerResourceType": "ANIMATION", "glyph": "😍",
     "keywords": ["Love"]},
    {"packageId": "11538", "stickerId": "51626494", "stickerResourceType": "ANIMATION", "glyph": "😢",
     "keywords": ["Sad", "Cry"]},
    {"packageId": "11539", "stickerId": "52114110", "stickerResourceType": "ANIMATION", "glyph": "😠",
     "keywords": ["Angry"]},
]


def sticker(user_id: str, package_id: str, sticker_id: str) -> dict:
    """A sticker message event with LINE's fields: ids, resource type and keywords."""
    found = next(s for s in STICKERS if (s["packageId"], s["stickerId"]) == (package_id, sticker_id))
    return event("message", user_id, message={
        "type": "sticker", "id": message_id(), "quoteToken": quote_token(),
        "packageId": found["packageId"], "stickerId": found["stickerId"],
        "stickerResourceType": found["stickerResourceType"], "keywords": list(found["keywords"])})


def postback(user_id: str, data: str) -> dict:
    """A postback event from a button or quick reply."""
    return event("postback", user_id, postback={"data": data})


def follow(user_id: str, unblocked: bool) -> dict:
    """A follow event; isUnblocked is true when the user had blocked the bot before."""
    return event("follow", user_id, follow={"isUnblocked": unblocked})


def unfollow(user_id: str) -> dict:
    """An unfollow (block) event: LINE gives no reply token."""
    return event("unfollow", user_id)


def body(events: list[dict]) -> bytes:
    """The webhook request body LINE posts, as the exact bytes that get signed."""
    return json.dumps({"destination": DESTINATION, "events": events},
                      ensure_ascii=False, separators=(",", ":")).encode()


def sign(raw: bytes, channel_secret: str) -> str:
    """X-Line-Signature: base64 of HMAC-SHA256 of the raw body with the channel secret."""
    return base64.b64encode(hmac.new(channel_secret.encode(), raw, hashlib.sha256).digest()).decode()
