"""The officer desk in LINE (1:1 or in their agency's group): which turns are officers', the card
buttons and the questions they ask, and polite refusals. Commands are in officer_commands.py.

Buttons on officer cards send postbacks (a=off); actions that need words or a photo ask for them
and keep the question in Officer.pending until the answer arrives."""
from __future__ import annotations

import logging

from bot import services
from bot.cases import looks_like_ticket_id
from bot.line import cards
from bot.line import messages as m
from bot.line.events import GROUP_CHANGES, Turn
from bot.line.officer_commands import (BY_WORD, BadCommand, Command, Desk, accept, ask, confirm,
                                       done, forward, reject, set_pending, show_case, show_help,
                                       tap_queue, ticket_arg, update)
from bot.permissions import Actor
from bot.runtime import Runtime
from bot.texts import t
from storage.db import UnitOfWork
from storage.models import LineUser

log = logging.getLogger(__name__)

CANCEL_WORDS = {"ยกเลิก", "cancel", "/cancel"}
# What each question asks for, by the action waiting for the answer.
PROMPTS = {"update": "ask_note", "reject": "ask_reject_reason", "forward": "ask_reason_again",
           "pick": "ask_agency"}


# --- buttons and the questions they ask ----------------------------------------------------------

def tap_accept(desk: Desk) -> None:
    """The accept button."""
    accept(desk)


def _tap_for_note(action: str):
    """A button that checks the officer may take the action, then asks for the note or reason."""
    def tap(desk: Desk) -> None:
        ticket = ticket_arg(desk)
        services.case_for(desk.uow, ticket, desk.actor, action)
        ask(desk, {"c": action, "t": ticket}, PROMPTS[action])
    tap.__name__ = action
    return tap


def tap_forward(desk: Desk) -> None:
    """The forward button: offers the agencies (or takes typed words to find one), then asks for
    the reason."""
    ticket, to = ticket_arg(desk), desk.turn.postback.get("to")
    case = services.case_for(desk.uow, ticket, desk.actor, "forward")
    choices = services.forward_choices(desk.uow, case)
    if not to:
        set_pending(desk, {"c": "pick", "t": ticket})
        # Other districts' offices are found by typing part of their name, not listed first.
        likely = [a for a in choices if a.kind != "district" or a.district == case.district]
        desk.say(*cards.agency_chooser(ticket, likely, desk.lang,
                                       t("ask_agency", desk.lang, ticket=ticket),
                                       len(choices) - len(likely)))
        return
    _ask_reason(desk, ticket, next((a for a in choices if a.code == to), None))


def _pick_agency(desk: Desk, pending: dict) -> None:
    """Words typed at the forward chooser: the agencies whose names hold them."""
    ticket, words = pending["t"], desk.turn.text.strip()
    case = services.case_for(desk.uow, ticket, desk.actor, "forward")
    found = services.find_agencies(services.forward_choices(desk.uow, case), words)
    if len(found) == 1:
        _ask_reason(desk, ticket, found[0])
        return
    set_pending(desk, pending)
    if not found:
        desk.tell("agency_not_found", words=words[:40])
        return
    desk.say(*cards.agency_chooser(ticket, found, desk.lang,
                                   t("agency_found", desk.lang, n=len(found), words=words[:40])))


def _ask_reason(desk: Desk, ticket: str, agency) -> None:
    """Ask why the case goes to the chosen agency (an agency it may not go to is refused)."""
    if agency is None:
        raise services.refuse(desk.uow, desk.actor, "forward", "not an agency to forward to",
                              ticket_id=ticket)
    set_pending(desk, {"c": "forward", "t": ticket, "to": agency.code})
    desk.tell("ask_forward_reason", ticket=ticket, agency=agency.name(desk.lang))


def tap_finish(desk: Desk) -> None:
    """The finish button: asks for the after-photo."""
    desk.args = [ticket_arg(desk)]
    done(desk)


def answer_prompt(desk: Desk) -> None:
    """Takes the words or photo a button asked for and completes the action."""
    pending, turn = dict(desk.officer.pending), desk.turn
    set_pending(desk, {})
    if turn.kind == "text" and turn.text.strip().lower() in CANCEL_WORDS:
        desk.tell("prompt_cancelled")
        return
    if pending["c"] == "finish":
        _finish_with_photo(desk, pending)
        return
    if pending["c"] == "pick" and turn.kind == "text" and turn.text.strip():
        _pick_agency(desk, pending)
        return
    desk.args = [pending["t"], *([pending["to"]] if "to" in pending else []), turn.text.strip()]
    if turn.kind != "text" or not desk.args[-1]:
        ask(desk, pending, PROMPTS[pending["c"]])
        return
    {"update": update, "forward": forward, "reject": reject}[pending["c"]](desk)


def _finish_with_photo(desk: Desk, pending: dict) -> None:
    """Finishes the case when the photo arrives; words before it become the note."""
    turn = desk.turn
    if turn.kind == "text":
        ask(desk, {**pending, "note": turn.text.strip()[:2000]}, "ask_after_photo")
        return
    if turn.image is None:
        ask(desk, pending, "ask_after_photo")
        return
    photo = services.add_photo(desk.uow, turn.user_id, turn.image, line_message_id=turn.message_id,
                               kind="after")
    confirm(desk, services.finish(desk.uow, pending["t"], desk.actor, pending.get("note"), [photo.id]))


TAPS = {"accept": tap_accept, "update": _tap_for_note("update"), "forward": tap_forward,
        "finish": tap_finish, "reject": _tap_for_note("reject"), "case": show_case,
        "queue": tap_queue}


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
    if command is None and officer is not None and turn.text.strip().startswith("/"):
        return True  # an officer's mistyped command deserves the list, not a new report
    if command is None or (command.name == "help" and officer is None):
        return False
    # A citizen's slash command or "รับ 2026-…" is an attempt to act as an officer: refuse it.
    return officer is not None or turn.text.strip().startswith("/") or any(
        looks_like_ticket_id(word) for word in turn.text.split()[1:2])


def group_changed(uow: UnitOfWork, runtime: Runtime, turn: Turn) -> None:
    """The bot left a group (its cases stop going there) or joined one (says how to link it)."""
    group = services.set_group_active(uow, turn.chat_id, turn.kind == "join")
    if turn.kind == "join" and group is None and turn.reply_token:
        hello = t("group_joined", "th") + "\n" + t("group_joined", "en")  # no one's language yet
        services.send(uow, turn.chat_id, [m.text(hello)], reply_token=turn.reply_token,
                      purpose="officer", reply_until=services.reply_window(
                          turn.event_time, runtime.settings.reply_token_seconds))


def handle(uow: UnitOfWork, runtime: Runtime, turn: Turn) -> None:
    """Run one officer turn and queue its answer where it was asked (the chat or the group)."""
    if turn.kind in GROUP_CHANGES:
        return group_changed(uow, runtime, turn)
    # Group members who never wrote to the bot are not recorded as its users.
    user = uow.session.get(LineUser, turn.user_id) if turn.chat_id else \
        services.ensure_user(uow, turn.user_id)
    officer = services.officer_by_line_id(uow, turn.user_id)
    actor = services.officer_actor(officer) if officer else Actor("citizen", turn.user_id)
    desk = Desk(uow, runtime, turn, officer, actor, user.language if user else "th")
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
        if officer is not None and officer.pending:
            return answer_prompt
        return _unknown if turn.kind == "text" and turn.text.strip().startswith("/") else None
    words = turn.text.split(maxsplit=len(command.required) + len(command.optional))
    desk.args = words[1:]
    if len(desk.args) < len(command.required):
        return lambda d: _bad(d, command, t("missing_args", d.lang))
    return _guarded(command.run) if command.name not in ("link", "help") else command.run


def _unknown(desk: Desk) -> None:
    """Say the command is unknown and show the list (officers and groups only reach here)."""
    if desk.officer is not None:
        show_help(desk)


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
