"""Hypothesis strategies for hostile input: control characters, lone surrogates, odd JSON shapes."""
from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.support import events

# Modest and repeatable: the whole fuzz set runs in well under a minute on a busy two-core machine.
FUZZ = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
TRICKY = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\u200b", "\u202e", "\u2028", "\ufeff", "\uffff",
          "\ud800", "\udfff", "\r\n", "'", '"', "<script>", "%00", "../", "๐๑๒", "ถนน", "2026-7KQ2ZD",
          "&", "=", "a=confirm", "9" * 30]


def text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any string: every Unicode category including lone surrogates, with known troublemakers."""
    piece = st.one_of(st.text(st.characters(exclude_categories=()), max_size=8),
                      st.sampled_from(TRICKY))
    return st.lists(piece, max_size=6).map("".join).map(lambda s: s[:max_size])


def json_values() -> st.SearchStrategy:
    """Any JSON value, nested a little, numbers included NaN, infinities and bignums."""
    leaves = (st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats()
              | text())
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(text(8), inner, max_size=3), max_leaves=8)


KINDS = ("text", "postback", "image", "location", "follow", "unfollow")
PATHS = [("type",), ("mode",), ("timestamp",), ("replyToken",), ("webhookEventId",), ("source",),
         ("source", "type"), ("source", "userId"), ("source", "groupId"), ("message",),
         ("message", "type"), ("message", "id"), ("message", "text"), ("message", "latitude"),
         ("message", "imageSet"), ("postback",), ("postback", "data"), ("deliveryContext",),
         ("unknownField",)]


@st.composite
def webhook_event(draw, user: str) -> dict:
    """A LINE event of any kind with up to three fields replaced by hostile values or removed."""
    kind = draw(st.sampled_from(KINDS))
    event = {"text": lambda: events.text(user, draw(text(200))),
             "postback": lambda: events.postback(user, draw(text(300))),
             "image": lambda: events.image(user, draw(text(20))),
             "location": lambda: events.location(user, draw(st.floats()), draw(st.floats()),
                                                 draw(text())),
             "follow": lambda: events.follow(user), "unfollow": lambda: events.unfollow(user)}[kind]()
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(PATHS))
        holder = event
        for key in path[:-1]:
            holder = holder.get(key) if isinstance(holder.get(key), dict) else None
            if holder is None:
                break
        if holder is None:
            continue
        if draw(st.booleans()):
            holder[path[-1]] = draw(json_values())
        else:
            holder.pop(path[-1], None)
    return event
