"""One problem per case: new words that sound like another problem are never merged silently.

The bot asks whether they belong to the report being written. 'New report' keeps them aside: the
current report is finished first (confirmed or cancelled), then the new one starts with those words."""
from __future__ import annotations

from bot import limits
from bot.line import messages as m
from bot.line.chat import DECIDING, Chat
from bot.line.drafting import add_location, add_photo, advance
from bot.line.intent import without_lead_in
from bot.texts import t


def ask_same_or_new(chat: Chat) -> str:
    """Asks whether the words belong to this report or start a new one."""
    words = without_lead_in(chat.turn.text.strip())  # "อีกเรื่องนะครับ" is not part of any problem
    chat.draft["pending"] = limits.fit_text({}, chat.runtime.settings, words)
    _ask(chat, "ask_same_or_new")
    return DECIDING


def keep_in_report(chat: Chat) -> str:
    """'Same report': the words join the report being written."""
    if _answered(chat):
        return chat.convo.state
    words = chat.draft.pop("pending")
    kept = limits.fit_text(chat.draft, chat.runtime.settings, words)
    if kept:
        chat.draft.setdefault("texts", []).append(kept)
        chat.draft.pop("categories", None)
        chat.draft.pop("chosen", None)
    return advance(chat, lead=t("added_to_report", chat.lang))


def start_new(chat: Chat) -> str:
    """'New report': keeps the words for the next report and finishes this one first."""
    if _answered(chat):
        return chat.convo.state
    words = chat.draft.pop("pending")
    if not words:  # only "another problem": it is told once this one is done
        return advance(chat, lead=t("new_after_this", chat.lang))
    chat.draft["next"] = words
    shown = words if len(words) <= 60 else words[:59] + "…"
    return advance(chat, lead=t("kept_for_next", chat.lang, text=shown))


def remind(chat: Chat) -> str:
    """More words while the question is open: asks it again (nothing is added yet)."""
    _ask(chat, "still_deciding")
    return DECIDING


def photo_meanwhile(chat: Chat) -> str:
    """A photo while the question is open goes to the current report; the question stays (asked
    again once for the photos of a set, after the last)."""
    add_photo(chat)
    chat.prompts.clear()
    image_set = chat.turn.image_set
    if image_set and chat.draft["image_sets"][image_set[0]] < image_set[2]:
        return DECIDING  # more photos of the set are coming: one reminder, after the last
    return remind(chat)


def location_meanwhile(chat: Chat) -> str:
    """A location while the question is open goes to the current report; the question stays."""
    add_location(chat)
    chat.prompts.clear()
    return remind(chat)


def already_answered(chat: Chat) -> str:
    """A 'same or new' chip tapped when no such question is open."""
    chat.say(m.text(t("question_answered", chat.lang)))
    return chat.convo.state


def _ask(chat: Chat, key: str) -> None:
    """The question with its two chips (and cancel)."""
    d = chat.draft_id()
    chat.prompt(m.text(t(key, chat.lang), quick=[
        m.chip(t("chip_same_report", chat.lang), "same", d=d),
        m.chip(t("chip_new_report", chat.lang), "split", d=d),
        m.chip(t("cancel", chat.lang), "cancel", d=d)]))


def _answered(chat: Chat) -> bool:
    """A chip of an older question (its draft is gone): say so; True if it was."""
    if chat.turn.postback.get("d") not in (None, chat.draft.get("id")) or "pending" not in chat.draft:
        already_answered(chat)
        return True
    return False
