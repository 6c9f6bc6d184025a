"""Per-user limits: a flood is slowed down (everyone else answered as before) and a draft has a
size; and LINE's own limits: every message the bot sends is one LINE accepts, however long the texts."""
import json

from sqlalchemy import func, select

from bot import services
from storage.models import Conversation, InboxEvent
from tests.support import events, images
from tests.support.officers import linked_officer


def statuses(line) -> dict[str, int]:
    """How many stored events have each status."""
    with line.runtime.db.uow() as uow:
        return dict(uow.session.execute(select(InboxEvent.status, func.count())
                                        .group_by(InboxEvent.status)).all())


def test_a_flood_is_slowed_down_and_another_users_message_is_still_answered(line_each_db):
    line = line_each_db
    flooder, other = events.new_user(), events.new_user()
    flood = [events.text(flooder, f"ข้อความที่ {i} " + "ก" * 500) for i in range(200)]
    for start in range(0, 200, 100):  # LINE sends at most 100 events a body
        assert line.post(*flood[start:start + 100]).status_code == 200
    for event in flood:
        line.fake.register_reply_token(event["replyToken"], flooder)
    question = events.text(other, "ไฟถนนดับทั้งซอย")
    line.send(question)
    to_flooder = line.messages_to(flooder)
    assert len(to_flooder) <= 25, "far fewer answers than messages"
    assert sum("เร็วเกินไป" in m.get("text", "") for m in to_flooder) == 1, "told once to slow down"
    answered = [d.reply_token for d in line.fake.deliveries]
    assert question["replyToken"] in answered[:3], "the other user does not wait behind the flood"
    assert statuses(line) == {"done": 21, "throttled": 180}


def test_after_a_pause_a_slowed_down_user_is_answered_normally_again(line_each_db):
    line = line_each_db
    user = events.new_user()
    start = 1_700_000_000_000
    line.send(*[events.text(user, f"ถนนพังจุดที่ {i}", timestamp=start + i) for i in range(25)])
    heard = len(line.messages_to(user))
    line.send(events.text(user, "ยกเลิก", timestamp=start + 61_000))
    assert len(line.messages_to(user)) == heard + 1
    assert "ยกเลิก" in line.last_to(user)["text"]


def test_a_report_holds_at_most_the_texts_it_allows_and_says_so(line_each_db):
    line = line_each_db
    user = events.new_user()
    start = 1_700_000_000_000
    for i in range(21):  # one a minute, well within the pace
        line.send(events.text(user, f"รายละเอียดส่วนที่ {i}", timestamp=start + i * 61_000))
    assert "20" in line.last_to(user)["text"] and "ยืนยัน" in line.last_to(user)["text"]
    with line.runtime.db.uow() as uow:
        texts = uow.session.get(Conversation, user).draft["texts"]
    assert len(texts) == 20 and texts[-1] == "รายละเอียดส่วนที่ 19"


def test_text_past_five_thousand_characters_is_cut_and_the_citizen_told_what_was_kept(line_each_db):
    line = line_each_db
    user = events.new_user()
    line.say(user, "ถนนพัง " + "ก" * 1990)
    line.say(user, "ข" * 1990)
    line.say(user, "ค" * 1990)
    told = line.messages_to(user)[-2]["text"]
    assert "1013" in told and "5000" in told, "says how much was kept and the limit"
    with line.runtime.db.uow() as uow:
        texts = uow.session.get(Conversation, user).draft["texts"]
    assert sum(map(len, texts)) == 5000 and texts[-1] == "ค" * 1013
    line.say(user, "ง")
    assert "5000" in line.last_to(user)["text"], "a full report takes no more words, and says so"


def test_a_report_holds_at_most_ten_photos_and_says_so(line_each_db):
    line = line_each_db
    user = events.new_user()
    for i in range(11):
        line.fake.add_content(f"80{i}", images.jpeg(10 + i, 10))
    line.send(*[events.image(user, f"80{i}", image_set=("set-9", i + 1, 11)) for i in range(11)])
    said = [m["text"] for m in line.messages_to(user)]
    assert len(said) == 2 and "10" in said[0] and "ยืนยัน" in said[0], "told once, then what is next"
    with line.runtime.db.uow() as uow:
        assert len(uow.session.get(Conversation, user).draft["photo_ids"]) == 10


# Long Thai texts, as real reports and notes can be: LINE measures messages with Thai escaped as
# \uXXXX (six bytes a letter), so ten such cases make a carousel far over its 50 KB.
LONG_TEXT = ("ถนนทรุดตัวเป็นหลุมลึกกว้างเกือบเต็มช่องทาง น้ำขังทุกครั้งที่ฝนตก "
             "รถจักรยานยนต์ล้มไปแล้วหลายคัน ") * 25
LONG_ADDRESS = "ซอยพหลโยธิน 7 แยก 3 ใกล้ตลาดนัดหน้าหมู่บ้าน " * 8 + "แขวงพญาไท เขตพญาไท กรุงเทพมหานคร"


def long_cases(line, count: int, reporter: str | None = None) -> list[str]:
    """Open cases with a 2,000-character description, a long address, a photo and a long note."""
    tickets = []
    with line.runtime.db.uow() as uow:
        for _ in range(count):
            who = reporter or events.new_user()
            services.ensure_user(uow, who)
            photo = services.add_photo(uow, who, line.runtime.media.save_image(images.jpeg(), 10**7))
            case = services.submit_report(
                uow, who, description=LONG_TEXT[:2000], categories=["ถนน"], latitude=13.7797,
                longitude=100.5424, address=LONG_ADDRESS, district="พญาไท", subdistrict="พญาไท",
                photo_ids=[photo.id], place_words=LONG_ADDRESS[:200])
            services.add_information(uow, case.ticket_id, who, LONG_TEXT)
            tickets.append(case.ticket_id)
        uow.commit()
    return tickets


def within_lines_limits(message: dict) -> bool:
    """A Flex carousel LINE accepts: at most 50 KB, each bubble at most 30 KB, as the SDK sends it."""
    bubbles = message["contents"]["contents"]
    return len(json.dumps(message["contents"])) <= 50_000 and all(
        len(json.dumps(bubble)) <= 30_000 for bubble in bubbles)


def page_through(line, user: str, first: dict) -> list[dict]:
    """A carousel and every page after it, following its 'more' button."""
    pages = [first]
    while "quickReply" in pages[-1]:
        line.send(events.postback(user, pages[-1]["quickReply"]["items"][0]["action"]["data"]))
        pages.append(line.last_to(user))
    return pages


def tickets_in(pages: list[dict]) -> list[str]:
    """The ticket ids on the cards of every page."""
    return [bubble["header"]["contents"][0]["text"] for page in pages
            for bubble in page["contents"]["contents"]]


def test_an_officers_queue_of_long_thai_cases_reaches_them_in_pages_line_accepts(line):
    officer = linked_officer(line, "phayathai")
    tickets = long_cases(line, 10)
    line.say(officer, "/queue")
    pages = page_through(line, officer, line.last_to(officer))
    assert all(page["type"] == "flex" and within_lines_limits(page) for page in pages)
    assert sorted(tickets_in(pages)) == sorted(tickets), "every case once, on one page or the next"
    details = str(pages[0]["contents"]["contents"][0]["body"])
    assert LONG_TEXT[:40] in details, "a long description is shortened, not dropped"


def test_my_cases_of_long_reports_reach_the_citizen_in_pages_line_accepts(line):
    citizen = events.new_user()
    tickets = long_cases(line, 14, reporter=citizen)
    line.say(citizen, "เรื่องของฉัน")
    pages = page_through(line, citizen, line.last_to(citizen))
    assert all(page["type"] == "flex" and within_lines_limits(page) for page in pages)
    assert sorted(tickets_in(pages)) == sorted(tickets)
