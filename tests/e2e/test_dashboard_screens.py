"""Every dashboard page on a phone (390×844) and a desk (1366×768), in headless Chromium, on a
city with a few hundred cases (live ones, imported history, long Thai texts): no sideways
scrolling, no script error, no serious or critical axe-core violation."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import services
from bot.admin import accounts, intake, moderation
from bot.permissions import Actor
from storage.models import Case
from tests.support import city, screens
from tests.support.browser import chromium_browser, screenshot_folder, serving
from tests.support.staff import PASSWORD, add_staff, make_case

SHOTS = screenshot_folder()
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def town(tmp_path_factory, fake_line_server):
    """The dashboard served on loopback over a seeded city, with an admin, a supervisor of one
    district office and an operator. SQLite only: what a screen shows is the same on PostgreSQL,
    whose queries the integration tests run."""
    folder = tmp_path_factory.mktemp("screens")
    with screens.sqlite_site(folder, fake_line_server) as app:
        runtime = app.extensions["chaeng"]
        tickets = city.build(runtime, count=60)
        city.import_history(app, folder, 300)
        operator = add_staff(runtime, "operator@city.go.th", "operator")
        add_staff(runtime, "admin@city.go.th", "admin")
        cases = _special_cases(runtime, tickets, operator)
        with runtime.db.uow() as uow:  # the supervisor acts for the office holding the waiting case
            code = services.find_case(uow, cases["waiting"]).agency.code
            accounts.add_admin(uow, "supervisor@city.go.th", "supervisor", PASSWORD, [code])
            uow.commit()
        with serving(app) as base, chromium_browser() as browser:
            yield dict(base=base, browser=browser, runtime=runtime, cases=cases)


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """Each test reads the city at the moment it was built."""


def _special_cases(runtime, tickets: list[str], operator: int) -> dict[str, str]:
    """The cases whose pages the tests open: waiting, finished, imported, phoned in, long."""
    with runtime.db.uow() as uow:
        states = {t: services.find_case(uow, t).state for t in tickets}
        imported = uow.session.scalar(select(Case.ticket_id).where(Case.source == "import")
                                      .order_by(Case.ticket_id))
        phoned = intake.submit_phoned_report(
            uow, operator_id=operator, actor=Actor("operator", "operator@city.go.th"),
            description=city.LONG_TEXT, categories=["ถนน"], latitude=13.7400, longitude=100.5650,
            address="ซอยสุขุมวิท 11 แขวงคลองเตยเหนือ เขตวัฒนา", district="วัฒนา",
            subdistrict="คลองเตยเหนือ", images=[], phone="081-234-5678").ticket_id
        failed = services.send(uow, "U" + "0" * 32, [{"type": "text", "text": "อัปเดตสถานะ"}],
                               purpose="status")[0]
        uow.session.flush()
        failed.status, failed.attempts, failed.error = "failed", 6, "LINE answered 500 " * 8
        uow.commit()
    long_case = make_case(runtime, description=city.LONG_TEXT * 2, address=city.LONG_TEXT[:200])
    with runtime.db.uow() as uow:
        moderation.set_case_hidden(uow, long_case.ticket_id, True, actor=Actor.admin("a@city.go.th"),
                                   reason="ข้อมูลส่วนตัว")
        uow.commit()
    return dict(waiting=next(t for t in tickets if states[t] == "waiting"),
                finished=next(t for t in tickets if states[t] == "finished"),
                imported=imported, phoned=phoned, long=long_case.ticket_id)


def admin_pages(cases: dict[str, str]) -> list[str]:
    """Every page an admin opens."""
    return ["/admin/cases/", "/admin/cases/?page=2", "/admin/cases/?q=ถนน&sort=district",
            *(f"/admin/cases/{t}" for t in cases.values()),
            "/admin/intake/", f"/admin/intake/created/{cases['phoned']}",
            "/admin/map/", "/admin/stats/", "/admin/service-levels/",
            "/admin/digest/", "/admin/digest/?district=ปทุมวัน",
            "/admin/logs/inbox", "/admin/logs/outbox", "/admin/logs/audit", "/admin/webhooks/",
            f"/admin/cases/{MISTYPED}"]  # the 404 page in the same look


MISTYPED = "2026-ZZZZZZ"  # a ticket no case has
SHOT_NAMES = {"/admin/cases/": "cases", "/admin/stats/": "stats", "/admin/intake/": "intake"}
README_SHOWS = {"dashboard-cases-desk-th", "dashboard-cases-phone-th", "dashboard-stats-desk-en",
                "dashboard-stats-phone-en", "dashboard-intake-phone-th"}  # the README's screens

PAGES = {
    "admin": admin_pages,
    "supervisor": lambda cases: ["/admin/cases/", f"/admin/cases/{cases['waiting']}",
                                 f"/admin/cases/{cases['finished']}", "/admin/stats/",
                                 "/admin/service-levels/", "/admin/digest/", "/admin/map/"],
    "operator": lambda cases: ["/admin/intake/", f"/admin/intake/created/{cases['phoned']}",
                               f"/admin/cases/{cases['phoned']}", "/admin/cases/",
                               "/admin/logs/outbox"],  # refused: the 403 page in the same look
}


def sign_in(page, base: str, email: str, lang: str) -> None:
    """Sign in through the form and choose the dashboard language."""
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{base}/admin/sign-in")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("#sign-in button[type=submit]")
    page.wait_for_url("**/admin/cases/**")
    if lang == "en":
        page.click("header .tools button[name=lang]")
        page.wait_for_load_state()


def visit(page, url: str) -> None:
    """Open a page and let its scripts settle (maps load their points)."""
    page.problems.clear()
    page.goto(url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", ["phone", "desk"])
@pytest.mark.parametrize("role,lang", [("admin", "th"), ("admin", "en"), ("supervisor", "th"),
                                       ("operator", "en")])
def test_every_dashboard_page_fits_the_screen_runs_cleanly_and_passes_axe(town, role, lang,
                                                                          viewport):
    found = {}
    with screens.screen(town["browser"], screens.VIEWPORTS[viewport]) as page:
        sign_in(page, town["base"], f"{role}@city.go.th", lang)
        for path in PAGES[role](town["cases"]):
            visit(page, town["base"] + path)
            refused = "403" if role == "operator" and path.startswith("/admin/logs") else \
                "404" if path.endswith(MISTYPED) else None  # the browser logs the status it was told
            problems = [p for p in screens.faults(page) if not (refused and refused in p)]
            shot = f"dashboard-{SHOT_NAMES.get(path)}-{viewport}-{lang}"
            if role == "admin" and shot in README_SHOWS:
                screens.shoot(page, SHOTS, shot)
            if problems:
                found[path] = problems
    if found:
        pytest.fail("\n".join(f"{path}:\n  " + "\n  ".join(p) for path, p in found.items()),
                    pytrace=False)


def test_statistics_are_readable_on_a_phone_and_long_tables_come_in_pages(town):
    with screens.screen(town["browser"], screens.PHONE) as page:
        sign_in(page, town["base"], "admin@city.go.th", "th")
        visit(page, town["base"] + "/admin/stats/")
        smallest = screens.smallest_text(page, ".chart-card")
        assert smallest is not None and smallest >= screens.SMALLEST_TEXT_PX, smallest
        assert page.locator("#month-chart .month").count() > 40  # 2022 to 2026, every month
        visit(page, town["base"] + "/admin/service-levels/")
        tall = page.evaluate("document.documentElement.scrollHeight")
        assert tall < 15_000, f"the service levels page is {tall}px tall on a phone"
        assert page.locator("#levels tr.agency-total").count() <= 10


def test_after_an_action_on_a_phone_its_message_is_on_screen(town):
    ticket = make_case(town["runtime"], description=city.LONG_TEXT).ticket_id
    with screens.screen(town["browser"], screens.PHONE) as page:
        sign_in(page, town["base"], "admin@city.go.th", "th")
        visit(page, f"{town['base']}/admin/cases/{ticket}")
        page.fill("#act-accept input[name=note]", "รับเรื่องแล้ว กำลังส่งทีม")
        page.click("#act-accept button")
        page.wait_for_load_state("networkidle")
        box = page.locator("#result").bounding_box()
        # within the screen, give or take the fraction of a pixel a scroll to an anchor rounds to
        assert box and -1 < box["y"] and box["y"] + box["height"] <= screens.PHONE["height"] + 1, box
        assert "รับเรื่องแล้ว" in page.inner_text("#result")
        reject = page.locator("#act-reject button")
        assert "danger" in reject.get_attribute("class")
        page.fill("#act-reject input[name=reason]", "ไม่ใช่เรื่องของเมือง")
        reject.click()  # the required box is not ticked: the browser keeps the form
        assert page.locator("#act-reject input[name=confirm]").evaluate("e => !e.checkValidity()")
        with town["runtime"].db.uow() as uow:
            assert services.find_case(uow, ticket).state == "in_progress"
        assert not screens.faults(page)


def test_the_call_centre_form_keeps_one_place_per_case(town):
    import nlp

    with screens.screen(town["browser"], screens.PHONE) as page:
        sign_in(page, town["base"], "operator@city.go.th", "th")
        visit(page, town["base"] + "/admin/intake/")
        page.fill("#description", "ถนนเป็นหลุมใหญ่ รถล้ม")
        page.fill("#address", "ซอยสุขุมวิท 11 แขวงคลองเตยเหนือ เขตวัฒนา")
        page.wait_for_selector("#pick-map[data-pin]")
        lat, lng = map(float, page.get_attribute("#pick-map", "data-pin").split(","))
        assert nlp.locate(lat, lng).district == "วัฒนา"  # the typed address moved the pin
        expect_text(page, "#route", "สำนักงานเขตวัฒนา")
        click_map(page, 13.7766, 100.5797)  # Huai Khwang
        page.wait_for_selector("#replace-question:not([hidden])")
        expect_text(page, "#mismatch", "เขตห้วยขวาง")
        expect_text(page, "#route", "สำนักงานเขตห้วยขวาง")
        assert not screens.faults(page)
        page.click("#keep-address")
        page.wait_for_selector("#mismatch[hidden]", state="attached")
        expect_text(page, "#route", "สำนักงานเขตวัฒนา")
        assert page.input_value("#latitude") == ""
        click_map(page, 13.7766, 100.5797)
        page.wait_for_selector("#replace-question:not([hidden])")
        page.click("#use-pin")
        assert page.input_value("#address") == "แขวงห้วยขวาง เขตห้วยขวาง"
        page.wait_for_selector("#mismatch[hidden]", state="attached")
        page.click("#submit-report")
        page.wait_for_selector("#created-ticket")
        assert "สำนักงานเขตห้วยขวาง" in page.inner_text("#created-agency")
        assert "ห้วยขวาง" in page.inner_text("#created-place")
        assert not screens.faults(page)


def click_map(page, lat: float, lng: float) -> None:
    """Click the intake map where a place is (zooming so that it is in view), once the form's
    requests have settled."""
    page.wait_for_selector("#intake[data-pending='0']", state="attached")
    x, y = page.evaluate("""([lat, lng]) => { const map = ChaengMaps.picker;
        map.setView([lat, lng], 15, {animate: false});
        const at = map.latLngToContainerPoint([lat, lng]); return [at.x, at.y]; }""", [lat, lng])
    page.click("#pick-map", position={"x": x, "y": y})
    page.wait_for_function("document.getElementById('latitude').value !== ''")


def expect_text(page, selector: str, text: str) -> None:
    """Wait until the element shows the text."""
    from playwright.sync_api import expect

    expect(page.locator(selector)).to_contain_text(text, timeout=WAIT_MS)
