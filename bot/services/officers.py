"""Use cases of agencies and officers: manage them, link LINE accounts and groups, read queues."""
from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import select

from bot.permissions import Actor
from bot.services.audit import audit, refuse
from bot.services.routing import agency_by_code
from storage.db import UnitOfWork
from storage.models import Agency, Case, LineGroup, LinkCode, Officer, utcnow

log = logging.getLogger(__name__)

__all__ = ["LINK_CODE_HOURS", "add_agency", "set_agency_enabled", "agencies", "add_officer",
           "officers", "set_officer_enabled", "new_link_code", "link_officer", "link_group",
           "set_group_active", "officer_by_line_id", "officer_actor", "agency_groups", "agency_officers",
           "forward_choices", "find_agencies"]

LINK_CODE_HOURS = 24


def add_agency(uow: UnitOfWork, code: str, name_th: str, name_en: str, kind: str,
               actor: Actor) -> Agency:
    """Create an agency with a new, unique code."""
    code = code.strip().lower()
    if not code or not code.replace("-", "").replace("_", "").isalnum():
        raise ValueError("an agency code is letters, digits, - or _")
    if agency_by_code(uow, code, enabled_only=False):
        raise ValueError(f"agency {code} already exists")
    agency = Agency(code=code, name_th=name_th, name_en=name_en, kind=kind, enabled=True)
    uow.session.add(agency)
    uow.session.flush()
    audit(uow, actor, "agency_add", after={"code": code, "kind": kind})
    return agency


def set_agency_enabled(uow: UnitOfWork, code: str, enabled: bool, actor: Actor) -> Agency:
    """Disable an agency (routing skips it) or enable it again."""
    agency = agency_by_code(uow, code, enabled_only=False)
    if agency is None:
        raise LookupError(f"no agency {code}")
    audit(uow, actor, "agency_enable" if enabled else "agency_disable",
          before={"code": agency.code, "enabled": agency.enabled}, after={"enabled": enabled})
    agency.enabled = enabled
    return agency


def agencies(uow: UnitOfWork) -> list[Agency]:
    """Every agency, by code."""
    return list(uow.session.scalars(select(Agency).order_by(Agency.code)))


def add_officer(uow: UnitOfWork, name: str, agency_code: str, actor: Actor) -> tuple[Officer, str]:
    """Create an officer of an agency and a one-time code they send as /link CODE."""
    agency = agency_by_code(uow, agency_code)
    if agency is None:
        raise LookupError(f"no enabled agency {agency_code}")
    officer = Officer(name=name.strip(), agency_id=agency.id, enabled=True, pending={})
    uow.session.add(officer)
    uow.session.flush()
    audit(uow, actor, "officer_add", after={"officer": officer.id, "agency": agency.code})
    return officer, new_link_code(uow, agency, officer=officer)


def officers(uow: UnitOfWork) -> list[Officer]:
    """Every officer, by agency and id."""
    return list(uow.session.scalars(select(Officer).join(Agency).order_by(Agency.code, Officer.id)))


def set_officer_enabled(uow: UnitOfWork, officer_id: int, enabled: bool, actor: Actor) -> Officer:
    """Stop an officer from acting (or let them again); their LINE link is kept."""
    officer = uow.session.get(Officer, officer_id)
    if officer is None:
        raise LookupError(f"no officer {officer_id}")
    audit(uow, actor, "officer_enable" if enabled else "officer_disable",
          before={"officer": officer.id, "enabled": officer.enabled}, after={"enabled": enabled})
    officer.enabled = enabled
    return officer


def new_link_code(uow: UnitOfWork, agency: Agency, officer: Officer | None = None) -> str:
    """A single-use code, valid LINK_CODE_HOURS, for an officer or (without one) a group."""
    code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
    uow.session.add(LinkCode(code_hash=_hash(code), purpose="officer" if officer else "group",
                             agency_id=agency.id, officer_id=officer.id if officer else None,
                             expires_at=utcnow() + timedelta(hours=LINK_CODE_HOURS)))
    return code


def _use_code(uow: UnitOfWork, code: str, purpose: str, actor: Actor) -> LinkCode:
    """Spend a valid code of this purpose, or audit and refuse."""
    row = uow.session.scalar(select(LinkCode).where(LinkCode.code_hash == _hash(code))
                             .with_for_update())
    if row is None or row.purpose != purpose or row.used_at or row.expires_at < utcnow():
        raise refuse(uow, actor, f"link_{purpose}", "invalid, used or expired link code")
    row.used_at = utcnow()
    return row


def link_officer(uow: UnitOfWork, code: str, line_user_id: str) -> Officer:
    """Bind the LINE account that sent a valid officer code to that officer."""
    actor = Actor("citizen", line_user_id)
    row = _use_code(uow, code, "officer", actor)
    officer = uow.session.get(Officer, row.officer_id)
    previous = officer_by_line_id(uow, line_user_id, enabled_only=False)
    if previous is not None and previous.id != officer.id:
        previous.line_user_id = None  # one LINE account, one officer
        uow.session.flush()
    officer.line_user_id, officer.linked_at = line_user_id, utcnow()
    audit(uow, officer_actor(officer), "link_officer", after={"officer": officer.id})
    return officer


def link_group(uow: UnitOfWork, code: str, group_id: str, line_user_id: str) -> LineGroup:
    """Bind a LINE group to an agency when one of its linked officers sends a group code there."""
    officer = officer_by_line_id(uow, line_user_id)
    actor = officer_actor(officer) if officer else Actor("citizen", line_user_id)
    if officer is None:
        raise refuse(uow, actor, "link_group", "only a linked officer of the agency may do this")
    row = _use_code(uow, code, "group", actor)
    if officer.agency_id != row.agency_id:
        row.used_at = None  # another agency's officer must not burn the code
        raise refuse(uow, actor, "link_group", "only a linked officer of the agency may do this")
    group = uow.session.get(LineGroup, group_id) or LineGroup(id=group_id, agency_id=row.agency_id)
    group.agency_id, group.linked_by, group.active, group.linked_at = \
        row.agency_id, officer.id, True, utcnow()
    uow.session.add(group)
    audit(uow, actor, "link_group", after={"agency_id": row.agency_id})
    return group


def set_group_active(uow: UnitOfWork, group_id: str, active: bool) -> LineGroup | None:
    """Mark a bound LINE group active (the bot was added again) or inactive (it left or was removed).

    An inactive group gets no case posts until the bot is back in it; unbound groups are ignored."""
    group = uow.session.get(LineGroup, group_id)
    if group is None or group.active == active:
        return group
    group.active = active
    audit(uow, Actor.system(), "group_joined" if active else "group_left",
          after={"agency_id": group.agency_id, "active": active})
    return group


def officer_by_line_id(uow: UnitOfWork, line_user_id: str, *,
                       enabled_only: bool = True) -> Officer | None:
    """The officer linked to this LINE account (enabled, in an enabled agency), or None."""
    query = select(Officer).join(Agency).where(Officer.line_user_id == line_user_id)
    if enabled_only:
        query = query.where(Officer.enabled.is_(True), Agency.enabled.is_(True))
    return uow.session.scalar(query)


def officer_actor(officer: Officer) -> Actor:
    """The Actor an officer acts as."""
    return Actor("officer", str(officer.id), officer.agency_id, officer.enabled)


def agency_officers(uow: UnitOfWork, agency_id: int) -> list[Officer]:
    """Linked, enabled officers of an agency."""
    return list(uow.session.scalars(select(Officer).where(
        Officer.agency_id == agency_id, Officer.enabled.is_(True),
        Officer.line_user_id.is_not(None)).order_by(Officer.id)))


def agency_groups(uow: UnitOfWork, agency_id: int) -> list[LineGroup]:
    """LINE groups bound to an agency."""
    return list(uow.session.scalars(select(LineGroup).where(
        LineGroup.agency_id == agency_id, LineGroup.active.is_(True)).order_by(LineGroup.id)))


def forward_choices(uow: UnitOfWork, case: Case) -> list[Agency]:
    """Enabled agencies a case can be handed to, the likeliest first: its district's office, the
    departments and utilities, the triage desk, then every other district office."""
    def likelihood(agency: Agency) -> tuple:
        if agency.kind == "district":
            return (0 if agency.district == case.district else 3, agency.name_th)
        return (2 if agency.kind == "triage" else 1, agency.name_th)
    return sorted((a for a in uow.session.scalars(select(Agency).where(Agency.enabled.is_(True)))
                   if a.id != case.agency_id), key=likelihood)


def find_agencies(choices: list[Agency], words: str) -> list[Agency]:
    """The choices whose code or Thai or English name holds the typed words (spaces and case
    aside); an exact code alone when one matches."""
    wanted = _squeezed(words)
    if not wanted:
        return []
    exact = [a for a in choices if a.code == wanted]
    return exact or [a for a in choices if any(wanted in _squeezed(name)
                                               for name in (a.code, a.name_th, a.name_en))]


def _squeezed(text: str) -> str:
    """Text without spaces, in lower case, for matching what an officer types against names."""
    return "".join(text.split()).lower()


def _hash(code: str) -> str:
    """Only a code's hash is stored, so a database leak links no one."""
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()
