"""Call-centre intake: a phoned-in report becomes a case like a LINE one, the phone kept private."""
from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from storage.admin_models import CallerContact
from storage.models import Case, Photo
from tests.support.images import jpeg
from tests.support.staff import signed_in

PHONE = "081-234-5678"


def phone_in(client, **fields):
    """Submit the intake form like the operator's browser does."""
    data = {"description": "ไฟฟ้าส่องสว่างดับทั้งซอย มืดมาก อันตราย", "address": "ซอยสุขุมวิท 11 เขตวัฒนา",
            "phone": PHONE, **fields}
    return client.post("/admin/intake/", data, content_type="multipart/form-data")


def test_an_operator_enters_a_phoned_in_report_and_gets_a_ticket_to_read_back(site):
    runtime = site.extensions["chaeng"]
    operator = signed_in(site, "op@city.go.th", "operator")
    answer = phone_in(operator, photos=[(io.BytesIO(jpeg(with_gps=True)), "lamp.jpg")])
    assert answer.status_code == 302
    done = operator.get(answer.headers["Location"]).get_data(as_text=True)
    ticket = re.search(r'id="created-ticket">(\d{4}-[0-9A-Z]{6})<', done).group(1)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert case.source == "call_centre" and case.reporter_id is None
        assert case.district == "วัฒนา"
        assert case.categories[0] == "แสงสว่าง"  # the classifier chose, as the operator left it
        assert [e.actor for e in case.events] == ["operator:op@city.go.th"]
        assert uow.session.scalar(select(func.count()).select_from(Photo)
                                  .where(Photo.case_id == case.id)) == 1
        assert uow.session.get(CallerContact, case.id).phone == PHONE
        assert PHONE not in case.description


def test_the_callers_phone_is_shown_to_operators_and_admins_only(app):
    operator = signed_in(app, "op@city.go.th", "operator")
    ticket = operator.get(phone_in(operator).headers["Location"]).get_data(as_text=True)
    ticket = re.search(r'id="created-ticket">([^<]+)<', ticket).group(1)
    admin = signed_in(app, "a@city.go.th", "admin")
    supervisor = signed_in(app, "s@city.go.th", "supervisor")
    assert PHONE in operator.get(f"/admin/cases/{ticket}").get_data(as_text=True)
    assert PHONE in admin.get(f"/admin/cases/{ticket}").get_data(as_text=True)
    assert PHONE not in supervisor.get(f"/admin/cases/{ticket}").get_data(as_text=True)
    for name in ("categories", "districts", "stars", "months", "summary"):
        assert PHONE not in admin.get(f"/admin/stats/{name}.csv").get_data(as_text=True)
    assert PHONE not in admin.get("/admin/map/points.json").get_data(as_text=True)


def test_a_map_click_sets_the_place_and_a_chosen_category_wins(app):
    runtime = app.extensions["chaeng"]
    operator = signed_in(app, "op@city.go.th", "operator")
    phone_in(operator, address="", latitude="13.7649", longitude="100.5383", category="ถนน")
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case))
        assert (case.latitude, case.longitude) == (13.7649, 100.5383)
        assert case.district == "ราชเทวี" and case.categories == ["ถนน"]


def test_a_bad_photo_or_phone_or_no_description_creates_nothing_and_says_why(app):
    runtime = app.extensions["chaeng"]
    operator = signed_in(app, "op@city.go.th", "operator")
    not_image = phone_in(operator, photos=[(io.BytesIO(b"GIF89a not really"), "x.gif")])
    bad_phone = phone_in(operator, phone="call me maybe")
    empty = phone_in(operator, description="   ")
    assert not_image.status_code == bad_phone.status_code == empty.status_code == 400
    assert "รูปใช้ไม่ได้" in not_image.get_data(as_text=True)
    assert "เบอร์โทรไม่ถูกต้อง" in bad_phone.get_data(as_text=True)
    assert "กรุณากรอกรายละเอียด" in empty.get_data(as_text=True)
    assert "ซอยสุขุมวิท 11" in bad_phone.get_data(as_text=True)  # what was typed is kept
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 0


def test_categories_are_suggested_as_the_operator_types(app):
    operator = signed_in(app, "op@city.go.th", "operator")
    answer = operator.get("/admin/intake/suggest?text=ไฟฟ้าส่องสว่างดับทั้งซอย&lang=en").get_json()
    assert answer["suggestions"][0]["label"] == "แสงสว่าง"
    assert answer["suggestions"][0]["name"] == "Street light"
    assert operator.get("/admin/intake/suggest?text=").get_json()["suggestions"] == []
    located = operator.get("/admin/intake/locate?text=ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก").get_json()
    assert located["district"] == "บางรัก"
