"""The nearby-case offer keeps the citizen's report: follow a case that is the same problem, or go
on with one's own; each case shows its distance and age; cancelling a report asks first."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import services
from bot.texts import t
from storage.models import Case, Follower
from tests.conftest import WEDNESDAY_NOON
from tests.support import events
from tests.support.casework import move

pytestmark = pytest.mark.usefixtures("clock")

VICTORY_MONUMENT = (13.7650, 100.5383)
NEARBY = (VICTORY_MONUMENT[0] + 0.0008, VICTORY_MONUMENT[1] + 0.0005)  # about 100 m away
POTHOLE = "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว"


def pothole_reported(runtime, clock, days_ago: int = 0) -> str:
    """Someone else's pothole at Victory Monument, reported days_ago; its ticket."""
    clock.travel_to(WEDNESDAY_NOON - timedelta(days=days_ago))
    with runtime.db.uow() as uow:
        ticket = services.submit_report(
            uow, None, description="หลุมใหญ่กลางถนน", categories=["ถนน"],
            latitude=VICTORY_MONUMENT[0], longitude=VICTORY_MONUMENT[1], address=None,
            district="ราชเทวี", subdistrict="ถนนพญาไท", photo_ids=[]).ticket_id
        uow.commit()
    clock.travel_to(WEDNESDAY_NOON)
    return ticket


def write_report(line, user: str, words: str = POTHOLE) -> dict:
    """The neighbour's words and location; what the bot answered last."""
    line.say(user, words)
    line.send(events.location(user, *NEARBY))
    return line.last_to(user)


def chips(message: dict) -> dict[str, str]:
    """A message's quick-reply chips: label -> postback data."""
    return {item["action"]["label"]: item["action"]["data"]
            for item in message.get("quickReply", {}).get("items", [])}


def test_each_offered_case_shows_its_distance_and_age_with_follow_and_go_on_chips(line, runtime, clock):
    ticket = pothole_reported(runtime, clock, days_ago=3)
    neighbour = events.new_user()
    offer = write_report(line, neighbour)
    assert offer["type"] == "flex" and ticket in str(offer)
    assert "ห่างไปราว 100 เมตร" in str(offer) and "3 วันที่แล้ว" in str(offer)
    assert list(chips(offer)) == [f"ติดตาม {ticket}", "ไม่ใช่ แจ้งต่อ"]  # no chip throws the report away


def test_an_english_citizen_reads_the_offer_in_english(line, runtime, clock):
    ticket = pothole_reported(runtime, clock, days_ago=3)
    neighbour = events.new_user()
    offer = write_report(line, neighbour, "There is a deep pothole in the road, motorbikes keep falling")
    assert "about 100 m away" in str(offer) and "3 d ago" in str(offer)
    assert list(chips(offer)) == [f"Follow {ticket}", "Not it, go on"]


def test_not_it_go_on_leads_to_the_summary_and_the_report_is_sent(line, runtime, clock):
    pothole_reported(runtime, clock)
    neighbour = events.new_user()
    offer = write_report(line, neighbour)
    line.send(events.postback(neighbour, chips(offer)["ไม่ใช่ แจ้งต่อ"]))
    assert "a=confirm" in str(line.last_to(neighbour))
    line.send(events.postback(neighbour, "a=confirm"))
    with runtime.db.uow() as uow:
        mine = uow.session.scalar(select(Case).where(Case.reporter_id == neighbour))
        assert mine is not None and mine.description == POTHOLE


def test_following_from_the_offer_follows_the_case_and_says_the_report_was_not_sent(line, runtime,
                                                                                   clock):
    ticket = pothole_reported(runtime, clock)
    neighbour = events.new_user()
    offer = write_report(line, neighbour)
    line.send(events.postback(neighbour, chips(offer)[f"ติดตาม {ticket}"]))
    assert f"ติดตามเรื่อง {ticket} แล้ว" in line.last_to(neighbour)["text"]
    assert "ไม่ได้ส่ง" in line.last_to(neighbour)["text"]
    line.send(events.postback(neighbour, chips(offer)["ไม่ใช่ แจ้งต่อ"]))  # the old chip, tapped late
    assert ticket in line.last_to(neighbour)["text"] and "ไม่ได้ส่ง" in line.last_to(neighbour)["text"]
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Follower.user_id)) == neighbour
        assert uow.session.scalar(select(Case.id).where(Case.reporter_id == neighbour)) is None


def test_cases_untouched_for_two_months_are_not_offered_but_recently_worked_on_ones_are(
        line, runtime, clock):
    forgotten = pothole_reported(runtime, clock, days_ago=61)
    worked_on = pothole_reported(runtime, clock, days_ago=90)
    clock.travel_to(WEDNESDAY_NOON - timedelta(days=10))
    with runtime.db.uow() as uow:
        move(uow, worked_on, "accept", note="รับเรื่องแล้ว")
        uow.commit()
    clock.travel_to(WEDNESDAY_NOON)
    offer = write_report(line, events.new_user())
    assert worked_on in str(offer) and forgotten not in str(offer)


def test_cancelling_a_report_asks_first_and_keep_goes_on_with_it(line, runtime):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.send(events.location(user, *NEARBY))
    summary = line.last_to(user)
    cancel = next(b["action"]["data"] for b in summary["contents"]["footer"]["contents"]
                  if "a=cancel" in b["action"]["data"])
    line.send(events.postback(user, cancel))
    question = line.last_to(user)
    assert "ข้อความ 1 ข้อความ และ ตำแหน่ง" in question["text"]
    assert list(chips(question)) == ["ใช่ ยกเลิก", "ไม่ เขียนต่อ"]
    line.send(events.postback(user, chips(question)["ไม่ เขียนต่อ"]))
    assert "a=confirm" in str(line.last_to(user))  # the same report, ready to send
    line.send(events.postback(user, "a=confirm"))
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Case.description).where(Case.reporter_id == user)) == POTHOLE


def test_cancel_is_done_on_yes_or_when_sent_twice_and_at_once_with_nothing_written(line, runtime):
    user = events.new_user()
    line.say(user, "ยกเลิก")
    assert line.last_to(user)["text"] == "ตอนนี้ไม่มีเรื่องที่กำลังแจ้งครับ"
    line.say(user, POTHOLE)
    line.say(user, "ยกเลิก")
    line.send(events.postback(user, chips(line.last_to(user))["ใช่ ยกเลิก"]))
    assert line.last_to(user)["text"] == "ยกเลิกเรื่องที่กำลังแจ้งแล้วครับ"
    line.say(user, POTHOLE)
    line.say(user, "ยกเลิก")
    line.say(user, "ยกเลิก")
    assert line.last_to(user)["text"] == "ยกเลิกเรื่องที่กำลังแจ้งแล้วครับ"
    line.say(user, POTHOLE)
    line.say(user, "ยกเลิก")
    line.send(events.location(user, *NEARBY))  # doing something else answers "no"
    line.say(user, "ยกเลิก")
    assert "ข้อความ 1 ข้อความ และ ตำแหน่ง" in line.last_to(user)["text"]  # asked again
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Case.id)) is None


@pytest.mark.parametrize("yes, no", [("ใช่ครับ", "ไม่ค่ะ"), ("yes", "no, keep it")])
def test_the_cancel_question_can_be_answered_in_words_as_well_as_with_its_chips(line, runtime,
                                                                                yes, no):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.say(user, "ยกเลิก")
    line.say(user, no)  # kept, and the "no" does not join the report's words
    line.send(events.location(user, *NEARBY))
    line.send(events.postback(user, "a=confirm"))
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Case.description).where(Case.reporter_id == user)) == POTHOLE
    line.say(user, POTHOLE)
    line.say(user, "ยกเลิก")
    line.say(user, yes)
    assert line.last_to(user)["text"] in (t("cancelled", "th"), t("cancelled", "en"))
