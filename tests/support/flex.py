"""LINE's documented limits on what the bot sends, checked on every message a test reads."""
from __future__ import annotations

import json

from bot.line import postbacks

MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
MAX_BUBBLES = 12


def units(text: str) -> int:
    """Length in UTF-16 code units, as LINE counts."""
    return len(text.encode("utf-16-le")) // 2


def size(node) -> int:
    """Bytes of a JSON node as line-bot-sdk sends it: json.dumps escapes Thai as \\uXXXX."""
    return len(json.dumps(node))


def actions(node) -> list[dict]:
    """Every action object in a message (buttons, tappable boxes, quick replies)."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("action"), dict):
            found.append(node["action"])
        for value in node.values():
            found += actions(value)
    elif isinstance(node, list):
        for value in node:
            found += actions(value)
    return found


def check(message: dict) -> None:
    """Fail when a message breaks one of LINE's limits, or a button sends data we would refuse."""
    if message["type"] == "flex":
        assert 0 < units(message["altText"]) <= 1500
        contents = message["contents"]
        bubbles = contents["contents"] if contents["type"] == "carousel" else [contents]
        assert len(bubbles) <= MAX_BUBBLES
        assert all(size(bubble) <= MAX_BUBBLE_BYTES for bubble in bubbles)
        assert size(contents) <= MAX_CAROUSEL_BYTES
    if message["type"] == "text":
        assert units(message["text"]) <= 5000
    assert len(message.get("quickReply", {}).get("items", [])) <= 13
    for action in actions(message):
        if "label" in action:
            assert units(action["label"]) <= 20, action["label"]
        if action["type"] == "postback":
            assert units(action["data"]) <= 300
            assert postbacks.read(action["data"])["a"] != postbacks.INVALID, action["data"]
