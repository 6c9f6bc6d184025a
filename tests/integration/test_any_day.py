"""The suite passes whatever day the machine's clock says: the date-dependent tests run again with
the app's clock (storage/clock.py, which the app, the worker and the tests share) moved by 17, 200
and 400 days. A test that mixes fixed dates with the machine's "now" fails here on most days."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import clock

ROOT = Path(__file__).resolve().parents[2]
# Insight, hotspots, digest, service levels, expected times, the board's and exports' date filters,
# Open311's dates, the dashboard's date filters, the status card's reopen window, learning from use.
DATE_DEPENDENT = [
    "tests/unit/test_expected.py", "tests/unit/test_hotspots.py", "tests/unit/test_intent.py",
    "tests/unit/test_lifecycle_officers.py", "tests/unit/test_dashboard_parts.py",
    "tests/integration/test_digest.py", "tests/integration/test_hotspot_maps.py",
    "tests/integration/test_insight_cli.py", "tests/integration/test_service_levels.py",
    "tests/integration/test_public_board.py", "tests/integration/test_open_data_export.py",
    "tests/integration/test_open311.py", "tests/integration/test_traffy_import.py",
    "tests/integration/web/test_cases.py", "tests/e2e/test_officer_stats.py",
    "tests/e2e/test_usual_time.py", "tests/e2e/test_open_data_done_when.py",
    "tests/e2e/test_status_card.py", "tests/e2e/test_hotspots_browser.py",
    "tests/e2e/test_public_board_browser.py", "tests/nlp/test_learning.py",
]


def test_every_listed_file_exists():
    assert [name for name in DATE_DEPENDENT if not (ROOT / name).exists()] == []


@pytest.mark.timeout(600)
@pytest.mark.parametrize("days", [17, 200, 400])
def test_the_date_dependent_tests_pass_with_the_clock_moved(days):
    # SQLite only: the date logic is the app's, and each run on PostgreSQL too would double the time.
    env = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    env[clock.SHIFT_VARIABLE] = str(days)
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                           "-rfE", "--tb=short", *DATE_DEPENDENT], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    failures = done.stdout.partition("= FAILURES =")[2] or done.stdout
    assert done.returncode == 0, failures[:6000] + done.stderr[-2000:]
