"""A page number or a date no one means (page 10^19, year 1, year 9999) is a 400 with a clear
message in the page's language on every page that reads one, signed in or not; never a 500."""
from __future__ import annotations

import pytest

from tests.support.staff import make_case, signed_in

pytestmark = pytest.mark.usefixtures("clock")

HUGE_PAGE = "page=10000000000000000000"
LATE, EARLY = "until=9999-12-31", "since=0001-01-01"
PUBLIC = [f"/?{HUGE_PAGE}", f"/?{LATE}", f"/?{EARLY}", f"/board/points.json?{LATE}",
          f"/board/points.json?{EARLY}", f"/open-data/cases.csv?{LATE}",
          f"/open-data/cases.geojson?{EARLY}"]
DASHBOARD = [f"/admin/cases/?{HUGE_PAGE}", f"/admin/cases/?{LATE}", f"/admin/cases/?{EARLY}",
             f"/admin/logs/inbox?{LATE}", f"/admin/logs/outbox?{EARLY}", f"/admin/logs/audit?{LATE}",
             f"/admin/map/?{LATE}", f"/admin/map/points.json?{EARLY}", f"/admin/stats/?{LATE}",
             f"/admin/stats/districts.csv?{EARLY}", f"/admin/service-levels/?{LATE}",
             f"/admin/service-levels/levels.csv?{EARLY}"]
OPEN311 = ["start_date=9999-12-31T00:00:00", "end_date=9999-12-31T00:00:00",
           "start_date=0001-01-01T00:00:00Z", "end_date=0001-01-01T00:00:00%2B14:00"]


@pytest.fixture
def site(app_each_db):
    """The web app on each database, with one case so every list has something to page."""
    make_case(app_each_db.extensions["chaeng"])
    return app_each_db


def said(answer) -> str:
    """The message of a 400: the page's text, or the JSON's error."""
    if answer.is_json:
        return answer.get_json()["error"]
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("url", PUBLIC)
def test_the_public_pages_answer_an_absurd_page_or_date_with_a_400_in_the_readers_language(site, url):
    client = site.test_client()
    thai = client.get(url)
    assert thai.status_code == 400
    expected = "ระหว่าง 1 ถึง 10,000" if "page=" in url else "ระหว่าง 2000-01-01 ถึง 2031-12-31"
    if url.startswith("/open-data/"):  # a download has no language: its error is for programs
        expected = "between 2000-01-01 and 2031-12-31"
    assert expected in said(thai)
    english = client.get(url + "&lang=en")
    assert english.status_code == 400
    assert ("between 1 and 10,000" if "page=" in url else "between 2000-01-01 and 2031-12-31") \
        in said(english)


def test_every_dashboard_page_answers_an_absurd_page_or_date_with_a_400_in_the_staff_language(site):
    admin = signed_in(site, "a@city.go.th", "admin")
    for url in DASHBOARD:
        answer = admin.get(url)
        assert answer.status_code == 400, url
        assert "ระหว่าง" in said(answer), url
    admin.post("/admin/language", {"lang": "en", "next": "/admin/"})
    for url in DASHBOARD:
        answer = admin.get(url)
        assert answer.status_code == 400, url
        assert "between" in said(answer), url


@pytest.mark.parametrize("query", OPEN311)
def test_open311_answers_an_absurd_date_with_a_400_in_its_own_error_format(site, query):
    client = site.test_client()
    answer = client.get(f"/open311/v2/requests.json?{query}")
    assert answer.status_code == 400
    [error] = answer.get_json()
    assert error["code"] == 400 and "between 2000-01-01 and 2031-12-31" in error["description"]
    xml = client.get(f"/open311/v2/requests.xml?{query}")
    assert xml.status_code == 400
    assert b"<code>400</code>" in xml.data and b"between 2000-01-01 and 2031-12-31" in xml.data


def test_the_export_command_refuses_an_absurd_date_without_a_traceback(site):
    result = site.test_cli_runner().invoke(args=["export", "--format", "csv", "--until", "9999-12-31"])
    assert result.exit_code == 2
    assert "between 2000-01-01 and 2031-12-31" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
