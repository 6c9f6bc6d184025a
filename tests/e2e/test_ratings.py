"""One rating per finish, through signed webhooks on each database: the first tap stands, a second
is answered politely, and a case finished again after a reopen asks for stars again."""
from __future__ import annotations

from sqlalchemy import select

from storage.models import Case, CaseEvent
from tests.e2e.test_reporting import report
from tests.support import events, images
from tests.support.officers import linked_officer


def finish(line, officer: str, ticket: str, photo: str) -> None:
    """The officer takes the case and finishes it with an after-photo, in LINE."""
    line.say(officer, f"/accept {ticket}")
    line.say(officer, f"/done {ticket} ซ่อมเรียบร้อย")
    line.fake.add_content(photo, images.jpeg(30, 20))
    line.send(events.image(officer, photo))


def star_chips(message: dict) -> dict[int, str]:
    """The 1-5 star quick replies of a message, by number of stars, or none."""
    items = (message.get("quickReply") or {}).get("items", [])
    return {len(item["action"]["label"]): item["action"]["data"] for item in items
            if "a=rate" in item["action"].get("data", "")}


def rated(runtime, ticket: str) -> tuple[int | None, list[int]]:
    """The case's stars and every rating recorded in its history, oldest first."""
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        ratings = uow.session.scalars(select(CaseEvent.data).where(
            CaseEvent.case_id == case.id, CaseEvent.action == "rate").order_by(CaseEvent.id)).all()
        return case.stars, [data["stars"] for data in ratings]


def finished_report(line) -> tuple[str, str, str, dict[int, str]]:
    """An officer, a reporter, the reporter's case finished once, and the star chips they got."""
    officer, reporter = linked_officer(line, "ratchathewi"), events.new_user()
    ticket = report(line, reporter)
    finish(line, officer, ticket, "after-1")
    return officer, reporter, ticket, star_chips(line.last_to(reporter))


def test_the_first_rating_of_a_finish_stands_and_a_second_tap_is_told_it_was_already_rated(
        line_each_db):
    line, runtime = line_each_db, line_each_db.runtime
    _, reporter, ticket, chips = finished_report(line)
    assert sorted(chips) == [1, 2, 3, 4, 5]
    line.send(events.postback(reporter, chips[5]))
    assert "5" in line.last_to(reporter)["text"]
    for again in (1, 3, 2):
        line.send(events.postback(reporter, chips[again]))
        answer = line.last_to(reporter)["text"]
        assert "แล้ว" in answer and "5 ดาว" in answer, answer
    assert rated(runtime, ticket) == (5, [5])
    line.send(events.postback(reporter, f"a=stars&t={ticket}"))  # the status card's rate button
    assert star_chips(line.last_to(reporter)) == {} and "5 ดาว" in line.last_to(reporter)["text"]


def test_a_case_finished_again_after_a_reopen_asks_for_stars_again_and_keeps_the_latest(
        line_each_db):
    line, runtime = line_each_db, line_each_db.runtime
    officer, reporter, ticket, chips = finished_report(line)
    line.send(events.postback(reporter, chips[2]))
    line.say(reporter, f"เปิดใหม่ {ticket} ยังเป็นหลุมอยู่เหมือนเดิม")
    assert rated(runtime, ticket) == (2, [2])
    finish(line, officer, ticket, "after-2")
    chips = star_chips(line.last_to(reporter))
    assert sorted(chips) == [1, 2, 3, 4, 5], "the second finish asks for stars again"
    assert rated(runtime, ticket) == (None, [2])  # the new finish has no rating yet
    line.send(events.postback(reporter, chips[4]))
    line.send(events.postback(reporter, chips[1]))
    assert "4 ดาว" in line.last_to(reporter)["text"]
    assert rated(runtime, ticket) == (4, [2, 4])
