"""Cleaning and checking inbound events and postback data (pure functions)."""
import pytest

from bot.line import officer, conversation, inbound, postbacks


def test_clean_strips_control_characters_but_keeps_newlines_and_tabs():
    assert inbound.clean("a\x00b\x07c\x1bd\x7fe\x85f\ng\th\r") == "abcdef\ng\th\r"


def test_clean_replaces_lone_surrogates_and_keeps_thai_and_emoji():
    assert inbound.clean("ถนน\ud800พัง 🚧\udfff") == "ถนน\ufffdพัง 🚧\ufffd"


def test_an_event_without_a_webhook_event_id_gets_a_stable_one_from_its_content():
    event = {"type": "follow", "source": {"type": "user", "userId": "U1"}, "timestamp": 1}
    first, again = inbound.read_event(event), inbound.read_event(dict(event))
    assert first.webhook_event_id == again.webhook_event_id
    assert first.webhook_event_id.startswith("sha256-") and first.problem is None


def test_a_clean_event_is_kept_as_it_came():
    event = {"type": "message", "webhookEventId": "01ABC", "source": {"type": "user", "userId": "U1"},
             "message": {"type": "text", "text": "ไฟดับ\nหน้าซอย 5"}}
    checked = inbound.read_event(event)
    assert (checked.body, checked.user_id, checked.problem) == (event, "U1", None)


@pytest.mark.parametrize("body", [b"[" * 10_000 + b"]" * 10_000, b'{"events": 5}', b"\xff",
                                  b'{"events": [' + b"{}," * 100 + b"{}]}"])
def test_a_body_that_is_not_a_line_webhook_is_refused_with_a_reason(body):
    with pytest.raises(inbound.BadBody):
        inbound.read_body(body)


def test_every_postback_action_we_accept_has_a_step_in_the_conversation_or_the_officer_desk():
    officer_buttons = {"off"}  # bot/line/officer.py takes these before the citizen conversation
    taps = {said[4:] for _state, said in conversation.TRANSITIONS if said.startswith("tap_")}
    assert set(postbacks.CHECKS) | {postbacks.INVALID} == taps | officer_buttons
    assert set(officer.TAPS) == {"accept", "update", "forward", "finish", "reject", "case", "queue"}


@pytest.mark.parametrize("data", ["a=cases&offset=๑", "a=cases&offset=-1", "a=category",
                                  "a=case&t=2026-ABC", "a=confirm&a=teleport", "a=off&c=accept",
                                  "a=off&c=queue&t=2026-ABCDEF", "a=off&c=queue&q=later",
                                  "a=off&c=queue&offset=99999"])
def test_postback_data_our_buttons_never_send_is_invalid(data):
    assert postbacks.read(data) == {"a": postbacks.INVALID}


def test_postback_data_our_buttons_send_is_read():
    assert postbacks.read("a=cases&offset=12") == {"a": "cases", "offset": "12"}
    assert postbacks.read("a=category&c=other") == {"a": "category", "c": "other"}
    assert postbacks.read("a=off&c=queue&q=new&offset=10") == {"a": "off", "c": "queue", "q": "new",
                                                                "offset": "10"}
