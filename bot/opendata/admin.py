"""Use cases for the open-data settings: Open311 API keys and webhook subscribers."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from bot.permissions import Actor
from bot.services.audit import audit
from bot.webhooks.addresses import Resolve, check_url, system_resolve
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


def add_subscriber(uow: UnitOfWork, url: str, secret: str | None = None,
                   actor: Actor | None = None, *, allowed: tuple[str, ...] = (),
                   resolve: Resolve = system_resolve) -> tuple[WebhookSubscriber, str]:
    """Register a webhook URL with its signing secret (a fresh one unless given); return both.
    A URL that leads to a private address is refused unless its host is `allowed`."""
    check_url(url, allowed, resolve)  # NotAllowed (a ValueError) says what is wrong
    if secret is not None and not 16 <= len(secret) <= 128:
        raise ValueError("the secret must be 16 to 128 characters long")
    secret = secret or secrets.token_hex(32)
    subscriber = WebhookSubscriber(url=url, secret=secret)
    uow.session.add(subscriber)
    uow.session.flush()
    _audit(uow, actor, "webhook_add", subscriber)  # the URL, never the secret
    return subscriber, secret


def list_subscribers(uow: UnitOfWork) -> list[WebhookSubscriber]:
    """Every subscriber, oldest first."""
    return list(uow.session.scalars(select(WebhookSubscriber).order_by(WebhookSubscriber.id)))


def recent_deliveries(uow: UnitOfWork, limit: int = 50) -> list[WebhookDelivery]:
    """The latest deliveries to any subscriber, newest first."""
    return list(uow.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id.desc())
                                    .limit(limit)))


def remove_subscriber(uow: UnitOfWork, subscriber_id: int, actor: Actor | None = None) -> bool:
    """Forget a subscriber and its queued deliveries; return whether it existed."""
    subscriber = uow.session.get(WebhookSubscriber, subscriber_id)
    if subscriber is None:
        return False
    _audit(uow, actor, "webhook_remove", subscriber)
    uow.session.query(WebhookDelivery).filter_by(subscriber_id=subscriber_id).delete()
    uow.session.delete(subscriber)
    return True


def pause_subscriber(uow: UnitOfWork, subscriber_id: int, actor: Actor | None = None) -> bool:
    """Stop delivering to a subscriber; its new and queued events are held until it is resumed."""
    subscriber = uow.session.get(WebhookSubscriber, subscriber_id)
    if subscriber is None:
        return False
    subscriber.status, subscriber.paused_reason = "paused", "paused by an admin"
    uow.session.query(WebhookDelivery).filter(
        WebhookDelivery.subscriber_id == subscriber_id,
        WebhookDelivery.status == "pending").update({"status": "held"})
    _audit(uow, actor, "webhook_pause", subscriber)
    return True


def resume_subscriber(uow: UnitOfWork, subscriber_id: int, actor: Actor | None = None) -> bool:
    """Deliver again to a paused subscriber, starting with what was held back."""
    subscriber = uow.session.get(WebhookSubscriber, subscriber_id)
    if subscriber is None:
        return False
    subscriber.status, subscriber.paused_reason = "active", None
    held = select(WebhookDelivery).where(WebhookDelivery.subscriber_id == subscriber_id,
                                         WebhookDelivery.status.in_(("held", "failed")))
    for delivery in uow.session.scalars(held):
        delivery.status, delivery.attempts, delivery.next_attempt_at = "pending", 0, utcnow()
    _audit(uow, actor, "webhook_resume", subscriber)
    return True


def _audit(uow: UnitOfWork, actor: Actor | None, action: str, subscriber: WebhookSubscriber) -> None:
    """Put a change of subscribers in the one audit log (the CLI acts as admin:cli)."""
    audit(uow, actor or Actor.admin("cli"), action,
          after={"subscriber": subscriber.id, "url": subscriber.url, "status": subscriber.status})
