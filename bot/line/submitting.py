"""Ending a draft: confirm it into a case or cancel it; and answering taps on a draft's old buttons."""
from __future__ import annotations

from bot import services
from bot.insight import usual
from bot.line import followup
from bot.line import messages as m
from bot.line.drafting import advance
from bot.line.stale import stale_tap
from bot.line.chat import CANCEL_ASKED, IDLE, Chat
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
    """Drops the report being written; one that holds words, photos or a place only once the
    citizen confirms (the chip, or cancel sent again), since nothing brings it back."""
    if stale_tap(chat, need_draft=False):
        return chat.convo.state
    held = holdings(chat.draft, chat.lang)
    if held and chat.turn.postback.get("sure") != "1" and not chat.draft.get(CANCEL_ASKED):
        chat.draft[CANCEL_ASKED] = True
        d = chat.draft_id()
        chat.say(m.text(t("ask_cancel", chat.lang, holds=held), quick=[
            m.chip(t("yes_cancel", chat.lang), "cancel", d=d, sure=1),
            m.chip(t("keep_writing", chat.lang), "keep", d=d)]))
        return chat.convo.state
    chat.say(m.text(t("cancelled" if chat.draft else "nothing_to_cancel", chat.lang)))
    return _start_next(chat, "cancelled")


def keep(chat: Chat) -> str:
    """'No, keep it' after the cancel question: the report goes on where it was."""
    if stale_tap(chat):
        return chat.convo.state
    return advance(chat, lead=t("draft_kept", chat.lang))


def holdings(draft: dict, lang: str) -> str:
    """What a draft holds, in words ('2 messages and 1 photo'), or '' when nothing."""
    parts = []
    if draft.get("texts"):
        parts.append(t("holds_texts", lang, n=len(draft["texts"])))
    if draft.get("photo_ids"):
        parts.append(t("holds_photos", lang, n=len(draft["photo_ids"])))
    if draft.get("located"):
        parts.append(t("holds_place", lang))
    return t("and", lang).join(parts)


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
