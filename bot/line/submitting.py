"""Ending a draft: confirm it into a case or cancel it; and answering taps on a draft's old buttons."""
from __future__ import annotations

from bot import services
from bot.insight import usual
from bot.line import followup
from bot.line import messages as m
from bot.line.drafting import advance
from bot.line.stale import stale_tap
from bot.line.chat import IDLE, Chat
from bot.texts import t


def confirm(chat: Chat) -> str:
    """Turns the confirmed draft into a case and answers with its ticket id."""
    if stale_tap(chat):
        return chat.convo.state
    draft = chat.draft
    case = services.submit_report(
        chat.uow, chat.user.id, description="\n".join(draft.get("texts", [])),
        categories=draft.get("categories", []), latitude=draft.get("latitude"),
        longitude=draft.get("longitude"), address=draft.get("address"),
        district=draft.get("district"), subdistrict=draft.get("subdistrict"),
        photo_ids=draft.get("photo_ids", []), language=chat.lang, place_words=draft.get("place_words"))
    chat.say(*followup.receipt(case, chat.lang, usual.for_case(chat.uow.session, case)))
    return _start_next(chat, f"sent:{case.ticket_id}")


def not_ready(chat: Chat) -> str:
    """'Confirm' before the report is complete: says what is still missing, or that none is open."""
    if stale_tap(chat):
        return chat.convo.state
    return advance(chat)


def cancel(chat: Chat) -> str:
    """Drops the report being written."""
    if stale_tap(chat, need_draft=False):
        return chat.convo.state
    chat.say(m.text(t("cancelled" if chat.draft else "nothing_to_cancel", chat.lang)))
    return _start_next(chat, "cancelled")


def _start_next(chat: Chat, outcome: str) -> str:
    """Close the draft; start the problem set aside for later, if there is one."""
    waiting = chat.draft.get("next")
    chat.close_draft(outcome)
    if not waiting:
        return IDLE
    chat.draft = {"texts": [waiting]}
    return advance(chat, lead=t("next_report", chat.lang, text=_short(waiting)))


def _short(text: str, limit: int = 60) -> str:
    """The start of a text, to remind the citizen which one is meant."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
