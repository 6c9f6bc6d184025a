"""Every channel that writes a place goes through one rule (services.submit_report): a latitude
from -90 to 90 and a longitude from -180 to 180, finite, both or neither. NaN once reached the
public map and GeoJSON, which are then not JSON."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from bot import services
from bot.opendata.admin import add_api_key
from storage.models import Case
from tests.support.staff import signed_in

ABSURD = [("nan", "nan"), ("95", "200"), ("1e308", "-1e308"), ("inf", "100.5"), ("13.75", "-inf"),
          ("-91", "100.5"), ("13.75", "180.0001")]


@pytest.fixture
def site(app_each_db):
    """The web app on each database."""
    return app_each_db


def count(app) -> int:
    """How many cases there are."""
    with app.extensions["chaeng"].db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(Case))


@pytest.mark.parametrize("latitude, longitude", [(float(a), float(b)) for a, b in ABSURD] +
                         [(13.75, None), (None, 100.5)])
def test_the_report_service_refuses_a_place_off_the_earth_or_half_a_place(site, latitude, longitude):
    with site.extensions["chaeng"].db.uow() as uow:
        with pytest.raises(services.InvalidLocation):
            services.submit_report(uow, None, description="ถนนพัง", categories=["ถนน"],
                                   latitude=latitude, longitude=longitude, address=None,
                                   district=None, subdistrict=None, photo_ids=[])
    assert count(site) == 0


def test_the_call_centre_form_refuses_an_absurd_place_with_the_form_kept_and_saves_nothing(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    for latitude, longitude in ABSURD:
        answer = operator.post("/admin/intake/", {
            "description": "ไฟฟ้าดับทั้งซอย", "address": "ซอยสุขุมวิท 11", "latitude": latitude,
            "longitude": longitude}, content_type="multipart/form-data")
        assert answer.status_code == 400, (latitude, longitude)
        page = answer.get_data(as_text=True)
        assert "ตำแหน่งบนแผนที่ไม่ถูกต้อง" in page and "ไฟฟ้าดับทั้งซอย" in page
    assert count(site) == 0
    points = site.test_client().get("/board/points.json")
    assert "NaN" not in points.get_data(as_text=True) and points.get_json() == []
    assert json.loads(site.test_client().get("/open-data/cases.geojson").get_data(as_text=True))


def test_open311_refuses_an_absurd_place_in_its_own_error_format(site):
    with site.extensions["chaeng"].db.uow() as uow:
        key = add_api_key(uow, "call-centre")
        uow.commit()
    client = site.test_client()
    for latitude, longitude in ABSURD:
        answer = client.post("/open311/v2/requests.json", data={
            "api_key": key, "service_code": "street_light", "lat": latitude, "long": longitude,
            "description": "ไฟดับ"})
        assert answer.status_code == 400, (latitude, longitude)
        [error] = answer.get_json()
        assert error["code"] == 400 and "lat" in error["description"]
    assert count(site) == 0
