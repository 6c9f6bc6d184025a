"""The public site around its cases (issue 22, items 10 and 11): a timeline that reads sensibly."""
from __future__ import annotations

import re

import pytest

from bot import create_app
from tests.conftest import make_settings
from tests.support.casework import move
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
