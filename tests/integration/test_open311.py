"""Open311 GeoReport v2 over HTTP, on SQLite and PostgreSQL, checked against the public schemas."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot import create_app, services
from storage.models import Case, utcnow
from tests.support.casework import move
from tests.conftest import make_settings
from tests.support.images import jpeg
from tests.support.open311 import validate, xml_items

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment

V2 = "/open311/v2"
PHONE = "081-234-5678"


@pytest.fixture
def app_on(database_url, fake_line, tmp_path):
    """The app on each database."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield app
    app.extensions["chaeng"].db.dispose()


@pytest.fixture
def api_key(app_on) -> str:
    """A key made the way an operator makes one."""
    result = app_on.test_cli_runner().invoke(args=["apikeys", "add", "call-centre"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def report(app, description: str, categories=("ถนน",), days_ago: int = 0, photo: bool = False) -> str:
    """A case reported through the chat's service, optionally with a photo; its ticket id."""
    runtime = app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        photo_ids = []
        if photo:
            image = runtime.media.save_image(jpeg(), 10_000_000)
            photo_ids = [services.add_photo(uow, "U1", image).id]
        services.ensure_user(uow, "U1")
        case = services.submit_report(
            uow, "U1", description=description, categories=list(categories), latitude=13.7465,
            longitude=100.5348, address="ถนนพระราม 1 แขวงวังใหม่ เขตปทุมวัน กรุงเทพมหานคร 10330",
            district="ปทุมวัน", subdistrict="วังใหม่", photo_ids=photo_ids)
        case.created_at = utcnow() - timedelta(days=days_ago)
        uow.commit()
        return case.ticket_id


def test_services_list_every_category_in_thai_and_english_in_both_formats(app_on):
    client = app_on.test_client()
    services_json = client.get(f"{V2}/services.json").json
    validate(services_json, "services.json")
    road = next(s for s in services_json if s["service_code"] == "road")
    assert road["service_name"] == "ถนน / Road" and road["group"] == "roads_and_transport"
    assert "pothole" in road["keywords"]
    assert len(services_json) == 25
    items = xml_items(client.get(f"{V2}/services.xml").data, "services", "service", "service.json")
    assert len(items) == 25 and items[0].findtext("service_code") == "road"


def test_a_service_definition_lists_its_attributes_and_an_unknown_one_is_a_404(app_on):
    client = app_on.test_client()
    definition = client.get(f"{V2}/services/flooding.json").json
    validate(definition, "service-definition.json")
    assert definition["attributes"][0]["code"] == "landmark"
    missing = client.get(f"{V2}/services/lava.json")
    assert missing.status_code == 404 and missing.json[0]["code"] == 404
    xml = client.get(f"{V2}/services/lava.xml")
    assert xml.status_code == 404 and b"<errors><error><code>404</code>" in xml.data
    elsewhere = client.get(f"{V2}/complaints.xml")
    assert elsewhere.status_code == 404 and b"<errors><error><code>404</code>" in elsewhere.data


def test_a_client_with_a_key_creates_a_request_and_sees_it_in_both_formats(app_on, api_key):
    client = app_on.test_client()
    answer = client.post(f"{V2}/requests.json", data={
        "api_key": api_key, "service_code": "street_light", "lat": "13.7465", "long": "100.5348",
        "description": f"ไฟดับทั้งซอย โทร {PHONE}", "attribute[landmark]": "หน้าสยามพารากอน",
        "media_url": "https://example.org/p.jpg", "email": "somchai@example.org"})
    assert answer.status_code == 200, answer.data
    ticket = answer.json[0]["service_request_id"]
    with app_on.extensions["chaeng"].db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert (case.source, case.categories, case.reporter_id) == ("open311", ["แสงสว่าง"], None)
        assert case.district == "ปทุมวัน" and case.events[0].actor == "open311:call-centre"
    listed = client.get(f"{V2}/requests.json?service_request_id={ticket}").json
    validate(listed, "requests.json")
    assert listed[0]["status"] == "open" and listed[0]["service_code"] == "street_light"
    assert listed[0]["agency_responsible"] == "สำนักงานเขตปทุมวัน"  # routed like a LINE report
    assert PHONE not in listed[0]["description"] and "somchai" not in str(listed)
    items = xml_items(client.get(f"{V2}/requests/{ticket}.xml").data, "service_requests",
                      "request", "request.json")
    assert items[0].findtext("service_request_id") == ticket
    assert client.get(f"{V2}/tokens/{ticket}.json").json == [
        {"service_request_id": ticket, "token": ticket}]


def test_an_address_string_is_located_and_a_request_without_any_place_is_a_400(app_on, api_key):
    client = app_on.test_client()
    answer = client.post(f"{V2}/requests.xml", data={
        "api_key": api_key, "service_code": "road", "address_string": "ซอยสุขุมวิท 21 เขตวัฒนา",
        "description": "หลุมใหญ่"})
    assert answer.status_code == 200 and b"<service_request_id>" in answer.data
    nowhere = client.post(f"{V2}/requests.json", data={"api_key": api_key, "service_code": "road"})
    assert nowhere.status_code == 400 and "lat and long" in nowhere.json[0]["description"]
    odd = client.post(f"{V2}/requests.json", data={"api_key": api_key, "service_code": "road",
                                                   "lat": "13.7", "long": "100.5",
                                                   "attribute[colour]": "red"})
    assert odd.status_code == 400


def test_a_missing_wrong_or_revoked_key_is_a_403_and_creates_nothing(app_on, api_key):
    client = app_on.test_client()
    form = {"service_code": "road", "lat": "13.7", "long": "100.5"}
    assert client.post(f"{V2}/requests.json", data=form).status_code == 403
    assert client.post(f"{V2}/requests.json", data={**form, "api_key": "guess"}).status_code == 403
    app_on.test_cli_runner().invoke(args=["apikeys", "revoke", "call-centre"])
    revoked = client.post(f"{V2}/requests.xml", data={**form, "api_key": api_key})
    assert revoked.status_code == 403 and b"<code>403</code>" in revoked.data
    listing = app_on.test_cli_runner().invoke(args=["apikeys", "list"]).output
    assert "call-centre" in listing and "revoked" in listing and api_key not in listing
    assert client.get(f"{V2}/requests.json").json == []


def test_get_requests_filters_by_service_status_and_dates_within_the_default_90_days(app_on):
    road, flood, old = (report(app_on, "หลุม"), report(app_on, "น้ำท่วม", ("น้ำท่วม",), 5),
                        report(app_on, "เก่า", days_ago=120))
    with app_on.extensions["chaeng"].db.uow() as uow:
        move(uow, flood, "accept", actor="officer")
        move(uow, flood, "finish", actor="officer", note=f"ซ่อมแล้ว โทร {PHONE}")
        uow.commit()
    client = app_on.test_client()

    def ids(query: str) -> list[str]:
        answer = client.get(f"{V2}/requests.json{query}")
        assert answer.status_code == 200, answer.data
        validate(answer.json, "requests.json")
        return [r["service_request_id"] for r in answer.json]
    assert ids("") == [road, flood]
    assert ids("?service_code=flooding") == [flood]
    assert ids("?status=closed") == [flood] and ids("?status=open") == [road]
    since = (utcnow() - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(f"?start_date={since}") == [old]
    assert ids(f"?service_request_id={old},{road}") == [road, old]
    closed = client.get(f"{V2}/requests.json?status=closed").json[0]
    assert closed["status_notes"].startswith("Finished (เสร็จสิ้น)") and PHONE not in closed["status_notes"]
    too_long = client.get(f"{V2}/requests.json?start_date=2022-01-01T00:00:00Z&end_date=2022-12-31T00:00:00Z")
    assert too_long.status_code == 400 and "90 days" in too_long.json[0]["description"]
    assert client.get(f"{V2}/requests.json?status=done").status_code == 400
    assert client.get(f"{V2}/requests.json?start_date=monday").status_code == 400


def test_a_request_shows_a_signed_photo_link_and_hidden_cases_and_photos_stay_out(app_on):
    ticket = report(app_on, "ทางเท้าพัง", ("ทางเท้า",), photo=True)
    client = app_on.test_client()
    media = client.get(f"{V2}/requests/{ticket}.json").json[0]["media_url"]
    assert media.startswith("https://chaeng.example.org/media/")
    assert client.get(media.replace("https://chaeng.example.org", "")).status_code == 200
    with app_on.extensions["chaeng"].db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        case.photos[0].hidden = True
        uow.commit()
    assert client.get(f"{V2}/requests/{ticket}.json").json[0]["media_url"] is None
    with app_on.extensions["chaeng"].db.uow() as uow:
        uow.session.execute(update(Case).where(Case.ticket_id == ticket).values(hidden=True))
        uow.commit()
    assert client.get(f"{V2}/requests/{ticket}.json").status_code == 404
    assert client.get(f"{V2}/requests.json").json == []


def test_a_finished_request_shows_the_report_photo_the_latest_note_and_the_postcode_alike_in_a_list_and_alone(app_on):
    with_photo, without = report(app_on, "ไฟดับ", ("แสงสว่าง",), photo=True), report(app_on, "ขยะ")
    with app_on.extensions["chaeng"].db.uow() as uow:
        for ticket in (with_photo, without):
            move(uow, ticket, "accept", note="รับเรื่องแล้ว")
            move(uow, ticket, "update", note="ช่างกำลังไป")
            move(uow, ticket, "finish", note=f"เปลี่ยนหลอดแล้ว โทร {PHONE}")
        uow.commit()
        photos = {t: [(p.id, p.kind) for p in uow.session.scalar(
            select(Case).where(Case.ticket_id == t)).photos] for t in (with_photo, without)}
    client = app_on.test_client()
    listed = {r["service_request_id"]: r for r in client.get(f"{V2}/requests.json").json}
    for ticket in (with_photo, without):
        alone = client.get(f"{V2}/requests/{ticket}.json").json[0]
        assert alone == listed[ticket]
        assert alone["status_notes"] == "Finished (เสร็จสิ้น): เปลี่ยนหลอดแล้ว โทร [ลบข้อมูลส่วนบุคคล]"
        assert alone["zipcode"] == "10330" and alone["status"] == "closed"
    # The citizen's photo of the problem, not the officer's photo of the fix, unless it is all.
    assert [kind for _id, kind in photos[with_photo]] == ["report", "after"]
    assert f"/media/{photos[with_photo][0][0]}/" in listed[with_photo]["media_url"]
    assert f"/media/{photos[without][0][0]}/" in listed[without]["media_url"]
    xml = xml_items(client.get(f"{V2}/requests.xml").data, "service_requests", "request",
                    "request.json")
    assert {item.findtext("media_url") for item in xml} == {r["media_url"] for r in listed.values()}


def test_discovery_points_at_the_api_in_both_formats(app_on):
    client = app_on.test_client()
    found = client.get(f"{V2}/discovery.json").json
    assert found["endpoints"][0]["url"].endswith("/open311/v2/")
    assert b"<discovery>" in client.get(f"{V2}/discovery.xml").data
