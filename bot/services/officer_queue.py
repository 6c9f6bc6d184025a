"""An agency's open cases as one officer works through them: their own first, then new work.

Three groups: MINE (in progress, last accepted by this officer), NEW (waiting for the agency to take
it: routed, forwarded or reopened to it) and OTHERS (in progress with a colleague, or a case the
agency was invited to help with). Within MINE and OTHERS the longest in progress comes first; within
NEW the latest arrival comes first, so today's work is on top and years-old imported backlog,
counted in the total, sits at the end instead of burying it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select

from bot import cases as lifecycle
from bot.permissions import INVITED
from storage.db import UnitOfWork
from storage.models import Case, CaseAgency, CaseEvent, Handoff, Officer

__all__ = ["MINE", "NEW", "OTHERS", "QUEUE_FILTERS", "QUEUE_WORDS", "QUEUE_PAGE", "QueuePage",
           "queue_page", "queue_counts"]

MINE, NEW, OTHERS = "mine", "new", "others"
QUEUE_PAGE = 10  # cases a page; the carousel may hold fewer when their texts are long
# The queues (the word after /queue; none: the officer's own and new cases) and their groups.
QUEUE_FILTERS = {"": (MINE, NEW), "new": (NEW,), "mine": (MINE,), "inprogress": (MINE, OTHERS),
                 "all": (MINE, NEW, OTHERS)}
# Other words for them: the Thai ones, and "waiting" as /queue had it before.
QUEUE_WORDS = {"waiting": "new", "ใหม่": "new", "รอรับเรื่อง": "new", "ของฉัน": "mine",
               "กำลังทำ": "inprogress", "กำลังดำเนินการ": "inprogress", "ทั้งหมด": "all"}


@dataclass(frozen=True)
class QueuePage:
    """One page of a queue: its cases, where it starts, and how many the whole queue holds."""

    cases: list[Case]
    offset: int
    total: int
    counts: dict[str, int]  # every group's size, whatever the filter


def queue_page(uow: UnitOfWork, officer: Officer, which: str = "", offset: int = 0,
               limit: int = QUEUE_PAGE) -> QueuePage:
    """A page of the officer's agency's open cases in the filter `which` (a QUEUE_FILTERS key)."""
    groups = QUEUE_FILTERS[which]
    group, arrived, accepted = _group(officer), _arrived(officer.agency_id), _accepted()
    if which == "inprogress":
        keep = Case.state == lifecycle.IN_PROGRESS
    else:
        keep = group.in_(groups)
    rows = uow.session.scalars(
        select(Case).where(_held(officer.agency_id), keep)
        .order_by(_rank(group), case((group == NEW, arrived)).desc(),
                  case((group != NEW, accepted)).asc(), Case.id.desc())
        .offset(offset).limit(limit))
    counts = queue_counts(uow, officer)
    total = sum(counts[g] for g in groups) if which != "inprogress" else _count(
        uow, officer.agency_id, keep)
    return QueuePage(list(rows), offset, total, counts)


def queue_counts(uow: UnitOfWork, officer: Officer) -> dict[str, int]:
    """How many of the agency's open cases are in each group, for this officer."""
    group = _group(officer)
    found = dict(uow.session.execute(select(group, func.count()).where(_held(officer.agency_id))
                                     .group_by(group)).all())
    return {name: found.get(name, 0) for name in (MINE, NEW, OTHERS)}


def _count(uow: UnitOfWork, agency_id: int, keep) -> int:
    """How many of the agency's open cases meet a condition."""
    return uow.session.scalar(select(func.count()).select_from(Case).where(_held(agency_id), keep))


def _held(agency_id: int):
    """Open cases the agency is responsible for or invited to."""
    invited = select(CaseAgency.case_id).where(CaseAgency.agency_id == agency_id,
                                               CaseAgency.role == INVITED)
    return and_(or_(Case.agency_id == agency_id, Case.id.in_(invited)),
                Case.state.in_(lifecycle.OPEN))


def _group(officer: Officer):
    """The group of a case for this officer, as an SQL expression."""
    last_acceptor = (select(CaseEvent.actor).where(CaseEvent.case_id == Case.id,
                                                   CaseEvent.action == "accept")
                     .order_by(CaseEvent.id.desc()).limit(1).correlate(Case).scalar_subquery())
    responsible = Case.agency_id == officer.agency_id
    return case(
        (and_(responsible, Case.state == lifecycle.IN_PROGRESS,
              last_acceptor == f"officer:{officer.id}"), MINE),
        (and_(responsible, Case.state.in_((lifecycle.WAITING, lifecycle.FORWARDED))), NEW),
        else_=OTHERS)


def _rank(group):
    """The order of the groups: MINE, NEW, OTHERS."""
    return case((group == MINE, 0), (group == NEW, 1), else_=2)


def _arrived(agency_id: int):
    """When the case last reached the agency (imported cases have no hand-off: when reported)."""
    handed = (select(func.max(Handoff.assigned_at))
              .where(Handoff.case_id == Case.id, Handoff.agency_id == agency_id)
              .correlate(Case).scalar_subquery())
    return func.coalesce(handed, Case.created_at)


def _accepted():
    """When the case was last accepted (when reported, if never)."""
    at = (select(func.max(CaseEvent.created_at))
          .where(CaseEvent.case_id == Case.id, CaseEvent.action == "accept")
          .correlate(Case).scalar_subquery())
    return func.coalesce(at, Case.created_at)
