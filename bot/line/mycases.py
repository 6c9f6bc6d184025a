"""A citizen looks up their own cases: the list, or one case by its ticket id."""
from __future__ import annotations

from bot import services
from bot.line import messages as m
from bot.line.chat import Chat
from bot.texts import t


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


def _last_note(case) -> str | None:
    """The latest officer note on a case, for its card."""
    notes = [event.note for event in case.events if event.note]
    return notes[-1] if notes else None
