"""Every public page on a phone (390×844) and a desk (1366×768), in Thai and in English, in headless
Chromium, on a city of live and imported cases: no sideways scrolling, no script error, no serious
or critical axe-core violation, every word in the reader's language (issue 22, items 4 and 10)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot import public_view, services
from bot.admin import moderation
from bot.insight import maps
from bot.opendata.catalog import SERVICES
from bot.permissions import Actor
from storage.models import Case
from tests.integration.test_hotspot_maps import flood_history
from tests.support import city, screens
from tests.support.browser import chromium_browser, screenshot_folder, serving
from tests.support.images import street_photo
from tests.support.staff import make_case

SHOTS = screenshot_folder()
README_SHOWS = {"public-board-th-phone", "public-board-en-phone", "public-board-en-desk",
                "public-case-th-phone", "public-case-en-desk"}  # the README's screens
WAIT_MS = 20_000
ADD_FRIEND = "https://line.me/R/ti/p/@chaeng"
# Names that stay as they are in Thai: the product, LINE and the formats and standards it speaks.
NAMES = {"Chaeng", "LINE", "CSV", "GeoJSON", "Open311", "OpenStreetMap", "English", "PM2"}


@pytest.fixture(scope="module")
def town(tmp_path_factory, fake_line_server):
    """The site served on loopback over 60 live cases and 200 imported ones, offline map tiles,
    the bot's LINE ID configured, and the cases the pages below open."""
    folder = tmp_path_factory.mktemp("public-screens")
    with screens.sqlite_site(folder, fake_line_server, line_bot_basic_id="@chaeng") as app:
        runtime = app.extensions["chaeng"]
        city.build(runtime, count=60)
        city.import_history(app, folder, 200)
        flood_history(runtime)  # a place flooded in four weeks: a hotspot page with a map
        cases = _special_cases(runtime)
        with serving(app) as base, chromium_browser() as browser:
            yield dict(base=base, browser=browser, runtime=runtime, cases=cases)


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """Each test reads the city at the moment it was built."""


def _photo(runtime, reporter: str) -> list[int]:
    """A photo the reporter sent, for a case of theirs."""
    with runtime.db.uow() as uow:
        services.ensure_user(uow, reporter)
        stored = runtime.media.save_image(street_photo(480, 360), 10**7)
        photo = services.add_photo(uow, reporter, stored)
        uow.commit()
        return [photo.id]


def _special_cases(runtime) -> dict[str, str]:
    """The cases and categories the pages open: new, finished, imported, long, hidden, hotspots."""
    someone = "U" + "c" * 32
    long_case = make_case(runtime, someone, description=city.LONG_TEXT * 2,
                          address=city.LONG_TEXT[:200], district="วัฒนา", subdistrict="คลองเตยเหนือ",
                          photo_ids=_photo(runtime, someone)).ticket_id
    hidden = make_case(runtime, description="ถูกซ่อน").ticket_id
    new = make_case(runtime, someone, description="ไฟส่องสว่างดับทั้งซอย", categories=["แสงสว่าง"],
                    photo_ids=_photo(runtime, someone)).ticket_id
    with runtime.db.uow() as uow:
        moderation.set_case_hidden(uow, hidden, True, actor=Actor.admin("a@city.go.th"),
                                   reason="ข้อมูลส่วนตัว")
        finished = uow.session.scalar(select(Case.ticket_id).where(
            Case.state == "finished", Case.source != "import").order_by(Case.id))
        imported = uow.session.scalar(select(Case.ticket_id).where(Case.source == "import")
                                      .order_by(Case.ticket_id))
        spotted = next(s.code for s in SERVICES if s.label and maps.category_hotspots(uow, s.label))
        uow.commit()
    return dict(new=new, finished=finished, imported=imported, long=long_case, hidden=hidden,
                hotspots=spotted)


def public_pages(cases: dict[str, str]) -> dict[str, int]:
    """Every public page, with the status it answers."""
    return {"/": 200, "/?district=ปทุมวัน&state=finished": 200, "/?state=duplicate": 200,
            **{f"/cases/{cases[k]}": 200 for k in ("new", "finished", "imported", "long")},
            "/districts": 200, "/districts/ปทุมวัน": 200, "/agencies/no-such-office": 404,
            "/hotspots": 200, f"/hotspots/{cases['hotspots']}": 200, "/hotspots/sidewalk": 200,
            "/cases/2020-NOSUCH": 404, f"/cases/{cases['hidden']}": 410, "/no/such/page": 404,
            "/?page=10001": 400}


def visit(page, url: str, status: int = 200) -> None:
    """Open a page and let its map draw, when it has one."""
    page.problems.clear()
    answer = page.goto(url)
    assert answer.status == status, (url, answer.status)
    if status != 200:  # the browser reports the status it was told, which is the point
        page.problems.clear()
    if page.locator("#map, #case-map").count():
        page.wait_for_selector("#map[data-shown], #case-map[data-shown]", state="attached")


def other_language(page, lang: str) -> list[str]:
    """Words of the other language outside what people wrote and what is marked as another
    language: text, the title, and the labels screen readers read (alt, title, aria-label)."""
    pattern = "[\\u0e00-\\u0e7f]+" if lang == "en" else "[A-Za-z][A-Za-z0-9]+"
    found = page.evaluate("""([lang, pattern]) => {
      const foreign = (e) => e.closest('.said, script, style, noscript') ||
                             (e.closest('[lang]') && e.closest('[lang]').lang !== lang);
      // Ticket ids, the LINE ID and paths read the same in every language.
      const same = /\\b\\d{4}-[A-Z0-9]{5,6}\\b|@[a-z0-9._-]+|(^|\\s)\\/\\S*/g;
      const words = new RegExp(pattern, 'g'), out = [];
      const note = (text) => {
        for (const m of (text || '').replace(same, ' ').matchAll(words)) out.push(m[0]);
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!foreign(n.parentElement)) note(n.textContent);
      }
      for (const e of document.querySelectorAll('[alt], [title], [aria-label], [placeholder]')) {
        if (foreign(e)) continue;
        for (const a of ['alt', 'title', 'aria-label', 'placeholder']) note(e.getAttribute(a));
      }
      note(document.title);
      return out;
    }""", [lang, pattern])
    return sorted({w for w in found if w not in NAMES})


@pytest.mark.parametrize("viewport", ["phone", "desk"])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_public_page_fits_runs_cleanly_passes_axe_and_speaks_the_readers_language(
        town, lang, viewport):
    found = {}
    with screens.screen(town["browser"], screens.VIEWPORTS[viewport],
                        locale="en-US" if lang == "en" else "th-TH") as page:
        page.set_default_timeout(WAIT_MS)
        for path, status in public_pages(town["cases"]).items():
            url = town["base"] + path + ("&" if "?" in path else "?") * (lang == "en") + \
                ("lang=en" if lang == "en" else "")
            visit(page, url, status)
            problems = screens.faults(page)
            words = other_language(page, lang)
            if words:
                problems.append(f"words not in {lang}: {', '.join(words[:12])}")
            if problems:
                found[path] = problems
            shown = "board" if path == "/" else "case" if path == f"/cases/{town['cases']['finished']}" \
                else None
            if f"public-{shown}-{lang}-{viewport}" in README_SHOWS:
                screens.shoot(page, SHOTS, f"public-{shown}-{lang}-{viewport}")
    if found:
        pytest.fail("\n".join(f"{path}:\n  " + "\n  ".join(p) for path, p in found.items()),
                    pytrace=False)


def test_on_a_phone_each_case_is_a_card_with_its_photo_ticket_and_state_in_view(town):
    with screens.screen(town["browser"], screens.PHONE) as page:
        visit(page, town["base"] + "/")
        assert page.locator("table.cases thead").bounding_box()["height"] <= 1  # for readers only
        cards = page.locator("table.cases tbody tr")
        assert cards.count() == 50
        for n in (0, 1, 49):
            card = cards.nth(n)
            box = card.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= screens.PHONE["width"], box
            for part in ("td.ticket a", "td.status .state", "td.thumb img, td.thumb .no-photo"):
                inner = card.locator(part).first.bounding_box()
                assert inner and inner["x"] + inner["width"] <= box["x"] + box["width"], (n, part)
        photos = page.locator("td.thumb img")
        assert photos.count() >= 10
        photos.first.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                               arg=photos.first.element_handle())
    with screens.screen(town["browser"], screens.DESK) as page:
        visit(page, town["base"] + "/districts/ปทุมวัน")
        assert page.locator("table.cases thead th").first.is_visible()  # a desk keeps the table


def test_the_board_map_opens_on_bangkok_says_its_tiles_are_offline_and_counts_its_dots(town):
    with town["runtime"].db.uow() as uow:
        located = uow.session.scalar(select(func.count()).select_from(Case).where(
            public_view.VISIBLE, Case.latitude.is_not(None)))
        total = uow.session.scalar(select(func.count()).select_from(Case).where(public_view.VISIBLE))
    with screens.screen(town["browser"], screens.DESK) as page:
        visit(page, town["base"] + "/?lang=en")
        assert page.get_attribute("#map", "data-shown") == str(located)
        assert page.locator("#map path.leaflet-interactive").count() == located
        centre = page.evaluate("ChaengMap.maps.map.getCenter()")
        assert abs(centre["lat"] - 13.75) < 0.01 and abs(centre["lng"] - 100.5) < 0.01, centre
        assert page.evaluate("ChaengMap.maps.map.getZoom()") == 11
        assert page.locator("#map-offline").is_visible()
        assert "could not be loaded (offline)" in page.inner_text("#map-offline")
        assert page.inner_text("#map-caption").startswith(
            f"The map shows {located:,} of {total:,} cases")


def test_a_case_page_shows_where_the_case_is_and_its_photos(town):
    ticket = town["cases"]["finished"]
    with screens.screen(town["browser"], screens.PHONE) as page:
        visit(page, f"{town['base']}/cases/{ticket}")
        assert page.locator("#case-map path").count() == 1
        assert page.locator("#case-map").is_visible() and page.locator("#map-offline").is_visible()
        for image in page.locator(".photos img").element_handles():
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image)
        assert page.locator(".photos img").count() == 2  # the report's and the fix's


def test_a_phone_gets_the_line_button_and_a_desk_the_qr_code_too(town):
    with screens.screen(town["browser"], screens.PHONE) as page:
        visit(page, town["base"] + "/")
        button = page.locator("header .line-button")
        assert button.is_visible() and button.get_attribute("href") == ADD_FRIEND
        assert page.locator(".invite .line-button").first.is_visible()
        assert not page.locator(".qr-box").first.is_visible()
    with screens.screen(town["browser"], screens.DESK) as page:
        visit(page, town["base"] + f"/cases/{town['cases']['new']}")
        assert page.locator("header .line-button").is_visible()
        qr = page.locator(".qr-box svg").first
        assert qr.is_visible() and qr.bounding_box()["width"] >= 120
