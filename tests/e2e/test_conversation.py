"""What citizens actually send: small talk, stickers, two problems at once, bursts, old buttons,
long texts, many photos, the full category list and their own language; all through signed webhooks."""
import io
import json
import threading

import nlp
from PIL import Image
from sqlalchemy import select

from bot.line.categories import HINTS
from bot.texts import t
from storage.models import Case, Conversation
from tests.e2e.test_reporting import TICKET, VICTORY_MONUMENT, confirm_report
from tests.support import events, images

POTHOLE = "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว"
DARK = "ไฟถนนดับทั้งซอย มืดมาก"


def sticker(user: str) -> dict:
    """A sticker message event, as LINE documents it."""
    return {**events.text(user, ""), "message": {
        "type": "sticker", "id": "468789577898262530", "quoteToken": "q", "stickerId": "52002738",
        "packageId": "11537", "stickerResourceType": "ANIMATION", "keywords": ["cony", "thanks"]}}


def line_emoji(user: str) -> dict:
    """A text made of two LINE emoji only (each is a '$' in the text)."""
    event = events.text(user, "$$")
    event["message"]["emojis"] = [
        {"index": 0, "length": 1, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "001"},
        {"index": 1, "length": 1, "productId": "5ac1bfd5040ab15980c9b435", "emojiId": "002"}]
    return event


def draft_of(line, user: str) -> tuple[str, dict]:
    """The user's conversation state and draft."""
    with line.runtime.db.uow() as uow:
        convo = uow.session.get(Conversation, user)
        return (convo.state, dict(convo.draft)) if convo else ("idle", {})


def chips(message: dict) -> list[str]:
    """The postback data of a message's quick replies."""
    return [item["action"].get("data", "") for item in message.get("quickReply", {}).get("items", [])]


def cases_of(line, user: str) -> list[tuple]:
    """The user's cases, oldest first: (ticket id, description, categories)."""
    with line.runtime.db.uow() as uow:
        return [(c.ticket_id, c.description, c.categories) for c in uow.session.scalars(
            select(Case).where(Case.reporter_id == user).order_by(Case.id))]


def test_a_greeting_starts_no_report_and_offers_report_my_cases_and_help(line):
    user = events.new_user()
    line.say(user, "สวัสดีครับ")
    answer = line.last_to(user)
    assert answer["text"] == t("reply_greeting", "th")
    assert chips(answer) == ["a=newreport", "a=cases", "a=help"]
    assert draft_of(line, user) == ("idle", {})


def test_thanks_ok_and_emoji_in_the_middle_of_a_report_do_not_grow_it(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    for said in ("ขอบคุณครับ", "ok", "ครับ", "ค่ะ", "👍🙏"):
        line.say(user, said)
        assert t("still_drafting", "th") in line.last_to(user)["text"]
    line.send(line_emoji(user))
    state, draft = draft_of(line, user)
    assert draft["texts"] == [POTHOLE] and state == "drafting"


def test_a_sticker_gets_a_friendly_answer_and_starts_no_report(line):
    user = events.new_user()
    line.send(sticker(user))
    answer = line.last_to(user)
    assert answer["text"] == t("reply_sticker", "th") and t("unsupported", "th") not in line.texts_to(user)
    assert "a=newreport" in chips(answer)
    assert draft_of(line, user) == ("idle", {})


def test_a_different_problem_typed_mid_report_is_asked_about_and_becomes_its_own_case(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.say(user, DARK)
    question = line.last_to(user)
    assert question["text"] == t("ask_same_or_new", "th")
    assert [c.split("&")[0] for c in chips(question)] == ["a=same", "a=split", "a=cancel"]
    assert draft_of(line, user)[1]["texts"] == [POTHOLE], "nothing merged while the question is open"

    line.send(events.postback(user, chips(question)[1]))  # a new report
    assert DARK in line.last_to(user)["text"] and "location" in str(line.last_to(user)["quickReply"])
    line.send(events.location(user, *VICTORY_MONUMENT))
    first = confirm_report(line, user)
    assert DARK in line.last_to(user)["text"], "the second report starts at once, with its words"
    line.send(events.location(user, *VICTORY_MONUMENT))
    confirm_report(line, user)
    reported = cases_of(line, user)
    assert [case[1:] for case in reported] == [(POTHOLE, ["ถนน"]), (DARK, ["แสงสว่าง"])]
    assert reported[0][0] == first and reported[1][0] in line.last_to(user)["altText"]


def test_saying_another_thing_asks_and_same_report_adds_the_words(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.say(user, "another thing: the hole is near the bus stop")
    question = line.last_to(user)
    assert question["text"] == t("ask_same_or_new", "en"), "asked in the language just written"
    line.send(events.postback(user, chips(question)[0]))
    assert t("added_to_report", "en") in line.last_to(user)["text"]
    assert len(draft_of(line, user)[1]["texts"]) == 2
    line.send(events.postback(user, chips(question)[0]))
    assert line.last_to(user)["text"] == t("question_answered", "en")


def test_the_words_that_said_another_problem_are_not_kept_in_the_new_cases_description(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.send(events.location(user, *VICTORY_MONUMENT))
    line.say(user, "อีกเรื่องนะครับ " + DARK)
    line.send(events.postback(user, chips(line.last_to(user))[1]))  # a new report
    confirm_report(line, user)
    assert f'"{DARK}"' in line.last_to(user)["text"], "the new report starts with its own words"
    line.send(events.location(user, *VICTORY_MONUMENT))
    confirm_report(line, user)
    assert [case[1] for case in cases_of(line, user)] == [POTHOLE, DARK]
    line.say(user, "one more thing, please")  # only the lead-in: nothing kept, nothing reported
    assert draft_of(line, user)[1].get("texts") in (None, [])


def test_a_burst_of_text_photo_and_location_gets_one_answer(line):
    user = events.new_user()
    line.fake.add_content("burst-1", images.jpeg())
    line.send(events.text(user, POTHOLE), events.image(user, "burst-1"),
              events.location(user, *VICTORY_MONUMENT))
    delivered = line.messages_to(user)
    assert len(delivered) == 1 and delivered[0]["type"] == "flex", "one summary, no prompt for each"
    assert "1" in str(delivered[0]["contents"]) and "ถนน" in delivered[0]["altText"]


def test_the_loading_animation_shows_while_a_photo_and_a_confirm_are_worked_on(line):
    user = events.new_user()
    line.fake.add_content("load-1", images.jpeg())
    line.say(user, POTHOLE)
    line.send(events.image(user, "load-1"))
    line.send(events.location(user, *VICTORY_MONUMENT))
    confirm_report(line, user)
    shown = [r.json for r in line.fake.requests if r.path == "/v2/bot/chat/loading/start"]
    assert shown == [{"chatId": user, "loadingSeconds": 20}] * 2


def test_no_loading_animation_in_a_group(line):
    user, group = events.new_user(), events.new_group()
    line.fake.add_content("load-2", images.jpeg())
    line.send(events.in_group(events.image(user, "load-2"), group))
    assert not [r for r in line.fake.requests if r.path == "/v2/bot/chat/loading/start"]


def test_a_new_follower_is_greeted_in_their_profile_language_and_else_in_thai(line):
    english, unknown, japanese = events.new_user(), events.new_user(), events.new_user()
    line.fake.set_profile_language(english, "en")
    line.fake.set_profile_language(unknown, None)
    line.fake.set_profile_language(japanese, "ja")
    line.send(events.follow(english), events.follow(unknown), events.follow(japanese))
    assert line.last_to(english)["text"] == t("greeting", "en")
    assert line.last_to(unknown)["text"] == t("greeting", "th")
    assert line.last_to(japanese)["text"] == t("greeting", "th")
    line.send(events.location(english, *VICTORY_MONUMENT))
    assert line.last_to(english)["text"].startswith(t("ask_description", "en"))


def test_an_english_citizen_hears_a_photo_error_as_one_english_sentence(line):
    user = events.new_user()
    line.say(user, "the street light is broken")
    gif = io.BytesIO()
    Image.new("RGB", (8, 8)).save(gif, "GIF")
    line.fake.add_content("gif-1", gif.getvalue(), "image/gif")
    line.send(events.image(user, "gif-1"))
    said = line.last_to(user)["text"]
    assert said == t("photo_wrong_type", "en")
    assert not any("\u0e00" <= ch <= "\u0e7f" for ch in said)


def test_confirming_twice_says_the_report_was_already_sent(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.send(events.location(user, *VICTORY_MONUMENT))
    card = line.last_to(user)
    confirm = next(b["action"]["data"] for b in card["contents"]["footer"]["contents"]
                   if "confirm" in b["action"]["data"])
    line.send(events.postback(user, confirm))
    ticket = TICKET.search(line.texts_to(user)).group(0)
    line.send(events.postback(user, confirm))
    assert line.last_to(user)["text"] == t("already_sent", "th", ticket=ticket)
    assert len(cases_of(line, user)) == 1


def test_confirming_a_cancelled_draft_says_it_was_cancelled(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.send(events.location(user, *VICTORY_MONUMENT))
    buttons = [b["action"]["data"] for b in line.last_to(user)["contents"]["footer"]["contents"]]
    line.send(events.postback(user, buttons[2]))  # cancel, which asks first
    yes = line.last_to(user)["quickReply"]["items"][0]["action"]
    assert yes["label"] == t("yes_cancel", "th")
    line.send(events.postback(user, yes["data"]))
    line.send(events.postback(user, buttons[0]))  # confirm, on the same old card
    assert line.last_to(user)["text"] == t("already_cancelled", "th")
    line.say(user, "ยืนยัน")
    assert line.last_to(user)["text"] == t("nothing_to_confirm", "th")
    assert not cases_of(line, user)


def test_a_photo_past_the_limit_is_refused_naming_the_limit(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    for i in range(11):
        line.fake.add_content(f"lim-{i}", images.jpeg(10 + i, 10))
        line.send(events.image(user, f"lim-{i}"))
    assert line.last_to(user)["text"] == t("photo_limit", "th", photos=10)
    assert len(draft_of(line, user)[1]["photo_ids"]) == 10


def test_the_category_chooser_reaches_every_category_with_an_icon_and_a_hint(line):
    user = events.new_user()
    line.say(user, "there is a problem here")
    line.send(events.location(user, *VICTORY_MONUMENT))
    question = line.last_to(user)
    more = next(c for c in chips(question) if c.startswith("a=allcats"))
    line.send(events.postback(user, more))
    carousel = line.last_to(user)["contents"]
    shown = str(carousel)
    for label, (icon, _th, hint_en) in HINTS.items():  # in English, as the citizen wrote
        assert f"{icon} {nlp.label_name(label, 'en')}" in shown and hint_en in shown
    assert sorted(HINTS) == sorted(nlp.LABELS)
    canal = next(b["action"]["data"] for bubble in carousel["contents"]
                 for b in bubble["body"]["contents"] if "c=canal" in b.get("action", {}).get("data", ""))
    line.send(events.postback(user, canal))
    line.send(events.postback(user, "a=confirm"))
    assert cases_of(line, user)[0][2] == ["คลอง"]


def test_confirming_while_the_same_or_new_question_is_open_asks_it_again(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.send(events.location(user, *VICTORY_MONUMENT))
    line.say(user, DARK)
    line.say(user, "ยืนยัน")
    assert line.last_to(user)["text"] == t("still_deciding", "th")
    assert not cases_of(line, user), "nothing is sent before the citizen says where the words belong"


def test_an_ok_under_the_summary_says_how_to_send_the_report_and_sends_nothing(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    line.send(events.location(user, *VICTORY_MONUMENT))
    line.say(user, "โอเคครับ")
    assert line.last_to(user)["text"] == t("reply_ack", "th") + " " + t("summary_confirm", "th")
    assert not cases_of(line, user) and draft_of(line, user)[0] == "confirming"


def location_prompts(line, user: str) -> int:
    """How many answers asked for the location (with LINE's location quick reply)."""
    return sum('"type": "location"' in json.dumps(m) and m["type"] == "text"
               for m in line.messages_to(user))


def test_photos_of_one_set_in_separate_webhooks_get_one_answer_though_one_is_lost(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    asked = location_prompts(line, user)
    line.fake.add_content("set-a1", images.jpeg(11, 11))
    line.fake.add_content("set-a3", images.jpeg(13, 13))  # the second photo never reaches LINE's store
    for index in (1, 2, 3):  # LINE posts each photo of a set on its own
        line.send(events.image(user, f"set-a{index}", image_set=("set-a", index, 3)))
    assert location_prompts(line, user) == asked + 1, "one 'send the location' after the last photo"
    assert line.texts_to(user).count(t("photo_lost", "th")) == 1
    assert len(draft_of(line, user)[1]["photo_ids"]) == 2


def test_photos_of_a_set_past_the_report_limit_are_refused_once_and_answered_once(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    for i in range(9):
        line.fake.add_content(f"full-{i}", images.jpeg(10 + i, 10))
        line.send(events.image(user, f"full-{i}"))
    before = len(line.messages_to(user))
    for index in (1, 2, 3):
        line.fake.add_content(f"over-{index}", images.jpeg(30 + index, 10))
        line.send(events.image(user, f"over-{index}", image_set=("set-over", index, 3)))
    said = [m.get("text", "") for m in line.messages_to(user)[before:]]
    assert len(said) == 2 and "10" in said[0] and t("ask_location", "th") in said[1], said


def test_a_photo_arriving_while_the_one_before_downloads_gets_one_answer_for_both(line):
    user = events.new_user()
    line.say(user, POTHOLE)
    before = len(line.messages_to(user))
    line.fake.add_content("slow-1", images.jpeg(21, 21))
    line.fake.add_content("slow-2", images.jpeg(22, 22))
    line.fake.delay_next("content", 0.8)  # LINE is slow to hand over the first photo
    first, second = events.image(user, "slow-1"), events.image(user, "slow-2")
    assert line.post(first).status_code == 200
    later = threading.Timer(0.3, lambda: line.post(second))  # sent together, posted apart
    later.start()
    line.drain()
    later.join()
    line.drain()
    for event in (first, second):
        line.fake.register_reply_token(event["replyToken"], user)
    answers = line.messages_to(user)[before:]
    assert len(answers) == 1 and "2" in answers[0]["text"], answers
