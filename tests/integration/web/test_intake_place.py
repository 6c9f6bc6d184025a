"""The call-centre form keeps one place per case: the address moves the pin, the form says where
the case will go before it is sent, and a disagreement between address and pin is stated on the
form and on the case. Category suggestions are told as the classifier gives them."""
from __future__ import annotations

import re

from sqlalchemy import select

import nlp
from storage.models import Case
from tests.support.staff import signed_in

WATTHANA = "ซอยสุขุมวิท 11 แขวงคลองเตยเหนือ เขตวัฒนา"
HUAI_KHWANG_PIN = ("13.776600", "100.579700")


def preview(client, **fields) -> dict:
    """What the form shows before sending, for the fields typed so far."""
    query = "&".join(f"{k}={v}" for k, v in fields.items())
    answer = client.get(f"/admin/intake/preview?{query}")
    assert answer.status_code == 200
    return answer.get_json()


def test_a_typed_address_gives_a_point_for_the_pin_and_the_agency_before_sending(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    seen = preview(operator, address=WATTHANA, description="ถนนเป็นหลุมใหญ่")
    assert seen["address"]["place"] == "แขวงคลองเตยเหนือ เขตวัฒนา"
    point = seen["address"]["latitude"], seen["address"]["longitude"]
    assert nlp.locate(*point).district == "วัฒนา"  # the pin goes inside the typed place
    assert seen["agency"]["name"] == "สำนักงานเขตวัฒนา" and seen["mismatch"] is None
    english = preview(operator, address=WATTHANA, lang="en")
    assert english["address"]["place"] == "Khlong Toei Nuea, Watthana"


def test_a_pin_elsewhere_than_the_address_is_stated_and_the_agency_follows_the_pin(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    lat, lng = HUAI_KHWANG_PIN
    seen = preview(operator, address=WATTHANA, latitude=lat, longitude=lng)
    assert seen["pin"]["place"] == "แขวงห้วยขวาง เขตห้วยขวาง"
    assert "เขตวัฒนา" in seen["mismatch"] and "เขตห้วยขวาง" in seen["mismatch"]
    assert seen["agency"]["name"] == "สำนักงานเขตห้วยขวาง"


def test_a_case_sent_with_the_mismatch_says_so_and_the_operator_sees_what_was_created(site):
    runtime = site.extensions["chaeng"]
    operator = signed_in(site, "op@city.go.th", "operator")
    lat, lng = HUAI_KHWANG_PIN
    answer = operator.post("/admin/intake/", {"description": "ถนนเป็นหลุมใหญ่", "address": WATTHANA,
                                              "latitude": lat, "longitude": lng},
                           content_type="multipart/form-data")
    done = operator.get(answer.headers["Location"]).get_data(as_text=True)
    assert "สำนักงานเขตห้วยขวาง" in done and "แขวงห้วยขวาง เขตห้วยขวาง" in done
    assert re.search(r'id="place-mismatch"[^>]*>[^<]*เขตวัฒนา[^<]*เขตห้วยขวาง', done)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case))
        assert case.district == "ห้วยขวาง" and case.address == WATTHANA
        ticket = case.ticket_id
    page = operator.get(f"/admin/cases/{ticket}").get_data(as_text=True)
    created = re.search(r'id="created".*?</section>', page, re.S).group(0)
    assert ticket in created and "สำนักงานเขตห้วยขวาง" in created
    assert "ดูได้อย่างเดียว" not in page
    assert re.search(r'id="place-mismatch"[^>]*>[^<]*เขตวัฒนา[^<]*เขตห้วยขวาง', page)
    admin = signed_in(site, "a@city.go.th", "admin")
    assert 'id="place-mismatch"' in admin.get(f"/admin/cases/{ticket}").get_data(as_text=True)


def test_suggestions_are_the_top_three_at_most_rounded_honestly_specific_before_general(site):
    operator = signed_in(site, "op@city.go.th", "operator")
    text = "ฝาท่อระบายน้ำหาย อันตรายมาก"
    found = operator.get(f"/admin/intake/suggest?text={text}&lang=en").get_json()["suggestions"]
    assert 1 <= len(found) <= 3
    assert found[0]["label"] == "ท่อระบายน้ำ"  # a missing drain cover is a drain first
    assert all(s["shown"] != "100%" for s in found)  # the model's 1.0 is "≥99%", not certainty
    assert all(s["confidence"] >= 0.05 for s in found[1:])
    runtime = site.extensions["chaeng"]
    operator.post("/admin/intake/", {"description": text, "address": WATTHANA},
                  content_type="multipart/form-data")
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(Case)).categories[0] == "ท่อระบายน้ำ"
