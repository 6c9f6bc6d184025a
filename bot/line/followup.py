"""The citizen side of closing the loop: stars, reopening, adding information, following, nearby cases.

Steps take the conversation's Chat and return the next state; the table in conversation.py wires them."""
from __future__ import annotations

import nlp
import nlp.placenames
from bot import services
from bot.cases import looks_like_ticket_id
from bot.line import nearby, status
from bot.line import messages as m
from bot.line.chat import ASKING  # the question itself waits in draft["_ask"]
from bot.texts import t
from storage.models import utcnow

CANCEL_WORDS = {"ยกเลิก", "cancel"}


def rate(chat) -> str:
    """Records the stars the reporter tapped after a case was finished."""
    ticket, stars = chat.turn.postback.get("t", ""), chat.turn.postback.get("s", "")
    try:
        services.rate(chat.uow, ticket, chat.user.id, int(stars))
        chat.say(m.text(t("thanks_rating", chat.lang, stars=int(stars), ticket=ticket)))
    except services.AlreadyRated as already:
        chat.say(m.text(t("already_rated", chat.lang, stars=already.stars, ticket=ticket)))
    except (services.Refused, services.CaseNotFound, ValueError):
        chat.say(m.text(t("cannot_now", chat.lang, ticket=ticket[:16])))
    return chat.convo.state


def reopen(chat) -> str:
    """Reopens the reporter's closed case with their reason ('เปิดใหม่ TICKET reason')."""
    ticket, reason = _ticket_and_rest(chat)
    if not ticket:
        chat.say(m.text(t("reopen_usage", chat.lang)))
        return chat.convo.state
    if not reason:
        return _ask(chat, "reopen", ticket, "ask_reopen_reason")
    return _reopen(chat, ticket, reason)


def add_information(chat) -> str:
    """Adds words to the reporter's open case ('เพิ่มข้อมูล TICKET words'), or asks for them."""
    ticket, words = _ticket_and_rest(chat)
    if not ticket:
        chat.say(m.text(t("bad_command", chat.lang, problem=t("bad_ticket", chat.lang),
                          usage="addinfo TICKET" if chat.lang == "en" else "เพิ่มข้อมูล TICKET")))
        return chat.convo.state
    if not words:
        return _ask(chat, "addinfo", ticket, "ask_information")
    return _add_information(chat, ticket, words, [])


def answer(chat) -> str:
    """Takes the reason or the information a button asked for."""
    asked, turn = chat.draft.pop("_ask", {}), chat.turn
    after = "drafting" if chat.draft.get("texts") or chat.draft.get("photo_ids") else "idle"
    if turn.kind == "text" and turn.text.strip().lower() in CANCEL_WORDS:
        chat.say(m.text(t("prompt_cancelled", chat.lang)))
        return after
    if asked.get("c") == "reopen" and turn.kind == "text":
        _reopen(chat, asked["t"], turn.text.strip())
    elif asked.get("c") == "addinfo":
        photo_ids = []
        if turn.image is not None:
            photo_ids = [services.add_photo(chat.uow, chat.user.id, turn.image,
                                            line_message_id=turn.message_id).id]
        _add_information(chat, asked["t"], turn.text if turn.kind == "text" else "", photo_ids)
    return after


def tap_reopen(chat) -> str:
    """The reopen button: asks for the reason."""
    return _ask(chat, "reopen", chat.turn.postback.get("t", ""), "ask_reopen_reason")


def tap_add_information(chat) -> str:
    """The add-information button: asks for words or photos."""
    return _ask(chat, "addinfo", chat.turn.postback.get("t", ""), "ask_information")


def follow(chat) -> str:
    """Follows a case; tapped in the nearby offer of the report being written, that report is
    not sent (the citizen chose the case already open) and they are told so."""
    ticket = chat.turn.postback.get("t", "")
    try:
        services.follow(chat.uow, ticket, chat.user.id)
    except services.CaseNotFound:  # a hidden case too: the same answer as typing its ticket
        chat.say(m.text(t("case_unknown", chat.lang, ticket=ticket[:16])))
        return chat.convo.state
    offered_with = chat.turn.postback.get("d")
    if not offered_with or offered_with != chat.draft.get("id"):
        chat.say(m.text(t("following", chat.lang, ticket=ticket)))
        return chat.convo.state  # from a status card or an old offer: a report being written goes on
    chat.say(m.text(t("followed_instead", chat.lang, ticket=ticket)))
    chat.close_draft(f"followed:{ticket}")
    return "idle"


def show_case(chat) -> str:
    """Shows a case's status card, with the buttons this citizen may use on it now."""
    ticket = (chat.turn.postback.get("t") or chat.turn.text).strip().upper()[:16]
    try:
        case, viewer = services.case_for_citizen(chat.uow, ticket, chat.user.id)
        chat.say(status.status_card(case, chat.lang, utcnow(), viewer))
    except services.CaseNotFound:
        chat.say(m.text(t("case_unknown", chat.lang, ticket=ticket)))
    return chat.convo.state


def my_cases(chat) -> str:
    """Shows the user's cases as a carousel, newest first, twelve at a time, each one tappable."""
    offset = int(chat.turn.postback.get("offset") or 0)  # checked by bot.line.postbacks
    page, total = services.cases_of(chat.uow, chat.user.id, offset=offset)
    if not page:
        chat.say(m.text(t("no_cases", chat.lang)))
    else:
        chat.say(status.cases_carousel(page, chat.lang, utcnow(), offset, total))
    return chat.convo.state


def show_on_map(chat) -> str:
    """Sends a case's place as a LINE location message, which opens the phone's map."""
    ticket = chat.turn.postback.get("t", "")
    try:
        case, viewer = services.case_for_citizen(chat.uow, ticket, chat.user.id)
    except services.CaseNotFound:
        chat.say(m.text(t("case_unknown", chat.lang, ticket=ticket)))
        return chat.convo.state
    if case.latitude is None or case.longitude is None:
        chat.say(m.text(t("no_map", chat.lang, ticket=ticket)))
    else:
        chat.say(status.map_message(case, chat.lang, viewer))
    return chat.convo.state


def ask_stars(chat) -> str:
    """The rate button: offers one to five stars as quick replies, unless this finish is rated."""
    ticket = chat.turn.postback.get("t", "")
    try:
        case, viewer = services.case_for_citizen(chat.uow, ticket, chat.user.id)
    except services.CaseNotFound:
        case, viewer = None, None
    if viewer == "reporter" and case.stars is not None:
        chat.say(m.text(t("already_rated", chat.lang, stars=case.stars, ticket=case.ticket_id)))
    else:
        chat.say(m.text(t("ask_rating", chat.lang), quick=status.rating_chips(ticket)))
    return chat.convo.state


def unfollow(chat) -> str:
    """Stops updates about a case the citizen follows."""
    ticket = chat.turn.postback.get("t", "")
    try:
        services.unfollow(chat.uow, ticket, chat.user.id)
        chat.say(m.text(t("unfollowed", chat.lang, ticket=ticket)))
    except services.CaseNotFound:
        chat.say(m.text(t("cannot_now", chat.lang, ticket=ticket[:16])))
    return chat.convo.state


def offer_nearby(chat) -> bool:
    """Offers open cases of the same category nearby, once per draft; True if it did."""
    draft = chat.draft
    if draft.get("nearby_seen") or draft.get("latitude") is None or not draft.get("categories"):
        return False
    draft["nearby_seen"] = True
    found = services.nearby_open_cases(chat.uow, draft["latitude"], draft["longitude"],
                                       draft["categories"], exclude_reporter=chat.user.id)
    if found:
        chat.say(*nearby.offer(found, chat.lang, utcnow(), chat.draft_id()))
    return bool(found)


def issued_card(case, lang: str) -> dict:
    """The new case's status card, with 'new report' and 'my cases' as the next steps."""
    card = status.status_card(case, lang, utcnow())
    card["quickReply"] = {"items": status.after_ticket_chips(lang)}
    return card


def receipt(case, lang: str, expected=None) -> list[dict]:
    """A new case's receipt: its ticket id, the usual time for cases like it when known, its status card."""
    lead = t("created", lang, ticket=case.ticket_id)
    if expected is not None:
        lead += "\n" + t("usual_time", lang, median=m.duration(expected.median_days, lang),
                         low=m.duration(expected.low_days, lang),
                         high=m.duration(expected.high_days, lang), n=expected.based_on)
    return [m.text(lead), issued_card(case, lang)]


def keep_place_words(draft: dict, text: str) -> None:
    """Keep the words that say where the problem is ("ปากซอยลาดพร้าว 71") for the case."""
    words = nlp.place_words(text)
    if words and words not in (draft.get("place_words") or ""):
        joined = " ".join(filter(None, (draft.get("place_words"), words)))
        draft["place_words"] = joined[:nlp.placenames.MAX_PLACE_WORDS]


def _reopen(chat, ticket: str, reason: str) -> str:
    """Reopen and answer."""
    try:
        services.reopen(chat.uow, ticket, chat.user.id, reason[:2000])
        chat.say(m.text(t("reopened", chat.lang, ticket=ticket)))
    except (services.Refused, services.CaseNotFound):
        chat.say(m.text(t("cannot_now", chat.lang, ticket=ticket[:16])))
    return chat.convo.state if chat.convo.state != ASKING else "idle"


def _add_information(chat, ticket: str, words: str, photo_ids: list[int]) -> str:
    """Add to the case and answer."""
    try:
        services.add_information(chat.uow, ticket, chat.user.id, words, photo_ids)
        chat.say(m.text(t("information_added", chat.lang, ticket=ticket)))
    except (services.Refused, services.CaseNotFound):
        chat.say(m.text(t("cannot_now", chat.lang, ticket=ticket[:16])))
    return chat.convo.state if chat.convo.state != ASKING else "idle"


def _ask(chat, what: str, ticket: str, key: str) -> str:
    """Remember the question in the draft and ask it."""
    chat.draft["_ask"] = {"c": what, "t": ticket.strip().upper()[:16]}
    chat.say(m.text(t(key, chat.lang, ticket=ticket[:16])))
    return ASKING


def _ticket_and_rest(chat) -> tuple[str | None, str]:
    """The ticket id after the command word, and the words after it."""
    words = chat.turn.text.strip().split(maxsplit=2)
    ticket = words[1].upper() if len(words) > 1 and looks_like_ticket_id(words[1]) else None
    return ticket, words[2].strip() if len(words) > 2 else ""
