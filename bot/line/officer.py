"""Officer commands in LINE (1:1 or in their agency's group): one small function per command, one table.

Each command has an English slash form and a Thai word. Buttons on officer cards send postbacks
(a=off); actions that need words or a photo ask for them and keep the question in Officer.pending."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy.orm.attributes import flag_modified

from bot import services
from bot.cases import looks_like_ticket_id, state_label
from bot.line import cards
from bot.line import messages as m
from bot.line.events import Turn
from bot.permissions import Actor
from bot.runtime import Runtime
from bot.texts import t
from storage.db import UnitOfWork
from bot.services.officers import QUEUES
from storage.models import Agency, utcnow

log = logging.getLogger(__name__)

CANCEL_WORDS = {"ยกเลิก", "cancel", "/cancel"}


@dataclass
class Desk:
    """One officer turn: who is acting, where they wrote, and what to answer."""

    uow: UnitOfWork
    runtime: Runtime
    turn: Turn
    officer: object | None
    actor: Actor
    lang: str
    args: list[str] = field(default_factory=list)
    out: list[dict] = field(default_factory=list)

    def say(self, *outgoing: dict) -> None:
        """Queue messages for this turn's answer."""
        self.out.extend(outgoing)

    def tell(self, key: str, **values) -> None:
        """Answer with one sentence."""
        self.say(m.text(t(key, self.lang, **values)))


@dataclass(frozen=True)
class Command:
    """A row of the command table."""

    name: str
    slash: str
    thai: str | None
    required: tuple[str, ...]
    optional: tuple[str, ...]
    run: Callable[[Desk], None]

    @property
    def usage(self) -> str:
        """The right form of the command, shown when it was typed wrong."""
        words = [*self.required, *(f"[{name}]" for name in self.optional)]
        thai = f" ({self.thai})" if self.thai else ""
        return " ".join([self.slash, *words]) + thai


# --- commands ------------------------------------------------------------------------------------

def show_help(desk: Desk) -> None:
    """Lists the officer commands."""
    agency = desk.officer.agency.name(desk.lang) if desk.officer else "-"
    desk.tell("officer_help", agency=agency)


def link(desk: Desk) -> None:
    """Binds this LINE account (1:1) or this group to an agency with a one-time code."""
    code, turn = desk.args[0], desk.turn
    if turn.chat_id:
        group = services.link_group(desk.uow, code, turn.chat_id, turn.user_id)
        desk.tell("group_linked", agency=desk.uow.session.get(Agency, group.agency_id).name(desk.lang))
        return
    officer = services.link_officer(desk.uow, code, turn.user_id)
    desk.tell("officer_linked", agency=officer.agency.name(desk.lang))


def show_queue(desk: Desk) -> None:
    """Shows the agency's waiting, in-progress or all open cases as cards."""
    which = (desk.args[0] if desk.args else "waiting").lower()
    if which not in QUEUES:
        raise BadCommand(t("bad_queue", desk.lang))
    page = services.queue(desk.uow, desk.officer.agency_id, which)
    if not page:
        desk.tell("queue_empty")
        return
    names = {a.id: a.name(desk.lang) for a in services.agencies(desk.uow)}
    desk.say(cards.queue_carousel(page, names, desk.lang, utcnow()))


def show_case(desk: Desk) -> None:
    """Shows one case the agency holds, with its buttons."""
    case = services.case_for(desk.uow, _ticket(desk), desk.actor, "view")
    desk.say(cards.officer_card(case, case.agency.name(desk.lang), desk.lang, utcnow()))


def accept(desk: Desk) -> None:
    """Takes a case into work."""
    _done(desk, services.accept(desk.uow, _ticket(desk), desk.actor))


def update(desk: Desk) -> None:
    """Sends a progress note to the citizen."""
    _done(desk, services.update(desk.uow, _ticket(desk), desk.actor, desk.args[1]))


def forward(desk: Desk) -> None:
    """Hands a case to another agency with a reason."""
    _done(desk, services.forward(desk.uow, _ticket(desk), desk.args[1], desk.actor, desk.args[2]))


def invite(desk: Desk) -> None:
    """Asks another agency to help with a case."""
    _done(desk, services.invite(desk.uow, _ticket(desk), desk.args[1], desk.actor))


def done(desk: Desk) -> None:
    """Asks for the after-photo; the case is finished when it arrives."""
    ticket = _ticket(desk)
    services.case_for(desk.uow, ticket, desk.actor, "finish")
    _ask(desk, {"c": "finish", "t": ticket, "note": desk.args[1] if len(desk.args) > 1 else None},
         "ask_after_photo")


def reject(desk: Desk) -> None:
    """Closes a case as not relevant, with the reason."""
    _done(desk, services.reject(desk.uow, _ticket(desk), desk.actor, desk.args[1]))


def duplicate(desk: Desk) -> None:
    """Closes a case as a duplicate of another."""
    of = desk.args[1].upper()
    if not looks_like_ticket_id(of):
        raise BadCommand(t("bad_ticket", desk.lang))
    _done(desk, services.mark_duplicate(desk.uow, _ticket(desk), of, desk.actor))


COMMANDS = [
    Command("help", "/help", "ช่วยเหลือ", (), (), show_help),
    Command("link", "/link", None, ("CODE",), (), link),
    Command("queue", "/queue", "งาน", (), ("waiting|inprogress|all",), show_queue),
    Command("case", "/case", "ดู", ("TICKET",), (), show_case),
    Command("accept", "/accept", "รับ", ("TICKET",), (), accept),
    Command("update", "/update", "อัปเดต", ("TICKET", "note"), (), update),
    Command("forward", "/forward", "ส่งต่อ", ("TICKET", "AGENCY", "reason"), (), forward),
    Command("invite", "/invite", "เชิญร่วม", ("TICKET", "AGENCY"), (), invite),
    Command("done", "/done", "เสร็จ", ("TICKET",), ("note",), done),
    Command("reject", "/reject", "ไม่เกี่ยวข้อง", ("TICKET", "reason"), (), reject),
    Command("duplicate", "/duplicate", "ซ้ำ", ("TICKET", "OF_TICKET"), (), duplicate),
]
BY_WORD = {**{c.slash: c for c in COMMANDS}, **{c.thai: c for c in COMMANDS if c.thai}}


# --- buttons and the questions they ask ----------------------------------------------------------

def tap_accept(desk: Desk) -> None:
    """The accept button."""
    accept(desk)


def _tap_for_note(action: str):
    """A button that checks the officer may take the action, then asks for the note."""
    def tap(desk: Desk) -> None:
        ticket = _ticket(desk)
        services.case_for(desk.uow, ticket, desk.actor, action)
        _ask(desk, {"c": action, "t": ticket}, "ask_note")
    tap.__name__ = action
    return tap


def tap_forward(desk: Desk) -> None:
    """The forward button: offers the agencies, then asks for the reason."""
    ticket, to = _ticket(desk), desk.turn.postback.get("to")
    case = services.case_for(desk.uow, ticket, desk.actor, "forward")
    if not to:
        choices = [a for a in services.agencies(desk.uow) if a.enabled and a.id != case.agency_id
                   and (a.kind != "district" or a.district == case.district)]
        desk.say(cards.agency_chooser(ticket, choices, desk.lang))
        return
    _ask(desk, {"c": "forward", "t": ticket, "to": to}, "ask_note")


def tap_finish(desk: Desk) -> None:
    """The finish button: asks for the after-photo."""
    desk.args = [_ticket(desk)]
    done(desk)


def answer_prompt(desk: Desk) -> None:
    """Takes the words or photo a button asked for and completes the action."""
    pending, turn = dict(desk.officer.pending), desk.turn
    _set_pending(desk, {})
    if turn.kind == "text" and turn.text.strip().lower() in CANCEL_WORDS:
        desk.tell("prompt_cancelled")
        return
    if pending["c"] == "finish":
        _finish_with_photo(desk, pending)
        return
    desk.args = [pending["t"], *([pending["to"]] if "to" in pending else []), turn.text.strip()]
    if turn.kind != "text" or not desk.args[-1]:
        _ask(desk, pending, "ask_note")
        return
    {"update": update, "forward": forward, "reject": reject}[pending["c"]](desk)


def _finish_with_photo(desk: Desk, pending: dict) -> None:
    """Finishes the case when the photo arrives; words before it become the note."""
    turn = desk.turn
    if turn.kind == "text":
        _ask(desk, {**pending, "note": turn.text.strip()[:2000]}, "ask_after_photo")
        return
    if turn.image is None:
        _ask(desk, pending, "ask_after_photo")
        return
    photo = services.add_photo(desk.uow, turn.user_id, turn.image, line_message_id=turn.message_id,
                               kind="after")
    _done(desk, services.finish(desk.uow, pending["t"], desk.actor, pending.get("note"), [photo.id]))


TAPS = {"accept": tap_accept, "update": _tap_for_note("update"), "forward": tap_forward,
        "finish": tap_finish, "reject": _tap_for_note("reject"), "case": show_case}


# --- dispatch ------------------------------------------------------------------------------------

class BadCommand(ValueError):
    """The command was typed wrong; the message says what was wrong."""


def takes(uow: UnitOfWork, turn: Turn) -> bool:
    """Whether this turn is for the officer desk rather than the citizen conversation."""
    if turn.chat_id:
        return True  # in groups the bot only serves officers
    if turn.kind == "postback":
        return turn.postback.get("a") == "off"
    officer = services.officer_by_line_id(uow, turn.user_id)
    if officer is not None and officer.pending and turn.kind in ("text", "image"):
        return True
    command = _command_of(turn.text) if turn.kind == "text" else None
    if command is None or (command.name == "help" and officer is None):
        return False
    # A citizen's slash command or "รับ 2026-…" is an attempt to act as an officer: refuse it.
    return officer is not None or turn.text.strip().startswith("/") or any(
        looks_like_ticket_id(word) for word in turn.text.split()[1:2])


def handle(uow: UnitOfWork, runtime: Runtime, turn: Turn) -> None:
    """Run one officer turn and queue its answer where it was asked (the chat or the group)."""
    user = services.ensure_user(uow, turn.user_id)
    officer = services.officer_by_line_id(uow, turn.user_id)
    actor = services.officer_actor(officer) if officer else Actor("citizen", turn.user_id)
    desk = Desk(uow, runtime, turn, officer, actor, user.language)
    step = _step_for(desk)
    if step is not None:
        _run(desk, step)
    if desk.out:
        services.send(uow, turn.chat_id or turn.user_id, desk.out, reply_token=turn.reply_token,
                      reply_until=services.reply_window(turn.event_time,
                                                        runtime.settings.reply_token_seconds),
                      purpose="officer")


def _step_for(desk: Desk):
    """Pick the function for this turn from the tables, or None to stay silent."""
    turn, officer = desk.turn, desk.officer
    if turn.kind == "postback":
        desk.args = [turn.postback.get("t", "")]
        return _guarded(TAPS.get(turn.postback.get("c")))
    command = _command_of(turn.text) if turn.kind == "text" else None
    if command is None:
        return answer_prompt if officer is not None and officer.pending else None
    words = turn.text.split(maxsplit=len(command.required) + len(command.optional))
    desk.args = words[1:]
    if len(desk.args) < len(command.required):
        return lambda d: _bad(d, command, t("missing_args", d.lang))
    return _guarded(command.run) if command.name not in ("link", "help") else command.run


def _guarded(step):
    """Only linked, enabled officers may run this step; others are refused (and audited)."""
    if step is None:
        return None

    def run(desk: Desk) -> None:
        if desk.officer is None:
            ticket = desk.args[0] if desk.args else None
            action = step.__name__.removeprefix("tap_")
            raise services.refuse(desk.uow, desk.actor, action, "not a linked officer",
                                  ticket_id=ticket)
        step(desk)
    return run


def _run(desk: Desk, step) -> None:
    """Run a step, turning refusals and mistakes into polite answers."""
    try:
        step(desk)
    except services.Refused:
        desk.tell("refused")  # the same words whatever the reason, so nothing about the case leaks
    except services.MissingPhoto:
        desk.tell("ask_after_photo", ticket=desk.args[0] if desk.args else "")
    except BadCommand as error:
        command = _command_of(desk.turn.text) if desk.turn.kind == "text" else None
        desk.tell("bad_command", problem=str(error), usage=command.usage if command else "/help")


def _bad(desk: Desk, command: Command, problem: str) -> None:
    """Say what was wrong with a command and show its right form."""
    desk.tell("bad_command", problem=problem, usage=command.usage)


def _command_of(text: str) -> Command | None:
    """The command a text starts with, if any."""
    words = text.strip().split(maxsplit=1)
    return BY_WORD.get(words[0].lower() if words[0].startswith("/") else words[0]) if words else None


def _ticket(desk: Desk) -> str:
    """The ticket id argument, checked."""
    ticket = (desk.args[0] if desk.args else "").strip().upper()
    if not looks_like_ticket_id(ticket):
        raise BadCommand(t("bad_ticket", desk.lang))
    return ticket


def _done(desk: Desk, case) -> None:
    """Confirm an action with the case's new state."""
    desk.tell("done_ok", ticket=case.ticket_id, state=state_label(case.state, desk.lang))


def _ask(desk: Desk, pending: dict, key: str) -> None:
    """Remember what the officer is asked for and ask it."""
    _set_pending(desk, pending)
    desk.tell(key, ticket=pending["t"])


def _set_pending(desk: Desk, pending: dict) -> None:
    """Store the officer's open question."""
    desk.officer.pending = pending
    flag_modified(desk.officer, "pending")
