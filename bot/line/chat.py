"""One turn of a citizen's conversation: the states, and the Chat every step receives."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from bot.line.events import Turn
from bot.runtime import Runtime
from storage.db import UnitOfWork
from storage.models import Conversation, LineUser

IDLE, DRAFTING, CHOOSING, CONFIRMING, DECIDING = "idle", "drafting", "choosing", "confirming", "deciding"
ASKING = "asking"  # a follow-up button asked for words or photos (bot.line.followup)
ERASING = "erasing"  # "delete my data" waits for its yes (bot.line.mydata)
STATES = (IDLE, DRAFTING, CHOOSING, CONFIRMING, DECIDING, ASKING, ERASING)
SAME = "same"  # a transition table's way to say "stays where it was"
NEXT = "next"  # whatever the draft needs next: drafting (words, place), choosing or confirming
ADVANCE = (DRAFTING, CHOOSING, CONFIRMING)  # the states NEXT stands for
ANY = "anywhere"  # a transition table row for every state without a row of its own
HISTORY = "_history"  # the draft's key that remembers how earlier drafts ended, for stale buttons
CANCEL_ASKED = "_cancel_asked"  # the draft's key: "cancel it?" was asked, and nothing said since
KEEP_HISTORY = 10


@dataclass
class Chat:
    """One turn of one user's conversation: what came in, their state, and what to say back."""

    uow: UnitOfWork
    runtime: Runtime
    turn: Turn
    user: LineUser
    convo: Conversation
    lang: str
    draft: dict
    history: dict = field(default_factory=dict)
    out: list[dict] = field(default_factory=list)
    prompts: list[dict] = field(default_factory=list)

    def say(self, *outgoing: dict) -> None:
        """Queue messages for this turn's answer."""
        self.out.extend(outgoing)

    def prompt(self, *outgoing: dict) -> None:
        """Queue the question that moves a draft on; in a burst only the last turn asks it."""
        self.prompts.extend(outgoing)

    def draft_id(self) -> str:
        """The current draft's id (made on first use), carried by its buttons to spot stale taps."""
        return self.draft.setdefault("id", secrets.token_hex(4))

    def close_draft(self, outcome: str) -> None:
        """Forget the draft, remembering how it ended ('sent:TICKET' or 'cancelled')."""
        if self.draft.get("id"):
            self.history[self.draft["id"]] = outcome
            while len(self.history) > KEEP_HISTORY:
                self.history.pop(next(iter(self.history)))
        self.draft = {}
