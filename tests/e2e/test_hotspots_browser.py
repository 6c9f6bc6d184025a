"""The public hotspot page in headless Chromium: the recurring flood point listed and mapped."""
from __future__ import annotations

from bot import create_app
from tests.conftest import make_settings
from tests.e2e.test_public_board_browser import browser  # noqa: F401 (fixture)
from tests.integration.test_hotspot_maps import flood_history
from tests.support.browser import serving
from tests.support.staff import PASSWORD, add_staff


def test_a_categorys_hotspots_are_listed_and_mapped_and_lead_to_their_cases(app, browser, clock):  # noqa: F811
    flood_history(app.extensions["chaeng"])
    with serving(app) as base:
        page = browser.new_page(viewport={"width": 1100, "height": 1200})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # offline
        page.goto(f"{base}/?lang=en")
        page.click("text=Hotspots")
        page.click("text=Flooding")
        page.wait_for_selector("#map[data-shown]")
        assert page.get_attribute("#map", "data-shown") == "1"
        assert page.locator("table.hotspots tbody tr").count() == 1
        assert page.inner_text("table.hotspots td.count") == "4"
        assert page.inner_text("table.hotspots td.weeks") == "4"
        page.locator("#map path.leaflet-interactive").first.click(force=True)
        page.wait_for_selector(".leaflet-popup-content a")
        page.locator(".leaflet-popup-content a").click()
        page.wait_for_selector("dl.facts")
        assert "/cases/" in page.url
        assert errors == []


def test_the_dashboard_map_draws_a_chosen_categorys_hotspots(browser, fake_line, sqlite_url, tmp_path,
                                                             clock):  # noqa: F811
    # Served over plain loopback http, so the session cookie must not be https-only here.
    app = create_app(make_settings(sqlite_url, fake_line, tmp_path, public_base_url="http://127.0.0.1"))
    flood_history(app.extensions["chaeng"])
    add_staff(app.extensions["chaeng"], "s@city.go.th", "supervisor")
    with serving(app) as base:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        page.goto(f"{base}/admin/sign-in")
        page.fill("input[name=email]", "s@city.go.th")
        page.fill("input[name=password]", PASSWORD)
        page.click("#sign-in button")
        page.goto(f"{base}/admin/map/")
        page.wait_for_selector("#cases-map[data-loaded]")
        page.select_option("#hotspot-category", "น้ำท่วม")
        page.wait_for_selector("#cases-map[data-hotspots]")
        assert page.get_attribute("#cases-map", "data-hotspots") == "1"
        assert page.locator("#cases-map path.leaflet-interactive").count() == 1
        assert errors == []
    app.extensions["chaeng"].db.dispose()
