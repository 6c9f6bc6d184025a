"""Staff accounts: create, sign in with a slow hash, lock after repeated failures."""
from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from bot.admin import audit
from bot.permissions import Actor
from storage.admin_models import AdminUser, AdminUserAgency
from storage.db import UnitOfWork
from storage.models import Agency, utcnow

log = logging.getLogger(__name__)

ROLES = ("admin", "supervisor", "operator")
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost


class AccountError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


class SignInRefused(Exception):
    """Wrong email or password, or the account is locked; `locked` tells which."""

    def __init__(self, locked: bool = False):
        super().__init__("locked" if locked else "bad credentials")
        self.locked = locked


def new_password() -> str:
    """A random password good enough to hand to a new user once."""
    return secrets.token_urlsafe(12)


def add_admin(uow: UnitOfWork, email: str, role: str, password: str,
              agencies: list[str] | tuple[str, ...] = ()) -> AdminUser:
    """Create a staff account, or reset the password, role and (for a supervisor) agencies of an
    existing one."""
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    if agencies and role != "supervisor":
        raise AccountError("only a supervisor acts for agencies (--agency)")
    agency_ids = _agency_ids(uow, agencies)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"{email!r} is not an email address")
    if len(password) < 10:
        raise AccountError("the password must be at least 10 characters long")
    user = uow.session.scalar(select(AdminUser).where(AdminUser.email == email))
    if user is None:
        user = AdminUser(email=email, role=role, password_hash="", created_at=utcnow())
        uow.session.add(user)
    user.role, user.password_hash = role, _hasher.hash(password)
    user.failed_attempts, user.locked_until, user.active = 0, None, True
    uow.session.flush()
    uow.session.execute(delete(AdminUserAgency).where(AdminUserAgency.admin_id == user.id))
    uow.session.add_all(AdminUserAgency(admin_id=user.id, agency_id=a) for a in agency_ids)
    uow.session.flush()
    return user


def _agency_ids(uow: UnitOfWork, codes) -> list[int]:
    """The ids of the agencies with these codes; AccountError naming any unknown code."""
    wanted = {code.strip().lower() for code in codes if code.strip()}
    found = dict(uow.session.execute(select(Agency.code, Agency.id)
                                     .where(Agency.code.in_(wanted))).all())
    unknown = sorted(wanted - set(found))
    if unknown:
        raise AccountError(f"no agency {', '.join(unknown)} (see `flask --app bot agencies list`)")
    return sorted(found.values())


def agencies_of(uow: UnitOfWork, user: AdminUser) -> frozenset[int]:
    """The ids of the agencies a staff member acts for (only supervisors have any)."""
    return frozenset(uow.session.scalars(select(AdminUserAgency.agency_id)
                                         .where(AdminUserAgency.admin_id == user.id)))


def staff_actor(user: AdminUser, agencies: frozenset[int] = frozenset()) -> Actor:
    """A staff member as the services and the audit log see them: role:email."""
    return Actor(user.role, user.email, agencies=agencies if user.role == "supervisor" else frozenset())


def sign_in(uow: UnitOfWork, email: str, password: str) -> AdminUser:
    """Check a password; count failures and lock the account after MAX_FAILURES of them."""
    now = utcnow()
    user = uow.session.scalar(select(AdminUser).where(
        func.lower(AdminUser.email) == email.strip().lower()).with_for_update())
    if user is None or not user.active:
        _hasher.hash(password)  # spend the same time as a real check, so emails cannot be probed
        raise SignInRefused()
    if user.locked_until and user.locked_until > now:
        audit.record(uow, staff_actor(user), "sign_in", outcome="refused", reason="locked")
        raise SignInRefused(locked=True)
    if not _verify(user.password_hash, password):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until, user.failed_attempts = now + LOCKOUT, 0
            log.warning("admin user %s locked after repeated failures", user.id)
        audit.record(uow, staff_actor(user), "sign_in", outcome="refused",
                     reason="bad password")
        raise SignInRefused(locked=user.locked_until is not None and user.locked_until > now)
    user.failed_attempts, user.locked_until, user.last_sign_in_at = 0, None, now
    audit.record(uow, staff_actor(user), "sign_in")
    return user


def _verify(password_hash: str, password: str) -> bool:
    """Whether the password matches its stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
