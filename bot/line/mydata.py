"""A citizen's PDPA rights in the chat ("ข้อมูลของฉัน" / "my data"): what is kept about them, a copy
of it behind a 24-hour link (s.30-31), and its erasure after a yes (s.33).

Steps take the conversation's Chat and return the next state; the table in conversation.py wires them."""
from __future__ import annotations

import logging
from datetime import timedelta

from bot import services
from bot.line import drafting
from bot.line import messages as m
from bot.line.chat import ERASING, IDLE, Chat
from bot.line.smalltalk import usual_chips
from bot.privacy import pseudonym
from bot.texts import t
from bot.web import mydata as links

log = logging.getLogger(__name__)
ERASE_QUESTION_OPEN = timedelta(minutes=10)  # a yes later than this after the last turn erases nothing
DANGER = "#C62828"


def show_my_data(chat: Chat) -> str:
    """Says in plain words what is kept about the user, and offers a copy or erasure."""
    kept, lang = services.what_is_kept(chat.uow, chat.user.id), chat.lang
    since = kept.first_contact.astimezone(m.BANGKOK).strftime("%Y-%m-%d") if kept.first_contact \
        else "-"
    chat.say(m.text(t("my_data", lang, language=t("language_name", kept.language), since=since,
                      cases=kept.cases, follows=kept.follows, ratings=kept.ratings,
                      draft=t("my_data_draft", lang) if kept.drafting else "",
                      messages=kept.messages, days=chat.runtime.settings.retention_days),
                    quick=[m.chip(t("chip_copy", lang), "datacopy"),
                           m.chip(t("chip_erase", lang), "erase")]))
    return chat.convo.state


def send_copy(chat: Chat) -> str:
    """Sends a 24-hour link to a JSON copy of everything kept about the user; records the request."""
    settings = chat.runtime.settings
    link = links.copy_link(settings, chat.user.id)
    if link is None:
        chat.say(m.text(t("copy_unavailable", chat.lang)))
        return chat.convo.state
    url, until = link
    services.record_privacy_request(chat.uow, "copy", pseudonym(settings.secret_key, chat.user.id))
    chat.say(m.text(t("copy_ready", chat.lang, url=url,
                      until=until.astimezone(m.BANGKOK).strftime("%Y-%m-%d %H:%M"))))
    return chat.convo.state


def ask_erase(chat: Chat) -> str:
    """Asks whether to erase everything: the card's button, or a typed yes, confirms."""
    chat.say(erase_question(chat.lang))
    return ERASING


def erase(chat: Chat) -> str:
    """Erases the user (their cases stay, de-identified) and says so, the last message they get."""
    if chat.turn.event_time - chat.convo.updated_at > ERASE_QUESTION_OPEN:
        chat.say(m.text(t("erase_not_asked", chat.lang)))
        return _resume(chat)
    if services.officer_by_line_id(chat.uow, chat.user.id, enabled_only=False) is not None:
        chat.say(m.text(t("erase_officer", chat.lang)))
        return _resume(chat)
    user_id, lang, following = chat.user.id, chat.lang, chat.user.following
    settings, turn = chat.runtime.settings, chat.turn
    services.erase_citizen(chat.uow, user_id, pseudonym(settings.secret_key, user_id),
                           farewell_queued=following)
    if following:  # not through chat.say: this row is removed once sent (finish_erasures)
        services.send(chat.uow, user_id, [m.text(t("erased", lang))], reply_token=turn.reply_token,
                      reply_until=services.reply_window(turn.event_time, settings.reply_token_seconds),
                      purpose=services.FAREWELL_PURPOSE)
    chat.draft, chat.history = {}, {}
    return IDLE


def keep_data(chat: Chat) -> str:
    """Leaves everything as it was: a "no" to the erasure question, or any words but yes."""
    if chat.convo.state != ERASING:
        chat.say(m.text(t("data_kept", chat.lang), quick=usual_chips(chat.lang)))
        return chat.convo.state
    return _resume(chat, t("data_kept", chat.lang))


def erase_not_asked(chat: Chat) -> str:
    """Answers a delete button tapped when no erasure question is open: nothing is deleted."""
    chat.say(m.text(t("erase_not_asked", chat.lang), quick=usual_chips(chat.lang)))
    return chat.convo.state


def _resume(chat: Chat, lead: str = "") -> str:
    """Back to the report being written (asking for what it still needs), or to idle."""
    if chat.draft.get("texts") or chat.draft.get("photo_ids"):
        return drafting.advance(chat, lead=lead)
    if lead:
        chat.say(m.text(lead, quick=usual_chips(chat.lang)))
    return IDLE


def erase_question(lang: str) -> dict:
    """The card asking to confirm erasure: what goes, what stays, and two buttons."""
    body = m._box([m._title(t("erase_title", lang)),
                   {"type": "text", "text": t("erase_confirm", lang), "wrap": True, "size": "sm"}])
    delete = m._button(t("btn_erase_yes", lang), m.postback_data("eraseyes"), primary=True)
    delete["color"] = DANGER
    footer = m._box([delete, m._button(t("btn_erase_keep", lang), m.postback_data("erasekeep"))])
    return m._flex(t("erase_title", lang), {"type": "bubble", "body": body, "footer": footer})
