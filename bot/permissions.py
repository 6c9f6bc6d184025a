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
# A dashboard supervisor acts like an officer of their agencies, and may also reopen their cases.
SUPERVISOR_ACTIONS = {**OFFICER_ACTIONS, "reopen": {RESPONSIBLE}}
# Actions only the case's own reporter may take (staff reopen through SUPERVISOR_ACTIONS or as admin).
REPORTER_ACTIONS = {"reopen", "rate", "add_information"}


@dataclass(frozen=True)
class Actor:
    """Someone acting on a case: an officer, an admin (dashboard, CLI), a citizen or the system."""

    kind: str  # officer | supervisor | admin | operator | citizen | system
    ref: str  # officer id, staff email, LINE user id
    agency_id: int | None = None
    enabled: bool = True
    agencies: frozenset[int] = frozenset()  # a dashboard supervisor's agencies

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
    table = SUPERVISOR_ACTIONS if actor.kind == "supervisor" else OFFICER_ACTIONS
    if action in REPORTER_ACTIONS and action not in table:
        return None if is_reporter else "only the reporter may do this"
    if actor.kind not in ("officer", "supervisor"):
        return "only linked officers may do this"
    if part not in table.get(action, set()):
        return "your agency does not hold this case" if part is None else \
            f"an {part} agency may not {action} this case"
    return None
