"""Officer commands: one small function per command, wired in one table (COMMANDS).

Each command has an English slash form and a Thai word, as listed by /help. bot/line/officer.py
reads turns, runs these and turns refusals into polite answers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

from sqlalchemy.orm.attributes import flag_modified

from bot import services
from bot.cases import OPEN, looks_like_ticket_id, state_label
from bot.insight import service_levels
from bot.line import cards, insight_cards
from bot.line import messages as m
from bot.line.events import Turn
from bot.permissions import Actor
from bot.runtime import Runtime
from bot.texts import t
from storage.db import UnitOfWork
from storage.models import Agency, utcnow


STATS_WINDOW = timedelta(days=90)  # /stats shows how the agency is doing lately


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


class BadCommand(ValueError):
    """The command was typed wrong; the message says what was wrong."""


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
    """Shows the officer's own cases and new ones (or the queue asked for), a page at a time."""
    which = (desk.args[0] if desk.args else "").lower()
    which = services.QUEUE_WORDS.get(which, which)
    if which not in services.QUEUE_FILTERS:
        raise BadCommand(t("bad_queue", desk.lang))
    offset = int(desk.turn.postback.get("offset") or 0)  # checked by bot.line.postbacks
    page = services.queue_page(desk.uow, desk.officer, which, offset)
    counts = t("queue_counts", desk.lang, **page.counts)
    if not page.cases:
        desk.tell("queue_empty", queue=t(f"queue_{which or 'open'}", desk.lang), counts=counts)
        return
    names = {a.id: a.name(desk.lang) for a in services.agencies(desk.uow)}
    carousel, shown = cards.queue_carousel(page.cases, names, desk.lang, utcnow())
    desk.tell("queue_title", queue=t(f"queue_{which or 'open'}", desk.lang), first=offset + 1,
              last=offset + shown, total=page.total, counts=counts)
    if offset + shown < page.total:
        carousel["quickReply"] = {"items": [m.chip(t("more", desk.lang), "off", c="queue", q=which,
                                                   offset=offset + shown)]}
    desk.say(carousel)


def tap_queue(desk: Desk) -> None:
    """The queue's 'more' button: the next page of the same queue."""
    desk.args = [desk.turn.postback.get("q", "")]
    show_queue(desk)


def show_agency(desk: Desk) -> None:
    """Says which agency the officer acts for and how its queues stand."""
    agency, counts = desk.officer.agency, services.queue_counts(desk.uow, desk.officer)
    desk.tell("my_agency", name=agency.name(desk.lang), code=agency.code, waiting=counts["new"],
              inprogress=services.queue_page(desk.uow, desk.officer, "inprogress", limit=0).total,
              officers=len(services.agency_officers(desk.uow, agency.id)),
              groups=len(services.agency_groups(desk.uow, agency.id)))


def show_case(desk: Desk) -> None:
    """Shows one case the agency holds, with its buttons."""
    case = services.case_for(desk.uow, ticket_arg(desk), desk.actor, "view")
    desk.say(cards.officer_card(case, case.agency.name(desk.lang), desk.lang, utcnow()))


def show_stats(desk: Desk) -> None:
    """Shows the officer's own agency's service level over the last 90 days as a card."""
    agency, now = desk.officer.agency, utcnow()
    since = now - STATS_WINDOW
    total, by_category = service_levels.of_agency(desk.uow, agency.id, since, now)
    if total is None:
        desk.tell("stats_none", agency=agency.name(desk.lang))
        return
    desk.say(insight_cards.stats_card(agency.name(desk.lang), total, by_category, since, now,
                                      desk.lang))


def accept(desk: Desk) -> None:
    """Takes a case into work."""
    confirm(desk, services.accept(desk.uow, ticket_arg(desk), desk.actor))


def update(desk: Desk) -> None:
    """Sends a progress note to the citizen."""
    confirm(desk, services.update(desk.uow, ticket_arg(desk), desk.actor, desk.args[1]))


def forward(desk: Desk) -> None:
    """Hands a case to another agency with a reason."""
    confirm(desk, services.forward(desk.uow, ticket_arg(desk), desk.args[1], desk.actor, desk.args[2]))


def invite(desk: Desk) -> None:
    """Asks another agency to help with a case."""
    confirm(desk, services.invite(desk.uow, ticket_arg(desk), desk.args[1], desk.actor))


def done(desk: Desk) -> None:
    """Asks for the after-photo; the case is finished when it arrives."""
    ticket = ticket_arg(desk)
    services.case_for(desk.uow, ticket, desk.actor, "finish")
    ask(desk, {"c": "finish", "t": ticket, "note": desk.args[1] if len(desk.args) > 1 else None},
         "ask_after_photo")


def reject(desk: Desk) -> None:
    """Closes a case as not relevant, with the reason."""
    confirm(desk, services.reject(desk.uow, ticket_arg(desk), desk.actor, desk.args[1]))


def duplicate(desk: Desk) -> None:
    """Closes a case as a duplicate of another."""
    of = desk.args[1].upper()
    if not looks_like_ticket_id(of):
        raise BadCommand(t("bad_ticket", desk.lang))
    confirm(desk, services.mark_duplicate(desk.uow, ticket_arg(desk), of, desk.actor))


COMMANDS = [
    Command("help", "/help", "ช่วยเหลือ", (), (), show_help),
    Command("link", "/link", None, ("CODE",), (), link),
    Command("queue", "/queue", "งาน", (), ("new|mine|inprogress|all",), show_queue),
    Command("case", "/case", "ดู", ("TICKET",), (), show_case),
    Command("agency", "/agency", "หน่วยงาน", (), (), show_agency),
    Command("stats", "/stats", "สถิติ", (), (), show_stats),
    Command("accept", "/accept", "รับ", ("TICKET",), (), accept),
    Command("update", "/update", "อัปเดต", ("TICKET", "note"), (), update),
    Command("forward", "/forward", "ส่งต่อ", ("TICKET", "AGENCY", "reason"), (), forward),
    Command("invite", "/invite", "เชิญร่วม", ("TICKET", "AGENCY"), (), invite),
    Command("done", "/done", "เสร็จ", ("TICKET",), ("note",), done),
    Command("reject", "/reject", "ไม่เกี่ยวข้อง", ("TICKET", "reason"), (), reject),
    Command("duplicate", "/duplicate", "ซ้ำ", ("TICKET", "OF_TICKET"), (), duplicate),
]
BY_WORD = {**{c.slash: c for c in COMMANDS}, **{c.thai: c for c in COMMANDS if c.thai}}


def ticket_arg(desk: Desk) -> str:
    """The ticket id argument, checked."""
    ticket = (desk.args[0] if desk.args else "").strip().upper()
    if not looks_like_ticket_id(ticket):
        raise BadCommand(t("bad_ticket", desk.lang))
    return ticket


def confirm(desk: Desk, case) -> None:
    """Confirm an action with the case's new state, and its card when buttons still apply."""
    desk.tell("done_ok", ticket=case.ticket_id, state=state_label(case.state, desk.lang))
    if case.state in OPEN and services.agency_part(desk.uow, case, desk.officer.agency_id):
        desk.say(cards.officer_card(case, case.agency.name(desk.lang), desk.lang, utcnow()))


def ask(desk: Desk, pending: dict, key: str) -> None:
    """Remember what the officer is asked for and ask it."""
    set_pending(desk, pending)
    desk.tell(key, ticket=pending["t"])


def set_pending(desk: Desk, pending: dict) -> None:
    """Store the officer's open question."""
    desk.officer.pending = pending
    flag_modified(desk.officer, "pending")
