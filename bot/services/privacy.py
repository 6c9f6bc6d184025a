"""Use cases of a citizen's PDPA rights: what is kept about them, a copy of it, and the request log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import func, select

from storage.db import UnitOfWork
from storage.models import (AuditEntry, Case, Conversation, Follower, InboxEvent, LineUser,
                            OutboxMessage, Photo, PrivacyRequest, utcnow)

__all__ = ["Kept", "what_is_kept", "copy_of_data", "record_privacy_request", "privacy_requests",
           "PRIVACY_DEADLINE", "privacy_deadline"]

PRIVACY_DEADLINE = timedelta(days=30)  # PDPA s.30: a request is answered within 30 days


@dataclass(frozen=True)
class Kept:
    """How much Chaeng keeps about one citizen, for the chat's plain-words answer."""

    language: str
    first_contact: datetime | None
    cases: int
    follows: int
    ratings: int
    drafting: bool
    messages: int


def what_is_kept(uow: UnitOfWork, user_id: str) -> Kept:
    """Count what is kept about a LINE user: cases, follows, ratings, a draft, raw messages."""
    user = uow.session.get(LineUser, user_id)
    convo = uow.session.get(Conversation, user_id)
    draft = (convo.draft or {}) if convo else {}

    def count(query) -> int:
        return uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    return Kept(language=user.language if user else "th",
                first_contact=user.created_at if user else None,
                cases=count(select(Case.id).where(Case.reporter_id == user_id)),
                follows=count(select(Follower.id).where(Follower.user_id == user_id)),
                ratings=count(select(Case.id).where(Case.reporter_id == user_id,
                                                    Case.stars.is_not(None))),
                drafting=bool(draft.get("texts") or draft.get("photo_ids")),
                messages=count(select(InboxEvent.id).where(InboxEvent.user_id == user_id)))


def copy_of_data(uow: UnitOfWork, user_id: str, photo_link: Callable[[int], str | None],
                 retention_days: int) -> dict | None:
    """Everything kept about a LINE user, as plain JSON values (PDPA s.30); None if nothing is."""
    user = uow.session.get(LineUser, user_id)
    if user is None:
        return None
    cases = list(uow.session.scalars(select(Case).where(Case.reporter_id == user_id)
                                     .order_by(Case.created_at, Case.id)))
    return {
        "about": "Everything Chaeng keeps about this LINE account (PDPA sections 30-31).",
        "generated_at": _when(utcnow()),
        "line_user_id": user.id,
        "profile": {"language": user.language, "first_contact_at": _when(user.created_at),
                    "following": user.following, "blocked": user.blocked},
        "conversation": _conversation(uow, user_id),
        "cases_reported": [_case(case, user_id, photo_link) for case in cases],
        "follows": _follows(uow, user_id),
        "ratings": [{"ticket_id": c.ticket_id, "stars": c.stars} for c in cases if c.stars],
        "photos_not_in_a_case": [
            {"url": photo_link(p.id), "sent_at": _when(p.created_at)}
            for p in uow.session.scalars(select(Photo).where(
                Photo.owner_id == user_id, Photo.case_id.is_(None)).order_by(Photo.id))],
        **_messages(uow, user_id),
        "refused_attempts": [
            {"at": _when(a.at), "action": a.action, "ticket_id": a.ticket_id, "reason": a.reason}
            for a in uow.session.scalars(select(AuditEntry).where(
                AuditEntry.actor == f"citizen:{user_id}").order_by(AuditEntry.id))],
        "message_bodies_kept_for_days": retention_days,
    }


def _conversation(uow: UnitOfWork, user_id: str) -> dict | None:
    """Where the user is in the chat, with any unsent report."""
    convo = uow.session.get(Conversation, user_id)
    return {"state": convo.state, "updated_at": _when(convo.updated_at),
            "draft": convo.draft} if convo else None


def _messages(uow: UnitOfWork, user_id: str) -> dict:
    """The raw events the user sent and the messages sent to them, as far as retention kept them."""
    return {
        "messages_you_sent": [
            {"received_at": _when(e.received_at), "type": e.event_type, "event": e.body or None}
            for e in uow.session.scalars(select(InboxEvent).where(
                InboxEvent.user_id == user_id).order_by(InboxEvent.id))],
        "messages_sent_to_you": [
            {"queued_at": _when(o.created_at), "purpose": o.purpose, "status": o.status,
             "messages": o.messages or None}
            for o in uow.session.scalars(select(OutboxMessage).where(
                OutboxMessage.user_id == user_id).order_by(OutboxMessage.id))]}


def _case(case: Case, user_id: str, photo_link) -> dict:
    """One reported case with its timeline and photo links."""
    return {"ticket_id": case.ticket_id, "state": case.state, "categories": list(case.categories),
            "description": case.description, "place_words": case.place_words,
            "address": case.address, "district": case.district, "subdistrict": case.subdistrict,
            "latitude": case.latitude, "longitude": case.longitude, "stars": case.stars,
            "hidden": case.hidden, "created_at": _when(case.created_at),
            "updated_at": _when(case.updated_at),
            "timeline": [{"at": _when(e.created_at), "action": e.action, "from_state": e.from_state,
                          "to_state": e.to_state, "note": e.note,
                          # Staff are named by their role only: their names are theirs.
                          "by": "you" if e.actor == f"citizen:{user_id}" else e.actor.split(":")[0]}
                         for e in case.events],
            "photos": [{"url": photo_link(p.id), "kind": p.kind} for p in case.photos]}


def _follows(uow: UnitOfWork, user_id: str) -> list[dict]:
    """The cases a user follows, with since when."""
    rows = uow.session.execute(select(Case.ticket_id, Follower.created_at).join(
        Case, Case.id == Follower.case_id).where(Follower.user_id == user_id)
        .order_by(Follower.id))
    return [{"ticket_id": ticket, "since": _when(since)} for ticket, since in rows]


def _when(moment: datetime | None) -> str | None:
    """A stored time as ISO 8601 in UTC."""
    return moment.isoformat() if moment else None


def record_privacy_request(uow: UnitOfWork, kind: str, who: str, *, done: bool = True,
                           finishing_user_id: str | None = None) -> PrivacyRequest:
    """Write a request down without its content: a pseudonym, what, when (and when done)."""
    now = utcnow()
    row = PrivacyRequest(kind=kind, who=who, requested_at=now, done_at=now if done else None,
                         finishing_user_id=finishing_user_id)
    uow.session.add(row)
    uow.session.flush()
    return row


def privacy_deadline(row: PrivacyRequest) -> datetime:
    """When the law says a request must be answered by."""
    return row.requested_at + PRIVACY_DEADLINE


def privacy_requests(uow: UnitOfWork, limit: int = 200) -> list[PrivacyRequest]:
    """The latest requests, open ones first, then newest first."""
    return list(uow.session.scalars(select(PrivacyRequest).order_by(
        PrivacyRequest.done_at.is_not(None), PrivacyRequest.requested_at.desc(),
        PrivacyRequest.id.desc()).limit(limit)))
