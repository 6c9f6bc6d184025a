"""Who may do what to a case: the one table every service checks. Pure: no I/O."""
from __future__ import annotations

from dataclasses import dataclass

RESPONSIBLE, INVITED = "responsible", "invited"

# action -> the part an officer's agency must play in the case to do it.
OFFICER_ACTIONS = {
    "view": {RESPONSIBLE, INVITED},
    "update": {RESPONSIBLE, INVITED},
    "accept": {RESPONSIBLE},
    "forward": {RESPONSIBLE},
    "invite": {RESPONSIBLE},
    "finish": {RESPONSIBLE},
    "reject": {RESPONSIBLE},
    "duplicate": {RESPONSIBLE},
    "recategorize": {RESPONSIBLE},
}
# Actions only the case's own reporter may take.
REPORTER_ACTIONS = {"reopen", "rate", "add_information"}


@dataclass(frozen=True)
class Actor:
    """Someone acting on a case: an officer, an admin (dashboard, CLI), a citizen or the system."""

    kind: str  # officer | admin | citizen | system
    ref: str  # officer id, admin name, LINE user id
    agency_id: int | None = None
    enabled: bool = True

    @property
    def label(self) -> str:
        """How the actor is written in case events and the audit log."""
        return f"{self.kind}:{self.ref}"

    @classmethod
    def system(cls, name: str = "chaeng") -> "Actor":
        """The bot itself (routing, migrations)."""
        return cls("system", name)

    @classmethod
    def admin(cls, name: str) -> "Actor":
        """An administrator (the CLI or the dashboard)."""
        return cls("admin", name)


def refusal(actor: Actor, action: str, part: str | None, is_reporter: bool = False) -> str | None:
    """Why the actor may not take the action on a case where their agency plays `part`; None if allowed."""
    if actor.kind in ("admin", "system"):
        return None
    if not actor.enabled:
        return "actor is disabled"
    if action in REPORTER_ACTIONS:
        return None if is_reporter else "only the reporter may do this"
    if actor.kind != "officer":
        return "only linked officers may do this"
    if part not in OFFICER_ACTIONS.get(action, set()):
        return "your agency does not hold this case" if part is None else \
            f"an {part} agency may not {action} this case"
    return None
