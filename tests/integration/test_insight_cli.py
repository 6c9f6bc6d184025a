"""The planners' commands read real cases from the database: hotspots and expected-time accuracy."""
from datetime import timedelta

import pytest

from bot import create_app, services
from storage.models import utcnow
from tests.conftest import make_settings

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment


@pytest.fixture
def app_on(database_url, fake_line, tmp_path):
    """The app on each database."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield app
    app.extensions["chaeng"].db.dispose()


def add_case(uow, category, lat, lon, weeks_ago, finished_after_days=None):
    """A case reported `weeks_ago` weeks ago, finished some days later if given."""
    case = services.submit_report(uow, None, description="น้ำท่วมขังหน้าซอย", categories=[category],
                                  latitude=lat, longitude=lon, address=None, district="จตุจักร",
                                  subdistrict="ลาดยาว", photo_ids=[])
    case.created_at = utcnow() - timedelta(weeks=weeks_ago)
    if finished_after_days is not None:
        case.state = "finished"
        case.state_times = {"finished": (case.created_at + timedelta(days=finished_after_days)).isoformat()}
    return case


def test_hotspots_prints_the_recurring_flood_point_and_not_the_one_off(app_on):
    with app_on.extensions["chaeng"].db.uow() as uow:
        for n in range(4):
            add_case(uow, "น้ำท่วม", 13.8160 + n * 0.0001, 100.5610, weeks_ago=n, finished_after_days=2)
        for n in range(5):
            add_case(uow, "น้ำท่วม", 13.7000, 100.6000, weeks_ago=0)
        add_case(uow, "ถนน", 13.8160, 100.5610, weeks_ago=5)
        uow.commit()
    out = app_on.test_cli_runner().invoke(args=["hotspots", "--category", "น้ำท่วม"]).output
    assert "1 hotspot(s) of น้ำท่วม among 9 located case(s)" in out
    assert "ลาดยาว จตุจักร" in out and "13.81615" in out and "100%" in out


def test_expected_accuracy_replays_history_and_says_how_often_the_range_held(app_on):
    with app_on.extensions["chaeng"].db.uow() as uow:
        for n in range(60):
            add_case(uow, "ถนน", 13.75, 100.5, weeks_ago=20 - n / 4, finished_after_days=1 + n % 3)
        uow.commit()
    out = app_on.test_cli_runner().invoke(args=["expected", "accuracy"]).output
    assert "60 finished case(s); replayed 60" in out
    assert "real time within the range told" in out
