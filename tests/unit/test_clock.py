"""The one clock: moved by tests, shifted by the environment, and back to the machine's after."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from storage import clock
from storage.models import utcnow

MOMENT = datetime(2024, 2, 29, 23, 30, tzinfo=timezone.utc)


def test_travelling_moves_now_and_the_clock_keeps_running_from_there():
    clock.travel_to(MOMENT)
    first = clock.now()
    assert timedelta(0) <= first - MOMENT < timedelta(seconds=1)
    assert clock.now() >= first
    assert utcnow() - MOMENT < timedelta(seconds=1), "the models' default time is the same clock"
    assert clock.epoch_ms() // 1000 - int(MOMENT.timestamp()) in (0, 1)


def test_reset_returns_to_the_machines_time():
    clock.travel_to(MOMENT)
    clock.reset()
    assert abs(clock.now() - datetime.now(timezone.utc)) < timedelta(seconds=1)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        clock.travel_to(datetime(2024, 1, 1))


def _now_in_a_new_process(env: dict) -> datetime:
    """What a freshly started process (a worker, say) reads from the clock."""
    code = "from storage import clock; print(clock.now().isoformat())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=os.getcwd())
    return datetime.fromisoformat(out.stdout.strip())


def test_the_environment_shifts_a_new_process_by_days():
    env = {**os.environ, clock.SHIFT_VARIABLE: "400"}
    moved = _now_in_a_new_process(env) - datetime.now(timezone.utc)
    assert abs(moved - timedelta(days=400)) < timedelta(seconds=30)


def test_a_process_started_after_travelling_reads_the_same_time():
    clock.travel_to(MOMENT)
    seen = _now_in_a_new_process(dict(os.environ))
    assert abs(seen - MOMENT) < timedelta(seconds=30)


def test_a_shift_that_is_not_a_number_is_an_error_not_the_machines_date():
    env = {**os.environ, clock.SHIFT_VARIABLE: "next tuesday"}
    code = "from storage import clock; clock.now()"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode != 0 and clock.SHIFT_VARIABLE in done.stderr
