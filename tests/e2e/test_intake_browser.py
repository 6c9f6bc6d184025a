"""The call-centre form in headless Chromium, with and without photos: it still sends its CSRF
token where the server checks it before reading the photos."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot import create_app
from storage.models import Case, Photo
from tests.conftest import make_settings
from tests.e2e.test_public_board_browser import browser  # noqa: F401 (fixture)
from tests.e2e.test_simulator import photo
from tests.support.browser import serving
from tests.support.staff import PASSWORD, add_staff


@pytest.fixture
def served(sqlite_url, fake_line, tmp_path):
    """The app on plain loopback http (so its cookie is not https-only) with an operator."""
    app = create_app(make_settings(sqlite_url, fake_line, tmp_path,
                                   public_base_url="http://127.0.0.1"))
    add_staff(app.extensions["chaeng"], "op@city.go.th", "operator")
    with serving(app) as base:
        yield app, base
    app.extensions["chaeng"].db.dispose()


@pytest.mark.parametrize("photos", [0, 2])
def test_an_operator_sends_the_call_centre_form_with_or_without_photos(served, browser, tmp_path,
                                                                      photos):  # noqa: F811
    app, base = served
    page = browser.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{base}/admin/intake/")
    page.fill("input[name=email]", "op@city.go.th")
    page.fill("input[name=password]", PASSWORD)
    page.click("#sign-in button")
    page.wait_for_selector("#intake")
    page.fill("#description", "ไฟฟ้าส่องสว่างดับทั้งซอย")
    page.fill("#address", "ซอยสุขุมวิท 11 เขตวัฒนา")
    if photos:
        page.set_input_files("input[name=photos]", [str(photo(tmp_path / f"p{n}.jpg"))
                                                    for n in range(photos)])
    page.click("#submit-report")
    ticket = page.locator("#created-ticket").inner_text()
    with app.extensions["chaeng"].db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert case is not None and case.source == "call_centre"
        kept = uow.session.scalar(select(func.count()).select_from(Photo)
                                  .where(Photo.case_id == case.id))
    assert kept == photos
