"""A citizen reports a problem in LINE and follows it: signed webhooks in, fake LINE out."""
import io
import re
from datetime import timedelta

from PIL import Image
from sqlalchemy import func, select

from bot import services
from bot.permissions import Actor
from storage.models import Case, InboxEvent, OutboxMessage, Photo
from tests.support import events, images

TICKET = re.compile(r"\d{4}-[2-9A-HJ-NP-Z]{6}")
VICTORY_MONUMENT = (13.7650, 100.5383)


def quick_actions(message: dict) -> list[str]:
    """The action types of a message's quick-reply chips."""
    return [item["action"]["type"] for item in message.get("quickReply", {}).get("items", [])]


def confirm_report(line, user):
    """Answer the summary (or the category question) until the case is created."""
    last = line.last_to(user)
    if last["type"] == "text" and "postback" in quick_actions(last):
        first_chip = last["quickReply"]["items"][0]["action"]["data"]
        line.send(events.postback(user, first_chip))
    assert line.last_to(user)["type"] == "flex", "a summary card is shown before confirming"
    line.send(events.postback(user, "a=confirm"))
    return TICKET.search(line.texts_to(user)).group(0)


def report(line, user, text="ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว"):
    """A whole report: text, photo, location, confirm; returns the ticket id."""
    line.fake.add_content("900001" + user[-6:], images.jpeg(with_gps=True))
    line.send(events.text(user, text))
    line.send(events.image(user, "900001" + user[-6:]))
    line.send(events.location(user, *VICTORY_MONUMENT, address="อนุสาวรีย์ชัยสมรภูมิ"))
    return confirm_report(line, user)


def count(runtime, model) -> int:
    """How many rows a table has."""
    with runtime.db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_a_report_with_text_photo_and_location_becomes_a_case_with_a_ticket_id(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert case.reporter_id == user and case.state == "waiting"
        assert case.district == "ราชเทวี" and case.latitude == VICTORY_MONUMENT[0]
        assert case.categories and "หลุม" in case.description
        assert len(case.photos) == 1 and "waiting" in case.state_times
        assert case.source == "line" and not case.hidden
    assert ticket in line.texts_to(user)


def test_the_bot_asks_for_the_location_with_a_location_button(line):
    user = events.new_user()
    line.say(user, "ไฟถนนดับทั้งซอย มืดมาก")
    assert "location" in quick_actions(line.last_to(user))
    assert "ตำแหน่ง" in line.last_to(user)["text"]


def test_stored_photos_lose_their_gps_exif(line, runtime):
    user = events.new_user()
    report(line, user)
    with runtime.db.uow() as uow:
        photo = uow.session.scalars(select(Photo).where(Photo.owner_id == user)).one()
        path = runtime.media.path_of(photo.path)
    assert str(path).startswith(runtime.settings.media_dir)
    assert dict(Image.open(io.BytesIO(path.read_bytes())).getexif()) == {}


def test_photo_location_and_text_may_come_in_any_order(line, runtime):
    user = events.new_user()
    line.fake.add_content("777", images.jpeg())
    line.send(events.location(user, *VICTORY_MONUMENT))
    line.send(events.image(user, "777"))
    assert "ask" not in line.last_to(user).get("text", "") and line.last_to(user)["type"] == "text"
    line.send(events.text(user, "น้ำท่วมขังสูง รถเล็กผ่านไม่ได้"))
    ticket = confirm_report(line, user)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert len(case.photos) == 1 and case.district == "ราชเทวี"


def test_several_photos_sent_together_get_one_answer(line, runtime):
    user = events.new_user()
    line.say(user, "ทางเท้าชำรุด กระเบื้องแตก")
    before = len(line.messages_to(user))
    for index in (1, 2, 3):
        line.fake.add_content(f"55{index}", images.jpeg(10 + index, 10))
    line.send(*[events.image(user, f"55{i}", image_set=("set-1", i, 3)) for i in (1, 2, 3)])
    assert len(line.messages_to(user)) == before + 1
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Photo)
                                  .where(Photo.owner_id == user)) == 3


def test_the_same_webhook_body_twice_makes_one_case_and_one_reply(line, runtime):
    user = events.new_user()
    line.fake.add_content("42", images.jpeg())
    for event in (events.text(user, "ต้นไม้ล้มขวางถนน"), events.image(user, "42"),
                  events.location(user, *VICTORY_MONUMENT)):
        line.send(event)
    summary = line.last_to(user)
    if summary["type"] == "text":
        line.send(events.postback(user, summary["quickReply"]["items"][0]["action"]["data"]))
    confirm = events.postback(user, "a=confirm")
    line.send(confirm)
    replies = len(line.messages_to(user))
    assert line.post(confirm).status_code == 200
    assert line.post(confirm).json["stored"] == 0
    line.drain()
    assert count(runtime, Case) == 1
    assert len(line.messages_to(user)) == replies


def test_cancel_drops_the_report_being_written(line, runtime):
    user = events.new_user()
    line.say(user, "ขยะกองใหญ่ส่งกลิ่นเหม็น")
    line.say(user, "ยกเลิก")
    assert "ยกเลิก" in line.last_to(user)["text"]  # it asks first; sent again, it is done
    line.say(user, "ยกเลิก")
    assert line.last_to(user)["text"] == "ยกเลิกเรื่องที่กำลังแจ้งแล้วครับ"
    line.send(events.location(user, *VICTORY_MONUMENT))
    assert "เล่าปัญหา" in line.last_to(user)["text"], "the old text is gone, so it asks again"
    assert count(runtime, Case) == 0


def test_a_draft_left_idle_too_long_expires(line):
    user = events.new_user()
    line.send(events.text(user, "สายไฟห้อยต่ำ", timestamp=1_700_000_000_000))
    later = 1_700_000_000_000 + int(timedelta(hours=2).total_seconds() * 1000)
    line.send(events.location(user, *VICTORY_MONUMENT, timestamp=later))
    assert "หมดเวลา" in line.texts_to(user)


def test_a_citizen_who_writes_english_is_answered_in_english(line):
    user = events.new_user()
    line.say(user, "street light broken in front of soi 5")
    assert "location" in line.last_to(user)["text"].lower()


def test_my_cases_shows_the_newest_twelve_and_a_more_button(line, runtime):
    user = events.new_user()
    with runtime.db.uow() as uow:
        services.ensure_user(uow, user)
        tickets = [services.submit_report(
            uow, user, description=f"ปัญหาที่ {i}", categories=["ถนน"], latitude=None,
            longitude=None, address=None, district=None, subdistrict=None,
            photo_ids=[]).ticket_id for i in range(13)]
        uow.commit()
    line.say(user, "เรื่องของฉัน")
    carousel = line.last_to(user)
    assert carousel["contents"]["type"] == "carousel"
    bubbles = carousel["contents"]["contents"]
    assert len(bubbles) == 12 and tickets[-1] in str(bubbles[0]) and tickets[0] not in str(bubbles)
    more = carousel["quickReply"]["items"][0]["action"]["data"]
    line.send(events.postback(user, more))
    assert tickets[0] in str(line.last_to(user)["contents"])


def test_a_ticket_id_shows_a_stranger_the_public_card_without_the_reporters_buttons(line):
    reporter, stranger = events.new_user(), events.new_user()
    ticket = report(line, reporter)
    line.say(reporter, ticket.lower())
    assert line.last_to(reporter)["altText"].startswith(ticket)
    line.say(stranger, ticket)
    footer = str(line.last_to(stranger)["contents"]["footer"])
    assert "a=follow" in footer and "a=addinfo" not in footer and "a=reopen" not in footer


def test_a_state_change_is_pushed_to_the_reporter_with_the_note(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    with runtime.db.uow() as uow:
        services.accept(uow, ticket, Actor.admin("test"), note="ส่งทีมไปตรวจแล้ว")
        uow.commit()
    line.drain()
    pushes = [d for d in line.fake.deliveries if d.kind == "push" and d.to == user]
    assert pushes and pushes[-1].retry_key
    assert "กำลังดำเนินการ" in str(pushes[-1].messages) and "ส่งทีมไปตรวจแล้ว" in str(pushes[-1].messages)


def test_a_follower_is_greeted_and_told_how_their_data_is_used(line):
    user = events.new_user()
    line.send(events.follow(user))
    assert "PDPA" in line.last_to(user)["text"]


def test_a_user_who_unfollowed_gets_no_pushes(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    line.send(events.unfollow(user))
    delivered = len(line.messages_to(user))
    with runtime.db.uow() as uow:
        services.accept(uow, ticket, Actor.admin("test"))
        uow.commit()
    line.drain()
    assert len(line.messages_to(user)) == delivered
    with runtime.db.uow() as uow:
        statuses = uow.session.scalars(select(OutboxMessage.status)
                                       .where(OutboxMessage.purpose == "status")).all()
    assert statuses == ["skipped"]


def test_standby_events_are_stored_but_never_answered(line, runtime):
    user = events.new_user()
    event = {**events.text(user, "ถนนพัง"), "mode": "standby"}
    line.send(event)
    assert line.messages_to(user) == [] and count(runtime, InboxEvent) == 1


def test_a_file_that_is_not_an_image_gets_a_clear_answer(line, runtime):
    user = events.new_user()
    line.fake.add_content("13", b"this is not a jpeg", "image/jpeg")
    line.send(events.image(user, "13"))
    assert "JPEG" in line.last_to(user)["text"]
    assert count(runtime, Photo) == 0


def test_a_photo_line_no_longer_has_is_asked_for_again(line):
    user = events.new_user()
    line.send(events.image(user, "404404"))
    assert "ส่งรูปอีกครั้ง" in line.last_to(user)["text"]


def test_a_video_is_answered_with_what_the_bot_can_read(line):
    user = events.new_user()
    video = {**events.text(user, ""), "message": {"type": "video", "id": "1", "duration": 1000,
                                                 "contentProvider": {"type": "line"}}}
    line.send(video)
    assert "วิดีโอ" in line.last_to(user)["text"] and "ส่งรูป" in line.last_to(user)["text"]


def test_case_cards_show_bangkok_time(line, runtime):
    user = events.new_user()
    ticket = report(line, user)
    with runtime.db.uow() as uow:
        created = uow.session.scalar(select(Case.created_at).where(Case.ticket_id == ticket))
    bangkok = (created + timedelta(hours=7)).strftime("%Y-%m-%d %H:%M")
    line.say(user, ticket)
    assert bangkok in str(line.last_to(user)["contents"])


def test_a_photo_is_acknowledged_with_how_many_the_report_has(line):
    user = events.new_user()
    line.fake.add_content("61", images.jpeg())
    line.say(user, "ท่อระบายน้ำอุดตัน")
    line.send(events.image(user, "61"))
    assert "ได้รับรูปแล้ว 1 รูป" in line.last_to(user)["text"]
    assert "location" in quick_actions(line.last_to(user))


def test_a_clear_report_shows_its_predicted_category_for_confirmation(line):
    user = events.new_user()
    line.say(user, "น้ำท่วมขังสูงถึงเข่า รถผ่านไม่ได้เลย")
    line.send(events.location(user, *VICTORY_MONUMENT))
    summary = line.last_to(user)
    assert summary["type"] == "flex" and "น้ำท่วม" in summary["altText"]


def test_an_unclear_report_offers_the_top_three_categories_and_other(line, runtime):
    user = events.new_user()
    line.say(user, "มีปัญหาตรงนี้ครับ ช่วยดูหน่อย")
    line.send(events.location(user, *VICTORY_MONUMENT))
    question = line.last_to(user)
    labels = [item["action"]["label"] for item in question["quickReply"]["items"]]
    assert question["type"] == "text" and len(labels) == 6
    assert labels[3:] == ["หมวดทั้งหมด", "อื่น ๆ", "ยกเลิก"]
    chosen = question["quickReply"]["items"][1]["action"]
    name = chosen["label"].split(" ", 1)[1]  # after its icon
    line.send(events.postback(user, chosen["data"]))
    assert name in line.last_to(user)["altText"]
    ticket = confirm_report(line, user)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert case.categories == [name]


def test_other_leaves_the_category_for_an_officer_to_sort(line, runtime):
    user = events.new_user()
    line.say(user, "ช่วยด้วยครับ")
    line.send(events.location(user, *VICTORY_MONUMENT))
    line.send(events.postback(user, "a=category&c=other"))
    line.send(events.postback(user, "a=confirm"))
    with runtime.db.uow() as uow:
        assert uow.session.scalars(select(Case.categories)).one() == []


def test_a_short_english_report_is_classified_and_summarised_in_english(line):
    user = events.new_user()
    line.say(user, "street light broken in front of soi 5")
    line.send(events.location(user, *VICTORY_MONUMENT))
    summary = line.last_to(user)
    assert summary["type"] == "flex" and "Street light" in summary["altText"]
    assert "Confirm" in str(summary["contents"]["footer"])


def test_thai_digits_in_a_report_are_kept_and_it_is_still_sorted(line, runtime):
    user = events.new_user()
    line.say(user, "ไฟถนนดับ ๓ ต้น หน้าซอย ๒๑")
    line.send(events.location(user, *VICTORY_MONUMENT))
    assert "แสงสว่าง" in line.last_to(user)["altText"]
