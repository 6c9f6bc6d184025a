"""Hotspots for the dashboard map and the public board, cached briefly per category.

Finding a category's hotspots over a city's whole history takes about a second; pages ask often
and history moves slowly, so each answer is kept for CACHE_SECONDS per database."""
from __future__ import annotations

from datetime import datetime

from bot.insight import hotspots, queries
from bot.insight.cache import remembered

CACHE_SECONDS = 300
RADIUS_M = 50.0


def category_hotspots(uow, category: str, since: datetime | None = None,
                      radius_m: float = RADIUS_M) -> list[hotspots.Hotspot]:
    """The recurring places of one category (non-hidden cases only), busiest first."""
    return remembered(uow.session, ("hotspots", category, since, radius_m), lambda: hotspots.find(
        queries.hotspot_points(uow, category, since), radius_m=radius_m), CACHE_SECONDS)


def as_json(spot: hotspots.Hotspot, radius_m: float = RADIUS_M) -> dict:
    """A hotspot for a map layer: centre, radius, counts, dates and a few of its tickets."""
    return {"lat": round(spot.latitude, 6), "lng": round(spot.longitude, 6), "radius": radius_m,
            "count": spot.count, "weeks": spot.weeks, "place": spot.place,
            "first": spot.first.date().isoformat(), "last": spot.last.date().isoformat(),
            "share_finished": round(spot.share_finished, 3),
            "median_days": None if spot.median_days_to_fix is None else round(spot.median_days_to_fix, 1),
            "tickets": list(spot.tickets[-5:])}
