"""Queue webhook deliveries in the transaction that changes a case, one row per subscriber."""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid

from sqlalchemy import select, update

from bot import public_view
from bot.opendata.queries import wire_status
from storage.db import UnitOfWork
from storage.models import Case
from storage.opendata import WebhookDelivery, WebhookSubscriber

SIGNATURE_HEADER = "X-Chaeng-Signature"


def enqueue(uow: UnitOfWork, case: Case, event_type: str, *, from_state: str | None = None,
            occurred_at=None) -> int:
    """Write one delivery per subscriber for a case event; return how many (none for a case a
    moderator hid: subscribers see only what the public sees)."""
    if case.hidden:
        return 0
    subscribers = list(uow.session.execute(select(WebhookSubscriber.id, WebhookSubscriber.status)))
    if not subscribers:
        return 0
    event_id = str(uuid.uuid4())
    payload = {"id": event_id, "event": event_type,
               "occurred_at": (occurred_at or case.updated_at).isoformat(),
               "from_state": from_state, "case": case_document(case)}
    for subscriber_id, status in subscribers:
        # A paused subscriber's events are kept, held, until an admin resumes it.
        uow.session.add(WebhookDelivery(subscriber_id=subscriber_id, event_id=event_id,
                                        event_type=event_type, case_id=case.id, payload=payload,
                                        status="pending" if status == "active" else "held"))
    return len(subscribers)


def withdraw(uow: UnitOfWork, case_id: int) -> int:
    """Stop the deliveries of a case not yet sent (a moderator hid it); return how many."""
    result = uow.session.execute(update(WebhookDelivery).where(
        WebhookDelivery.case_id == case_id, WebhookDelivery.status.in_(("pending", "held")))
        .values(status="withdrawn"))
    return result.rowcount or 0


def case_document(case: Case) -> dict:
    """What a subscriber learns about a case: its public view's fields."""
    view = public_view.of(case, history=False)  # history and photos are not sent
    return {"ticket_id": view.ticket_id, "state": view.state,
            "status": wire_status(view.state),
            "categories": list(view.categories), "description": view.description,
            "address": view.address, "district": view.district,
            "subdistrict": view.subdistrict, "lat": view.latitude, "long": view.longitude,
            "source": view.source, "stars": view.stars, "reopen_count": view.reopen_count,
            "created_at": view.created_at.isoformat(), "updated_at": view.updated_at.isoformat()}


def body_of(payload: dict) -> bytes:
    """The exact bytes POSTed (and signed) for a payload."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(secret: str, body: bytes) -> str:
    """The signature header value: sha256=<hex HMAC-SHA256 of the body with the secret>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
