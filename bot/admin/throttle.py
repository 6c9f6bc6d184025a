"""Slowing down a source of refused sign-ins, rather than locking an account out for everyone.

A source is the address a sign-in came from, except that a whole IPv6 /64 counts as one (one
machine is usually given a whole /64). After SOURCE_FAILURES refusals from one source within
SOURCE_WINDOW, that source is refused before any password check until the oldest of them has aged
out of the window; the account's owner, signing in from elsewhere, is not held up.
"""
from __future__ import annotations

import ipaddress
import logging
import math
from datetime import timedelta

from sqlalchemy import delete, func, select

from storage.admin_models import SignInFailure
from storage.db import UnitOfWork
from storage.models import utcnow

log = logging.getLogger(__name__)

SOURCE_FAILURES = 10
SOURCE_WINDOW = timedelta(minutes=15)


def source_of(address: str) -> str:
    """The source a client address counts as: itself, or its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.replace("\x00", "")[:64] or "unknown"
    if ip.version == 6 and ip.ipv4_mapped:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def retry_after(uow: UnitOfWork, source: str) -> int | None:
    """Seconds until this source may try again, or None when it may try now."""
    now = utcnow()
    nth_latest = uow.session.scalar(
        select(SignInFailure.at).where(SignInFailure.source == source,
                                       SignInFailure.at > now - SOURCE_WINDOW)
        .order_by(SignInFailure.at.desc()).offset(SOURCE_FAILURES - 1).limit(1))
    if nth_latest is None:
        return None
    return max(1, math.ceil((nth_latest + SOURCE_WINDOW - now).total_seconds()))


def count_failure(uow: UnitOfWork, source: str) -> None:
    """Count one refused sign-in from this source, and forget those older than the window."""
    now = utcnow()
    uow.session.execute(delete(SignInFailure).where(SignInFailure.at <= now - SOURCE_WINDOW))
    uow.session.add(SignInFailure(source=source, at=now))
    uow.session.flush()
    recent = uow.session.scalar(select(func.count()).select_from(SignInFailure).where(
        SignInFailure.source == source, SignInFailure.at > now - SOURCE_WINDOW))
    if recent == SOURCE_FAILURES:
        log.warning("sign-in slowed for %s after %d refusals in %s", source, recent,
                    SOURCE_WINDOW)
