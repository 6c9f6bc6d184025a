"""Hotspots on the dashboard map's layer and on the public board's page per category."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot import create_app
from storage.models import utcnow
from tests.conftest import make_settings
from tests.support.history import past_case
from tests.support.staff import signed_in

SPOT = (13.8160, 100.5610)


def flood_history(runtime) -> None:
    """A flood point reported in four different weeks, a one-week burst elsewhere, and a hidden
    recurring point that must never show."""
    now = utcnow()
    with runtime.db.uow() as uow:
        for weeks in range(4):
            past_case(uow, "น้ำท่วม", district="จตุจักร", created=now - timedelta(weeks=weeks),
                      finished_after=2 if weeks else None, lat=SPOT[0] + weeks * 0.0001, lng=SPOT[1])
        for n in range(5):
            past_case(uow, "น้ำท่วม", district="บางกะปิ", created=now - timedelta(hours=n), lat=13.70,
                      lng=100.60)
        for weeks in range(3):
            past_case(uow, "น้ำท่วม", created=now - timedelta(weeks=weeks), lat=13.60, lng=100.40,
                      hidden=True)
        uow.commit()


@pytest.fixture
def site(database_url, fake_line, tmp_path, clock):
    """The app on each database with the flood history, on a fixed clock."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    flood_history(app.extensions["chaeng"])
    yield app
    app.extensions["chaeng"].db.dispose()


def test_the_dashboard_map_layer_gives_the_recurring_flood_point_with_links(site):
    supervisor = signed_in(site, "s@city.go.th", "supervisor")
    spots = supervisor.get("/admin/map/hotspots.json?category=น้ำท่วม").get_json()["hotspots"]
    assert len(spots) == 1
    spot = spots[0]
    assert (spot["count"], spot["weeks"], spot["radius"]) == (4, 4, 50.0)
    assert abs(spot["lat"] - (SPOT[0] + 0.00015)) < 1e-6 and spot["share_finished"] == 0.75
    assert spot["urls"][0].startswith("/admin/cases/")
    assert supervisor.get("/admin/map/hotspots.json?category=nonsense").get_json() == {"hotspots": []}
    assert 'id="hotspot-category"' in supervisor.get("/admin/map/").get_data(as_text=True)


def test_operators_do_not_get_the_map_layer(site):
    operator = signed_in(site, "o@city.go.th", "operator")
    assert operator.get("/admin/map/hotspots.json?category=น้ำท่วม").status_code == 403


def test_the_public_board_lists_a_categorys_hotspots_and_never_hidden_cases(site):
    client = site.test_client()
    index = client.get("/hotspots?lang=en").get_data(as_text=True)
    assert "/hotspots/flooding" in index
    page = client.get("/hotspots/flooding").get_data(as_text=True)
    assert "จุดที่แจ้งซ้ำ: น้ำท่วม" in page and page.count('class="count"') == 1
    assert "13.81615" in page and "75%" in page
    assert "13.60000" not in page  # the hidden cases' point
    assert client.get("/hotspots/road").status_code == 200
    assert client.get("/hotspots/atlantis").status_code == 404
