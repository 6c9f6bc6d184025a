"""The public board in headless Chromium: imported cases on the map, a district's record."""
from __future__ import annotations

import pytest

from tests.support.browser import chromium_browser, screenshot_folder, serving
from tests.support.traffy import ticket, write_csv

SCREENSHOTS = screenshot_folder()
PLACES = [("ปทุมวัน", "วังใหม่", 100.53, 13.745), ("บางรัก", "สีลม", 100.52, 13.725),
          ("วัฒนา", "คลองเตยเหนือ", 100.565, 13.74)]
STATES = ["เสร็จสิ้น", "กำลังดำเนินการ", "รอรับเรื่อง", "เสร็จสิ้น", "ไม่เกี่ยวข้อง"]


def imported_rows() -> list[dict]:
    """Thirty tickets spread over three districts and every state, one without coordinates."""
    rows = []
    for n in range(30):
        district, sub, lon, lat = PLACES[n % 3]
        rows.append(ticket(n, district=district, subdistrict=sub, state=STATES[n % 5],
                           coords=f"{lon + n * 0.0011:.5f},{lat + (n % 7) * 0.001:.5f}",
                           star=str(1 + n % 5) if STATES[n % 5] == "เสร็จสิ้น" else "",
                           last_activity=f"2022-07-{1 + n % 20:02d} 09:00:00+00"))
    rows[29]["coords"] = ""
    return rows


@pytest.fixture
def browser():
    """Headless system Chromium, or a skip with the reason."""
    with chromium_browser() as launched:
        yield launched


def test_imported_cases_show_on_the_map_and_a_district_shows_its_record(app, browser, tmp_path):
    path = write_csv(tmp_path / "t.csv", imported_rows(), columns=tuple(imported_rows()[0]))
    assert "loaded 30" in app.test_cli_runner().invoke(args=["import", "traffy", str(path)]).output
    with serving(app) as base:
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # offline
        page.goto(f"{base}/?lang=en")
        page.wait_for_selector("#map[data-shown]")
        assert page.get_attribute("#map", "data-shown") == "29"
        assert page.locator("#map path.leaflet-interactive").count() == 29
        assert page.locator("table.cases tbody tr").count() == 30

        page.locator("#map path.leaflet-interactive").first.click(force=True)
        page.wait_for_selector(".leaflet-popup-content a")
        page.locator(".leaflet-popup-content a").click()
        page.wait_for_selector("dl.facts")
        assert "/cases/2022-T" in page.url

        page.goto(f"{base}/districts/{PLACES[0][0]}?lang=en")
        assert page.inner_text("#received span") == "10"
        assert page.inner_text("#finished-share span") == "40%"
        assert "Oldest open cases" in page.inner_text("main")
        page.screenshot(path=str(SCREENSHOTS / "district-record.png"), full_page=True)
        assert errors == []


def test_the_board_lists_and_filters_cases_without_javascript(app, browser, tmp_path):
    path = write_csv(tmp_path / "t.csv", imported_rows(), columns=tuple(imported_rows()[0]))
    app.test_cli_runner().invoke(args=["import", "traffy", str(path)])
    with serving(app) as base:
        page = browser.new_context(java_script_enabled=False).new_page()
        page.goto(f"{base}/")
        page.select_option("select[name=district]", "บางรัก")
        page.select_option("select[name=state]", "finished")
        page.click("form.filters button")
        rows = page.locator("table.cases tbody tr")
        assert rows.count() == 4
        assert all("บางรัก" in text for text in rows.all_inner_texts())
