"""Queue each district's weekly digest to its office's bound LINE groups, once per week.

Idempotent: each push carries a retry key derived from the district, the Bangkok ISO week and the
group, so a second run, a restarted worker or two workers at once never queue it twice."""
from __future__ import annotations

import logging
import uuid
import weakref
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.insight import digest as digests
from bot.line import insight_cards
from storage.models import Agency, LineGroup, OutboxMessage, utcnow
from storage.seed import district_code

log = logging.getLogger(__name__)
BANGKOK = timezone(timedelta(hours=7))
PURPOSE = "digest"


def week_of(moment: datetime) -> str:
    """The Bangkok ISO week a moment falls in, like 2026-W48."""
    year, week, _ = moment.astimezone(BANGKOK).isocalendar()
    return f"{year}-W{week:02d}"


def retry_key(district: str, week: str, group_id: str) -> str:
    """The same UUID for the same district, week and group, wherever it is computed."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"chaeng:digest:{district_code(district)}:{week}:{group_id}"))


def office_groups(uow, district: str) -> list[str]:
    """The active LINE groups bound to the district's office."""
    return list(uow.session.scalars(select(LineGroup.id).join(
        Agency, LineGroup.agency_id == Agency.id).where(
        Agency.code == district_code(district), LineGroup.active.is_(True)).order_by(LineGroup.id)))


def queue(uow, digest: digests.Digest) -> tuple[int, int]:
    """Queue the digest card to every bound group not yet sent it this week; (queued, already)."""
    week, queued, already = week_of(digest.until), 0, 0
    card = insight_cards.digest_card(digest, "th")
    for group in office_groups(uow, digest.district):
        key = retry_key(digest.district, week, group)
        if uow.session.scalar(select(OutboxMessage.id).where(OutboxMessage.retry_key == key)):
            already += 1
            continue
        try:
            with uow.session.begin_nested():  # a concurrent run that got there first wins quietly
                uow.session.add(OutboxMessage(user_id=group, messages=[card], retry_key=key,
                                              purpose=PURPOSE))
            queued += 1
        except IntegrityError:
            already += 1
    return queued, already


def send_due(runtime, now: datetime | None = None) -> int:
    """In the worker: at DIGEST_WEEKDAY / DIGEST_HOUR (Bangkok) or later that day, queue every
    district's digest once; return how many pushes were queued (0 when switched off)."""
    settings, now = runtime.settings, now or utcnow()
    local = now.astimezone(BANGKOK)
    if settings.digest_weekday is None or local.weekday() != settings.digest_weekday \
            or local.hour < settings.digest_hour:
        return 0
    week = week_of(now)
    if _done.get(runtime.db) == week:
        return 0  # this process already did this week's round; the keys guard the rest
    queued = 0
    with runtime.db.uow() as uow:
        districts = uow.session.scalars(select(Agency.district).join(
            LineGroup, LineGroup.agency_id == Agency.id).where(
            Agency.kind == "district", LineGroup.active.is_(True)).distinct())
        for district in sorted(d for d in districts if d):
            queued += queue(uow, digests.build(uow, district, now))[0]
        uow.commit()
    _done[runtime.db] = week
    if queued:
        log.info("weekly digest %s: %d push(es) queued", week, queued)
    return queued


_done: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # database -> week done
