"""Odd, malformed and hostile events: they get a clear answer and never stop anyone else."""
import json
import logging
import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from storage.models import Case, InboxEvent
from tests.support import events
from tests.support.database import table_away

VICTORY_MONUMENT = (13.7650, 100.5383)


def inbox(line) -> list[SimpleNamespace]:
    """Every stored event's status, attempts and error, in arrival order."""
    with line.runtime.db.uow() as uow:
        return [SimpleNamespace(status=row.status, attempts=row.attempts, error=row.error)
                for row in uow.session.scalars(select(InboxEvent).order_by(InboxEvent.id))]


def with_message(event: dict, **fields) -> dict:
    """The event with some of its message's fields replaced."""
    return {**event, "message": {**event["message"], **fields}}


POISON = {
    "postback as a string": lambda user: {**events.postback(user, "a=confirm"), "postback": "a=confirm"},
    "contentProvider as a string": lambda user: with_message(events.image(user, "71"),
                                                             contentProvider="line"),
    "non-numeric imageSet index": lambda user: with_message(
        events.image(user, "72"), imageSet={"id": "s", "index": "first", "total": "two"}),
    "message text as an object": lambda user: with_message(events.text(user, "x"), text={"a": 1}),
    "location address as a list": lambda user: with_message(
        events.location(user, *VICTORY_MONUMENT), address=["soi", 5]),
}


@pytest.mark.parametrize("shape", POISON)
def test_a_poison_event_is_answered_and_does_not_hold_back_other_users(line_each_db, shape):
    line = line_each_db
    poisoner, other = events.new_user(), events.new_user()
    line.send(POISON[shape](poisoner), events.text(other, "ถนนเป็นหลุม อันตรายมาก"))
    assert "ตำแหน่ง" in line.last_to(other)["text"]
    assert line.messages_to(poisoner), "the sender of an odd event hears back too"
    assert {row.status for row in inbox(line)} <= {"done", "failed"}


def test_a_turn_that_keeps_failing_ends_failed_with_a_message_to_the_user(line_each_db):
    line = line_each_db
    user = events.new_user()
    with table_away(line.runtime.db.engine, "conversations"):  # a table the turn needs
        line.send(events.text(user, "ไฟดับทั้งซอย"))
    row = inbox(line)[0]
    assert (row.status, row.attempts) == ("failed", 2)
    assert "ลองใหม่" in line.last_to(user)["text"]


def test_an_event_whose_worker_died_twice_is_given_up_not_claimed_forever(line_each_db):
    line = line_each_db
    user = events.new_user()
    assert line.post(events.text(user, "น้ำท่วม")).status_code == 200
    with line.runtime.db.uow() as uow:  # what two workers killed mid-turn leave behind
        row = uow.session.scalars(select(InboxEvent)).one()
        row.status, row.claim, row.attempts = "processing", "a-dead-worker", 2
        uow.commit()
    line.drain()
    assert inbox(line)[0].status == "failed"
    assert "ลองใหม่" in line.last_to(user)["text"]


def test_the_attempt_is_counted_when_an_event_is_claimed(line_each_db):
    line = line_each_db
    user = events.new_user()
    line.fake.delay_next("content", 1.5)
    line.fake.add_content("73", b"not yet")
    assert line.post(events.image(user, "73")).status_code == 200
    worker = threading.Thread(target=line.drain)
    worker.start()
    line.fake.wait_for(lambda: line.fake.requests, timeout=5)
    claimed = inbox(line)[0]
    worker.join()
    assert (claimed.status, claimed.attempts) == ("processing", 1)


ODD_BODIES = {
    "webhookEventId longer than the column": lambda e: {**e, "webhookEventId": "W" * 300},
    "userId longer than the column": lambda e: {**e, "source": {"type": "user", "userId": "U" * 300}},
    "NUL in the userId": lambda e: {**e, "source": {"type": "user", "userId": "U12\x0034"}},
    "userId an object": lambda e: {**e, "source": {"type": "user", "userId": {"id": "U1"}}},
    "lone surrogate in the userId": lambda e: {**e, "source": {"type": "user", "userId": "U\ud800"}},
    "webhookEventId a number": lambda e: {**e, "webhookEventId": 12345},
}


@pytest.mark.parametrize("oddity", ODD_BODIES)
def test_one_odd_event_is_rejected_and_the_rest_of_its_batch_is_stored(line_each_db, oddity):
    line = line_each_db
    user = events.new_user()
    odd = ODD_BODIES[oddity](events.text(events.new_user(), "แปลก"))
    line.send(events.text(user, "หนึ่ง"), odd, events.text(user, "สอง"))
    rows = inbox(line)
    assert [row.status for row in rows] == ["done", "rejected", "done"]
    assert rows[1].error, "a rejected event says why"
    assert len(line.messages_to(user)) == 1, "the two texts came together: one answer covers both"


def test_nan_in_one_event_does_not_lose_its_batch(line_each_db):
    line = line_each_db
    user = events.new_user()
    good = json.dumps(events.text(user, "ถนนพัง"), ensure_ascii=False)
    odd = json.dumps(events.location(events.new_user(), 13.7, 100.5)).replace("13.7", "NaN")
    raw = ('{"destination": "U0", "events": [%s, %s]}' % (good, odd)).encode()
    assert line.post(raw=raw).status_code == 200
    assert [row.status for row in inbox(line)] == ["pending", "rejected"]


def test_a_deeply_nested_body_is_a_400_not_a_500(line):
    response = line.post(raw=b'{"events": ' + b"[" * 10_000 + b"]" * 10_000 + b"}")
    assert response.status_code == 400


def test_a_deeply_nested_event_is_rejected_and_its_batch_kept(line_each_db):
    line = line_each_db
    user = events.new_user()
    deep = events.text(events.new_user(), "ลึก")
    deep["extra"] = json.loads("[" * 500 + "]" * 500)
    assert line.post(events.text(user, "หนึ่ง"), deep).status_code == 200
    assert [row.status for row in inbox(line)] == ["pending", "rejected"]


def test_more_events_in_one_body_than_line_sends_is_a_400(line):
    user = events.new_user()
    response = line.post(*[events.text(user, f"{i}") for i in range(101)])
    assert response.status_code == 400 and "100" in response.json["error"]
    assert inbox(line) == []


def test_nul_and_control_characters_do_not_wedge_a_report(line_each_db):
    line = line_each_db
    user = events.new_user()
    line.say(user, "น้ำท่วม\x00ขัง\x07สูง\nมาก\tครับ")
    line.send(events.location(user, *VICTORY_MONUMENT, address="ซอย\ud800 5\x00"))
    line.send(events.postback(user, "a=confirm\x00"))
    with line.runtime.db.uow() as uow:
        description, address = uow.session.execute(select(Case.description, Case.address)).one()
    assert description == "น้ำท่วมขังสูง\nมาก\tครับ" and address == "ซอย\ufffd 5"


CRAFTED = ["a=category&c=bogus", "a=cases&offset=1e30", "a=cases&offset=" + "9" * 40,
           "a=teleport", "a=case&t=" + "X" * 200, "", "a"]


@pytest.mark.parametrize("data", CRAFTED)
def test_crafted_postback_data_is_answered_at_once_with_a_clear_sentence(line_each_db, data):
    line = line_each_db
    user = events.new_user()
    line.send(events.postback(user, data))
    row = inbox(line)[0]
    assert (row.status, row.attempts) == ("done", 1)
    assert "ปุ่ม" in line.last_to(user)["text"]


def test_errors_are_logged_and_kept_without_user_ids_or_message_text(line_each_db, caplog):
    line = line_each_db
    user = events.new_user()
    with table_away(line.runtime.db.engine, "conversations"), caplog.at_level(logging.ERROR):
        line.send(events.text(user, "ความลับ โทร 0812345678"))
    row = inbox(line)[0]
    assert caplog.records, "the failure is logged at ERROR"
    for kept in (caplog.text, row.error):
        assert user not in kept and "0812345678" not in kept and "ความลับ" not in kept
    assert "OperationalError" in row.error or "ProgrammingError" in row.error


def test_a_webhook_the_database_cannot_take_is_a_503_logged_without_user_ids(line_each_db, caplog):
    line = line_each_db
    user = events.new_user()
    with table_away(line.runtime.db.engine, "inbox_events"), caplog.at_level(logging.ERROR):
        response = line.post(events.text(user, "ความลับ โทร 0812345678"))
    assert response.status_code == 503, "LINE redelivers it once the database is back"
    assert caplog.records and user not in caplog.text and "0812345678" not in caplog.text
