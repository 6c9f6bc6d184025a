"""Hand-built case history with known times, for the insight figures (made through services)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from bot import services
from storage.models import Case, utcnow


def past_case(uow, category: str, *, district: str = "ราชเทวี", created: datetime | None = None,
              accepted_after: float | None = None, finished_after: float | None = None,
              state: str | None = None, stars: int | None = None, reopened: int = 0,
              lat: float = 13.7650, lng: float = 100.5383, hidden: bool = False) -> Case:
    """A case routed like a real one, then set to have been accepted and finished the given number
    of days after it was reported (`created`, default now)."""
    case = services.submit_report(uow, None, description=f"{category} ทดสอบ", categories=[category],
                                  latitude=lat, longitude=lng, address=None, district=district,
                                  subdistrict=None, photo_ids=[])
    created = created or utcnow()
    times = {"waiting": created.isoformat()}
    final = state or "waiting"
    if accepted_after is not None:
        times["in_progress"] = (created + timedelta(days=accepted_after)).isoformat()
        final = state or "in_progress"
    if finished_after is not None:
        times["finished"] = (created + timedelta(days=finished_after)).isoformat()
        final = state or "finished"
    last = max(datetime.fromisoformat(value) for value in times.values())
    uow.session.execute(update(Case).where(Case.id == case.id).values(
        created_at=created, updated_at=last, state_times=times, state=final, stars=stars,
        reopen_count=reopened, hidden=hidden))
    uow.session.refresh(case)
    return case
