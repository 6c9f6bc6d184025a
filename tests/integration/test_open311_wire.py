"""Open311 as other systems read it: hostile text, headers, addresses, codes and lists
(issue 21)."""
from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select, update
from werkzeug.datastructures import MultiDict

from bot import create_app, services
from bot.admin.moderation import redact_description
from storage.models import Case, utcnow
from tests.conftest import make_settings
from tests.support.casework import ADMIN, move
from tests.support.open311 import validate, validate_answer
from tests.support.staff import add_staff

pytestmark = pytest.mark.usefixtures("clock")

V2 = "/open311/v2"
HOSTILE = "ไฟดับ\x01 ซอย\x0b 5\x1f หน้า\ufffe ร้าน\uffff ทอง\x7f"


@pytest.fixture
def app_on(app_each_db):
    """The app on each database."""
    return app_each_db


@pytest.fixture
def api_key(app_on) -> str:
    """A key made the way an operator makes one."""
    result = app_on.test_cli_runner().invoke(args=["apikeys", "add", "call-centre"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def post(app, fmt: str = "json", **form):
    """POST requests.{fmt} with a form, as a client would."""
    return app.test_client().post(f"{V2}/requests.{fmt}", data=form)


def report(app, categories, description: str = "หลุมใหญ่") -> str:
    """A case through the chat's own service, below the Open311 edge; its ticket id."""
    with app.extensions["chaeng"].db.uow() as uow:
        case = services.submit_report(uow, None, description=description,
                                      categories=list(categories), latitude=13.7465,
                                      longitude=100.5348, address=None, district="ปทุมวัน",
                                      subdistrict=None, photo_ids=[])
        uow.commit()
        return case.ticket_id


def case_row(app, ticket: str) -> Case:
    """The stored case."""
    with app.extensions["chaeng"].db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        uow.session.expunge(case)
        return case


# Item 14 -------------------------------------------------------------------------------------

def test_control_characters_in_a_posted_description_are_cleaned_and_every_xml_stays_well_formed(
        app_on, api_key):
    answer = post(app_on, api_key=api_key, service_code="street_light", lat="13.7465",
                  long="100.5348", description=HOSTILE, address_string="ถนน\x01พระราม 1",
                  **{"attribute[landmark]": "สยาม\x1b\ufffe"})
    assert answer.status_code == 200, answer.data
    ticket = answer.json[0]["service_request_id"]
    stored = case_row(app_on, ticket)
    assert stored.description == "ไฟดับ ซอย 5 หน้า ร้าน ทอง"
    assert stored.address == "สยาม, ถนนพระราม 1"
    client = app_on.test_client()
    for path in ("requests.xml", f"requests/{ticket}.xml"):
        body = client.get(f"{V2}/{path}").data
        document = ET.fromstring(body)  # raises on a body that is not well-formed
        assert document.find("request/description").text == "ไฟดับ ซอย 5 หน้า ร้าน ทอง"


def test_an_old_row_holding_characters_xml_forbids_still_gives_well_formed_xml(app_on):
    ticket = report(app_on, ["ถนน"])
    with app_on.extensions["chaeng"].db.uow() as uow:  # stored before any edge cleaned it
        uow.session.execute(update(Case).where(Case.ticket_id == ticket).values(
            description="เก่า\x01\x0b\x1f\ufffe\uffffจบ"))
        uow.commit()
    client = app_on.test_client()
    for path in ("requests.xml", f"requests/{ticket}.xml"):
        document = ET.fromstring(client.get(f"{V2}/{path}").data)
        assert document.find("request/description").text == "เก่าจบ"
    assert client.get(f"{V2}/requests/{ticket}.json").json[0]["description"].startswith("เก่า")


# Item 15 and 16 ------------------------------------------------------------------------------

def test_an_unknown_service_code_on_post_is_a_404_and_a_missing_one_a_400(app_on, api_key):
    place = {"api_key": api_key, "lat": "13.7465", "long": "100.5348"}
    unknown = post(app_on, service_code="lava", **place)
    assert unknown.status_code == 404 and unknown.json == [
        {"code": 404, "description": "no service 'lava'"}]
    as_xml = post(app_on, "xml", service_code="lava", **place)
    assert as_xml.status_code == 404 and ET.fromstring(as_xml.data).findtext("error/code") == "404"
    missing = post(app_on, **place)
    assert missing.status_code == 400 and "service_code" in missing.json[0]["description"]


def test_the_post_answer_gives_the_request_id_and_no_token(app_on, api_key):
    answer = post(app_on, api_key=api_key, service_code="road", lat="13.7465", long="100.5348")
    assert answer.status_code == 200
    (created,) = answer.json
    assert set(created) == {"service_request_id", "service_notice"}
    validate_answer(answer.json, "RequestResponse")
    xml = ET.fromstring(post(app_on, "xml", api_key=api_key, service_code="road", lat="13.7",
                             long="100.5").data)
    assert xml.find("request/token") is None and xml.findtext("request/service_request_id")


# Item 17 -------------------------------------------------------------------------------------

def test_an_address_id_alone_is_a_place_the_triage_desk_then_finds(app_on, api_key):
    answer = post(app_on, api_key=api_key, service_code="drain", address_id="BMA-10330-0042")
    assert answer.status_code == 200, answer.data
    ticket = answer.json[0]["service_request_id"]
    with app_on.extensions["chaeng"].db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert case.district is None and case.latitude is None and case.agency.code == "triage"
        assert case.events[0].data["address_id"] == "BMA-10330-0042"


# Item 18 -------------------------------------------------------------------------------------

def test_service_code_takes_a_comma_list_and_repeated_list_parameters_are_all_honoured(app_on):
    road, flood, light = (report(app_on, ["ถนน"]), report(app_on, ["น้ำท่วม"]),
                          report(app_on, ["แสงสว่าง"]))
    client = app_on.test_client()

    def ids(query: str) -> set[str]:
        answer = client.get(f"{V2}/requests.json?{query}")
        assert answer.status_code == 200, answer.data
        return {r["service_request_id"] for r in answer.json}
    assert ids("service_code=road,flooding") == {road, flood}
    assert ids("service_code=road&service_code=flooding") == {road, flood}
    assert ids(f"service_request_id={road}&service_request_id={light}") == {road, light}
    assert ids("status=open&status=closed") == {road, flood, light}
    unknown = client.get(f"{V2}/requests.json?service_code=road,lava")
    assert unknown.status_code == 400 and "'lava'" in unknown.json[0]["description"]


def test_a_repeated_single_value_parameter_is_a_400_not_the_first_one_silently(app_on, api_key):
    client = app_on.test_client()
    since = (utcnow() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    twice = client.get(f"{V2}/requests.xml?start_date={since}&start_date=2020-01-01T00:00:00Z")
    assert twice.status_code == 400
    assert "start_date" in ET.fromstring(twice.data).findtext("error/description")
    form = MultiDict([("api_key", api_key), ("service_code", "road"), ("lat", "13.7465"),
                      ("lat", "1"), ("long", "100.5348")])
    posted = client.post(f"{V2}/requests.json", data=form)
    assert posted.status_code == 400 and "lat" in posted.json[0]["description"]
    with app_on.extensions["chaeng"].db.uow() as uow:
        assert uow.session.scalar(select(Case.id)) is None


# Item 20 -------------------------------------------------------------------------------------

def test_the_service_code_filter_returns_only_requests_that_carry_that_code(app_on):
    safety_first = report(app_on, ["ความปลอดภัย", "ถนน"])
    road_first = report(app_on, ["ถนน", "ความปลอดภัย"])
    client = app_on.test_client()
    for code, expected in (("safety", safety_first), ("road", road_first)):
        found = client.get(f"{V2}/requests.json?service_code={code}").json
        assert [r["service_request_id"] for r in found] == [expected]
        assert {r["service_code"] for r in found} == {code}
    everything = client.get(f"{V2}/requests.json").json
    assert len(everything) == 2 and validate(everything, "requests.json") is None


def test_a_closed_request_was_updated_when_it_was_closed_not_when_text_was_redacted_later(
        app_on, clock):
    ticket = report(app_on, ["ถนน"])
    with app_on.extensions["chaeng"].db.uow() as uow:
        move(uow, ticket, "accept")
        move(uow, ticket, "finish", note="ซ่อมแล้ว")
        uow.commit()
    closed_at = case_row(app_on, ticket).state_times["finished"]
    admin = add_staff(app_on.extensions["chaeng"], "admin@example.org", "admin")
    clock.travel_to(utcnow() + timedelta(days=3))
    with app_on.extensions["chaeng"].db.uow() as uow:
        redact_description(uow, ticket, "หลุม", admin_id=admin, actor=ADMIN, reason="ชื่อคน")
        uow.commit()
    client = app_on.test_client()
    (request,) = client.get(f"{V2}/requests/{ticket}.json").json
    assert request["status"] == "closed" and request["updated_datetime"] == closed_at
    open_one = report(app_on, ["ถนน"])
    (still_open,) = client.get(f"{V2}/requests/{open_one}.json").json
    assert still_open["updated_datetime"] == case_row(app_on, open_one).updated_at.isoformat()


# Item 21 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["services", "requests", "discovery", "services/lava"])
def test_json_says_utf_8_and_the_xml_declaration_is_the_usual_one(app_on, path):
    client = app_on.test_client()
    as_json = client.get(f"{V2}/{path}.json")
    assert as_json.headers["Content-Type"] == "application/json; charset=utf-8"
    as_xml = client.get(f"{V2}/{path}.xml")
    assert as_xml.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert as_xml.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<')
    openapi = client.get(f"{V2}/openapi.json")
    assert openapi.headers["Content-Type"] == "application/json; charset=utf-8"


# Item 13 -------------------------------------------------------------------------------------

def test_discovery_and_openapi_name_the_public_address_whatever_host_the_request_gave(app_on):
    client = app_on.test_client()
    headers = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    for fmt in ("json", "xml"):
        body = client.get(f"{V2}/discovery.{fmt}", headers=headers).get_data(as_text=True)
        assert "https://chaeng.example.org/open311/v2/" in body and "evil" not in body
    openapi = client.get(f"{V2}/openapi.json", headers=headers).json
    assert openapi["servers"] == [{"url": "https://chaeng.example.org/open311/v2"}]


def test_without_a_public_address_discovery_and_openapi_give_a_relative_one_and_say_why(
        database_url, fake_line, tmp_path):
    app = create_app(make_settings(database_url, fake_line, tmp_path, public_base_url=""))
    try:
        client = app.test_client()
        found = client.get(f"{V2}/discovery.json", headers={"Host": "evil.example"}).json
        assert found["endpoints"][0]["url"] == "/open311/v2/"
        openapi = client.get(f"{V2}/openapi.json", headers={"Host": "evil.example"}).json
        (server,) = openapi["servers"]
        assert server["url"] == "/open311/v2" and "PUBLIC_BASE_URL" in server["description"]
    finally:
        app.extensions["chaeng"].db.dispose()


def test_a_list_of_more_ids_than_one_answer_holds_is_a_400_and_repeats_count_once(app_on):
    road = report(app_on, ["ถนน"])
    client = app_on.test_client()
    many = ",".join(f"2026-{n:06d}" for n in range(1001))
    assert client.get(f"{V2}/requests.json?service_request_id={many}").status_code == 400
    repeated = "&".join(["service_code=road"] * 2000)
    answer = client.get(f"{V2}/requests.json?{repeated}&service_request_id={road},{road}")
    assert [r["service_request_id"] for r in answer.json] == [road]
    only_codes = client.get(f"{V2}/requests.json?{repeated}")
    assert [r["service_request_id"] for r in only_codes.json] == [road]
