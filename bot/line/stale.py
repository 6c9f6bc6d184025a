"""Buttons outlive their draft: a tap on one says what became of that draft, not the help text."""
from __future__ import annotations

from bot.line import messages as m
from bot.line.chat import Chat
from bot.texts import t


def stale_tap(chat: Chat, need_draft: bool = True) -> bool:
    """Answers a tap on a button of a draft that is gone (sent, cancelled, expired); True if it was."""
    tapped = chat.turn.postback.get("d")
    if tapped and tapped != chat.draft.get("id"):
        outcome = chat.history.get(tapped, "")
        if outcome.startswith("sent:"):
            chat.say(m.text(t("already_sent", chat.lang, ticket=outcome[5:])))
        elif outcome.startswith("followed:"):
            chat.say(m.text(t("already_followed", chat.lang, ticket=outcome[9:])))
        else:
            chat.say(m.text(t("already_cancelled" if outcome == "cancelled" else "old_draft", chat.lang)))
        return True
    if need_draft and not (chat.draft.get("texts") or chat.draft.get("photo_ids")
                           or chat.draft.get("located")):
        chat.say(m.text(t("nothing_to_confirm", chat.lang)))
        return True
    return False
