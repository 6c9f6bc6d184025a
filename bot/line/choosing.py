"""Choosing the category: the three likeliest as chips, or every category from the full list."""
from __future__ import annotations

import nlp
from bot.line import categories
from bot.line.chat import CHOOSING, Chat
from bot.line.drafting import advance
from bot.line.stale import stale_tap


def offer_categories(chat: Chat) -> str:
    """Offers the three likeliest categories, 'all categories', 'other' and 'cancel' as chips."""
    if stale_tap(chat):
        return chat.convo.state
    if not chat.draft.get("texts"):
        return advance(chat)
    chat.say(categories.top_chips(" ".join(chat.draft["texts"]), chat.lang, chat.draft_id()))
    return CHOOSING


def show_all_categories(chat: Chat) -> str:
    """Shows every category with its icon and hint, for a problem the top three missed."""
    if stale_tap(chat):
        return chat.convo.state
    chat.say(categories.full_list(chat.lang, chat.draft_id()))
    return CHOOSING


def pick_category(chat: Chat) -> str:
    """Takes the citizen's choice of category and shows the summary again."""
    if stale_tap(chat):
        return chat.convo.state
    code = chat.turn.postback.get("c", "other")
    label = None if code == "other" else nlp.label_from_code(code)
    chat.draft.update(categories=[label] if label else [], chosen=True)
    return advance(chat)
