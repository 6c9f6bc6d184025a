"""A third-party Open311 client from PyPI (georeport) reads /open311/v2/ over real HTTP, in JSON
and in XML, before and after hostile POSTs (issue 21). georeport cannot create requests, so the
POSTs go over the same HTTP with requests, as a partner system would send them."""
from __future__ import annotations

import pytest
import requests
from georeport import GeoReport

from bot.opendata.admin import add_api_key
from tests.support.browser import serving

pytestmark = pytest.mark.usefixtures("clock")

PLACE = {"service_code": "road", "lat": "13.7465", "long": "100.5348"}
HOSTILE = ["ไฟดับ\x01ซอย\x0b5\x1f", "หน้า\ufffeร้าน\uffff", "]]> & <b>", "\u202eRTL\u202c",
           "e\u0301"]


@pytest.fixture
def served(app_each_db):
    """The app on each database, on a loopback port, with an API key; (base URL, key)."""
    with app_each_db.extensions["chaeng"].db.uow() as uow:
        key = add_api_key(uow, "georeport")
        uow.commit()
    with serving(app_each_db) as base:
        yield base + "/open311/v2", key


def post(api: str, key: str, fmt: str = "json", **form) -> requests.Response:
    """Create a request over HTTP."""
    return requests.post(f"{api}/requests.{fmt}", data={"api_key": key, **PLACE, **form},
                         timeout=30)


def as_list(value) -> list:
    """georeport's XML answers: a list, or one dict when there is one element (xmltodict)."""
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_lists_services_definitions_and_filtered_requests(served, fmt):
    api, key = served
    client = GeoReport(api, jurisdiction="bangkok", output_format=fmt)
    services = client.get_service_list()
    assert len(services) == 25 and services[0]["service_code"] == "road"
    definition = client.get_service_definition("flooding")
    attributes = definition["attributes"] if fmt == "json" else [
        definition["attributes"]["attribute"]]
    assert attributes[0]["code"] == "landmark"
    road = post(api, key, description="หลุมใหญ่").json()[0]["service_request_id"]
    light = post(api, key, service_code="street_light").json()[0]["service_request_id"]
    found = as_list(client.get_service_requests(service_code="road,street_light", status="open"))
    assert {r["service_request_id"] for r in found} == {road, light}
    (only,) = as_list(client.get_service_requests(service_request_id=road))
    assert only["service_code"] == "road" and only["status"] == "open"


def test_georeport_still_reads_every_xml_list_after_hostile_posts(served):
    api, key = served
    for text in HOSTILE:
        for field in ("description", "address_string", "attribute[landmark]"):
            assert post(api, key, "xml", **{field: text}).status_code == 200
    client = GeoReport(api, output_format="xml")
    found = as_list(client.get_service_requests())  # xmltodict (expat) refuses malformed XML
    assert len(found) == 15
    described = {r["description"] for r in found if r.get("description")}
    assert "ไฟดับซอย5" in described and "หน้าร้าน" in described and "]]> & <b>" in described
    json_client = GeoReport(api, output_format="json")
    assert sorted(r["service_request_id"] for r in json_client.get_service_requests()) == sorted(
        r["service_request_id"] for r in found)
