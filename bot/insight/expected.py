"""Expected time to fix: what cases like this one took lately, and how often that held. Pure: no I/O."""
from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

MIN_CASES = 20  # fewer finished cases say too little to promise a citizen anything
WINDOW = timedelta(days=90)
RANGE = (10, 90)  # the range eight cases in ten fell in


@dataclass(frozen=True)
class Finished:
    """A finished case: its kind (category, agency) and when it was reported and finished."""

    kind: tuple
    created_at: datetime
    finished_at: datetime

    @property
    def days(self) -> float:
        """How long the fix took, in days."""
        return (self.finished_at - self.created_at).total_seconds() / 86400


@dataclass(frozen=True)
class Expectation:
    """The usual time to fix: a median and the range most cases fell in, in days."""

    median_days: float
    low_days: float
    high_days: float
    based_on: int

    def holds_for(self, days: float) -> bool:
        """Whether a real time to fix fell in the promised range."""
        return self.low_days <= days <= self.high_days


@dataclass(frozen=True)
class Accuracy:
    """How often the promised range held on history."""

    checked: int
    within: int
    without_estimate: int

    @property
    def share_within(self) -> float:
        """The share of checked cases whose real time fell in the range."""
        return self.within / self.checked if self.checked else float("nan")


def expect(days: list[float], min_cases: int = MIN_CASES) -> Expectation | None:
    """The median and the 10th-90th percentile range of past times, or None with too few."""
    if len(days) < min_cases:
        return None
    low, middle, high = np.percentile(np.asarray(days, dtype=float), [RANGE[0], 50, RANGE[1]])
    return Expectation(float(middle), float(low), float(high), len(days))


def expect_at(history: list[Finished], kind: tuple, moment: datetime) -> Expectation | None:
    """What a case of this kind created at `moment` would be told, from the 90 days before."""
    return expect([case.days for case in history if case.kind == kind
                   and moment - WINDOW <= case.finished_at < moment])


def accuracy(history: list[Finished], sample: int = 5000, seed: int = 1) -> Accuracy:
    """Replay history: tell each (sampled) finished case what it would have been told; count hits."""
    by_kind: dict[tuple, list[Finished]] = {}
    for case in sorted(history, key=lambda c: c.finished_at):
        by_kind.setdefault(case.kind, []).append(case)
    ends = {kind: [c.finished_at for c in cases] for kind, cases in by_kind.items()}
    chosen = history if len(history) <= sample else random.Random(seed).sample(history, sample)
    within = missing = 0
    for case in chosen:
        cases, finished = by_kind[case.kind], ends[case.kind]
        window = cases[bisect_left(finished, case.created_at - WINDOW):
                       bisect_left(finished, case.created_at)]
        expectation = expect([c.days for c in window])
        if expectation is None:
            missing += 1
        elif expectation.holds_for(case.days):
            within += 1
    return Accuracy(checked=len(chosen) - missing, within=within, without_estimate=missing)
