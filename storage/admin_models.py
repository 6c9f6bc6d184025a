"""Tables of the admin dashboard: staff accounts, their sessions and agencies, refused sign-ins,
callers' phones, redactions, heartbeats."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, Integer, String, Text, cast, event, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Case, InboxEvent, OutboxMessage, UtcDateTime, utcnow


class AdminUser(Base):
    """A person who signs in to the dashboard: admin, supervisor or call-centre operator."""

    __tablename__ = "admin_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AdminSession(Base):
    """A dashboard session, kept on the server. The browser's cookie holds only a random id and
    this table only its SHA-256, so reading the table opens no session; deleting the row ends it."""

    __tablename__ = "admin_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    admin_id: Mapped[int | None] = mapped_column(  # None until someone signs in with it
        ForeignKey("admin_users.id", ondelete="CASCADE"), index=True)
    data: Mapped[str] = mapped_column(Text, default="")  # CSRF secret, language, flashed notes
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class SignInFailure(Base):
    """A refused sign-in, by source (an address; a whole IPv6 /64 counts as one): too many from
    one source slow that source down, never the account."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (Index("ix_sign_in_failures_source_at", "source", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class CallerContact(Base):
    """The phone number of a person who phoned a report in: kept apart, never exported."""

    __tablename__ = "caller_contacts"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(32))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Redaction(Base):
    """A case text as it was before an admin redacted it, with who and why."""

    __tablename__ = "redactions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    original: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    admin_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class WorkerHeartbeat(Base):
    """When each worker process last went round its loop, so /healthz can tell a silent one."""

    __tablename__ = "worker_heartbeats"
    worker: Mapped[str] = mapped_column(String(64), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class AdminUserAgency(Base):
    """An agency a supervisor acts for: they may take case actions on the cases it holds."""

    __tablename__ = "admin_user_agencies"
    admin_id: Mapped[int] = mapped_column(ForeignKey("admin_users.id", ondelete="CASCADE"),
                                          primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)


# Every action, by staff, officers or the system, is in the one append-only audit_log
# (storage.agencies.AuditEntry); the dashboard's own table was merged into it by 0007.


# The trigram indexes need PostgreSQL's pg_trgm (a trusted extension: the database owner may add it).
event.listen(Base.metadata, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))

# The case list sorts and filters a million rows by these; see the migration for why each exists.
CASE_LIST_INDEXES = (
    Index("ix_cases_state_created", Case.state, Case.created_at),
    Index("ix_cases_district_created", Case.district, Case.created_at),
    Index("ix_cases_source_created", Case.source, Case.created_at),
    Index("ix_cases_agency_created", Case.agency_id, Case.created_at),
    Index("ix_cases_reopened_created", Case.reopen_count, Case.created_at),
    Index("ix_cases_stars", Case.stars),
    # Sorted by last update, a deep page's ids are read from this index alone; stuck cases (open,
    # not updated for a week) and a state in a district are counted from an index alone
    # (0010_scale).
    Index("ix_cases_updated_id", Case.updated_at, Case.id),
    Index("ix_cases_state_updated", Case.state, Case.updated_at),
    Index("ix_cases_district_state_created", Case.district, Case.state, Case.created_at),
    # Trigram indexes let ILIKE '%word%' search a million descriptions without reading them all
    # (on SQLite they are plain indexes that the search does not use).
    Index("ix_cases_description_trgm", Case.description, postgresql_using="gin",
          postgresql_ops={"description": "gin_trgm_ops"}),
    Index("ix_cases_address_trgm", Case.address, postgresql_using="gin",
          postgresql_ops={"address": "gin_trgm_ops"}),
    # The category filter as JSON containment, on PostgreSQL only: a rare category is found from
    # this index, and its statistics tell the planner how common each category is (0010_scale).
    Index("ix_cases_categories_gin", cast(Case.categories, JSONB).label("categories_jsonb"),
          postgresql_using="gin", postgresql_ops={"categories_jsonb": "jsonb_path_ops"})
    .ddl_if(dialect="postgresql"),
    Index("ix_outbox_status_created", OutboxMessage.status, OutboxMessage.created_at),
    Index("ix_inbox_status_received", InboxEvent.status, InboxEvent.received_at),
)
