"""The intent step: what a citizen's turn means, decided once, before any step runs."""
from datetime import datetime, timezone

import pytest

from bot.line.events import Turn
from bot.line import intent
from bot.line.intent import decide, is_emoji_only

MOMENT = datetime(2026, 6, 17, 5, 0, tzinfo=timezone.utc)  # any fixed time: intents ignore it

DRAFT = {"texts": ["ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว"]}


def said(text: str, state: str = "idle", draft: dict | None = None) -> str:
    """The intent of a typed text."""
    turn = Turn(user_id="U1", kind="text", event_time=MOMENT, text=text)
    return decide(turn, state, draft or {})


@pytest.mark.parametrize("text", ["สวัสดีครับ", "สวัสดีค่ะ", "หวัดดี", "Hello!", "hi there", "ดีครับ"])
def test_greetings_are_greetings(text):
    assert said(text) == "greeting"


@pytest.mark.parametrize("text", ["ขอบคุณครับ", "ขอบคุณมากค่ะ", "Thanks!", "thank you very much"])
def test_thanks_are_thanks(text):
    assert said(text, "drafting", DRAFT) == "thanks"


@pytest.mark.parametrize("text", ["ok", "OK ครับ", "ครับ", "ค่ะ", "โอเค", "รับทราบครับ"])
def test_an_ok_is_an_acknowledgement(text):
    assert said(text, "confirming", DRAFT) == "ack"


@pytest.mark.parametrize("text", ["👍", "🙏🙏", "❤️", "👍🏽 😀"])
def test_emoji_alone_are_emoji(text):
    assert is_emoji_only(text) and said(text) == "emoji"


def test_a_report_is_a_report_even_when_it_starts_with_a_greeting():
    assert said("สวัสดีครับ ไฟถนนดับทั้งซอย มืดมาก") == "report"


def test_a_short_text_the_classifier_cannot_place_starts_no_report():
    assert said("555") == "chatter" and said("?") == "chatter"


def test_a_short_detail_in_a_draft_is_part_of_the_report():
    assert said("มันลึกมาก", "drafting", DRAFT) == "report"


def test_another_category_with_confidence_is_another_problem():
    assert said("ไฟถนนดับทั้งซอย มืดมาก", "drafting", DRAFT) == "other_problem"


@pytest.mark.parametrize("text", ["อีกเรื่องครับ หน้าบ้านมีหลุม", "another thing, the road has a hole"])
def test_saying_another_problem_is_another_problem_even_in_the_same_category(text):
    assert said(text, "confirming", DRAFT) == "other_problem"


def test_commands_and_ticket_ids_are_commands():
    assert said("ยกเลิก", "drafting", DRAFT) == "cancel" and said("My Cases") == "my_cases"
    assert said("2026-7KQ2ZD") == "show_case" and said("เปิดใหม่ 2026-7KQ2ZD ยังไม่ซ่อม") == "reopen_text"


def test_stickers_photos_and_blocked_users():
    now = MOMENT
    assert decide(Turn("U1", "sticker", now), "drafting", DRAFT) == "sticker"
    assert decide(Turn("U1", "image", now), "asking", {}) == "answer"
    assert decide(Turn("U1", "text", now, text="hi"), "idle", {}, blocked=True) == "blocked"
    assert decide(Turn("U1", "video", now), "idle", {}) == "unsupported"


@pytest.mark.parametrize("said, problem", [
    ("อีกเรื่องนะครับ ไฟถนนดับ", "ไฟถนนดับ"), ("มีอีกเรื่องหนึ่งค่ะ: ขยะล้น", "ขยะล้น"),
    ("อีกเรื่อง คะแนนน้อย", "คะแนนน้อย"), ("อีกเรื่องนะคะ", ""),
    ("another thing: the hole is near the bus stop", "the hole is near the bus stop"),
    ("One more thing, please", ""),
    ("ไฟดับอีกจุดหนึ่ง", "ไฟดับอีกจุดหนึ่ง"),  # "at another spot" is part of the problem
    ("something else entirely broke", "something else entirely broke")])
def test_a_lead_in_that_only_says_another_problem_follows_is_not_part_of_it(said, problem):
    assert intent.without_lead_in(said) == problem
