"""Everything that is not a report: following, greetings, thanks, stickers, help and polite refusals."""
from __future__ import annotations

from bot import services
from bot.line import messages as m
from bot.line.chat import CONFIRMING, IDLE, Chat
from bot.texts import t

REPLIES = {"greeting": "reply_greeting", "thanks": "reply_thanks", "ack": "reply_ack",
           "sticker": "reply_sticker", "emoji": "reply_emoji", "chatter": "reply_chatter"}


def usual_chips(lang: str) -> list[dict]:
    """The quick replies offered after small talk: report a problem, my cases, help."""
    return [m.chip(t("chip_report", lang), "newreport"), m.chip(t("chip_my_cases", lang), "cases"),
            m.chip(t("chip_help", lang), "help")]


def greet(chat: Chat) -> str:
    """Welcomes a new or returning follower, in their LINE app's language, and explains the data use."""
    services.set_following(chat.uow, chat.user.id, True)
    if chat.turn.profile_language:
        # We speak Thai and English; any other profile language falls back to Thai, the city's own.
        chat.lang = "en" if chat.turn.profile_language.lower().startswith("en") else "th"
        services.ensure_user(chat.uow, chat.user.id, chat.lang)
    chat.say(m.text(t("greeting", chat.lang), quick=[m.location_chip(chat.lang),
                                                     *usual_chips(chat.lang)[1:]]))
    return chat.convo.state


def farewell(chat: Chat) -> str:
    """Stops all pushes to a user who blocked the bot."""
    services.set_following(chat.uow, chat.user.id, False)
    return chat.convo.state


def answer_small_talk(chat: Chat, kind: str) -> str:
    """A short friendly answer that leaves any report being written as it was."""
    body = t(REPLIES[kind], chat.lang)
    if chat.convo.state == CONFIRMING:  # an "ok" here may have meant "send it": say how
        body += " " + t("summary_confirm", chat.lang)
    elif chat.draft.get("texts") or chat.draft.get("photo_ids"):
        body += " " + t("still_drafting", chat.lang)
    chat.prompt(m.text(body, quick=usual_chips(chat.lang)))
    return chat.convo.state


def show_help(chat: Chat) -> str:
    """Explains what the bot understands."""
    chat.say(m.text(t("help", chat.lang), quick=[m.location_chip(chat.lang),
                                                 *usual_chips(chat.lang)[:2]]))
    return chat.convo.state


def stale_button(chat: Chat) -> str:
    """Answers postback data that none of our buttons sends."""
    chat.say(m.text(t("stale_button", chat.lang), quick=usual_chips(chat.lang)))
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
