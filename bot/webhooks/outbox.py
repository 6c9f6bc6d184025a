"""Queue webhook deliveries in the transaction that changes a case, one row per subscriber."""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid

from sqlalchemy import select

from bot.opendata.public import public_text
from bot.opendata.queries import wire_status
from storage.db import UnitOfWork
from storage.models import Case
from storage.opendata import WebhookDelivery, WebhookSubscriber

SIGNATURE_HEADER = "X-Chaeng-Signature"


def enqueue(uow: UnitOfWork, case: Case, event_type: str, *, from_state: str | None = None,
            occurred_at=None) -> int:
    """Write one delivery per subscriber for a case event; return how many."""
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


def case_document(case: Case) -> dict:
    """What a subscriber learns about a case: public fields only, personal data redacted."""
    return {"ticket_id": case.ticket_id, "state": case.state,
            "status": wire_status(case.state),
            "categories": list(case.categories or []), "description": public_text(case.description),
            "address": public_text(case.address), "district": case.district,
            "subdistrict": case.subdistrict, "lat": case.latitude, "long": case.longitude,
            "source": case.source, "stars": case.stars, "reopen_count": case.reopen_count,
            "created_at": case.created_at.isoformat(), "updated_at": case.updated_at.isoformat()}


def body_of(payload: dict) -> bytes:
    """The exact bytes POSTed (and signed) for a payload."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(secret: str, body: bytes) -> str:
    """The signature header value: sha256=<hex HMAC-SHA256 of the body with the secret>."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
