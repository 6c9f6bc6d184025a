"""SQLAlchemy 2.x typed models: users, conversations, inbox, outbox, cases, photos, events."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, BigInteger, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        false)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from storage.clock import now as utcnow  # re-exported: the one clock, as the models' default
from storage.timestamps import within_reach


class UtcDateTime(TypeDecorator):
    """A datetime stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return within_reach(value) if value is not None else None


class Base(DeclarativeBase):
    """Base of every Chaeng table."""


class LineUser(Base):
    """A LINE account that talks to the bot."""

    __tablename__ = "line_users"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str] = mapped_column(String(5), default="th")
    following: Mapped[bool] = mapped_column(default=True)
    role: Mapped[str] = mapped_column(String(16), default="citizen")
    blocked: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Conversation(Base):
    """Where a user is in the chat, with their unfinished report; one row per user, also a lock."""

    __tablename__ = "conversations"
    user_id: Mapped[str] = mapped_column(ForeignKey("line_users.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(32), default="idle")
    draft: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class InboxEvent(Base):
    """A raw webhook event, stored before the 200 so nothing LINE sends is lost."""

    __tablename__ = "inbox_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    event_type: Mapped[str] = mapped_column(String(32))
    event_time: Mapped[datetime] = mapped_column(UtcDateTime)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    body: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    claim: Mapped[str | None] = mapped_column(String(36))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_inbox_pending", "status", "next_attempt_at"),)


class OutboxMessage(Base):
    """Messages to send to one user, written in the transaction that caused them."""

    __tablename__ = "outbox_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    messages: Mapped[list] = mapped_column(JSON)
    reply_token: Mapped[str | None] = mapped_column(String(128))
    reply_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    retry_key: Mapped[str] = mapped_column(String(36), unique=True)
    purpose: Mapped[str] = mapped_column(String(32), default="chat")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    claim: Mapped[str | None] = mapped_column(String(36))
    reply_ambiguous: Mapped[bool] = mapped_column(default=False)
    # How the attempt in flight is being made; left set when a worker died before hearing back.
    sending_by: Mapped[str | None] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_by: Mapped[str | None] = mapped_column(String(8))
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_pending", "status", "next_attempt_at"),)


class Case(Base):
    """A reported problem and where it stands."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[str] = mapped_column(String(16), unique=True)
    reporter_id: Mapped[str | None] = mapped_column(ForeignKey("line_users.id"), index=True)
    categories: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(Text)  # the address LINE or the caller gave
    # The citizen's own words for where it is ("ปากซอยลาดพร้าว 71"), picked out of what they typed.
    place_words: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(String(64), index=True)
    subdistrict: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), index=True)
    state_times: Mapped[dict] = mapped_column(JSON, default=dict)
    language: Mapped[str] = mapped_column(String(5), default="th")
    stars: Mapped[int | None] = mapped_column(Integer)
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    # Where the report came from: line, call_centre, open311 or import.
    source: Mapped[str] = mapped_column(String(16), default="line", server_default="line", index=True)
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    photos: Mapped[list["Photo"]] = relationship(back_populates="case", order_by="Photo.id")
    events: Mapped[list["CaseEvent"]] = relationship(back_populates="case", order_by="CaseEvent.id")
    agency: Mapped["Agency | None"] = relationship()

    # "My cases": a reporter's newest first from one index range, however many they have.
    __table_args__ = (Index("ix_cases_reporter_created", "reporter_id", "created_at", "id"),)


class Photo(Base):
    """A checked, EXIF-stripped image under MEDIA_DIR."""

    __tablename__ = "photos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    owner_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16), default="report")
    path: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(BigInteger)
    line_message_id: Mapped[str | None] = mapped_column(String(64))
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    case: Mapped[Case | None] = relationship(back_populates="photos")


class CaseEvent(Base):
    """One entry of a case's append-only history."""

    __tablename__ = "case_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")



# Officers, routing and audit live beside these; importing them here puts them in Base.metadata.
from storage.agencies import *  # noqa: E402,F401,F403
# The dashboard's tables and indexes live in their own module; importing it puts them on Base.
from storage import admin_models  # noqa: E402,F401
# The open-data tables live beside these; importing them here puts them in Base.metadata.
from storage.opendata import *  # noqa: E402,F401,F403
# The record of citizens' PDPA requests; importing it here puts it in Base.metadata.
from storage.privacy import *  # noqa: E402,F401,F403
