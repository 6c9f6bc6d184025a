"""Other citizens in LINE see a case only through the public view: the nearby offer, a typed
ticket, follow and followers' pushes never carry personal data, a house number or a hidden case."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot import services
from bot.admin import moderation
from bot.permissions import Actor
from storage.models import Case, Follower
from tests.support import events, images
from tests.support.casework import move
from tests.support.officers import linked_officer
from tests.e2e.test_status_card import report

pytestmark = pytest.mark.usefixtures("clock")  # ages and distances from a fixed moment

VICTORY_MONUMENT = (13.7650, 100.5383)
NEARBY = (VICTORY_MONUMENT[0] + 0.0008, VICTORY_MONUMENT[1] + 0.0005)  # about 100 m away
NATIONAL_ID = "1101700207439"
PRIVATE = ("081-234-5678", "somchai.k@example.co.th", NATIONAL_ID, "somchai_99")
DESCRIPTION = ("ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว ติดต่อ 081-234-5678 "
               "somchai.k@example.co.th line: somchai_99 บัตร " + NATIONAL_ID)
LINE_ADDRESS = "99/1 หมู่บ้านเสนานิเวศน์ ถนนพญาไท แขวงถนนพญาไท เขตราชเทวี กรุงเทพมหานคร 10400"
ADMIN = Actor.admin("test")


def existing_case(runtime, *, photo: bool = True) -> tuple[str, int | None]:
    """A pothole someone else reported at Victory Monument, with LINE's address and a photo."""
    with runtime.db.uow() as uow:
        photo_ids = []
        if photo:
            stored = runtime.media.save_image(images.jpeg(), 10_000_000)
            photo_ids = [services.add_photo(uow, None, stored).id]
        case = services.submit_report(
            uow, None, description=DESCRIPTION, categories=["ถนน"], latitude=VICTORY_MONUMENT[0],
            longitude=VICTORY_MONUMENT[1], address=LINE_ADDRESS, district="ราชเทวี",
            subdistrict="ถนนพญาไท", photo_ids=photo_ids, place_words="หน้าบ้านเลขที่ 99/1")
        uow.commit()
        return case.ticket_id, (photo_ids or [None])[0]


def reach_the_offer(line, user: str) -> None:
    """A neighbour reports the same pothole: words, then a location about 100 m away."""
    line.say(user, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว")
    line.send(events.location(user, *NEARBY))


def everything_to(line, user: str) -> str:
    """All a user was sent, as one string."""
    return str(line.messages_to(user))


def hide(runtime, ticket: str) -> None:
    """A moderator hides the case."""
    with runtime.db.uow() as uow:
        moderation.set_case_hidden(uow, ticket, True, actor=ADMIN, reason="test")
        uow.commit()


def test_the_nearby_offer_carries_no_personal_data_and_no_house_number(line, runtime):
    ticket, _ = existing_case(runtime)
    neighbour = events.new_user()
    reach_the_offer(line, neighbour)
    seen = everything_to(line, neighbour)
    assert ticket in seen and "a=follow" in seen
    for private in (*PRIVATE, "99/1", "เสนานิเวศน์"):
        assert private not in seen, private
    assert "ถนนพญาไท" in seen  # the road stays


def test_a_hidden_case_is_never_offered_nearby(line, runtime):
    ticket, _ = existing_case(runtime)
    hide(runtime, ticket)
    neighbour = events.new_user()
    reach_the_offer(line, neighbour)
    assert ticket not in everything_to(line, neighbour)
    assert line.last_to(neighbour)["type"] == "flex" and "a=confirm" in str(line.last_to(neighbour))


def test_a_hidden_photo_is_never_shown_in_the_nearby_offer(line, runtime):
    ticket, photo_id = existing_case(runtime)
    with runtime.db.uow() as uow:
        moderation.set_photo_hidden(uow, ticket, photo_id, True, actor=ADMIN)
        uow.commit()
    neighbour = events.new_user()
    reach_the_offer(line, neighbour)
    seen = everything_to(line, neighbour)
    assert ticket in seen and f"/media/{photo_id}/" not in seen


def test_followers_read_the_officers_note_redacted_and_the_reporter_reads_it_whole(line, runtime):
    reporter, follower = events.new_user(), events.new_user()
    with runtime.db.uow() as uow:
        services.ensure_user(uow, reporter)
        ticket = services.submit_report(
            uow, reporter, description="ไฟดับทั้งซอย", categories=["แสงสว่าง"], latitude=13.76,
            longitude=100.53, address=None, district="ราชเทวี", subdistrict=None,
            photo_ids=[]).ticket_id
        uow.commit()
    line.send(events.postback(follower, f"a=follow&t={ticket}"))
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept", note="โทรหาผู้แจ้งที่ 081-234-5678 แล้ว ช่างจะเข้าพรุ่งนี้")
        uow.commit()
    line.drain()
    pushed = line.messages_to(follower)[-2:]
    assert "ช่างจะเข้าพรุ่งนี้" in str(pushed) and "081-234-5678" not in str(pushed)
    assert "081-234-5678" in str(line.messages_to(reporter))


def test_following_a_hidden_case_by_its_button_is_refused_as_not_found(line, runtime):
    ticket, _ = existing_case(runtime, photo=False)
    hide(runtime, ticket)
    stranger = events.new_user()
    line.send(events.postback(stranger, f"a=follow&t={ticket}"))
    line.say(stranger, ticket)
    answers = [m["text"] for m in line.messages_to(stranger)]
    assert answers[0] == answers[1] and f"ไม่พบเรื่อง {ticket}" in answers[0]
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Follower.id)) is None
        move(uow, ticket, "accept")
        uow.commit()
    line.drain()
    assert len(line.messages_to(stranger)) == 2  # no update of the hidden case reaches them


def test_a_follower_hears_nothing_more_once_the_case_is_hidden(line, runtime):
    ticket, _ = existing_case(runtime, photo=False)
    follower = events.new_user()
    line.send(events.postback(follower, f"a=follow&t={ticket}"))
    heard = len(line.messages_to(follower))
    hide(runtime, ticket)
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept", note="รับเรื่องแล้ว")
        uow.commit()
    line.drain()
    assert len(line.messages_to(follower)) == heard


def test_a_stranger_typing_the_ticket_sees_no_house_number_or_personal_data(line, runtime):
    ticket, _ = existing_case(runtime)
    stranger = events.new_user()
    line.say(stranger, ticket)
    card = str(line.last_to(stranger))
    assert ticket in card and "ถนนพญาไท" in card
    for private in (*PRIVATE, "99/1", "เสนานิเวศน์"):
        assert private not in card, private
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Case.address).where(Case.ticket_id == ticket)) == \
            LINE_ADDRESS  # staff and the reporter keep the whole address


def photo_paths(messages) -> list[str]:
    """The photo links in messages, as paths on this site."""
    return re.findall(r"https://chaeng\.example\.org(/media/\d+/\w+)", str(messages))


def test_the_reporter_and_the_officers_still_see_the_photo_of_a_case_a_moderator_hid(line, runtime):
    officer = linked_officer(line, "ratchathewi")
    reporter = events.new_user()
    ticket = report(line, reporter)
    officers_links = photo_paths(line.messages_to(officer))
    hide(runtime, ticket)
    line.say(reporter, ticket)
    reporters_links = photo_paths(line.last_to(reporter))
    client = line.app.test_client()
    assert officers_links and reporters_links
    assert all(client.get(path).status_code == 200 for path in officers_links + reporters_links)
    stranger = events.new_user()
    line.say(stranger, ticket)
    assert photo_paths(line.messages_to(stranger)) == []
    with runtime.db.uow() as uow:
        photo_id = uow.session.scalar(select(Case).where(Case.ticket_id == ticket)).photos[0].id
        moderation.set_photo_hidden(uow, ticket, photo_id, True, actor=ADMIN, reason="a face")
        uow.commit()
    assert all(client.get(path).status_code == 404 for path in officers_links + reporters_links)
