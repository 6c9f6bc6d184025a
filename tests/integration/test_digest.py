"""The weekly digest of a district: figures with known answers, the CLI, the dashboard page and
the push to the office's LINE group (once per week), through the fake LINE server."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot import create_app, worker
from bot.config import ConfigError, Settings
from bot.insight import digest as digests
from bot.insight import weekly
from storage.models import utcnow
from tests.conftest import make_settings
from tests.support.history import past_case
from tests.support.officers import bound_group, linked_officer
from tests.support.staff import signed_in

pytestmark = pytest.mark.usefixtures("clock")  # the history is built relative to a fixed moment

SPOT = (13.7650, 100.5383)


def history(runtime) -> None:
    """Ratchathewi: two new cases this week (one finished, rated 4), one overdue, an old finished
    one, and a flood spot reported in three different weeks; one case elsewhere."""
    now = utcnow()
    with runtime.db.uow() as uow:
        apart = [dict(lat=13.75 + n * 0.01) for n in range(4)]  # road cases far from each other
        past_case(uow, "ถนน", created=now - timedelta(days=5), finished_after=0.5, stars=4, **apart[0])
        past_case(uow, "ถนน", created=now - timedelta(days=1), **apart[1])
        past_case(uow, "ถนน", created=now - timedelta(days=10), **apart[2])
        past_case(uow, "ถนน", created=now - timedelta(days=30), finished_after=2, stars=1, **apart[3])
        for weeks in (2, 4, 6):
            past_case(uow, "น้ำท่วม", created=now - timedelta(weeks=weeks), finished_after=1,
                      lat=SPOT[0] + weeks * 0.00001, lng=SPOT[1])
        past_case(uow, "ถนน", district="ปทุมวัน", created=now - timedelta(days=2))
        uow.commit()


@pytest.fixture
def site(database_url, fake_line, tmp_path):
    """The app on each database with the history above."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    history(app.extensions["chaeng"])
    yield app
    app.extensions["chaeng"].db.dispose()


def test_a_districts_week_counts_new_finished_overdue_stars_and_its_hotspot(site):
    with site.extensions["chaeng"].db.uow() as uow:
        found = digests.build(uow, "ราชเทวี")
    assert (found.new, found.finished, found.overdue, found.stars, found.rated) == (2, 1, 1, 4, 1)
    assert [(s.category, s.count, s.weeks) for s in found.hotspots] == [("น้ำท่วม", 3, 3)]


@pytest.mark.parametrize("name", ["ราชเทวี", "เขตราชเทวี", "Ratchathewi", "ratchathewi"])
def test_a_district_may_be_named_in_thai_or_english(name):
    assert digests.district_named(name) == "ราชเทวี"


def test_the_command_prints_the_digest_and_refuses_an_unknown_district(site):
    runner = site.test_cli_runner()
    out = runner.invoke(args=["digest", "--district", "Ratchathewi", "--no-send"]).output
    assert "Weekly digest: ราชเทวี (Ratchathewi)" in out and "new 2, finished 1, overdue 1" in out
    assert "น้ำท่วม" in out and "3 cases in 3 weeks" in out
    bad = runner.invoke(args=["digest", "--district", "Atlantis"])
    assert bad.exit_code != 0 and "not a Bangkok district" in bad.output


def test_the_dashboard_shows_the_digest_page(site):
    supervisor = signed_in(site, "s@city.go.th", "supervisor")
    page = supervisor.get("/admin/digest/?district=ราชเทวี").get_data(as_text=True)
    assert 'id="new">2<' in page and 'id="overdue">1<' in page and "น้ำท่วม" in page
    assert supervisor.get("/admin/digest/?district=Atlantis").status_code == 404


def test_the_digest_page_never_shows_a_district_selected_without_its_digest(site):
    import re

    from bot.admin import accounts
    from tests.support.staff import PASSWORD, StaffClient

    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get("/admin/digest/").get_data(as_text=True)
    selected = re.findall(r'<option value="([^"]*)"[^>]*selected', page)
    assert selected == [""] and 'id="digest"' not in page  # "choose a district", honestly
    runtime = site.extensions["chaeng"]
    with runtime.db.uow() as uow:  # a supervisor of the Ratchathewi office opens on their district
        accounts.add_admin(uow, "rt@city.go.th", "supervisor", PASSWORD, ["ratchathewi"])
        uow.commit()
    supervisor = StaffClient(site)
    supervisor.sign_in("rt@city.go.th")
    page = supervisor.get("/admin/digest/").get_data(as_text=True)
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', page) == ["ราชเทวี"]
    assert 'id="new">2<' in page


def test_the_digest_reaches_the_offices_group_once_per_week(line, runtime):
    history(runtime)
    officer = linked_officer(line, "ratchathewi")
    group = bound_group(line, "ratchathewi", officer)
    before = len(line.messages_to(group))
    runner = line.app.test_cli_runner()
    assert "pushed to 1 group(s)" in runner.invoke(args=["digest", "--district", "ราชเทวี"]).output
    again = runner.invoke(args=["digest", "--district", "Ratchathewi"]).output
    assert "pushed to 0 group(s); 1 already had this week's digest" in again
    line.drain()
    cards = line.messages_to(group)[before:]
    assert len(cards) == 1 and cards[0]["type"] == "flex"
    assert "สรุปประจำสัปดาห์ เขตราชเทวี" in cards[0]["altText"] and "เรื่องใหม่ 2" in cards[0]["altText"]
    assert "น้ำท่วม" in str(cards[0]["contents"])


def test_the_worker_sends_the_digest_on_the_chosen_day_and_hour_only(line, runtime, fake_line, tmp_path,
                                                                      clock):
    bangkok = timezone(timedelta(hours=7))
    monday_7 = datetime(2026, 11, 23, 7, 0, tzinfo=bangkok)
    clock.travel_to(monday_7)
    history(runtime)
    group = bound_group(line, "ratchathewi", linked_officer(line, "ratchathewi"))
    scheduled = create_app(make_settings(runtime.settings.database_url, fake_line, tmp_path,
                                         digest_weekday=0, digest_hour=8)).extensions["chaeng"]
    assert weekly.send_due(scheduled, monday_7) == 0  # before the hour
    assert weekly.send_due(scheduled, monday_7 + timedelta(hours=2)) == 1
    assert weekly.send_due(scheduled, monday_7 + timedelta(hours=3)) == 0
    assert weekly.send_due(scheduled, monday_7 + timedelta(days=1, hours=2)) == 0  # Tuesday
    assert weekly.send_due(runtime, monday_7 + timedelta(hours=2)) == 0  # off by default
    worker.run(scheduled, drain=True)
    assert "สรุปประจำสัปดาห์" in str(line.messages_to(group))
    scheduled.db.dispose()


def test_the_digest_schedule_is_read_from_the_environment_and_checked():
    base = {"CHAENG_SIMULATOR": "1"}
    settings = Settings.from_env({**base, "DIGEST_WEEKDAY": "monday", "DIGEST_HOUR": "9"})
    assert (settings.digest_weekday, settings.digest_hour) == (0, 9)
    assert Settings.from_env(base).digest_weekday is None
    with pytest.raises(ConfigError, match="DIGEST_WEEKDAY"):
        Settings.from_env({**base, "DIGEST_WEEKDAY": "someday"})
