"""The board's filters and list: read query arguments into SQL conditions over public cases."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot import cases as lifecycle
from bot import params, public_view
from bot.opendata.catalog import BY_CODE
from bot.opendata.export import day_start
from bot.opendata.queries import has_category
from storage.models import Case

PAGE = 50
MAP_POINTS = 20_000


@dataclass(frozen=True)
class Filters:
    """What the reader asked for; unknown or malformed values are ignored, not errors."""

    category: str = ""
    district: str = ""
    state: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def read(cls, args) -> "Filters":
        """Take the filters from query arguments."""
        category = args.get("category", "")
        state = args.get("state", "")
        return cls(category=category if category in BY_CODE else "",
                   district=args.get("district", "")[:64],
                   state=state if state in lifecycle.STATES else "",
                   since=params.day_text(args.get("since"), "since"),
                   until=params.day_text(args.get("until"), "until"))

    def conditions(self, postgres: bool) -> list:
        """SQL conditions selecting the public cases that match."""
        out = [public_view.VISIBLE]
        if self.category:
            out.append(has_category(BY_CODE[self.category].label, postgres))
        if self.district:
            out.append(Case.district == self.district)
        if self.state:
            out.append(Case.state == self.state)
        if self.since:
            out.append(Case.created_at >= day_start(self.since))
        if self.until:
            out.append(Case.created_at < day_start(self.until, next_day=True))
        return out

    def args(self) -> dict:
        """The filters as query arguments (for links that keep them)."""
        return {k: v for k, v in self.__dict__.items() if v}


def page_of_cases(uow, filters: Filters, page: int) -> tuple[list[Case], int]:
    """One page of matching cases, newest first, and how many match in all."""
    conditions = filters.conditions(uow.is_postgres)
    total = uow.session.scalar(select(func.count()).select_from(Case).where(*conditions))
    rows = uow.session.scalars(select(Case).where(*conditions)
                               .options(selectinload(Case.photos), selectinload(Case.events))
                               .order_by(Case.created_at.desc(), Case.id.desc())
                               .offset((page - 1) * PAGE).limit(PAGE))
    return list(rows), total or 0


def map_points(uow, filters: Filters) -> list[list]:
    """[lat, long, state, ticket id] of the newest matching located cases."""
    query = (select(Case.latitude, Case.longitude, Case.state, Case.ticket_id)
             .where(*filters.conditions(uow.is_postgres), Case.latitude.is_not(None),
                    Case.longitude.is_not(None))
             .order_by(Case.created_at.desc(), Case.id.desc()).limit(MAP_POINTS))
    return [[round(lat, 5), round(lon, 5), state, ticket]
            for lat, lon, state, ticket in uow.session.execute(query)]
