"""GeoReport v2 conformance: every endpoint and method of /open311/v2/, in JSON and in XML, checked
against the public schemas (tests/schemas/open311/, and ../shared/open311/ when it is there), the
XML read back into JSON and checked the same way, and every XML answer well-formed after hostile
POSTs (issue 21, "Done when")."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from bot import create_app, services
from bot.opendata.admin import add_api_key
from bot.opendata.catalog import BY_CODE
from storage.models import utcnow
from tests.conftest import make_settings
from tests.support.casework import move
from tests.support.open311 import answer_schema, from_xml, schema, validate, validate_answer

pytestmark = pytest.mark.usefixtures("clock")

V2 = "/open311/v2"
PLACE = {"service_code": "road", "lat": "13.7465", "long": "100.5348"}
XML_FORBIDS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Odd but legal text must come back as it went in; what XML 1.0 cannot hold must be gone.
ODD = ["e\u0301 combining", "\u202eRTL override\u202c", "zero\u200bwidth", "\ufeffBOM",
       "👩\u200d🔧 ZWJ", "\U0010fffd plane 16", "]]> <![CDATA[ & &amp; <script>", "\u2028line sep",
       "ถนน๑๒๓", 'quote " and \' apostrophe']
HOSTILE = ["\x00NUL", "\x01\x08\x0b\x0c\x0e\x1f controls", "\x7f\x85\x9f C1", "\ufffe\uffff",
           "mixed\x01ถนน\ufffeพัง\x1b"]


@pytest.fixture
def wire(database_url, fake_line, tmp_path):
    """The app on each database, read through a Wire."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, open311_posts_per_minute=500))
    with app.extensions["chaeng"].db.uow() as uow:
        key = add_api_key(uow, "conformance")
        uow.commit()
    yield Wire(app, key)
    app.extensions["chaeng"].db.dispose()


class Wire:
    """Drives /open311/v2/ in both formats and checks every answer against its schema."""

    def __init__(self, app, key: str):
        self.app, self.key, self.client = app, key, app.test_client()

    def get(self, path: str, shape: str, status: int = 200, query: str = ""):
        """GET path.json and path.xml; check both; return the JSON document."""
        return self._both(lambda fmt: self.client.get(f"{V2}/{path}.{fmt}{query}"), shape, status)

    def post(self, form, shape: str = "RequestResponse", status: int = 200, raw: bool = False):
        """POST requests.json, then requests.xml, with the same form (so a 200 creates two
        requests); check both answers and return the JSON one."""
        def send(fmt):
            if raw:  # bytes as a client that sends lone surrogates would encode them
                return self.client.post(f"{V2}/requests.{fmt}", data=form,
                                        content_type="application/x-www-form-urlencoded")
            return self.client.post(f"{V2}/requests.{fmt}", data=form)
        return self._both(send, shape, status)

    def _both(self, send, shape: str, status: int):
        """Send in each format, check each answer, and check the XML says what the JSON says."""
        as_json, as_xml = send("json"), send("xml")
        for answer, kind in ((as_json, "application/json"), (as_xml, "text/xml")):
            assert answer.status_code == status, answer.get_data(as_text=True)[:300]
            assert answer.headers["Content-Type"] == f"{kind}; charset=utf-8"
        assert as_xml.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        document = as_json.json
        check(document, shape)
        read_back = from_xml(as_xml.data, shape_schema(shape))  # raises unless well-formed
        check(read_back, shape)
        if not shape.startswith(("RequestResponse", "Errors")):  # those create or count anew
            assert read_back == as_xml_would_say(document)
        validator_checks(as_xml.data)
        return document


def shape_schema(shape: str) -> dict:
    """The schema of a shape: a public schema file, or an answer only the spec describes."""
    return schema(shape) if shape.endswith(".json") else answer_schema(shape)


def check(document, shape: str) -> None:
    """Validate a document against its shape's schema."""
    if shape.endswith(".json"):
        validate(document, shape)
    else:
        validate_answer(document, shape)


def as_xml_would_say(value):
    """A JSON value as XML carries it: an XML parser reads every line end as \\n (XML 1.0, 2.11)."""
    if isinstance(value, dict):
        return {key: as_xml_would_say(child) for key, child in value.items()}
    if isinstance(value, list):
        return [as_xml_would_say(child) for child in value]
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def validator_checks(body: bytes) -> None:
    """The checks of the official open311-validator-py (test311.py), restated: it is Python 2
    and not packaged. Left out are its required `address` (the spec and request.json allow none)
    and its date pattern without an offset, which refuses the spec's own examples."""
    root = ET.fromstring(body)
    for service in root.iter("service"):
        assert service.findtext("service_code") and service.findtext("description")
        assert service.findtext("metadata") in ("true", "false")
        assert service.findtext("type") in ("realtime", "batch", "blackbox")
    for attribute in root.iter("attribute"):
        assert attribute.findtext("variable") in ("true", "false") and attribute.findtext("code")
        assert attribute.findtext("required") in ("true", "false")
        assert attribute.findtext("datatype") in ("string", "number", "datetime", "text",
                                                   "singlevaluelist", "multivaluelist")
        int(attribute.findtext("order"))
    for request in root.iter("request"):
        assert request.findtext("service_request_id")
        if request.find("status") is not None:
            assert request.findtext("status") in ("open", "closed")
        for number in ("lat", "long"):
            if request.findtext(number):
                float(request.findtext(number))


def report(app, categories, days_ago: int = 0) -> str:
    """A case from the chat's own service, `days_ago` old; its ticket id."""
    with app.extensions["chaeng"].db.uow() as uow:
        case = services.submit_report(uow, None, description="หลุมใหญ่ โทร 0812345678",
                                      categories=list(categories), latitude=13.7465,
                                      longitude=100.5348, address="ถนนพระราม 1 เขตปทุมวัน 10330",
                                      district="ปทุมวัน", subdistrict=None, photo_ids=[])
        case.created_at = utcnow() - timedelta(days=days_ago)
        uow.commit()
        return case.ticket_id


def test_every_endpoint_and_method_answers_in_both_formats_as_the_schemas_say(wire):
    discovery = wire.get("discovery", "Discovery")
    assert discovery["endpoints"][0]["url"] == "https://chaeng.example.org/open311/v2/"
    listed = wire.get("services", "services.json")
    assert {s["service_code"] for s in listed} == set(BY_CODE)
    for code in BY_CODE:
        assert wire.get(f"services/{code}", "service-definition.json")["service_code"] == code

    road, old = report(wire.app, ["ถนน"]), report(wire.app, ["ถนน"], days_ago=40)
    flood = report(wire.app, ["น้ำท่วม", "ถนน"], days_ago=2)
    with wire.app.extensions["chaeng"].db.uow() as uow:
        move(uow, flood, "accept")
        move(uow, flood, "finish", note="สูบน้ำแล้ว")
        uow.commit()
    (posted,) = wire.post({**PLACE, "api_key": wire.key, "description": "ไฟดับ",
                           "attribute[landmark]": "สยาม"})
    created = posted["service_request_id"]
    (by_address_id,) = wire.post({"api_key": wire.key, "service_code": "drain",
                                  "address_id": "BMA-0042"})

    def ids(query: str) -> list[str]:
        return [r["service_request_id"] for r in wire.get("requests", "requests.json", query=query)]
    everything = wire.get("requests", "requests.json")
    assert len(everything) == 7  # three reported, two posted twice (as JSON and as XML)
    assert set(ids(f"?service_request_id={road},{old}")) == {road, old}
    roads = ids("?service_code=road")
    assert len(roads) == 4 and {road, old, created} <= set(roads)
    drains_and_floods = ids("?service_code=flooding,drain")
    assert len(drains_and_floods) == 3 and drains_and_floods[1:] == [
        by_address_id["service_request_id"], flood]  # newest first
    assert ids("?status=closed") == [flood]
    assert flood not in ids("?status=open") and len(ids("?status=open,closed")) == 7
    since = (utcnow() - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    until = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(f"?start_date={since}&end_date={until}") == [flood]
    for ticket in (road, created, flood):
        (alone,) = wire.get(f"requests/{ticket}", "requests.json")
        assert alone == next(r for r in everything if r["service_request_id"] == ticket)
        assert wire.get(f"tokens/{ticket}", "TokenResponse")[0]["service_request_id"] == ticket

    errors = [("requests", "?status=done", 400), ("requests", "?service_code=lava", 400),
              ("requests", f"?start_date={since}&start_date={until}", 400),
              ("requests/2026-NOSUCH", "", 404), ("tokens/2026-NOSUCH", "", 404),
              ("services/lava", "", 404), ("complaints", "", 404)]
    for path, query, status in errors:
        (error,) = wire.get(path, "Errors", status, query)
        assert error["code"] == status
    wire.post({**PLACE, "api_key": "guess"}, "Errors", 403)
    wire.post({**PLACE, "api_key": wire.key, "service_code": "lava"}, "Errors", 404)
    wire.post({"api_key": wire.key, "service_code": "road"}, "Errors", 400)
    wire.post({**PLACE, "api_key": wire.key, "description": "ก" * 70_000}, "Errors", 413)
    for method in ("PUT", "DELETE", "PATCH"):
        for fmt in ("json", "xml"):
            answer = wire.client.open(f"{V2}/requests.{fmt}", method=method)
            assert answer.status_code == 405 and "POST" in answer.headers["Allow"]
            body = answer.json if fmt == "json" else from_xml(answer.data, answer_schema("Errors"))
            validate_answer(body, "Errors")


def test_the_pace_answer_is_in_the_spec_format_in_both_formats(database_url, fake_line, tmp_path):
    app = create_app(make_settings(database_url, fake_line, tmp_path, open311_posts_per_minute=1))
    try:
        with app.extensions["chaeng"].db.uow() as uow:
            key = add_api_key(uow, "conformance")
            uow.commit()
        wire = Wire(app, key)
        first = wire.client.post(f"{V2}/requests.json", data={**PLACE, "api_key": key})
        assert first.status_code == 200
        (error,) = wire.post({**PLACE, "api_key": key}, "Errors", 429)
        assert error["code"] == 429
    finally:
        app.extensions["chaeng"].db.dispose()


def test_after_hostile_posts_every_xml_answer_is_well_formed_and_says_what_the_json_says(wire):
    tickets = []
    for text in ODD + HOSTILE:
        for field in ("description", "address_string", "attribute[landmark]"):
            answer = wire.post({**PLACE, "api_key": wire.key, field: text})
            tickets.append(answer[0]["service_request_id"])
    lone = urlencode({**PLACE, "api_key": wire.key, "description": "lone \ud800 surrogate \udfff"},
                     encoding="utf-8", errors="surrogatepass")
    tickets.append(wire.post(lone, raw=True)[0]["service_request_id"])
    at_limits = {**PLACE, "api_key": wire.key, "description": "ก" * 4000,
                 "address_string": "ข" * 500, "attribute[landmark]": "ค" * 500,
                 "email": "e" * 254, "phone": "1" * 40,
                 "media_url": "https://example.org/" + "p" * 1980}
    tickets.append(wire.post(at_limits)[0]["service_request_id"])
    for field, length in (("description", 4001), ("address_string", 501), ("first_name", 101)):
        wire.post({**PLACE, "api_key": wire.key, field: "ง" * length}, "Errors", 400)

    everything = wire.get("requests", "requests.json")
    assert {r["service_request_id"] for r in everything} >= set(tickets)
    for request in everything:
        for value in request.values():
            assert not (isinstance(value, str) and XML_FORBIDS.search(value)), value
    texts = {r["description"] for r in everything} | {r["address"] for r in everything}
    assert all(any(odd.strip() in text for text in texts if text) for odd in ODD)
    some = ",".join(tickets[:20])
    for query in ("?status=open", "?service_code=road", f"?service_request_id={some}"):
        wire.get("requests", "requests.json", query=query)
    for ticket in tickets:
        wire.get(f"requests/{ticket}", "requests.json")
    with pytest.raises(jsonschema.ValidationError):  # the check itself can fail
        validate(everything + [{"service_request_id": "x"}], "requests.json")
