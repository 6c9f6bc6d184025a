"""Agencies, routing rules, officers, LINE groups, case involvement, hand-offs, followers and audit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from storage.models import Base, UtcDateTime, utcnow

__all__ = ["Agency", "RoutingRule", "Officer", "LinkCode", "LineGroup", "CaseAgency", "Handoff",
           "Follower", "AuditEntry", "AuditLogIsAppendOnly", "RichMenu"]

class Agency(Base):
    """An office that takes cases: a district office, a department, a utility or the triage desk."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_th: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    district: Mapped[str | None] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    def name(self, lang: str) -> str:
        """The agency's name in the reader's language."""
        return self.name_en if lang == "en" else self.name_th


class RoutingRule(Base):
    """Category x district -> agency; '*' matches any category or any district."""

    __tablename__ = "routing_rules"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))

    agency: Mapped[Agency] = relationship()
    __table_args__ = (UniqueConstraint("category", "district", name="uq_routing_rule"),)


class Officer(Base):
    """A staff member of an agency who acts on cases from LINE once linked."""

    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    line_user_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    pending: Mapped[dict] = mapped_column(JSON, default=dict)  # what a button asked them to type
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    linked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    menu_linked_to: Mapped[str | None] = mapped_column(String(64))  # LINE id showing the officer menu

    agency: Mapped[Agency] = relationship()


class RichMenu(Base):
    """A rich menu created on LINE by `flask --app bot richmenu setup`."""

    __tablename__ = "rich_menus"
    name: Mapped[str] = mapped_column(String(16), primary_key=True)  # citizen | officer
    line_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class LinkCode(Base):
    """A single-use code that binds an officer's LINE account or a LINE group; only its hash is kept."""

    __tablename__ = "link_codes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(8))  # officer | group
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class LineGroup(Base):
    """A LINE group bound to an agency: its new cases are posted there."""

    __tablename__ = "line_groups"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    linked_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    active: Mapped[bool] = mapped_column(default=True)
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class CaseAgency(Base):
    """An agency's part in a case: responsible (routed), forwarded to, or invited to help."""

    __tablename__ = "case_agencies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("case_id", "agency_id", "role", name="uq_case_agency_role"),)


class Handoff(Base):
    """One stretch of a case with one agency, with its service-level times."""

    __tablename__ = "handoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    reason: Mapped[str] = mapped_column(String(16))  # routed | forwarded | reopened
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    forwarded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    rejected_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Follower(Base):
    """A citizen who asked to hear about someone else's case."""

    __tablename__ = "followers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("line_users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("case_id", "user_id", name="uq_follower"),)


class AuditEntry(Base):
    """Who did (or tried) what to which case, when, with before and after; never changed."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(8))  # done | refused
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    ticket_id: Mapped[str | None] = mapped_column(String(16), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    after: Mapped[dict] = mapped_column(JSON, default=dict)


class AuditLogIsAppendOnly(RuntimeError):
    """Something tried to change or delete an audit entry."""


@event.listens_for(Session, "before_flush")
def _guard_audit_log(session, _flush_context, _instances) -> None:
    """Refuse any flush that would update or delete an audit entry."""
    for row in (*session.dirty, *session.deleted):
        if isinstance(row, AuditEntry) and (row in session.deleted or session.is_modified(row)):
            raise AuditLogIsAppendOnly(f"audit entry {row.id} cannot be changed")


@event.listens_for(RoutingRule.__table__, "after_create")
def _seed_after_create(_table, connection, **_kw) -> None:
    """Give a database made by create_all the same agencies and rules as the migration."""
    from storage.seed import seed

    seed(connection)
