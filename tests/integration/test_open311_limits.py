"""Open311 POST within bounds: a pace per API key, a size for every field, spec-shaped refusals
(issue 21, items 9 and 19)."""
from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import func, select

from bot import create_app
from bot.opendata.admin import add_api_key
from storage.models import Case, OutboxMessage, utcnow
from tests.conftest import make_settings
from tests.support.line import LineDriver
from tests.support.officers import linked_officer
from tests.support.open311 import validate_answer

pytestmark = pytest.mark.usefixtures("clock")

V2 = "/open311/v2"
PLACE = {"service_code": "road", "lat": "13.7465", "long": "100.5348"}
PACE = 3


def make_app(database_url, fake_line, tmp_path, **overrides):
    """The app on a database, three Open311 posts a minute per key unless told otherwise."""
    return create_app(make_settings(database_url, fake_line, tmp_path,
                                    **{"open311_posts_per_minute": PACE, **overrides}))


@pytest.fixture
def app_on(database_url, fake_line, tmp_path):
    """The app on each database."""
    app = make_app(database_url, fake_line, tmp_path)
    yield app
    app.extensions["chaeng"].db.dispose()


def new_key(app, name: str) -> str:
    """An API key for a named client."""
    with app.extensions["chaeng"].db.uow() as uow:
        key = add_api_key(uow, name)
        uow.commit()
    return key


def post(app, fmt: str = "json", **form):
    """POST requests.{fmt} with a form."""
    return app.test_client().post(f"{V2}/requests.{fmt}", data=form)


def count(app, model) -> int:
    """Rows of a table."""
    with app.extensions["chaeng"].db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


# Item 9: the pace -------------------------------------------------------------------------------

def test_a_key_over_its_posts_per_minute_gets_a_429_with_retry_after_and_nothing_is_created(
        app_on, fake_line, clock):
    key, other = new_key(app_on, "call-centre"), new_key(app_on, "partner-app")
    linked_officer(LineDriver(app_on, fake_line), "pathumwan")
    pushes = count(app_on, OutboxMessage)
    for _ in range(PACE):
        assert post(app_on, api_key=key, **PLACE).status_code == 200
    cases = count(app_on, Case)
    assert count(app_on, OutboxMessage) > pushes, "each request tells the district's officer"
    pushes = count(app_on, OutboxMessage)
    refused = post(app_on, api_key=key, **PLACE)
    assert refused.status_code == 429
    assert refused.json == [{"code": 429, "description":
                             f"more than {PACE} requests a minute with this api_key; "
                             f"try again in {refused.headers['Retry-After']} seconds"}]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    validate_answer(refused.json, "Errors")
    as_xml = post(app_on, "xml", api_key=key, **PLACE)
    assert as_xml.status_code == 429 and ET.fromstring(as_xml.data).findtext("error/code") == "429"
    assert (count(app_on, Case), count(app_on, OutboxMessage)) == (cases, pushes)
    assert post(app_on, api_key=other, **PLACE).status_code == 200  # the pace is per key
    clock.travel_to(utcnow() + timedelta(seconds=61))
    assert post(app_on, api_key=key, **PLACE).status_code == 200


def test_the_pace_is_counted_in_the_database_so_two_app_processes_share_it(
        database_url, fake_line, tmp_path):
    first = make_app(database_url, fake_line, tmp_path)
    second = make_app(database_url, fake_line, tmp_path)
    try:
        key = new_key(first, "call-centre")
        for number in range(PACE):
            assert post((first, second)[number % 2], api_key=key, **PLACE).status_code == 200
        assert post(second, api_key=key, **PLACE).status_code == 429
        assert post(first, api_key=key, **PLACE).status_code == 429
    finally:
        for app in (first, second):
            app.extensions["chaeng"].db.dispose()


def test_the_pace_setting_is_read_from_the_environment_and_checked():
    from bot.config import ConfigError, Settings

    env = {"CHAENG_SIMULATOR": "1", "OPEN311_POSTS_PER_MINUTE": "12"}
    assert Settings.from_env(env).open311_posts_per_minute == 12
    assert Settings.from_env({"CHAENG_SIMULATOR": "1"}).open311_posts_per_minute == 30
    with pytest.raises(ConfigError, match="OPEN311_POSTS_PER_MINUTE"):
        Settings.from_env({**env, "OPEN311_POSTS_PER_MINUTE": "0"})


# Item 9: every field bounded --------------------------------------------------------------------

TOO_LONG = [("description", 4001), ("address_string", 501), ("attribute[landmark]", 501),
            ("address_id", 101), ("email", 255), ("first_name", 101), ("last_name", 101),
            ("phone", 41), ("media_url", 2001), ("device_id", 201), ("account_id", 201)]


@pytest.mark.parametrize(("field", "length"), TOO_LONG)
def test_a_field_longer_than_its_limit_is_a_400_naming_it_and_creates_nothing(
        app_on, field, length):
    key = new_key(app_on, "call-centre")
    value = "ก" * length
    if field == "media_url":
        value = ("https://example.org/" + "a" * length)[:length]
    answer = post(app_on, api_key=key, **{**PLACE, field: value})
    assert answer.status_code == 400, answer.data
    assert answer.json[0]["description"] == f"{field} is longer than {length - 1} characters"
    at_limit = post(app_on, api_key=key, **{**PLACE, field: value[:length - 1]})
    assert at_limit.status_code == 200, at_limit.data
    assert count(app_on, Case) == 1


@pytest.mark.parametrize(("lat", "long"), [("nan", "100.5"), ("13.7", "inf"), ("95", "100.5"),
                                           ("13.7", "200"), ("1e308", "100.5"), ("-inf", "nan"),
                                           ("13.7", ""), ("", "100.5")])
def test_a_latitude_or_longitude_that_is_not_a_finite_number_in_range_is_a_400(app_on, lat, long):
    key = new_key(app_on, "call-centre")
    answer = post(app_on, api_key=key, service_code="road", lat=lat, long=long)
    assert answer.status_code == 400, answer.data
    assert count(app_on, Case) == 0


def test_a_huge_landmark_is_refused_in_the_spec_format_and_never_stored(app_on):
    key = new_key(app_on, "call-centre")
    for fmt in ("json", "xml"):
        answer = post(app_on, fmt, api_key=key, **{**PLACE, "attribute[landmark]": "ก" * 300_000})
        assert answer.status_code == 413, answer.data
        body = answer.json if fmt == "json" else [
            {"code": int(ET.fromstring(answer.data).findtext("error/code"))}]
        assert body[0]["code"] == 413
    assert count(app_on, Case) == 0


# Item 19: other methods ------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_a_method_the_api_does_not_take_is_a_405_in_the_spec_format(app_on, method):
    client = app_on.test_client()
    as_json = client.open(f"{V2}/requests.json", method=method)
    assert as_json.status_code == 405 and as_json.json[0]["code"] == 405
    assert set(as_json.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    validate_answer(as_json.json, "Errors")
    as_xml = client.open(f"{V2}/services/road.xml", method=method)
    assert as_xml.status_code == 405 and ET.fromstring(as_xml.data).findtext("error/code") == "405"
    nowhere = client.open(f"{V2}/complaints.xml", method=method)
    assert nowhere.status_code == 404
    assert ET.fromstring(nowhere.data).findtext("error/code") == "404"
    assert client.post(f"{V2}/services.json").status_code == 405
