"""Staff accounts: create, disable, and sign in with a slow hash and the same answer for every
failure; repeated failures slow their source down (bot.admin.throttle), never lock the account."""
from __future__ import annotations

import functools
import logging
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select

from bot.admin import audit, sessions, throttle
from bot.permissions import Actor
from storage.admin_models import AdminUser, AdminUserAgency
from storage.db import UnitOfWork
from storage.models import Agency, utcnow

log = logging.getLogger(__name__)

ROLES = ("admin", "supervisor", "operator")
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost


class AccountError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


class SignInRefused(Exception):
    """The sign-in is refused, saying nothing of why; `retry_after` (seconds) when its source has
    failed too often lately and may not try again yet."""

    def __init__(self, retry_after: int | None = None):
        super().__init__("slowed" if retry_after else "refused")
        self.retry_after = retry_after


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
    user.role, user.password_hash, user.active = role, _hasher.hash(password), True
    uow.session.flush()
    sessions.end_all(uow, user.id)  # a new password ends every session opened with the old one
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


def disable_admin(uow: UnitOfWork, email: str, actor: Actor) -> AdminUser:
    """Stop an account from signing in and end its sessions (`admins add` brings it back)."""
    user = _by_email(uow, email)
    if user is None:
        raise AccountError(f"no account {email.strip().lower()}")
    audit.record(uow, actor, "admin_disable", reason=f"account {user.email}",
                 before={"active": user.active}, after={"active": False})
    user.active = False
    sessions.end_all(uow, user.id)
    return user


def sign_in(uow: UnitOfWork, email: str, password: str, source: str) -> AdminUser:
    """Check a password from a source: every failure (no such account, wrong password, disabled)
    costs one argon2 check and raises the same SignInRefused; a source that failed too often
    lately is refused before any check."""
    wait = throttle.retry_after(uow, source)
    if wait is not None:
        raise SignInRefused(retry_after=wait)
    user = _by_email(uow, email)
    matches = _verify(user.password_hash if user else _stand_in_hash(), password)
    if user is None or not user.active or not matches:
        throttle.count_failure(uow, source)
        log.info("sign-in refused from %s", source)
        if user is not None:  # an unknown "email" may be a password typed in the wrong box
            why = "wrong password" if user.active else "account disabled"
            audit.record(uow, staff_actor(user), "sign_in", outcome="refused",
                         reason=f"{why} from {source}")
        raise SignInRefused()
    user.last_sign_in_at = utcnow()
    audit.record(uow, staff_actor(user), "sign_in", reason=f"from {source}")
    return user


def _by_email(uow: UnitOfWork, email: str) -> AdminUser | None:
    """The account with this email, whatever its case."""
    return uow.session.scalar(select(AdminUser).where(
        func.lower(AdminUser.email) == email.strip().lower()))


@functools.cache
def _stand_in_hash() -> str:
    """The hash of a password nobody knows, checked when no account matches, so that an unknown
    email costs as much as a known one."""
    return _hasher.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str, password: str) -> bool:
    """Whether the password matches its stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
