"""Every event and message type LINE documents is answered sensibly or ignored, never an error.

The bodies are ours, written from LINE's documented format, in tests/fixtures/line/: a fresh
clone runs all of them with nothing from outside the repository."""
from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import services
from storage.agencies import LineGroup
from storage.models import InboxEvent
from tests.support import events, flex
from tests.support.officers import bound_group, linked_officer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "line"
USER, GROUP, ROOM = "U" + "0" * 31 + "1", "C" + "0" * 31 + "1", "R" + "0" * 31 + "1"
# What a citizen (or a group the bot was just added to) hears back; every other event is silent.
ANSWERED = {
    "message_text", "message_text_emojis", "message_text_quoted", "message_image",
    "message_image_external", "message_image_set", "message_video", "message_audio", "message_file",
    "message_location", "message_sticker", "message_sticker_message", "follow", "follow_unblocked",
    "postback", "postback_datetime", "postback_date", "postback_time", "postback_richmenu_switch",
    "join_group",
}
BODIES = sorted(FIXTURES.glob("*.json"))


def fresh(path: Path) -> tuple[list[dict], str, str]:
    """The fixture's events with fresh ids, user, group, reply tokens and times."""
    user, group = events.new_user(), events.new_group()
    text = path.read_text(encoding="utf-8").replace(USER, user).replace(GROUP, group)
    sent = json.loads(text.replace(ROOM, "R" + secrets.token_hex(16)))["events"]
    for event in sent:
        event["webhookEventId"], event["timestamp"] = events.fresh_event_id(), events.now_ms()
        if "replyToken" in event:
            event["replyToken"] = secrets.token_hex(16)
        if "message" in event:
            event["message"]["id"] = str(int(event["message"]["id"]) + secrets.randbelow(10**9))
    return sent, user, group


def test_every_documented_event_type_has_a_body_here():
    kinds = {json.loads(p.read_text())["events"][0]["type"] for p in BODIES}
    messages = {json.loads(p.read_text())["events"][0].get("message", {}).get("type") for p in BODIES}
    assert kinds >= {"message", "follow", "unfollow", "join", "leave", "memberJoined", "memberLeft",
                     "postback", "videoPlayComplete", "beacon", "accountLink", "things", "unsend",
                     "membership", "module", "activated", "deactivated", "botSuspended",
                     "botResumed", "messageEdited"}
    assert messages >= {"text", "image", "video", "audio", "file", "location", "sticker"}


@pytest.mark.parametrize("path", BODIES, ids=lambda p: p.stem)
def test_each_documented_event_is_answered_sensibly_or_ignored_without_error(line, runtime, path):
    sent, user, group = fresh(path)
    for event in sent:  # LINE gives a group's reply token to the group when no one in it spoke
        if "replyToken" in event and "userId" not in event["source"]:
            line.fake.register_reply_token(event["replyToken"], event["source"]["groupId"])
    line.send(*sent)
    with runtime.db.uow() as uow:
        statuses = set(uow.session.scalars(select(InboxEvent.status)))
    assert statuses <= {"done", "ignored"}, statuses
    heard = line.messages_to(user) + line.messages_to(group)
    if path.stem in ANSWERED:
        assert heard, "the sender heard nothing back"
        for message in heard:
            flex.check(message)
    else:
        assert heard == []


def _case_in_ratchathewi(line) -> str:
    """A new case that routing sends to the Ratchathewi district office; its ticket id."""
    with line.runtime.db.uow() as uow:
        case = services.submit_report(uow, None, description="ไฟดับทั้งซอย", categories=["แสงสว่าง"],
                                      latitude=13.765, longitude=100.538, address=None,
                                      district="ราชเทวี", subdistrict=None, photo_ids=[])
        uow.commit()
        ticket = case.ticket_id
    line.drain()
    return ticket


def test_the_bot_leaving_a_group_stops_case_posts_there_until_it_joins_again(line, runtime):
    officer = linked_officer(line, "ratchathewi")
    group = bound_group(line, "ratchathewi", officer)
    leave = {"type": "leave", "mode": "active", "timestamp": events.now_ms(),
             "source": {"type": "group", "groupId": group},
             "webhookEventId": events.fresh_event_id(), "deliveryContext": {"isRedelivery": False}}
    line.send(leave)
    with runtime.db.uow() as uow:
        assert uow.session.get(LineGroup, group).active is False
    unseen = _case_in_ratchathewi(line)
    assert unseen not in str(line.messages_to(group)) and unseen in str(line.messages_to(officer))
    join = {**leave, "type": "join", "webhookEventId": events.fresh_event_id(),
            "timestamp": events.now_ms(), "replyToken": secrets.token_hex(16)}
    line.fake.register_reply_token(join["replyToken"], group)
    before = len(line.messages_to(group))
    line.send(join)
    assert len(line.messages_to(group)) == before  # a group it knows is not greeted again
    assert _case_in_ratchathewi(line) in str(line.messages_to(group))
