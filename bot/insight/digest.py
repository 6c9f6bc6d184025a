"""A district's weekly digest for its office: new, finished, overdue, stars and hotspots."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from bot import cases as lifecycle
from bot.insight import hotspots
from bot.insight.queries import finished_at, place_of
from nlp.gazetteer import DISTRICTS
from storage.models import Case, utcnow

WEEK = timedelta(days=7)
HOTSPOT_WINDOW = timedelta(days=90)  # a place recurs over weeks: look further back than the week
HOTSPOTS_SHOWN = 3
OVERDUE = timedelta(days=7)


class UnknownDistrict(ValueError):
    """The name is not one of Bangkok's 50 districts."""


@dataclass(frozen=True)
class Spot:
    """A hotspot in the digest: its category, place, cases and separate weeks."""

    category: str
    place: str | None
    count: int
    weeks: int
    latitude: float
    longitude: float


@dataclass
class Digest:
    """A district's last seven days."""

    district: str
    district_en: str
    since: datetime
    until: datetime
    new: int = 0
    finished: int = 0
    overdue: int = 0
    stars: float | None = None
    rated: int = 0
    hotspots: list = field(default_factory=list)

    def lines(self) -> list[str]:
        """The digest as plain lines for the terminal."""
        stars = f"{self.stars:.1f} ({self.rated} rated)" if self.stars is not None else "-"
        out = [f"Weekly digest: {self.district} ({self.district_en}), "
               f"{self.since:%Y-%m-%d %H:%M} to {self.until:%Y-%m-%d %H:%M} UTC",
               f"new {self.new}, finished {self.finished}, overdue {self.overdue}, stars {stars}",
               f"hotspots (last 90 days): {len(self.hotspots) or 'none'}"]
        out += [f"  {s.category} {s.place or '-'} ({s.latitude:.5f}, {s.longitude:.5f}): "
                f"{s.count} cases in {s.weeks} weeks" for s in self.hotspots]
        return out


def district_named(name: str) -> str:
    """The Thai name of a district given in Thai ('ราชเทวี', 'เขตราชเทวี') or English
    ('Ratchathewi', 'ratchathewi', 'Bang Rak'); UnknownDistrict otherwise."""
    wanted = name.strip().removeprefix("เขต").strip()
    if wanted in DISTRICTS:
        return wanted
    flat = wanted.lower().replace(" ", "").replace("-", "")
    for thai, english in DISTRICTS.items():
        if english.lower().replace(" ", "").replace("-", "") == flat:
            return thai
    raise UnknownDistrict(f"{name!r} is not a Bangkok district (give its Thai or English name)")


def build(uow, district: str, now: datetime | None = None) -> Digest:
    """The digest of one district (Thai name) for the seven days before `now`."""
    now = now or utcnow()
    since = now - WEEK
    out = Digest(district, DISTRICTS.get(district, district), since, now)
    rows = uow.session.execute(select(
        Case.created_at, Case.updated_at, Case.state, Case.state_times, Case.stars).where(
        Case.district == district, Case.hidden.is_(False),
        (Case.created_at >= since) | (Case.updated_at >= since)
        | Case.state.in_(lifecycle.OPEN)))
    stars = []
    for created, updated, state, times, rating in rows:
        out.new += since <= created < now
        done = finished_at(state, times)
        out.finished += done is not None and since <= done < now
        out.overdue += state in lifecycle.OPEN and now - created > OVERDUE
        if rating and since <= updated < now:  # rated (or otherwise touched) this week
            stars.append(rating)
    out.stars, out.rated = (sum(stars) / len(stars) if stars else None), len(stars)
    out.hotspots = district_hotspots(uow, district, now)
    return out


def district_hotspots(uow, district: str, now: datetime) -> list[Spot]:
    """The district's busiest recurring places of any category over the last 90 days."""
    by_category: dict[str, list[hotspots.Point]] = {}
    rows = uow.session.execute(select(
        Case.ticket_id, Case.latitude, Case.longitude, Case.created_at, Case.categories,
        Case.subdistrict, Case.district).where(
        Case.district == district, Case.hidden.is_(False), Case.latitude.is_not(None),
        Case.longitude.is_not(None), Case.created_at >= now - HOTSPOT_WINDOW))
    for row in rows:
        if row.categories:
            by_category.setdefault(row.categories[0], []).append(hotspots.Point(
                row.ticket_id, row.latitude, row.longitude, row.created_at,
                place=place_of(row.subdistrict, row.district)))
    found = [Spot(category, spot.place, spot.count, spot.weeks, spot.latitude, spot.longitude)
             for category, points in by_category.items() for spot in hotspots.find(points)]
    return sorted(found, key=lambda s: (-s.count, -s.weeks, s.category))[:HOTSPOTS_SHOWN]
