"""The public site around its cases (issue 22, items 10 and 11): the way into LINE on every page,
photo thumbnails, a timeline that reads sensibly, pages for what is not here, a favicon."""
from __future__ import annotations

import re

import pytest

from bot import create_app
from tests.conftest import make_settings
from tests.support.casework import move
from tests.support.images import jpeg
from tests.support.staff import make_case

pytestmark = pytest.mark.usefixtures("clock")
ADD_FRIEND = "https://line.me/R/ti/p/@chaeng"


@pytest.fixture
def site(sqlite_url, fake_line, tmp_path):
    """The web app on SQLite with the bot's LINE ID configured and the map tiles offline."""
    app = create_app(make_settings(sqlite_url, fake_line, tmp_path, line_bot_basic_id="@chaeng",
                                   map_tile_url=""))
    yield app
    app.extensions["chaeng"].db.dispose()


def timeline(html: str) -> list[str]:
    """The steps of a case page's timeline, as plain text."""
    steps = re.findall(r"<li>(.*?)</li>", html.split('class="timeline"')[1].split("</ol>")[0], re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", step).split()) for step in steps]


def test_a_new_case_has_one_step_that_says_it_was_reported(site):
    case = make_case(site.extensions["chaeng"])
    for lang, reported in (("th", "แจ้งเรื่อง"), ("en", "Reported")):
        steps = timeline(site.test_client().get(f"/cases/{case.ticket_id}?lang={lang}").text)
        assert len(steps) == 1 and steps[0].endswith(reported), steps
        assert "รับเรื่อง" not in steps[0].replace("แจ้งเรื่อง", "")  # never "received → awaiting"


def test_each_later_step_names_its_state_only_when_its_words_do_not(site):
    runtime = site.extensions["chaeng"]
    ticket = make_case(runtime).ticket_id
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept", note="กำลังส่งทีม")
        move(uow, ticket, "finish")
        move(uow, ticket, "rate", stars=4)
        uow.commit()
    steps = timeline(site.test_client().get(f"/cases/{ticket}").text)
    assert [s.split(" ", 2)[2] for s in steps] == [
        "แจ้งเรื่อง", "รับเรื่องแล้ว · กำลังดำเนินการ กำลังส่งทีม", "เสร็จสิ้น", "ให้คะแนน"]


def test_every_page_offers_to_report_in_line_and_a_desk_gets_a_qr_code(site):
    ticket = make_case(site.extensions["chaeng"]).ticket_id
    client = site.test_client()
    for url in ("/", "/?lang=en", f"/cases/{ticket}", "/districts", "/districts/พระนคร",
                "/hotspots", "/hotspots/road", "/agencies/phranakhon", "/cases/2020-NOSUCH"):
        html = client.get(url).text
        assert f'class="line-button" href="{ADD_FRIEND}"' in html, url
        assert '<svg role="img"' in html and 'class="qr"' in html, url
    assert "แจ้งปัญหาใน LINE" in client.get("/").text
    assert "Report a problem in LINE" in client.get("/?lang=en").text


def test_without_a_line_id_no_page_offers_a_link_to_nowhere(app):
    html = app.test_client().get("/").text
    assert "line-button" not in html and "line.me" not in html


def test_the_list_shows_a_thumbnail_of_each_case_with_a_photo(site):
    runtime = site.extensions["chaeng"]
    with runtime.db.uow() as uow:
        from bot import services

        services.ensure_user(uow, "U" + "b" * 32)
        photo = services.add_photo(uow, "U" + "b" * 32, runtime.media.save_image(jpeg(), 10**7))
        uow.commit()
        photo_id = photo.id
    with_photo = make_case(runtime, reporter="U" + "b" * 32, photo_ids=[photo_id]).ticket_id
    without = make_case(runtime).ticket_id
    rows = site.test_client().get("/").text.split("<tr>")[2:]
    shown = {re.search(r"/cases/([^\"?]+)", row).group(1): row for row in rows}
    assert f'<img src="/media/{photo_id}/' in shown[with_photo]
    assert "<img" not in shown[without] and "no-photo" in shown[without]


def test_a_mistyped_ticket_or_address_gets_a_page_in_the_readers_language_with_a_way_back(site):
    client = site.test_client()
    for url, words in (("/cases/2020-NOSUCH", "ไม่พบหน้านี้"),
                       ("/cases/2020-NOSUCH?lang=en", "Page not found"),
                       ("/no/such/page", "ไม่พบหน้านี้"), ("/no/such/page?lang=en", "Page not found")):
        answer = client.get(url)
        assert answer.status_code == 404 and words in answer.text, url
        assert 'href="/"' in answer.text or 'href="/?lang=en"' in answer.text
        assert "Not Found" not in answer.text
    assert client.get("/districts/ไม่มีเขตนี้?lang=en").text.count("Page not found") == 2  # title, h1


def test_a_hidden_case_says_it_was_taken_down_and_nothing_of_it(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime, description="ความลับของผู้แจ้ง")
    with runtime.db.uow() as uow:
        uow.session.get(type(case), case.id).hidden = True
        uow.commit()
    answer = site.test_client().get(f"/cases/{case.ticket_id}?lang=en")
    assert answer.status_code == 410 and "taken off the public board" in answer.text
    assert "ความลับ" not in answer.text and 'href="/?lang=en"' in answer.text


def test_machines_keep_their_plain_answers(site):
    client = site.test_client()
    assert client.get("/open311/v2/requests/2020-NOSUCH.json").json  # Open311's own error body
    for url in ("/media/1/00000000", "/my-data/nothing", "/admin/no-such-page", "/anything.json"):
        answer = client.get(url)
        assert answer.status_code == 404 and "line-button" not in answer.text, url


def test_the_site_has_a_favicon(site):
    client = site.test_client()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/").text
    assert 'rel="icon"' in html
    svg = re.search(r'rel="icon" href="([^"]+\.svg)"', html).group(1)
    assert client.get(svg).status_code == 200


def test_a_case_page_names_a_soi_once_when_the_reporters_words_already_hold_it(site):
    case = make_case(site.extensions["chaeng"], description="ถนนเป็นหลุม",
                     place_words="หน้าซอยสุขุมวิท 11", address="99/1 ซอยสุขุมวิท 11 แขวงคลองเตยเหนือ")
    page = site.test_client().get(f"/cases/{case.ticket_id}").get_data(as_text=True)
    assert page.count("ซอยสุขุมวิท 11") == 1 and "หน้าซอยสุขุมวิท 11" in page and "99/1" not in page
