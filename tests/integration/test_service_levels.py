"""Service levels per agency and category, on small hand-built history with known answers."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest

from bot import create_app
from bot.insight import service_levels
from bot.insight.service_levels import ALL, percentile
from tests.conftest import make_settings
from tests.support.history import past_case
from tests.support.staff import signed_in

NOW = datetime(2026, 3, 20, 5, 0, tzinfo=timezone.utc)


@pytest.fixture
def site(database_url, fake_line, tmp_path):
    """The app on each database, with a small known history (see the comments for the answers)."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    with app.extensions["chaeng"].db.uow() as uow:
        feb = NOW - timedelta(days=30)  # 2026-02-18
        # Ratchathewi roads: accepted after 12, 24, 48 h; finished after 1, 3, 10 days.
        past_case(uow, "ถนน", created=feb, accepted_after=0.5, finished_after=1, stars=5)
        past_case(uow, "ถนน", created=feb, accepted_after=1, finished_after=3, stars=3, reopened=1)
        past_case(uow, "ถนน", created=feb, accepted_after=2, finished_after=10)
        past_case(uow, "ถนน", created=NOW - timedelta(days=10))  # open for 10 days: stuck
        past_case(uow, "ถนน", created=NOW - timedelta(days=2))   # open for 2 days: not yet
        # One street light: accepted after 6 h, finished after half a day.
        past_case(uow, "แสงสว่าง", created=NOW - timedelta(days=5), accepted_after=0.25,
                  finished_after=0.5)
        past_case(uow, "ถนน", created=feb, finished_after=1, hidden=True)  # hidden: never counted
        past_case(uow, "ถนน", district="ปทุมวัน", created=NOW - timedelta(days=10),
                  accepted_after=1, finished_after=4)
        uow.commit()
    yield app
    app.extensions["chaeng"].db.dispose()


def table(app, **filters) -> dict:
    """Service levels by (agency, category)."""
    with app.extensions["chaeng"].db.uow() as uow:
        return {(l.agency, l.category): l for l in service_levels.levels(uow, now=NOW, **filters)}


def test_nearest_rank_percentiles_pick_a_value_that_happened():
    assert percentile([12, 24, 48], 90) == 48 and percentile(list(range(1, 11)), 90) == 9
    assert percentile([], 90) is None


def test_an_agencys_category_shows_received_times_shares_reopens_stars_and_stuck_cases(site):
    roads = table(site)[("ratchathewi", "ถนน")]
    assert roads.received == 5
    assert (roads.accept_median, roads.accept_p90) == (24, 48)
    assert (roads.finish_median, roads.finish_p90) == (3, 10)
    assert (roads.share_within_2, roads.share_within_7) == (0.2, 0.4)
    assert roads.reopen_rate == 0.2 and roads.stars == 4 and roads.rated == 2 and roads.stuck == 1


def test_the_agency_row_sums_its_categories_and_the_trend_goes_by_month_reported(site):
    found = table(site)
    total = found[("ratchathewi", ALL)]
    assert total.received == 6 and (total.accept_median, total.accept_p90) == (18, 48)
    assert (total.finish_median, total.finish_p90) == (2, 10)
    assert total.share_within_7 == 0.5
    assert [(m.month, m.received, m.finished, m.median_finish_days) for m in total.trend()] == [
        ("2026-02", 3, 3, 3), ("2026-03", 3, 1, 0.5)]
    assert found[("pathumwan", ALL)].received == 1 and found[("pathumwan", "ถนน")].finish_median == 4
    assert list(found)[:3] == [("ratchathewi", ALL), ("ratchathewi", "ถนน"), ("ratchathewi", "แสงสว่าง")]


def test_dates_narrow_the_cases_counted(site):
    found = table(site, since=NOW - timedelta(days=7))
    assert found[("ratchathewi", ALL)].received == 2 and ("pathumwan", ALL) not in found


def test_supervisors_see_every_agency_filter_by_one_and_download_the_csv(site):
    supervisor = signed_in(site, "s@city.go.th", "supervisor")
    page = supervisor.get("/admin/service-levels/").get_data(as_text=True)
    assert 'data-agency="ratchathewi"' in page and 'data-agency="pathumwan"' in page
    assert "<strong>สำนักงานเขตราชเทวี</strong>" in page
    one = supervisor.get("/admin/service-levels/?agency=pathumwan").get_data(as_text=True)
    assert 'data-agency="pathumwan"' in one and 'data-agency="ratchathewi"' not in one
    answer = supervisor.get("/admin/service-levels/levels.csv?agency=ratchathewi")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert [(r["agency"], r["category"], r["received"]) for r in rows] == [
        ("ratchathewi", "*", "6"), ("ratchathewi", "ถนน", "5"), ("ratchathewi", "แสงสว่าง", "1")]
    assert rows[1]["finish_median_days"] == "3.0" and rows[1]["accept_p90_hours"] == "48.0"


def test_operators_may_not_see_service_levels(site):
    operator = signed_in(site, "o@city.go.th", "operator")
    assert operator.get("/admin/service-levels/").status_code == 403
    assert operator.get("/admin/service-levels/levels.csv").status_code == 403
