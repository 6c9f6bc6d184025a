"""The citizen's status card: a case as a small status page, with only the buttons they may use."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import services
from storage.models import Case
from tests.support import events, flex, images
from tests.support.casework import move

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment

TICKET = re.compile(r"\d{4}-[2-9A-HJ-NP-Z]{6}")
VICTORY_MONUMENT = (13.7650, 100.5383)
WAITING_COLOUR, FINISHED_COLOUR = "#E8A317", "#2E7D32"


def report(line, user, text="ถนนเป็นหลุมลึกตรงปากซอยราชวิถี 5 รถจักรยานยนต์ล้มหลายคัน"):
    """Text, photo and location, then confirm (choosing the first category if asked): the ticket."""
    line.fake.add_content("77" + user[-8:], images.jpeg())
    line.send(events.text(user, text))
    line.send(events.image(user, "77" + user[-8:]))
    line.send(events.location(user, *VICTORY_MONUMENT, address="Ratchawithi Rd"))
    last = line.last_to(user)
    if last["type"] == "text":  # the category chooser
        line.send(events.postback(user, last["quickReply"]["items"][0]["action"]["data"]))
    line.send(events.postback(user, "a=confirm"))
    return TICKET.findall(line.texts_to(user))[-1]


def card_for(line, user, ticket) -> dict:
    """What the user sees after typing a ticket id; every message is checked against LINE's limits."""
    line.say(user, ticket)
    card = line.last_to(user)
    flex.check(card)
    return card


def button_actions(card) -> set[str]:
    """The postback actions of a card's footer buttons."""
    footer = card["contents"].get("footer", {"contents": []})["contents"]
    return {dict(pair.split("=") for pair in b["action"]["data"].split("&"))["a"] for b in footer}


def test_a_new_ticket_shows_its_status_card_with_the_place_and_what_to_do_next(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    card = line.last_to(user)
    flex.check(card)
    text = str(card["contents"])
    assert card["type"] == "flex" and ticket in text and "รอรับเรื่อง" in text
    assert card["contents"]["header"]["backgroundColor"] == WAITING_COLOUR
    assert re.search(r"แขวง(ทุ่งพญาไท|ถนนพญาไท) เขตราชเทวี", text)
    assert "ปากซอยราชวิถี 5" in text and "สำนักงานเขตราชเทวี" in text
    assert "แจ้งเรื่อง" in text and "เมื่อสักครู่" in text  # the timeline and the time since reporting
    assert button_actions(card) == {"addinfo", "map"}
    chips = [item["action"]["data"] for item in card["quickReply"]["items"]]
    assert chips == ["a=newreport", "a=cases"]
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert case.place_words == "ปากซอยราชวิถี 5"


def test_the_card_says_how_long_ago_the_case_was_reported(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        case.created_at -= timedelta(days=3, hours=4)
        uow.commit()
    assert "3 วัน 4 ชม.ที่แล้ว" in str(card_for(line, user, ticket)["contents"])


def test_an_english_citizen_reads_the_place_office_and_state_in_english(line):
    user = events.new_user()
    ticket = report(line, user, "Deep pothole near Victory Monument, motorbikes fall")
    text = str(card_for(line, user, ticket)["contents"])
    assert re.search(r"(Thung Phaya Thai|Thanon Phaya Thai), Ratchathewi", text)
    assert "near Victory Monument" in text and "Waiting" in text and "Reported" in text
    assert "เขต" not in text


def test_the_card_tells_the_story_with_dates_notes_and_before_and_after_photos(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept", note="ส่งทีมช่างแล้ว")
        move(uow, ticket, "finish", note="ซ่อมถนนเรียบร้อย")
        uow.commit()
    line.drain()
    card = card_for(line, user, ticket)
    bubble = card["contents"]
    text = str(bubble)
    assert bubble["header"]["backgroundColor"] == FINISHED_COLOUR and "เสร็จสิ้น" in text
    assert "รับเรื่อง: ส่งทีมช่างแล้ว" in text and "เสร็จสิ้น: ซ่อมถนนเรียบร้อย" in text
    assert bubble["hero"]["contents"][0]["url"].startswith("https://chaeng.example.org/media/")
    assert "หลังแก้ไข" in text and text.count("https://chaeng.example.org/media/") == 2
    assert button_actions(card) == {"stars", "reopen", "map"}


def test_each_citizen_gets_only_the_buttons_they_may_use(line):
    reporter, follower, stranger = events.new_user(), events.new_user(), events.new_user()
    ticket = report(line, reporter, "ไฟดับทั้งซอย ปากซอยราชวิถี 5 ติดต่อ 081-234-5678")
    line.send(events.postback(follower, f"a=follow&t={ticket}"))
    assert "ติดตามเรื่อง" in line.last_to(follower)["text"]
    assert button_actions(card_for(line, reporter, ticket)) == {"addinfo", "map"}
    assert button_actions(card_for(line, follower, ticket)) == {"unfollow", "map"}
    stranger_card = card_for(line, stranger, ticket)
    assert button_actions(stranger_card) == {"follow", "map"}
    assert "081-234-5678" not in str(stranger_card) and "081-234-5678" in str(
        card_for(line, reporter, ticket))


def test_a_stranger_asking_for_a_hidden_case_is_told_there_is_none(line, runtime):
    reporter, stranger = events.new_user(), events.new_user()
    ticket = report(line, reporter)
    with runtime.db.uow() as uow:
        uow.session.scalar(select(Case).where(Case.ticket_id == ticket)).hidden = True
        uow.commit()
    line.say(stranger, ticket)
    assert f"ไม่พบเรื่อง {ticket}" in line.last_to(stranger)["text"]


def test_show_on_map_sends_the_place_as_a_line_location(line):
    user = events.new_user()
    ticket = report(line, user)
    line.send(events.postback(user, f"a=map&t={ticket}"))
    place = line.last_to(user)
    assert place["type"] == "location" and ticket in place["title"]
    assert (place["latitude"], place["longitude"]) == VICTORY_MONUMENT
    assert "เขตราชเทวี" in place["address"]


def test_the_rate_button_offers_five_stars_and_the_tap_is_recorded(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept")
        move(uow, ticket, "finish")
        uow.commit()
    line.drain()
    line.send(events.postback(user, f"a=stars&t={ticket}"))
    chips = line.last_to(user)["quickReply"]["items"]
    assert [c["action"]["label"] for c in chips] == ["★" * n for n in range(1, 6)]
    line.send(events.postback(user, chips[3]["action"]["data"]))
    card = card_for(line, user, ticket)
    assert "★★★★" in str(card) and button_actions(card) == {"reopen", "map"}


def test_my_cases_bubbles_open_their_status_card(line, runtime):
    user = events.new_user()
    first, second = report(line, user), report(line, user, "ขยะล้นถังหน้าโรงเรียน ส่งกลิ่นเหม็น")
    line.say(user, "เรื่องของฉัน")
    carousel = line.last_to(user)
    flex.check(carousel)
    bubbles = carousel["contents"]["contents"]
    assert [TICKET.search(str(b["header"])).group(0) for b in bubbles] == [second, first]
    tap = bubbles[1]["body"]["action"]
    assert tap["type"] == "postback" and first in tap["data"]
    line.send(events.postback(user, tap["data"]))
    card = line.last_to(user)
    assert card["altText"].startswith(first) and button_actions(card) == {"addinfo", "map"}


def test_cards_stay_within_line_limits_however_long_the_case(line, runtime):
    user = events.new_user()
    with runtime.db.uow() as uow:
        services.ensure_user(uow, user)
        tickets = [services.submit_report(
            uow, user, description="ถนนพัง " * 700, categories=["ถนน", "ทางเท้า"], latitude=13.75,
            longitude=100.53, address="ที่อยู่ " * 200, district="ราชเทวี", subdistrict="ถนนพญาไท",
            photo_ids=[], place_words="ปากซอย " * 40).ticket_id for _ in range(13)]
        for _ in range(12):
            move(uow, tickets[-1], "update", note="ความคืบหน้า " * 300) if _ else move(
                uow, tickets[-1], "accept", note="รับแล้ว " * 300)
        uow.commit()
    line.drain()
    card_for(line, user, tickets[-1])
    line.say(user, "my cases")
    flex.check(line.last_to(user))


def test_an_english_citizen_is_told_a_thai_note_is_the_offices_words_in_thai(line, runtime):
    user = events.new_user()
    ticket = report(line, user, "Deep pothole near Victory Monument, motorbikes fall")
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept", note="ส่งทีมช่างแล้ว")
        move(uow, ticket, "update", note="The crew arrives tomorrow")
        uow.commit()
    line.drain()
    told = [m["text"] for m in line.messages_to(user) if m["type"] == "text"][-2:]
    assert told[0].endswith("\nNote from the office (in Thai): ส่งทีมช่างแล้ว")
    assert told[1].endswith("\nNote from the office: The crew arrives tomorrow")
    text = str(card_for(line, user, ticket)["contents"])
    assert "Accepted (in Thai): ส่งทีมช่างแล้ว" in text
    assert "Update: The crew arrives tomorrow" in text and "Reported" in text
    assert re.sub(r"ส่งทีมช่างแล้ว", "", text) == re.sub(r"[\u0e00-\u0e7f]", "", re.sub(
        r"ส่งทีมช่างแล้ว", "", text)), "no other Thai on an English card"


def test_the_card_names_one_subdistrict_even_when_lines_address_names_another(line):
    user = events.new_user()
    line.say(user, "ทางเท้าชำรุด กระเบื้องแตกเป็นแนวยาว")
    line.send(events.location(user, 13.7380, 100.5600,
                              address="1 ซอยสุขุมวิท 21 แขวงคลองตันเหนือ เขตวัฒนา กรุงเทพมหานคร 10110"))
    last = line.last_to(user)
    if last["type"] == "text":  # the category chooser
        line.send(events.postback(user, last["quickReply"]["items"][0]["action"]["data"]))
    line.send(events.postback(user, "a=confirm"))
    ticket = TICKET.findall(line.texts_to(user))[-1]
    text = str(card_for(line, user, ticket)["contents"])
    assert "แขวงคลองเตยเหนือ เขตวัฒนา\\n1 ซอยสุขุมวิท 21" in text, "the bot's place, then the street"
    assert "คลองตันเหนือ" not in text and text.count("แขวง") == 1 and "10110" not in text
