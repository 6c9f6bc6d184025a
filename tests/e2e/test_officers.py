"""Officers close the loop from LINE: routed report, group and officer cards, accept, forward,
finish with a photo, stars, reopen, a nearby follower, and refusals, through signed webhooks."""
import re

from sqlalchemy import select

from bot import services
from bot.permissions import Actor
from storage.models import AuditEntry, Case, Follower, Handoff, Photo
from tests.e2e.test_reporting import VICTORY_MONUMENT, confirm_report, report
from tests.support import events, images
from tests.support.officers import bound_group, linked_officer

NEARBY = (VICTORY_MONUMENT[0] + 0.0008, VICTORY_MONUMENT[1] + 0.0005)  # about 100 m away


def pushed_text(line, user: str) -> str:
    """Everything LINE delivered to a user or group, as one string."""
    return str(line.messages_to(user))


def load(runtime, ticket):
    """A case, its hand-offs and its agency's code, read fresh and detached."""
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        handoffs = uow.session.scalars(select(Handoff).where(Handoff.case_id == case.id)
                                       .order_by(Handoff.id)).all()
        code = case.agency.code
        uow.session.expunge_all()
        return case, handoffs, code


def refusals(runtime, ticket):
    """Refused attempts on a case in the audit log."""
    with runtime.db.uow() as uow:
        entries = uow.session.scalars(select(AuditEntry).where(
            AuditEntry.ticket_id == ticket, AuditEntry.outcome == "refused")).all()
        uow.session.expunge_all()
        return entries


def test_a_report_is_routed_handled_forwarded_finished_rated_and_reopened_end_to_end(line, runtime):
    district_officer = linked_officer(line, "ratchathewi", "Somchai")
    assert "ราชเทวี" in line.last_to(district_officer)["text"]
    group = bound_group(line, "ratchathewi", district_officer)
    drainage_officer = linked_officer(line, "drainage", "Malee")
    reporter = events.new_user()

    ticket = report(line, reporter)
    case, _, agency = load(runtime, ticket)
    assert agency == "ratchathewi"
    assert ticket in pushed_text(line, district_officer) and ticket in pushed_text(line, group)
    card = line.messages_to(group)[-1]
    assert card["type"] == "flex" and "a=off&c=accept" in str(card)

    line.say(district_officer, f"/accept {ticket}")
    assert "กำลังดำเนินการ" in pushed_text(line, reporter)

    line.say(district_officer, f"/forward {ticket} drainage ท่อระบายน้ำอุดตัน ต้องให้สำนักการระบายน้ำลอกท่อ")
    assert "ลอกท่อ" in pushed_text(line, reporter) and "สำนักการระบายน้ำ" in pushed_text(line, reporter)
    assert ticket in pushed_text(line, drainage_officer)

    line.say(drainage_officer, f"/done {ticket} ลอกท่อเรียบร้อยแล้ว")  # not accepted yet
    assert "ไม่สามารถ" in line.last_to(drainage_officer)["text"]
    assert load(runtime, ticket)[0].state == "forwarded"
    line.say(drainage_officer, f"/accept {ticket}")
    line.say(drainage_officer, f"/done {ticket} ลอกท่อเรียบร้อยแล้ว")
    assert "รูป" in line.last_to(drainage_officer)["text"]
    line.fake.add_content("after-1", images.jpeg(30, 20))
    line.send(events.image(drainage_officer, "after-1"))
    case, handoffs, agency = load(runtime, ticket)
    assert case.state == "finished" and agency == "drainage"
    last = line.messages_to(reporter)[-3:]
    assert "ลอกท่อเรียบร้อยแล้ว" in str(last)
    with runtime.db.uow() as uow:
        after = uow.session.scalar(select(Photo.id).where(Photo.kind == "after"))
    assert f"https://chaeng.example.org/media/{after}/" in str(last)  # the after-photo, signed link
    assert "Somchai" not in pushed_text(line, reporter) and "Malee" not in pushed_text(line, reporter)
    assert district_officer not in pushed_text(line, reporter)

    stars = line.last_to(reporter)["quickReply"]["items"][3]["action"]["data"]
    line.send(events.postback(reporter, stars))
    assert load(runtime, ticket)[0].stars == 4

    line.say(reporter, f"เปิดใหม่ {ticket} น้ำยังขังอยู่หลังฝนตก")
    case, handoffs, _ = load(runtime, ticket)
    assert case.state == "waiting" and case.reopen_count == 1
    assert "น้ำยังขังอยู่" in str(line.messages_to(drainage_officer)[-2:])
    assert [h.reason for h in handoffs] == ["routed", "forwarded", "reopened"]
    assert handoffs[0].accepted_at and handoffs[0].forwarded_at
    assert handoffs[1].accepted_at and handoffs[1].finished_at


def test_a_second_citizen_nearby_is_offered_the_case_and_follows_its_updates(line, runtime):
    officer = linked_officer(line, "ratchathewi")
    ticket = report(line, events.new_user())
    neighbour = events.new_user()
    line.say(neighbour, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว")
    line.send(events.location(neighbour, *NEARBY))
    offer = line.last_to(neighbour)
    if offer["type"] == "text" and "quickReply" in offer and "category" in str(offer):
        line.send(events.postback(neighbour, offer["quickReply"]["items"][0]["action"]["data"]))
        offer = line.last_to(neighbour)
    assert ticket in str(offer) and "a=follow" in str(offer)
    line.send(events.postback(neighbour, f"a=follow&t={ticket}"))
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Follower.user_id)) == neighbour
        assert uow.session.scalar(select(Case.id).where(Case.reporter_id == neighbour)) is None
    line.say(officer, f"รับ {ticket}")
    assert "กำลังดำเนินการ" in str(line.messages_to(neighbour)[-2:])


def test_a_citizens_accept_and_an_officers_action_on_another_agencys_case_are_refused_and_audited(
        line, runtime):
    other = linked_officer(line, "bangrak")
    citizen = events.new_user()
    ticket = report(line, events.new_user())
    line.say(citizen, f"/accept {ticket}")
    assert "ไม่สามารถ" in line.last_to(citizen)["text"] and ticket not in line.last_to(citizen)["text"]
    line.say(other, f"/accept {ticket}")
    assert "ไม่สามารถ" in line.last_to(other)["text"]
    line.say(other, "/accept 2026-ZZZZZZ")
    assert line.last_to(other)["text"] == line.messages_to(citizen)[-1]["text"]  # nothing leaks
    assert load(runtime, ticket)[0].state == "waiting"
    assert {entry.actor.split(":")[0] for entry in refusals(runtime, ticket)} == {"citizen", "officer"}


def test_a_command_typed_wrong_gets_what_was_wrong_and_the_right_form(line):
    officer = linked_officer(line, "ratchathewi")
    line.say(officer, "/forward 2026-ABCDEF")
    answer = line.last_to(officer)["text"]
    assert "/forward TICKET AGENCY reason" in answer and "ส่งต่อ" in answer
    line.say(officer, "/accept hello")
    assert "เลขเรื่อง" in line.last_to(officer)["text"]
    line.say(officer, "/acept 2026-ABCDEF")
    assert "/accept TICKET" in line.last_to(officer)["text"]  # an unknown command lists them all


def button(message: dict, label: str) -> str:
    """The postback data of a card button or quick-reply chip with this label."""
    found = re.search(r"'label': '" + re.escape(label) + r"', 'data': '([^']+)'", str(message))
    assert found, f"no button {label!r} in {message}"
    return found.group(1)


def test_an_officer_handles_a_case_by_tapping_card_buttons_and_choosing_an_agency(line, runtime):
    district, drainage = linked_officer(line, "ratchathewi"), linked_officer(line, "drainage")
    reporter = events.new_user()
    ticket = report(line, reporter)
    card = line.last_to(district)
    line.send(events.postback(district, button(card, "รับเรื่อง")))
    assert load(runtime, ticket)[0].state == "in_progress"
    card = line.last_to(district)  # the card again, with the buttons for an accepted case
    line.send(events.postback(district, button(card, "อัปเดต")))
    line.say(district, "ทีมช่างกำลังเข้าพื้นที่")
    assert "ทีมช่างกำลังเข้าพื้นที่" in str(line.messages_to(reporter)[-2:])
    line.send(events.postback(district, button(card, "ส่งต่อ")))
    chooser = line.last_to(district)
    assert "สำนักงานเขตบางรัก" not in str(chooser)  # other districts' offices are found by typing
    line.send(events.postback(district, button(chooser, "สำนักการระบายน้ำ")))
    line.say(district, "ท่อตันทั้งซอย")
    case, _, agency = load(runtime, ticket)
    assert (case.state, agency) == ("forwarded", "drainage")
    card = line.last_to(drainage)
    line.send(events.postback(drainage, button(card, "รับเรื่อง")))
    line.send(events.postback(drainage, button(line.last_to(drainage), "เสร็จสิ้น")))
    line.say(drainage, "ลอกท่อแล้ว")
    assert load(runtime, ticket)[0].state == "in_progress"  # words alone never finish a case
    line.fake.add_content("after-2", images.jpeg(20, 20))
    line.send(events.image(drainage, "after-2"))
    assert load(runtime, ticket)[0].state == "finished"
    assert "ลอกท่อแล้ว" in str(line.messages_to(reporter)[-3:])


def test_an_officer_sees_their_queue_and_a_case_as_cards(line):
    officer = linked_officer(line, "ratchathewi")
    ticket = report(line, events.new_user())
    line.say(officer, "งาน")
    queue = line.last_to(officer)
    assert queue["type"] == "flex" and ticket in queue["altText"]
    line.say(officer, "/queue inprogress")
    assert "ไม่มีเรื่อง" in line.last_to(officer)["text"]
    line.say(officer, f"ดู {ticket}")
    assert line.last_to(officer)["altText"].startswith(ticket)
    line.say(officer, "/queue later")
    assert "/queue [new|mine|inprogress|all]" in line.last_to(officer)["text"]


def test_a_citizen_adds_information_that_reaches_the_officers(line):
    officer = linked_officer(line, "ratchathewi")
    reporter = events.new_user()
    ticket = report(line, reporter)
    line.say(reporter, f"เพิ่มข้อมูล {ticket} หลุมกว้างขึ้นหลังฝนตก")
    assert "หลุมกว้างขึ้นหลังฝนตก" in str(line.messages_to(officer)[-2:])
    line.send(events.postback(reporter, f"a=addinfo&t={ticket}"))
    line.fake.add_content("more-1", images.jpeg(12, 12))
    line.send(events.image(reporter, "more-1"))
    assert "เพิ่มข้อมูลในเรื่อง" in line.last_to(reporter)["text"]
    told = [m for m in line.messages_to(officer) if "ผู้แจ้งเพิ่มข้อมูล" in m.get("text", "")]
    assert len(told) == 2 and line.last_to(officer)["altText"].startswith(ticket)


def test_in_a_group_chatter_is_ignored_and_a_strangers_command_refused(line, runtime):
    officer = linked_officer(line, "ratchathewi")
    group = bound_group(line, "ratchathewi", officer)
    ticket = report(line, events.new_user())
    before = len(line.fake.deliveries)
    stranger = events.new_user()
    line.send(events.in_group(events.text(stranger, "ประชุมบ่ายนี้นะครับ"), group))
    assert len(line.fake.deliveries) == before
    line.send(events.in_group(events.text(stranger, f"/accept {ticket}"), group))
    assert len(line.fake.deliveries) == before + 1 and load(runtime, ticket)[0].state == "waiting"
    line.send(events.in_group(events.text(officer, f"/accept {ticket}"), group))
    assert load(runtime, ticket)[0].state == "in_progress"


def test_an_invited_agency_hears_of_the_case_and_may_update_it_but_not_finish_it(line, runtime):
    district, water = linked_officer(line, "ratchathewi"), linked_officer(line, "mwa")
    reporter = events.new_user()
    ticket = report(line, reporter)
    line.say(district, f"รับ {ticket}")
    line.say(district, f"เชิญร่วม {ticket} mwa")
    assert "การประปานครหลวง" in str(line.messages_to(water)) and ticket in str(line.messages_to(water))
    line.say(water, f"อัปเดต {ticket} ปิดวาล์วน้ำแล้ว รอซ่อมท่อ")
    assert "ปิดวาล์วน้ำแล้ว" in str(line.messages_to(reporter)[-2:])
    line.say(water, f"เสร็จ {ticket}")
    assert "ไม่สามารถ" in line.last_to(water)["text"]


def test_a_duplicate_is_closed_and_its_reporter_follows_the_original(line, runtime):
    officer = linked_officer(line, "ratchathewi")
    first, second = events.new_user(), events.new_user()
    original = report(line, first)
    line.say(second, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว")
    line.send(events.location(second, 13.755, 100.54))  # 1.2 km away: not offered the original
    copy = confirm_report(line, second)
    line.say(officer, f"ซ้ำ {copy} {original}")
    assert load(runtime, copy)[0].state == "duplicate"
    assert original in line.last_to(second)["text"]
    line.say(officer, f"/accept {original}")
    line.say(officer, f"/update {original} กำลังซ่อมผิวถนน")
    assert "กำลังซ่อมผิวถนน" in str(line.messages_to(second)[-2:])


def queue_tickets(message: dict) -> list[str]:
    """The ticket ids of a queue carousel's cards, in order."""
    return [bubble["header"]["contents"][0]["text"] for bubble in message["contents"]["contents"]]


def waiting_cases(runtime, count: int, district: str = "ราชเทวี") -> list[str]:
    """Citizens' cases made through the report service, oldest first."""
    tickets = []
    with runtime.db.uow() as uow:
        for i in range(count):
            reporter = events.new_user()
            services.ensure_user(uow, reporter)
            tickets.append(services.submit_report(
                uow, reporter, description=f"ไฟถนนดับ จุดที่ {i}", categories=["แสงสว่าง"],
                latitude=13.765, longitude=100.538, address=None, district=district,
                subdistrict=None, photo_ids=[]).ticket_id)
        uow.commit()
    return tickets


def test_an_officers_queue_has_their_own_case_first_a_total_and_a_more_button(line, runtime):
    officer = linked_officer(line, "ratchathewi")
    new = waiting_cases(runtime, 12)
    mine = waiting_cases(runtime, 1)[0]
    line.say(officer, f"/accept {mine}")
    line.say(officer, "/queue")
    header, page = line.messages_to(officer)[-2:]
    assert "1–10 จาก 13" in header["text"] and "ของฉัน 1 · ใหม่ 12" in header["text"]
    assert queue_tickets(page)[:2] == [mine, new[-1]], "their own case, then the latest new one"
    more = page["quickReply"]["items"][0]["action"]
    assert more["label"] == "ดูเพิ่มเติม"
    line.send(events.postback(officer, more["data"]))
    header, rest = line.messages_to(officer)[-2:]
    assert "11–13 จาก 13" in header["text"] and "quickReply" not in rest
    assert sorted(queue_tickets(page) + queue_tickets(rest)) == sorted([*new, mine])
    line.say(officer, "งาน ของฉัน")
    assert queue_tickets(line.last_to(officer)) == [mine]
    line.say(officer, "/queue waiting")  # the word /queue took before keeps working
    assert queue_tickets(line.last_to(officer)) == new[::-1][:10]


def test_the_forward_chooser_tells_similar_names_apart_finds_any_office_by_name_and_asks_why(
        line, runtime):
    parts = ["ระบบท่อระบายน้ำ", "ระบบคลอง", "เครื่องจักรกล", "ควบคุมคุณภาพน้ำ", "ก่อสร้าง",
             "บำรุงรักษา", "จัดการน้ำเสีย", "ป้องกันน้ำท่วม", "สูบน้ำ", "ประตูระบายน้ำ", "แผนงาน",
             "ธุรการ", "ศูนย์ควบคุม", "วิศวกรรม", "ระบบอุโมงค์"]
    with runtime.db.uow() as uow:
        for number, part in enumerate(parts):
            services.add_agency(uow, f"drain-{number}", f"สำนักการระบายน้ำ กอง{part}",
                                f"Drainage Department, {part}", "department", Actor.admin("test"))
        uow.commit()
    district = linked_officer(line, "ratchathewi")
    ticket = report(line, events.new_user())
    line.send(events.postback(district, button(line.last_to(district), "ส่งต่อ")))
    listing, prompt = line.messages_to(district)[-2:]
    labels = [item["action"]["label"] for item in prompt["quickReply"]["items"]]
    assert len(labels) == len(set(labels)) == 13 and max(map(len, labels)) <= 20
    assert not any(label.startswith("สำนักการระบายน้ำ ก") for label in labels)
    assert "กองก่อสร้าง" in labels, "the part of the name that tells it apart"
    assert "สำนักการระบายน้ำ กองก่อสร้าง" in str(listing), "full names in the list"
    assert "พิมพ์บางส่วนของชื่อ" in prompt["text"] and "เหตุผล" in prompt["text"]
    line.say(district, "ระบายน้ำ")
    assert "16 หน่วยงาน" in line.messages_to(district)[-1]["text"]
    line.say(district, "ไม่มีชื่อนี้แน่นอน")
    assert "ไม่พบหน่วยงาน" in line.last_to(district)["text"]
    line.say(district, "บางรัก")  # another district's office, found by part of its name
    asked = line.last_to(district)["text"]
    assert "สำนักงานเขตบางรัก" in asked and "พิมพ์เหตุผลที่ส่งต่อ" in asked
    line.say(district, "อยู่ฝั่งเขตบางรัก")
    case, _, agency = load(runtime, ticket)
    assert (case.state, agency) == ("forwarded", "bangrak")


THAI = re.compile(r"[\u0e00-\u0e7f]")


def test_an_officer_who_reads_english_gets_the_queue_cards_and_forward_questions_in_english(
        line, runtime):
    officer = events.new_user()
    line.fake.set_profile_language(officer, "en")
    line.send(events.follow(officer))
    with runtime.db.uow() as uow:
        _, code = services.add_officer(uow, "Officer", "ratchathewi", Actor.admin("test"))
        uow.commit()
    line.say(officer, f"/link {code}")
    ticket = report(line, events.new_user())  # a Thai citizen's words: the only Thai allowed
    lead, card = line.messages_to(officer)[-2:]
    assert lead["text"] == f"New case for Ratchathewi District Office: {ticket}"
    citizens_words = {"ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว", "อนุสาวรีย์ชัยสมรภูมิ"}
    assert not THAI.search(re.sub("|".join(citizens_words), "", str(card["contents"])))
    line.say(officer, "/queue")
    header, queue = line.messages_to(officer)[-2:]
    assert header["text"].startswith("Mine and new: 1–1 of 1") and not THAI.search(header["text"])
    line.send(events.postback(officer, button(card, "Forward")))
    listing, prompt = line.messages_to(officer)[-2:]
    assert not THAI.search(str(listing)) and not THAI.search(str(prompt))
    assert "Drainage and Sewerage Department" in str(listing)
    line.say(officer, "bang rak")
    assert line.last_to(officer)["text"].startswith(
        f"Forwarding {ticket} to Bang Rak District Office: type the reason")
