"""The case lifecycle: states, allowed transitions and ticket ids. Pure: no I/O."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

WAITING = "waiting"
IN_PROGRESS = "in_progress"
FORWARDED = "forwarded"
FINISHED = "finished"
REJECTED = "rejected"
DUPLICATE = "duplicate"

STATES = (WAITING, IN_PROGRESS, FORWARDED, FINISHED, REJECTED, DUPLICATE)
OPEN = (WAITING, IN_PROGRESS, FORWARDED)
CLOSED = (FINISHED, REJECTED, DUPLICATE)
REOPEN_DAYS = 14  # a citizen may reopen a closed case for this long after it closed
MAX_FORWARDS = 5  # hand-offs after which a case must be settled, not passed on again

# Traffy's own Thai labels, so citizens see the words they already know.
STATE_LABELS = {
    WAITING: {"th": "รอรับเรื่อง", "en": "Waiting"},
    IN_PROGRESS: {"th": "กำลังดำเนินการ", "en": "In progress"},
    FORWARDED: {"th": "ส่งต่อ", "en": "Forwarded"},
    FINISHED: {"th": "เสร็จสิ้น", "en": "Finished"},
    REJECTED: {"th": "ไม่เกี่ยวข้อง", "en": "Not relevant"},
    DUPLICATE: {"th": "เรื่องซ้ำ", "en": "Duplicate"},
}
STATE_COLOURS = {WAITING: "#E8A317", IN_PROGRESS: "#1E88E5", FORWARDED: "#8E24AA",
                 FINISHED: "#2E7D32", REJECTED: "#757575",
                 DUPLICATE: "#757575"}

# (state, action) -> next state. The only place that decides what may happen to a case.
TRANSITIONS = {
    (WAITING, "accept"): IN_PROGRESS,
    (FORWARDED, "accept"): IN_PROGRESS,
    (IN_PROGRESS, "update"): IN_PROGRESS,
    (WAITING, "forward"): FORWARDED,
    (IN_PROGRESS, "forward"): FORWARDED,
    (FORWARDED, "forward"): FORWARDED,
    (IN_PROGRESS, "finish"): FINISHED,
    (WAITING, "reject"): REJECTED,
    (IN_PROGRESS, "reject"): REJECTED,
    (FORWARDED, "reject"): REJECTED,
    (FINISHED, "reopen"): WAITING,
    (REJECTED, "reopen"): WAITING,
    (FINISHED, "rate"): FINISHED,
    **{(state, "duplicate"): DUPLICATE for state in OPEN},
    # Actions that record something without moving the case.
    **{(state, action): state for state in OPEN
       for action in ("invite", "add_information", "reroute")},
    **{(state, "recategorize"): state for state in STATES},
}

# Crockford-like alphabet: no 0/O or 1/I, so ids read aloud over the phone survive.
TICKET_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TICKET_LENGTH = 6


class TransitionNotAllowed(ValueError):
    """The action cannot be applied to a case in its current state."""

    def __init__(self, state: str, action: str):
        super().__init__(f"cannot {action} a case that is {state}")
        self.state, self.action = state, action


@dataclass(frozen=True)
class Transition:
    """What applying an action did: the event to record."""

    action: str
    from_state: str
    to_state: str

    @property
    def changes_state(self) -> bool:
        """Whether the citizen sees a new state."""
        return self.from_state != self.to_state


def apply(state: str, action: str) -> Transition:
    """Apply an action to a case in `state`, or raise TransitionNotAllowed."""
    try:
        return Transition(action, state, TRANSITIONS[(state, action)])
    except KeyError:
        raise TransitionNotAllowed(state, action) from None


class ForwardRefused(ValueError):
    """A forward would send the case round a loop or past the hop limit."""


def check_forward(holders: list[str], to: str) -> None:
    """Refuse a forward to an agency that already held the case, or one past MAX_FORWARDS."""
    if holders and holders[-1] == to:
        raise ForwardRefused(f"the case is already with {to}")
    if to in holders:
        raise ForwardRefused(f"{to} already had this case; sending it back would go round a loop")
    if len(holders) > MAX_FORWARDS:
        raise ForwardRefused(f"the case was already passed on {MAX_FORWARDS} times")


def may_reopen(closed_at: datetime | None, now: datetime) -> bool:
    """Whether a case closed at closed_at can still be reopened."""
    return closed_at is not None and now - closed_at <= timedelta(days=REOPEN_DAYS)


def new_ticket_id(now: datetime) -> str:
    """Make an unguessable ticket id like 2026-7KQ2ZD."""
    suffix = "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))
    return f"{now.year}-{suffix}"


def looks_like_ticket_id(text: str) -> bool:
    """Whether text is a ticket id (case-insensitive, surrounding spaces ignored)."""
    text = text.strip().upper()
    year, dash, suffix = text.partition("-")
    return (dash == "-" and len(year) == 4 and year.isdigit() and len(suffix) == TICKET_LENGTH
            and all(c in TICKET_ALPHABET for c in suffix))


def state_label(state: str, lang: str) -> str:
    """The citizen-facing name of a state."""
    return STATE_LABELS[state].get(lang, STATE_LABELS[state]["th"])
