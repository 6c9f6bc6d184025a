"""A citizen's PDPA rights in the chat: "my data", a copy behind a 24-hour link, erasure after a yes.

Signed webhooks in, the fake LINE server out, the copy link fetched through the web app."""
from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import services
from bot.privacy import pseudonym
from bot.web import mydata
from storage.models import Follower, LineUser, PrivacyRequest, utcnow
from tests.support import events
from tests.support.officers import linked_officer
from tests.support.privacy import citizen_with_history, copy_link, path_of, report


@pytest.fixture
def line(line_each_db):
    """Every test here on SQLite and on PostgreSQL."""
    return line_each_db


def chips(message: dict) -> list[str]:
    """The postback data of a message's quick-reply chips."""
    return [item["action"].get("data", "") for item in message.get("quickReply", {}).get("items", [])]


def buttons(message: dict) -> list[str]:
    """The postback data of a Flex bubble's footer buttons."""
    return [c["action"]["data"] for c in message["contents"]["footer"]["contents"]]


def known(runtime, user: str) -> bool:
    """Whether any row still names the user as a LINE user."""
    with runtime.db.uow() as uow:
        return uow.session.get(LineUser, user) is not None


def test_my_data_says_in_plain_words_what_is_kept_in_thai_and_in_english(line):
    thai, english = events.new_user(), events.new_user()
    line.send(events.follow(thai))
    report(line, thai, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว", "7100001")
    line.say(thai, "ข้อมูลของฉัน")
    said = line.last_to(thai)
    assert "เรื่องที่คุณแจ้ง 1 เรื่อง" in said["text"] and "เก็บไว้ 90 วัน" in said["text"]
    assert "ภาษาที่เราใช้ตอบ (ไทย)" in said["text"]
    assert chips(said) == ["a=datacopy", "a=erase"]
    line.say(english, "My data")
    said = line.last_to(english)
    assert said["text"].startswith("What Chaeng keeps about you")
    assert "0 case(s) you reported" in said["text"] and "(English)" in said["text"]
    line.send(events.postback(english, "a=mydata"))  # the rich menu's button says the same
    assert line.last_to(english)["text"] == said["text"].replace("(1 now)", "(2 now)")


def test_the_copy_link_serves_everything_kept_about_the_citizen_and_nothing_about_anyone_else(line):
    user = events.new_user()
    tickets = citizen_with_history(line, user)
    link = copy_link(line, user)
    assert user not in link and user.encode() not in base64.urlsafe_b64decode(
        link.rsplit("/", 1)[1] + "==")  # the LINE id is sealed, not merely encoded
    answer = line.client.get(path_of(link))
    assert answer.status_code == 200
    assert "no-store" in answer.headers["Cache-Control"] and "private" in answer.headers["Cache-Control"]
    assert answer.headers["Content-Disposition"].startswith("attachment")
    copy = json.loads(answer.get_data(as_text=True))
    assert copy["line_user_id"] == user and copy["profile"]["language"] == "th"
    reported = {case["ticket_id"]: case for case in copy["cases_reported"]}
    assert set(reported) == {tickets["rated"], tickets["other"]}
    rated = reported[tickets["rated"]]
    assert [step["action"] for step in rated["timeline"]] == ["create", "accept", "finish", "rate"]
    assert rated["timeline"][1]["note"] == "โทรหาผู้แจ้งที่ 081-234-5678 แล้ว"
    assert rated["photos"] and all(p["url"].startswith("https://chaeng.example.org/media/")
                                   for p in rated["photos"])
    assert copy["follows"][0]["ticket_id"] == tickets["followed"]
    assert copy["ratings"] == [{"ticket_id": tickets["rated"], "stars": 4}]
    assert copy["conversation"]["draft"]["texts"] == ["ขยะล้นถังส่งกลิ่นเหม็นมาก"]
    assert len(copy["photos_not_in_a_case"]) == 1
    assert [a["action"] for a in copy["refused_attempts"]] == ["rate"]
    assert any((m["event"] or {}).get("message", {}).get("text") == "ขยะล้นถังส่งกลิ่นเหม็นมาก"
               for m in copy["messages_you_sent"])
    assert copy["messages_sent_to_you"]
    assert tickets["neighbour"] not in answer.get_data(as_text=True)
    assert "น้ำท่วมขัง" not in answer.get_data(as_text=True)  # the followed case is not theirs
    with line.runtime.db.uow() as uow:
        request = uow.session.scalar(select(PrivacyRequest))
        assert (request.kind, request.who) == ("copy", pseudonym(line.runtime.settings.secret_key, user))
        assert request.done_at is not None


def test_the_copy_link_works_for_24_hours_and_not_a_second_longer(line, clock):
    user = events.new_user()
    line.say(user, "my data")
    link = copy_link(line, user)
    assert "until" in line.last_to(user)["text"] or "ถึง" in line.last_to(user)["text"]
    made = utcnow()
    clock.travel_to(made + timedelta(hours=23, minutes=59))
    assert line.client.get(path_of(link)).status_code == 200
    clock.travel_to(made + timedelta(hours=24, seconds=1))
    expired = line.client.get(path_of(link))
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    assert "no-store" in expired.headers["Cache-Control"]


def test_a_link_altered_or_sealed_with_another_key_is_refused_and_says_nothing(line):
    user, other = events.new_user(), events.new_user()
    line.say(user, "สวัสดี")
    line.say(other, "สวัสดี")
    link = copy_link(line, user)
    token = link.rsplit("/", 1)[1]
    altered = token[:20] + ("A" if token[20] != "A" else "B") + token[21:]
    foreign = mydata.seal(replace(line.runtime.settings, secret_key="another-key"), other,
                          utcnow() + timedelta(hours=1))
    for bad in (altered, foreign, "not-a-token", "A" * 600):
        answer = line.client.get(f"/my-data/{bad}")
        assert answer.status_code == 404
        assert user not in answer.get_data(as_text=True) and other not in answer.get_data(as_text=True)
    mine = json.loads(line.client.get(path_of(copy_link(line, other))).get_data(as_text=True))
    assert mine["line_user_id"] == other and user not in json.dumps(mine)


def test_erasure_is_asked_first_and_anything_but_yes_keeps_everything(line):
    user = events.new_user()
    line.say(user, "ไฟส่องสว่างดับทั้งซอย มืดมาก")
    line.say(user, "ลบข้อมูลของฉัน")
    question = line.last_to(user)
    assert question["type"] == "flex" and buttons(question) == ["a=eraseyes", "a=erasekeep"]
    line.say(user, "ไม่ดีกว่า")
    kept = line.texts_to(user)
    assert "ไม่ได้ลบข้อมูลใด ๆ" in kept and "ส่งตำแหน่ง" in kept  # back to the report being written
    assert known(line.runtime, user)
    line.send(events.postback(user, "a=eraseyes"))  # the old card's button, question closed
    assert "คำถามนี้ปิดไปแล้ว" in line.last_to(user)["text"] and known(line.runtime, user)
    line.send(events.postback(user, "a=erase"))
    line.send(events.postback(user, "a=erasekeep"))
    assert "ไม่ได้ลบข้อมูลใด ๆ" in line.last_to(user)["text"] and known(line.runtime, user)


def test_a_typed_yes_erases_the_citizen_and_their_cases_stay_without_them(line):
    user = events.new_user()
    tickets = citizen_with_history(line, user)
    line.send(events.postback(user, "a=erase"))
    line.say(user, "ใช่ครับ")
    assert "ลบข้อมูลของคุณแล้ว" in line.last_to(user)["text"]
    with line.runtime.db.uow() as uow:
        assert uow.session.get(LineUser, user) is None
        for ticket in (tickets["rated"], tickets["other"]):
            case = services.find_case(uow, ticket)
            assert case.reporter_id is None and "081-234-5678" not in case.description
            assert all("081-234-5678" not in (e.note or "") and user not in e.actor
                       for e in case.events)
        assert not uow.session.scalars(select(Follower).where(Follower.user_id == user)).all()
        erasure = uow.session.scalar(select(PrivacyRequest).where(PrivacyRequest.kind == "erasure"))
        assert erasure.done_at is not None and erasure.finishing_user_id is None
    line.say(user, "ข้อมูลของฉัน")  # the same LINE user writes again: a new user
    assert "เรื่องที่คุณแจ้ง 0 เรื่อง" in line.last_to(user)["text"]


def test_the_delete_button_erases_in_english(line):
    user = events.new_user()
    line.say(user, "my data")
    line.send(events.postback(user, "a=erase"))
    assert line.last_to(user)["altText"] == "Delete all your data?"
    line.send(events.postback(user, "a=eraseyes"))
    assert line.last_to(user)["text"].startswith("Your data is deleted.")
    assert not known(line.runtime, user)


def test_a_yes_long_after_the_question_erases_nothing(line):
    user, asked = events.new_user(), events.now_ms()
    line.send(events.text(user, "delete my data", timestamp=asked))
    line.send(events.text(user, "yes", timestamp=asked + 11 * 60 * 1000))  # eleven minutes later
    assert "nothing was deleted" in line.last_to(user)["text"] and known(line.runtime, user)


def test_a_blocked_citizen_may_still_read_copy_and_erase_their_data(line):
    user = events.new_user()
    line.say(user, "hello")
    with line.runtime.db.uow() as uow:
        uow.session.get(LineUser, user).blocked = True
        uow.commit()
    line.say(user, "a pothole on my street")
    assert "suspended" in line.last_to(user)["text"]
    line.say(user, "my data")
    assert line.last_to(user)["text"].startswith("What Chaeng keeps about you")
    assert line.client.get(path_of(copy_link(line, user))).status_code == 200
    line.send(events.postback(user, "a=erase"))
    line.say(user, "yes")
    assert not known(line.runtime, user)


def test_a_linked_officer_is_asked_to_be_unlinked_before_erasure(line):
    officer = linked_officer(line, "ratchathewi")
    line.say(officer, "ลบข้อมูลของฉัน")
    line.send(events.postback(officer, "a=eraseyes"))
    assert "ผูกกับบัญชีเจ้าหน้าที่" in line.last_to(officer)["text"]
    with line.runtime.db.uow() as uow:
        assert services.officer_by_line_id(uow, officer) is not None
    assert known(line.runtime, officer)
