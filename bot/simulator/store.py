"""Reads and writes of the simulated chat: user events, bot messages, reply tokens, uploads."""
from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.simulator.models import SimMessage, SimUpload
from storage.db import UnitOfWork
from storage.models import utcnow

REPLY_TOKEN_LIFETIME = timedelta(minutes=1)  # LINE keeps a reply token usable for about a minute
PAGE = 200


class RetryKeyUsed(Exception):
    """A push with this retry key was accepted before; `request_id` is the accepted request."""

    def __init__(self, request_id: str):
        super().__init__(request_id)
        self.request_id = request_id


def record_user_event(uow: UnitOfWork, user_id: str, event: dict, shown: str | None) -> SimMessage:
    """Store what the user did, with the reply token LINE issued for it."""
    message = event.get("message") or {}
    row = SimMessage(user_id=user_id, direction="user", kind=message.get("type") or event["type"],
                     payload=event, shown=shown, reply_token=event.get("replyToken"))
    uow.session.add(row)
    uow.session.flush()
    return row


def save_upload(uow: UnitOfWork, content_id: str, user_id: str, data: bytes,
                content_type: str) -> None:
    """Keep a photo's bytes until the worker fetches them as message content."""
    uow.session.add(SimUpload(id=content_id, user_id=user_id, content=data,
                              content_type=content_type))


def upload(uow: UnitOfWork, content_id: str) -> SimUpload | None:
    """The uploaded photo with this message id, if any."""
    return uow.session.get(SimUpload, content_id)


def take_reply_token(uow: UnitOfWork, token: str) -> str | None:
    """Use a reply token once; return the user it was issued to, or None if unknown, used or old."""
    fresh_since = utcnow() - REPLY_TOKEN_LIFETIME
    # One conditional UPDATE, so two concurrent replies with the same token cannot both win.
    taken = uow.session.execute(
        update(SimMessage)
        .where(SimMessage.reply_token == token, SimMessage.reply_used.is_(False),
               SimMessage.created_at >= fresh_since)
        .values(reply_used=True))
    if taken.rowcount != 1:
        return None
    return uow.session.scalar(select(SimMessage.user_id).where(SimMessage.reply_token == token))


def record_bot_messages(uow: UnitOfWork, user_id: str, messages: list[dict], via: str,
                        retry_key: str | None = None) -> str:
    """Store what the bot sent; raise RetryKeyUsed for a push whose retry key was accepted before."""
    if retry_key:
        earlier = uow.session.scalar(select(SimMessage.request_id)
                                     .where(SimMessage.retry_key == retry_key))
        if earlier:
            raise RetryKeyUsed(earlier)
    request_id = str(uuid.uuid4())
    rows = [SimMessage(user_id=user_id, direction="bot", kind=str(message.get("type")),
                       payload=message, via=via, request_id=request_id,
                       retry_key=retry_key if index == 0 else None)
            for index, message in enumerate(messages)]
    try:
        with uow.session.begin_nested():
            uow.session.add_all(rows)
    except IntegrityError:  # the same retry key won a race a moment ago
        raise RetryKeyUsed(uow.session.scalar(select(SimMessage.request_id).where(
            SimMessage.retry_key == retry_key)) or request_id) from None
    return request_id


def was_blocked(uow: UnitOfWork, user_id: str) -> bool:
    """Whether the user's last follow or unfollow was an unfollow (so a follow is an unblock)."""
    last = uow.session.scalar(
        select(SimMessage.kind).where(SimMessage.user_id == user_id,
                                      SimMessage.kind.in_(("follow", "unfollow")))
        .order_by(SimMessage.id.desc()).limit(1))
    return last == "unfollow"


def messages_after(uow: UnitOfWork, user_id: str, after: int) -> list[SimMessage]:
    """The chat of one user after a message id, oldest first."""
    return list(uow.session.scalars(
        select(SimMessage).where(SimMessage.user_id == user_id, SimMessage.id > after)
        .order_by(SimMessage.id).limit(PAGE)))


def as_json(row: SimMessage) -> dict:
    """A chat line for the page (no tokens or retry keys)."""
    return {"id": row.id, "direction": row.direction, "kind": row.kind, "payload": row.payload,
            "shown": row.shown, "via": row.via, "createdAt": row.created_at.isoformat()}
