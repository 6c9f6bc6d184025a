"""Use cases of officers and admins on a case: accept, update, forward, invite, finish, reject..."""
from __future__ import annotations

import logging

from sqlalchemy import select

from bot import cases as lifecycle
from bot import notify
from bot.permissions import INVITED, RESPONSIBLE, Actor, refusal
from bot.services.audit import audit, refuse, snapshot
from bot.services.reports import CaseNotFound, find_case, photos_by_id
from bot.services.routing import agency_by_code, route
from storage.db import UnitOfWork
from storage.models import Case, CaseAgency, CaseEvent, Follower, Handoff, utcnow

log = logging.getLogger(__name__)

__all__ = ["MissingPhoto", "agency_part", "actor_part", "case_for", "accept", "update", "forward",
           "invite", "reroute", "finish", "reject", "mark_duplicate", "change_category", "record",
           "open_handoff", "add_follower"]


class MissingPhoto(ValueError):
    """A case is never finished without a photo of the fix."""


def agency_part(uow: UnitOfWork, case: Case, agency_id: int | None) -> str | None:
    """The part an agency plays in a case now: responsible, invited or none."""
    if agency_id is None:
        return None
    if case.agency_id == agency_id:
        return RESPONSIBLE
    invited = uow.session.scalar(select(CaseAgency.id).where(
        CaseAgency.case_id == case.id, CaseAgency.agency_id == agency_id,
        CaseAgency.role == INVITED))
    return INVITED if invited else None


def actor_part(uow: UnitOfWork, case: Case, actor: Actor) -> str | None:
    """The part the actor's agency (or, for a supervisor, any of their agencies) plays in a case."""
    if not actor.agencies:
        return agency_part(uow, case, actor.agency_id)
    if case.agency_id in actor.agencies:
        return RESPONSIBLE
    invited = uow.session.scalar(select(CaseAgency.id).where(
        CaseAgency.case_id == case.id, CaseAgency.agency_id.in_(actor.agencies),
        CaseAgency.role == INVITED).limit(1))
    return INVITED if invited else None


def case_for(uow: UnitOfWork, ticket_id: str, actor: Actor, action: str) -> Case:
    """The case, locked, if the actor may take the action on it; else audit and raise Refused."""
    try:
        case = find_case(uow, ticket_id, lock=True)
    except CaseNotFound:
        raise refuse(uow, actor, action, "no such case", ticket_id=ticket_id) from None
    why = refusal(actor, action, actor_part(uow, case, actor),
                  is_reporter=actor.kind == "citizen" and actor.ref == case.reporter_id)
    if why:
        raise refuse(uow, actor, action, why, case=case)
    try:
        if action != "view":
            lifecycle.apply(case.state, action)  # refuse before anything about the case changes
    except lifecycle.TransitionNotAllowed as error:
        raise refuse(uow, actor, action, str(error), case=case) from None
    return case


def record(uow: UnitOfWork, case: Case, actor: Actor, action: str, *, note: str | None = None,
           data: dict | None = None, photo_ids: list[int] = ()) -> CaseEvent:
    """Apply an action to a locked case: move its state, write the event, audit, notify."""
    before, now = snapshot(case), utcnow()
    transition = lifecycle.apply(case.state, action)
    case.state, case.updated_at = transition.to_state, now
    if transition.changes_state:
        case.state_times = {**case.state_times, transition.to_state: now.isoformat()}
    event = CaseEvent(case_id=case.id, action=action, from_state=transition.from_state,
                      to_state=transition.to_state, actor=actor.label[:64], note=note,
                      data={**(data or {}), **({"photo_ids": list(photo_ids)} if photo_ids else {})},
                      created_at=now)
    uow.session.add(event)
    uow.session.flush()
    if actor.kind != "citizen":
        audit(uow, actor, action, case=case, before=before, after=snapshot(case))
    notify.case_event(uow, case, event)
    log.info("case %s: %s by %s", case.ticket_id, action, actor.kind)
    return event


def open_handoff(uow: UnitOfWork, case: Case) -> Handoff | None:
    """The case's current stretch with its responsible agency."""
    return uow.session.scalar(select(Handoff).where(Handoff.case_id == case.id,
                                                    Handoff.ended_at.is_(None))
                              .order_by(Handoff.id.desc()).limit(1))


def _close_handoff(uow: UnitOfWork, case: Case, field: str) -> None:
    """Stamp the current hand-off with how it ended (finished, rejected, forwarded)."""
    handoff, now = open_handoff(uow, case), utcnow()
    if handoff is not None:
        setattr(handoff, field, now)
        handoff.ended_at = now


def accept(uow: UnitOfWork, ticket_id: str, actor: Actor, note: str | None = None) -> Case:
    """Take a waiting or forwarded case into work."""
    case = case_for(uow, ticket_id, actor, "accept")
    record(uow, case, actor, "accept", note=note)
    handoff = open_handoff(uow, case)
    if handoff is not None and handoff.accepted_at is None:
        handoff.accepted_at = utcnow()
    return case


def update(uow: UnitOfWork, ticket_id: str, actor: Actor, note: str) -> Case:
    """Tell the citizen how work on a case is going."""
    case = case_for(uow, ticket_id, actor, "update")
    record(uow, case, actor, "update", note=note)
    return case


def forward(uow: UnitOfWork, ticket_id: str, agency_code: str, actor: Actor, reason: str) -> Case:
    """Hand a case to another agency, refusing loops and endless passing on."""
    case = case_for(uow, ticket_id, actor, "forward")
    target = agency_by_code(uow, agency_code)
    if target is None:
        raise refuse(uow, actor, "forward", f"unknown agency {agency_code}", case=case)
    holders = [code for code, in uow.session.execute(
        select(Handoff.agency_id).where(Handoff.case_id == case.id, Handoff.reason != "reopened")
        .order_by(Handoff.id))]
    try:
        lifecycle.check_forward([str(h) for h in holders], str(target.id))
    except lifecycle.ForwardRefused:
        raise refuse(uow, actor, "forward", f"loop or too many hops to {target.code}",
                     case=case) from None
    _close_handoff(uow, case, "forwarded_at")
    case.agency_id = target.id
    uow.session.add_all([Handoff(case_id=case.id, agency_id=target.id, reason="forwarded",
                                 assigned_at=utcnow()),
                         CaseAgency(case_id=case.id, agency_id=target.id, role="forwarded")])
    record(uow, case, actor, "forward", note=reason, data={"to": target.code})
    return case


def invite(uow: UnitOfWork, ticket_id: str, agency_code: str, actor: Actor) -> Case:
    """Ask another agency to help: it may update the case but not close it."""
    case = case_for(uow, ticket_id, actor, "invite")
    target = agency_by_code(uow, agency_code)
    if target is None or agency_part(uow, case, target.id):
        raise refuse(uow, actor, "invite", f"cannot invite {agency_code}", case=case)
    uow.session.add(CaseAgency(case_id=case.id, agency_id=target.id, role=INVITED))
    record(uow, case, actor, "invite", data={"agency": target.code})
    return case


def reroute(uow: UnitOfWork, ticket_id: str, agency_code: str | None, actor: Actor,
            reason: str | None = None) -> Case:
    """Correct the routing: give an open case to another agency (or the one the rules choose now)
    without a forward, so its state stays and no hop is counted against the loop limit."""
    case = case_for(uow, ticket_id, actor, "reroute")
    target = agency_by_code(uow, agency_code) if agency_code else \
        route(uow, list(case.categories), case.district)
    if target is None:
        raise refuse(uow, actor, "reroute", f"unknown agency {agency_code}", case=case)
    if target.id == case.agency_id:
        raise refuse(uow, actor, "reroute", f"the case is already with {target.code}", case=case)
    handoff = open_handoff(uow, case)
    if handoff is not None:
        handoff.ended_at = utcnow()  # neither forwarded nor finished: it was never theirs
    case.agency_id = target.id
    uow.session.add(Handoff(case_id=case.id, agency_id=target.id, reason="rerouted",
                            assigned_at=utcnow()))
    if agency_part(uow, case, target.id) != INVITED and not uow.session.scalar(
            select(CaseAgency.id).where(CaseAgency.case_id == case.id,
                                        CaseAgency.agency_id == target.id,
                                        CaseAgency.role == "rerouted")):
        uow.session.add(CaseAgency(case_id=case.id, agency_id=target.id, role="rerouted"))
    record(uow, case, actor, "reroute", note=reason, data={"to": target.code})
    return case


def finish(uow: UnitOfWork, ticket_id: str, actor: Actor, note: str | None,
           photo_ids: list[int]) -> Case:
    """Close a case as fixed, with at least one photo of the fix."""
    case = case_for(uow, ticket_id, actor, "finish")
    photos = photos_by_id(uow, list(photo_ids), None)
    if not photos:
        raise MissingPhoto("a case is finished only with a photo of the fix")
    for photo in photos:
        photo.case_id, photo.kind = case.id, "after"
    case.stars = None  # each finish gets its own rating; the reporter is asked again
    uow.session.flush()
    record(uow, case, actor, "finish", note=note, photo_ids=[p.id for p in photos])
    _close_handoff(uow, case, "finished_at")
    return case


def reject(uow: UnitOfWork, ticket_id: str, actor: Actor, reason: str) -> Case:
    """Close a case as not relevant to the city, with the reason."""
    case = case_for(uow, ticket_id, actor, "reject")
    record(uow, case, actor, "reject", note=reason)
    _close_handoff(uow, case, "rejected_at")
    return case


def mark_duplicate(uow: UnitOfWork, ticket_id: str, of_ticket: str, actor: Actor) -> Case:
    """Close a case as a copy of another; its reporter follows the original instead."""
    case = case_for(uow, ticket_id, actor, "duplicate")
    try:
        original = find_case(uow, of_ticket)
    except CaseNotFound:
        raise refuse(uow, actor, "duplicate", "no such original", case=case) from None
    if original.id == case.id or original.state == lifecycle.DUPLICATE:
        raise refuse(uow, actor, "duplicate", "not a valid original", case=case)
    record(uow, case, actor, "duplicate", data={"of": original.ticket_id})
    _close_handoff(uow, case, "rejected_at")
    if case.reporter_id and case.reporter_id != original.reporter_id:
        add_follower(uow, original, case.reporter_id)
    return case


def change_category(uow: UnitOfWork, ticket_id: str, categories: list[str], actor: Actor) -> Case:
    """Correct a case's categories; the 'recategorize' event teaches the classifier."""
    case = case_for(uow, ticket_id, actor, "recategorize")
    old = list(case.categories)
    case.categories = list(categories)
    record(uow, case, actor, "recategorize", data={"from": old, "to": list(categories)})
    return case


def add_follower(uow: UnitOfWork, case: Case, user_id: str) -> bool:
    """Subscribe a citizen to a case's updates; False if they already follow it."""
    if uow.session.scalar(select(Follower.id).where(Follower.case_id == case.id,
                                                    Follower.user_id == user_id)):
        return False
    uow.session.add(Follower(case_id=case.id, user_id=user_id, created_at=utcnow()))
    uow.session.flush()
    return True
