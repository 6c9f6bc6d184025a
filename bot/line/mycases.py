"""A citizen looks up cases: their own list, or one case's status card by its ticket id."""
from __future__ import annotations

from bot.line import followup
from bot.line.chat import Chat


def my_cases(chat: Chat) -> str:
    """Shows the user's cases as a carousel of tappable bubbles, newest first, twelve at a time."""
    return followup.my_cases(chat)


def show_case(chat: Chat) -> str:
    """Shows one case's status card, with the buttons this citizen may use on it now."""
    return followup.show_case(chat)
