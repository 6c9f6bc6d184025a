"""Erasure of a citizen (PDPA s.33): everything keyed by their LINE id goes; their cases stay on
the public record, de-identified.

What goes: the LINE user row (language, first contact, blocked), the conversation and its draft,
follows, raw webhook events (`inbox_events`) and messages to them (`outbox_messages`), and the
photos they sent that are not part of a public case (a draft's, a hidden case's, a hidden photo).
What stays, with no link to them: their cases (reporter cleared, every free text passed through
`nlp.redact`, including staff notes and redacted originals), the photos a public case shows, and
the history, where they appear as `citizen:erased`, in case events and in the audit log alike
(the one change the audit log allows; storage/migrations/versions/0018_privacy_requests.py).
The request itself is recorded under their keyed pseudonym, which names no case.
"""
from __future__ import annotations

import logging

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import aliased

import nlp
from bot.services.privacy import record_privacy_request
from storage.admin_models import Redaction
from storage.db import UnitOfWork
from storage.media import ImageStore, MediaUnavailable
from storage.models import (AuditEntry, Case, CaseEvent, Conversation, Follower, InboxEvent,
                            LineUser, OutboxMessage, Photo, PrivacyRequest, utcnow)

log = logging.getLogger(__name__)

__all__ = ["ERASED_ACTOR", "FAREWELL_PURPOSE", "erase_citizen", "finish_erasures"]

ERASED_ACTOR = "citizen:erased"  # how an erased citizen appears in case events and the audit log
FAREWELL_PURPOSE = "erasure"  # the outbox row that says the erasure is done; removed once sent
ERASED_PHOTO = "erased"  # Photo.kind of a photo whose file is to be deleted after the commit
BUSY = ("pending", "sending")


def erase_citizen(uow: UnitOfWork, user_id: str, who: str, *,
                  farewell_queued: bool) -> PrivacyRequest:
    """Delete everything keyed by the LINE id and de-identify their cases; record the request.

    With `farewell_queued`, the outbox row saying so (purpose FAREWELL_PURPOSE) is written by the
    caller after this; the request keeps the id until finish_erasures removes that row."""
    uow.session.flush()  # the turn's own changes first, then statements that bypass the ORM
    for case in list(uow.session.scalars(select(Case).where(Case.reporter_id == user_id)
                                         .with_for_update())):
        _deidentify(uow, case)
    _let_go_of_photos(uow, user_id)
    _relabel(uow.connection, f"citizen:{user_id}")
    _delete_rows(uow.connection, user_id)
    for row in list(uow.session.identity_map.values()):
        if isinstance(row, (LineUser, Conversation)) and _key_of(row) == user_id:
            uow.session.expunge(row)  # gone from the database; the turn must not write them back
    log.info("erasure of %s done%s", who, ", its last message on its way" if farewell_queued else "")
    return record_privacy_request(uow, "erasure", who, done=not farewell_queued,
                                  finishing_user_id=user_id if farewell_queued else None)


def _relabel(connection, actor: str) -> None:
    """Name the citizen ERASED_ACTOR in case events and the audit log.

    Core statements on purpose: the audit log's ORM guard refuses any change to an entry, and this
    is the one the PostgreSQL trigger allows (a citizen actor becoming ERASED_ACTOR)."""
    for table in (CaseEvent.__table__, AuditEntry.__table__):
        connection.execute(update(table).where(table.c.actor == actor).values(actor=ERASED_ACTOR))


def _delete_rows(connection, user_id: str) -> None:
    """Delete every row keyed by the LINE id, the user row last."""
    connection.execute(delete(Follower.__table__).where(Follower.user_id == user_id))
    # The event being handled now (the erasure's own "yes") is finished by the worker after this
    # turn: it loses its body and sender instead of its row. Events still waiting are a new user's.
    connection.execute(update(InboxEvent.__table__).where(
        InboxEvent.user_id == user_id, InboxEvent.status == "processing").values(body={}, user_id=None))
    connection.execute(delete(InboxEvent.__table__).where(
        InboxEvent.user_id == user_id, InboxEvent.status != "pending"))
    for table, column in ((OutboxMessage.__table__, "user_id"), (Conversation.__table__, "user_id"),
                          (LineUser.__table__, "id")):
        connection.execute(delete(table).where(table.c[column] == user_id))


def _key_of(row) -> str:
    """The LINE id a user or conversation row belongs to."""
    return row.id if isinstance(row, LineUser) else row.user_id


def _deidentify(uow: UnitOfWork, case: Case) -> None:
    """Cut a case loose from its reporter and redact every free text on it."""
    case.reporter_id = None
    case.description = nlp.redact(case.description or "")
    for field in ("address", "place_words"):
        if getattr(case, field):
            setattr(case, field, nlp.redact(getattr(case, field)))
    for event in list(uow.session.scalars(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.note.is_not(None)))):
        event.note = nlp.redact(event.note)
    for original in list(uow.session.scalars(select(Redaction).where(
            Redaction.case_id == case.id))):
        original.original = nlp.redact(original.original)


def _let_go_of_photos(uow: UnitOfWork, user_id: str) -> None:
    """Keep, without an owner, the photos a public case shows; mark the rest for deletion."""
    for photo in list(uow.session.scalars(select(Photo).where(Photo.owner_id == user_id))):
        public = photo.case is not None and not photo.case.hidden and not photo.hidden
        photo.owner_id, photo.line_message_id = None, None
        if not public:
            photo.case_id, photo.kind, photo.hidden = None, ERASED_PHOTO, True


def finish_erasures(uow: UnitOfWork, media: ImageStore) -> int:
    """Delete erased photos' files, then each finished erasure's last message and the LINE id
    its request kept; return how many erasures were finished. Commits as it goes."""
    _delete_erased_photos(uow, media)
    finished = 0
    for request in uow.session.scalars(select(PrivacyRequest).where(
            PrivacyRequest.finishing_user_id.is_not(None)).with_for_update()):
        farewell = (OutboxMessage.user_id == request.finishing_user_id,
                    OutboxMessage.purpose == FAREWELL_PURPOSE)
        if uow.session.scalar(select(exists().where(*farewell, OutboxMessage.status.in_(BUSY)))):
            continue  # still on its way
        uow.session.execute(delete(OutboxMessage).where(*farewell).execution_options(
            synchronize_session=False))
        request.finishing_user_id, request.done_at = None, utcnow()
        finished += 1
    uow.commit()
    return finished


def _delete_erased_photos(uow: UnitOfWork, media: ImageStore) -> None:
    """Delete the files of erased photos (unless another photo has the same bytes), then the rows.

    Files first: a row whose file is gone only answers 404, a file without a row is never found."""
    other = aliased(Photo)
    for photo in list(uow.session.scalars(select(Photo).where(Photo.kind == ERASED_PHOTO))):
        shared = uow.session.scalar(select(exists().where(
            other.path == photo.path, other.id != photo.id, other.kind != ERASED_PHOTO)))
        try:
            if not shared:
                media.delete(photo.path)
        except MediaUnavailable as error:
            log.warning("erased photo %s kept for now: %s", photo.id, error)
            continue
        uow.session.delete(photo)
    uow.commit()
