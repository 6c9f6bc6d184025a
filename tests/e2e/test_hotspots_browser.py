"""The public hotspot page in headless Chromium: the recurring flood point listed and mapped."""
from __future__ import annotations

from tests.e2e.test_public_board_browser import browser  # noqa: F401 (fixture)
from tests.integration.test_hotspot_maps import flood_history
from tests.support.browser import serving


def test_a_categorys_hotspots_are_listed_and_mapped_and_lead_to_their_cases(app, browser):  # noqa: F811
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
