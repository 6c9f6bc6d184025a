"""Use cases for the open-data settings: Open311 API keys and webhook subscribers."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from storage.db import UnitOfWork
from storage.models import utcnow
from storage.opendata import ApiKey, WebhookDelivery, WebhookSubscriber


class NameTaken(ValueError):
    """An API key with that name already exists."""


def key_hash(key: str) -> str:
    """The stored form of an API key."""
    return hashlib.sha256(key.encode()).hexdigest()


def add_api_key(uow: UnitOfWork, name: str) -> str:
    """Create an API key for a client and return it; only its hash is kept."""
    if uow.session.scalar(select(ApiKey.id).where(ApiKey.name == name)):
        raise NameTaken(name)
    key = secrets.token_urlsafe(32)
    uow.session.add(ApiKey(name=name, key_hash=key_hash(key)))
    return key


def revoke_api_key(uow: UnitOfWork, name: str) -> bool:
    """Stop a key from working; return whether a live key had that name."""
    row = uow.session.scalar(select(ApiKey).where(ApiKey.name == name, ApiKey.revoked_at.is_(None)))
    if row is not None:
        row.revoked_at = utcnow()
    return row is not None


def api_key_owner(uow: UnitOfWork, key: str) -> str | None:
    """The name of the client holding a live key, or None."""
    if not key:
        return None
    return uow.session.scalar(select(ApiKey.name).where(ApiKey.key_hash == key_hash(key),
                                                        ApiKey.revoked_at.is_(None)))


def add_subscriber(uow: UnitOfWork, url: str) -> tuple[WebhookSubscriber, str]:
    """Register a webhook URL with a fresh signing secret; return it and the secret."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("the URL must start with http:// or https://")
    secret = secrets.token_hex(32)
    subscriber = WebhookSubscriber(url=url, secret=secret)
    uow.session.add(subscriber)
    uow.session.flush()
    return subscriber, secret


def remove_subscriber(uow: UnitOfWork, subscriber_id: int) -> bool:
    """Forget a subscriber and its queued deliveries; return whether it existed."""
    subscriber = uow.session.get(WebhookSubscriber, subscriber_id)
    if subscriber is None:
        return False
    uow.session.query(WebhookDelivery).filter_by(subscriber_id=subscriber_id).delete()
    uow.session.delete(subscriber)
    return True


def resume_subscriber(uow: UnitOfWork, subscriber_id: int) -> bool:
    """Deliver again to a paused subscriber, starting with what was held back."""
    subscriber = uow.session.get(WebhookSubscriber, subscriber_id)
    if subscriber is None:
        return False
    subscriber.status, subscriber.paused_reason = "active", None
    held = select(WebhookDelivery).where(WebhookDelivery.subscriber_id == subscriber_id,
                                         WebhookDelivery.status.in_(("held", "failed")))
    for delivery in uow.session.scalars(held):
        delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, utcnow()
    return True
