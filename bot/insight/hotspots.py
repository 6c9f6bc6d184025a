"""Hotspots: places where one kind of problem keeps coming back, found from case points. Pure: no I/O."""
from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from statistics import median

import numpy as np

METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class Point:
    """One case as the hotspot finder sees it."""

    ticket_id: str
    latitude: float
    longitude: float
    created_at: datetime
    finished_at: datetime | None = None
    place: str | None = None  # the district or subdistrict, as the case records it
    finished: bool | None = None  # None: finished when finished_at is known (imports may lack it)

    @property
    def is_finished(self) -> bool:
        """Whether the case was finished, with or without a known finishing time."""
        return self.finished if self.finished is not None else self.finished_at is not None


@dataclass(frozen=True)
class Hotspot:
    """A place with recurring reports, and how they were handled."""

    latitude: float
    longitude: float
    count: int
    weeks: int
    first: datetime
    last: datetime
    share_finished: float
    median_days_to_fix: float | None
    tickets: tuple[str, ...]
    place: str | None = None


def find(points: list[Point], radius_m: float = 50.0, min_weeks: int = 2,
         min_cases: int = 3) -> list[Hotspot]:
    """Group points into circles of `radius_m` around the busiest ones; keep those that recur."""
    if not points:
        return []
    xy = _project(points)
    weeks = np.array([_week(p.created_at) for p in points])
    neighbours = _neighbours(xy, radius_m)
    taken = np.zeros(len(points), dtype=bool)
    # Lazy greedy: a seed's score can only drop as others take its neighbours, so re-check on pop.
    heap = [(*_priority(n, weeks, taken), i) for i, n in enumerate(neighbours)]
    heapq.heapify(heap)
    found = []
    while heap:
        *priority, seed = heapq.heappop(heap)
        if taken[seed]:
            continue
        if tuple(priority) != _priority(neighbours[seed], weeks, taken):
            heapq.heappush(heap, (*_priority(neighbours[seed], weeks, taken), seed))
            continue
        score = (-priority[0], -priority[1])
        members = [i for i in neighbours[seed] if not taken[i]]
        if score[0] < min_weeks or len(members) < min_cases:
            break  # every later seed scores no better
        taken[members] = True
        found.append(_hotspot([points[i] for i in members], len(set(weeks[members]))))
    return sorted(found, key=lambda h: (-h.count, -h.weeks, h.first))


def _priority(members: np.ndarray, weeks: np.ndarray, taken: np.ndarray) -> tuple[int, int]:
    """Heap order of a seed: most separate weeks, then most cases, among neighbours still free."""
    free = members[~taken[members]]
    return -len(np.unique(weeks[free])), -len(free)


def _project(points: list[Point]) -> np.ndarray:
    """Metres east and north of the points' mean latitude (exact enough across one city)."""
    lat = np.array([p.latitude for p in points])
    lon = np.array([p.longitude for p in points])
    scale = math.cos(math.radians(float(lat.mean())))
    return np.column_stack([lon * METRES_PER_DEGREE * scale, lat * METRES_PER_DEGREE])


def _neighbours(xy: np.ndarray, radius: float) -> list[np.ndarray]:
    """For each point, the indices of all points within `radius` metres (itself included)."""
    cells: dict[tuple[int, int], list[int]] = {}
    keys = np.floor(xy / radius).astype(np.int64)
    for index, (cx, cy) in enumerate(keys.tolist()):
        cells.setdefault((cx, cy), []).append(index)
    result: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(xy)
    for (cx, cy), inside in cells.items():
        around = np.array([i for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                           for i in cells.get((cx + dx, cy + dy), ())], dtype=np.int64)
        here = np.array(inside, dtype=np.int64)
        distance = np.linalg.norm(xy[here][:, None, :] - xy[around][None, :, :], axis=2)
        for row, index in enumerate(here):
            result[index] = around[distance[row] <= radius]
    return result


def _week(moment: datetime) -> int:
    """A number for the ISO week a moment falls in."""
    year, week, _ = moment.isocalendar()
    return year * 100 + week


def _hotspot(members: list[Point], weeks: int) -> Hotspot:
    """Summarise the cases of one hotspot."""
    fixed = [(p.finished_at - p.created_at).total_seconds() / 86400 for p in members
             if p.finished_at is not None]
    times = [p.created_at for p in members]
    places = Counter(p.place for p in members if p.place)
    return Hotspot(latitude=sum(p.latitude for p in members) / len(members),
                   longitude=sum(p.longitude for p in members) / len(members),
                   count=len(members), weeks=weeks, first=min(times), last=max(times),
                   share_finished=sum(p.is_finished for p in members) / len(members),
                   median_days_to_fix=median(fixed) if fixed else None,
                   tickets=tuple(p.ticket_id for p in sorted(members, key=lambda p: p.created_at)),
                   place=places.most_common(1)[0][0] if places else None)
