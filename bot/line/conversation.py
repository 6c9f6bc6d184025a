"""The citizen conversation: one small function per step, wired together in the tables at the end."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.orm.attributes import flag_modified

import nlp
from bot import limits, services
from bot.cases import looks_like_ticket_id
from bot.line import messages as m
from bot.line import followup, officer, postbacks
from bot.line.client import LineError
from bot.line.events import Turn
from bot.runtime import Runtime
from bot.texts import detect_language, t
from storage.db import UnitOfWork
from storage.media import BadImage
from storage.models import Conversation, LineUser, utcnow

log = logging.getLogger(__name__)

IDLE, DRAFTING, CONFIRMING, CHOOSING = "idle", "drafting", "confirming", "choosing"


class TryLater(Exception):
    """The turn could not be handled now (LINE did not answer); the worker retries it."""


@dataclass
class Chat:
    """One turn of one user's conversation: what came in, their state, and what to say back."""

    uow: UnitOfWork
    runtime: Runtime
    turn: Turn
    user: LineUser
    convo: Conversation
    lang: str
    draft: dict
    out: list[dict] = field(default_factory=list)

    def say(self, *outgoing: dict) -> None:
        """Queue messages for this turn's answer."""
        self.out.extend(outgoing)


def fetch_photo(runtime: Runtime, turn: Turn) -> None:
    """Download and store an image turn's photo, outside any transaction (it is slow I/O)."""
    if turn.kind != "image":
        return
    if turn.content_provider != "line" or not turn.message_id:
        turn.image_problem = "external"
        return
    try:
        content = runtime.line.content(turn.message_id, runtime.settings.max_photo_bytes)
        turn.image = runtime.media.save_image(content.data, runtime.settings.max_photo_bytes)
    except LineError as error:
        if error.retryable:
            raise TryLater(str(error)) from None
        turn.image_problem = str(error) if error.status == 413 else "lost"  # 404/410: LINE lost it
    except BadImage as error:
        turn.image_problem = str(error)


def handle(uow: UnitOfWork, runtime: Runtime, turn: Turn) -> None:
    """Run one turn of the conversation and queue its answer in the same transaction."""
    if officer.takes(uow, turn):  # officer commands, groups and their buttons
        return officer.handle(uow, runtime, turn)
    # A bare ticket id is Latin letters but says nothing about the language the user reads.
    written = detect_language(turn.text) if turn.kind == "text" and not looks_like_ticket_id(
        turn.text) else None
    user = services.ensure_user(uow, turn.user_id, written)
    convo = uow.session.get(Conversation, turn.user_id, with_for_update=True) or \
        _new_conversation(uow, turn.user_id)
    chat = Chat(uow, runtime, turn, user, convo, user.language, dict(convo.draft or {}))
    _expire_idle_draft(chat)
    step = _step_for(chat)
    convo.state = step(chat) or convo.state
    convo.draft, convo.updated_at = chat.draft, turn.event_time
    flag_modified(convo, "draft")
    if chat.out and user.following:
        services.send(uow, turn.user_id, chat.out, reply_token=turn.reply_token,
                      reply_until=services.reply_window(
                          turn.event_time, runtime.settings.reply_token_seconds))


def _step_for(chat: Chat):
    """Pick the step for this turn from the tables below."""
    turn = chat.turn
    if chat.user.blocked and turn.kind not in ("follow", "unfollow"):
        return refuse_blocked  # before anything else: a blocked user's words reach no case
    if chat.convo.state == followup.ASKING and turn.kind in ("text", "image"):
        return followup.answer
    if turn.kind == "postback":
        return POSTBACKS[turn.postback["a"]]
    if turn.kind == "text":
        words = turn.text.strip().lower()
        for matches, step in COMMANDS:
            if matches(words, chat):
                return step
    return STEPS.get(turn.kind, unsupported)


# --- steps: each handles one kind of turn and returns the next state -----------------------------

def greet(chat: Chat) -> str:
    """Welcomes a new or returning follower and explains how their data is used."""
    services.set_following(chat.uow, chat.user.id, True)
    chat.say(m.text(t("greeting", chat.lang), quick=[m.location_chip(chat.lang)]))
    return chat.convo.state


def farewell(chat: Chat) -> str:
    """Stops all pushes to a user who blocked the bot."""
    services.set_following(chat.uow, chat.user.id, False)
    return chat.convo.state


def add_text(chat: Chat) -> str:
    """Adds the text to the report and asks for whatever is still missing."""
    text = chat.turn.text.strip()[:2000]
    if not limits.room_for(chat.draft, chat.runtime.settings, text=text):
        return _draft_full(chat)
    chat.draft.setdefault("texts", []).append(text)
    chat.draft.pop("categories", None)  # more words may change the category
    chat.draft.pop("chosen", None)
    return _advance(chat)


def add_photo(chat: Chat) -> str:
    """Adds the stored photo to the report, then asks for what is missing."""
    turn = chat.turn
    if turn.image is None:
        key = "photo_lost" if turn.image_problem == "lost" else "photo_bad"
        chat.say(m.text(t(key, chat.lang, reason=turn.image_problem)))
        return chat.convo.state
    if not limits.room_for(chat.draft, chat.runtime.settings, photo=True):
        return _draft_full(chat)
    photo = services.add_photo(chat.uow, chat.user.id, turn.image, line_message_id=turn.message_id)
    chat.draft.setdefault("photo_ids", []).append(photo.id)
    if turn.image_set and not _image_set_complete(chat, *turn.image_set):
        return DRAFTING  # answer once, after the last photo of the set
    return _advance(chat, lead=t("photo_received", chat.lang, count=len(chat.draft["photo_ids"])))


def add_location(chat: Chat) -> str:
    """Stores the location and the district it falls in."""
    turn = chat.turn
    place = nlp.locate(turn.latitude, turn.longitude, turn.address)  # the address settles a point on a border
    chat.draft.update(latitude=turn.latitude, longitude=turn.longitude, address=turn.address,
                      district=place.district if place else None,
                      subdistrict=place.subdistrict if place else None, located=True)
    if place is None:
        where = turn.address or f"{turn.latitude:.5f}, {turn.longitude:.5f}"
        chat.say(m.text(t("outside_area", chat.lang, where=where)))
    return _advance(chat)


def offer_categories(chat: Chat) -> str:
    """Offers the three likeliest categories and 'other' as chips."""
    if not chat.draft.get("texts"):
        return _advance(chat)
    predictions = nlp.classify(" ".join(chat.draft["texts"]))[:3]
    chips = [m.chip(nlp.label_name(p.label, chat.lang), "category", c=nlp.label_code(p.label))
             for p in predictions]
    chips += [m.chip(t("other", chat.lang), "category", c="other"),
              m.chip(t("cancel", chat.lang), "cancel")]
    chat.say(m.text(t("choose_category", chat.lang), quick=chips))
    return CHOOSING


def pick_category(chat: Chat) -> str:
    """Takes the citizen's choice of category and shows the summary again."""
    code = chat.turn.postback.get("c", "other")
    label = None if code == "other" else nlp.label_from_code(code)
    chat.draft.update(categories=[label] if label else [], chosen=True)
    return _advance(chat)


def confirm(chat: Chat) -> str:
    """Turns the confirmed draft into a case and answers with its ticket id."""
    if chat.convo.state != CONFIRMING:
        return _advance(chat) if chat.draft else show_help(chat)
    draft = chat.draft
    case = services.submit_report(
        chat.uow, chat.user.id, description="\n".join(draft.get("texts", [])),
        categories=draft.get("categories", []), latitude=draft.get("latitude"),
        longitude=draft.get("longitude"), address=draft.get("address"),
        district=draft.get("district"), subdistrict=draft.get("subdistrict"),
        photo_ids=draft.get("photo_ids", []), language=chat.lang)
    chat.say(m.text(t("created", chat.lang, ticket=case.ticket_id)), m.case_card(case, chat.lang))
    chat.draft = {}
    return IDLE


def cancel(chat: Chat) -> str:
    """Drops the report being written."""
    chat.say(m.text(t("cancelled" if chat.draft else "nothing_to_cancel", chat.lang)))
    chat.draft = {}
    return IDLE


def my_cases(chat: Chat) -> str:
    """Shows the user's cases as a carousel, newest first, twelve at a time."""
    offset = int(chat.turn.postback.get("offset") or 0)  # checked by bot.line.postbacks
    page, total = services.cases_of(chat.uow, chat.user.id, offset=offset)
    if not page:
        chat.say(m.text(t("no_cases", chat.lang)))
    else:
        more = offset + len(page) if offset + len(page) < total else None
        chat.say(m.cases_carousel(page, chat.lang, more))
    return chat.convo.state


def show_case(chat: Chat) -> str:
    """Shows one case's card, only to the citizen who reported it."""
    ticket = (chat.turn.postback.get("t") or chat.turn.text).strip().upper()
    try:
        case = services.find_case(chat.uow, ticket, reporter_id=chat.user.id)
        chat.say(m.case_card(case, chat.lang, note=_last_note(case)))
    except services.CaseNotFound:
        chat.say(m.text(t("case_not_found", chat.lang, ticket=ticket)))
    return chat.convo.state


def show_help(chat: Chat) -> str:
    """Explains what the bot understands."""
    chat.say(m.text(t("help", chat.lang), quick=[m.location_chip(chat.lang)]))
    return chat.convo.state


def stale_button(chat: Chat) -> str:
    """Answers postback data that none of our buttons sends."""
    chat.say(m.text(t("stale_button", chat.lang), quick=[m.location_chip(chat.lang)]))
    return chat.convo.state


def refuse_blocked(chat: Chat) -> str:
    """Tells a user blocked by a moderator, politely, that reports from them are not taken."""
    chat.draft = {}
    chat.say(m.text(t("blocked", chat.lang)))
    return IDLE


def unsupported(chat: Chat) -> str:
    """Says which kinds of message the bot understands."""
    chat.say(m.text(t("unsupported", chat.lang)))
    return chat.convo.state


# --- helpers -----------------------------------------------------------------------------------

def _advance(chat: Chat, lead: str = "") -> str:
    """Asks for the next missing piece, or shows the summary when the report is complete."""
    draft, lang = chat.draft, chat.lang
    lead = f"{lead} " if lead else ""
    if not draft.get("texts"):
        chat.say(m.text(lead + t("ask_description", lang), quick=m.camera_chips(lang)))
        return DRAFTING
    if not draft.get("located"):
        chat.say(m.text(lead + t("ask_location", lang),
                        quick=[m.location_chip(lang), *m.camera_chips(lang)]))
        return DRAFTING
    if "categories" not in draft:
        predictions = nlp.classify(" ".join(draft["texts"]))
        if not nlp.is_confident(predictions):
            return offer_categories(chat)
        draft["categories"] = nlp.predicted_labels(predictions)
    if followup.offer_nearby(chat):
        return CONFIRMING
    chat.say(m.summary(draft, lang))
    return CONFIRMING


def _draft_full(chat: Chat) -> str:
    """Says the report is full and what the limits are; the new part is not added."""
    chat.say(m.text(t("draft_full", chat.lang, **limits.draft_limits(chat.runtime.settings))))
    return chat.convo.state


def _image_set_complete(chat: Chat, set_id: str, _index: int, total: int) -> bool:
    """Counts the photos of a multi-photo send; true once all have arrived."""
    seen = chat.draft.setdefault("image_sets", {})
    seen[set_id] = seen.get(set_id, 0) + 1
    return seen[set_id] >= total


def _expire_idle_draft(chat: Chat) -> None:
    """Forgets a draft left untouched for longer than the timeout."""
    timeout = timedelta(seconds=chat.runtime.settings.draft_timeout_seconds)
    if chat.draft and chat.turn.event_time - chat.convo.updated_at > timeout:
        chat.draft, chat.convo.state = {}, IDLE
        if chat.turn.kind not in ("follow", "unfollow"):
            chat.say(m.text(t("draft_expired", chat.lang)))


def _new_conversation(uow: UnitOfWork, user_id: str) -> Conversation:
    """Start a user's conversation row."""
    convo = Conversation(user_id=user_id, state=IDLE, draft={}, updated_at=utcnow())
    uow.session.add(convo)
    uow.session.flush()
    return convo


def _last_note(case) -> str | None:
    """The latest officer note on a case, for its card."""
    notes = [event.note for event in case.events if event.note]
    return notes[-1] if notes else None


def _words(*choices: str):
    """A command matcher for exact words, Thai or English."""
    return lambda text, _chat: text in choices


# --- the tables ----------------------------------------------------------------------------------

COMMANDS = [
    (_words("ยกเลิก", "cancel"), cancel),
    (_words("เรื่องของฉัน", "my cases", "my case"), my_cases),
    (_words("ช่วยเหลือ", "วิธีใช้", "help"), show_help),
    (_words("ยืนยัน", "confirm"), confirm),
    (lambda text, _chat: looks_like_ticket_id(text), show_case),
    *followup.COMMANDS,
]
STEPS = {"follow": greet, "unfollow": farewell, "text": add_text, "image": add_photo,
         "location": add_location}
POSTBACKS = {"confirm": confirm, "cancel": cancel, "categories": offer_categories,
             "category": pick_category, "cases": my_cases, "case": show_case,
             "anyway": lambda chat: _advance(chat), "newreport": lambda chat: _advance(chat),
             **followup.POSTBACKS, postbacks.INVALID: stale_button}
