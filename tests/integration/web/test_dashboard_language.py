"""Every word of the dashboard in the chosen language, people named as staff know them, and
lists of districts, agencies and categories in the order their readers look for them."""
from __future__ import annotations

import re

import pytest
from pythainlp.util import collate

from bot import services
from bot.permissions import Actor
from tests.support.casework import move
from tests.support.staff import make_case, signed_in

REPORTER = "U" + "d" * 32


def officer_accepts(runtime, ticket: str, name: str = "สมศรี ใจดี") -> None:
    """An officer of the case's agency takes it into work, as from LINE."""
    with runtime.db.uow() as uow:
        agency = services.find_case(uow, ticket).agency.code
        officer, _code = services.add_officer(uow, name, agency, Actor.admin("test"))
        services.accept(uow, ticket, services.officer_actor(officer), "กำลังไป")
        uow.commit()


def in_english(client) -> None:
    """Switch the signed-in person's dashboard to English."""
    client.post("/admin/language", {"lang": "en", "next": "/admin/"})


def timeline(page: str) -> str:
    """The timeline's text."""
    return re.search(r'id="timeline">(.*?)</ol>', page, re.S).group(1)


def options(page: str, name: str) -> list[str]:
    """The shown texts of a filter's options (the 'any' choice left out)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select)


def test_the_timeline_says_what_happened_and_who_in_thai(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime, reporter=REPORTER, district="วัฒนา", subdistrict="คลองเตยเหนือ")
    officer_accepts(runtime, case.ticket_id)
    with runtime.db.uow() as uow:
        move(uow, case.ticket_id, "finish", note="ซ่อมแล้ว")
        move(uow, case.ticket_id, "rate", stars=5)
        uow.commit()
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    said = timeline(page)
    for verb in ("แจ้งเรื่อง", "รับเรื่อง", "เสร็จสิ้น", "ให้คะแนน"):
        assert f"<strong>{verb}</strong>" in said
    assert "สมศรี ใจดี · สำนักงานเขตวัฒนา" in said and "ประชาชน" in said
    assert "ผู้ดูแลระบบ test" in said
    for raw in ("officer:", "citizen", "u-", ">create<", ">accept<", "admin:"):
        assert raw not in said, raw
    assert "แขวงคลองเตยเหนือ เขตวัฒนา" in page


def test_in_english_districts_categories_timeline_and_logs_are_english(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime, reporter=REPORTER, district="วัฒนา", subdistrict="คลองเตยเหนือ")
    officer_accepts(runtime, case.ticket_id, "Somsri")
    admin = signed_in(site, "a@city.go.th", "admin")
    in_english(admin)
    page = admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    assert "Khlong Toei Nuea, Watthana" in page and "Road" in page
    said = timeline(page)
    assert "<strong>Reported</strong>" in said and "<strong>Accepted</strong>" in said
    assert "Somsri · Watthana District Office" in said and "Citizen" in said
    listing = admin.get("/admin/cases/").get_data(as_text=True)
    rows = re.search(r'<tbody>(.*?)</tbody>', listing, re.S).group(1)
    assert "Watthana" in rows and "วัฒนา" not in rows
    assert "Watthana" in options(listing, "district") and "วัฒนา" not in options(listing, "district")
    audit = admin.get(f"/admin/logs/audit?ticket={case.ticket_id}").get_data(as_text=True)
    assert ">Accepted<" in audit and ">done<" in audit


def test_log_states_and_audit_actions_are_thai_in_thai(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime, reporter=REPORTER)
    admin = signed_in(site, "a@city.go.th", "admin")
    admin.post(f"/admin/cases/{case.ticket_id}/act/accept", {})
    audit = admin.get("/admin/logs/audit").get_data(as_text=True)
    rows = re.search(r'<tbody>(.*?)</tbody>', audit, re.S).group(1)
    assert "รับเรื่อง" in rows and "สำเร็จ" in rows and "เข้าสู่ระบบ" in rows
    assert ">accept<" not in rows and ">done<" not in rows and ">sign_in<" not in rows
    outbox = admin.get("/admin/logs/outbox").get_data(as_text=True)
    assert "รอดำเนินการ" in outbox and ">pending<" not in outbox
    assert "ผู้ดูแลระบบ" in admin.get("/admin/cases/").get_data(as_text=True)  # the role, in Thai


def test_districts_agencies_and_categories_are_listed_as_their_readers_look_for_them(site):
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get("/admin/cases/").get_data(as_text=True)
    districts = options(page, "district")
    assert districts.index("คลองเตย") < districts.index("คลองสาน")  # code-point order has it backwards
    assert districts == collate(districts)
    agencies = options(page, "agency")
    assert agencies == collate(agencies)
    categories = options(page, "category")
    assert categories == collate(categories)
    in_english(admin)
    page = admin.get("/admin/stats/").get_data(as_text=True)
    for name in ("district", "agency", "category"):
        shown = options(page, name)
        assert shown == sorted(shown, key=str.casefold), name
    digest = admin.get("/admin/digest/").get_data(as_text=True)
    assert options(digest, "district") == sorted(options(digest, "district"), key=str.casefold)


@pytest.mark.parametrize("lang, words", [("th", "ไม่พบหน้าหรือเรื่องที่ขอ"), ("en", "There is no such page or case")])
def test_a_mistyped_ticket_on_the_dashboard_gets_a_page_in_its_language_with_the_way_back(site, lang, words):
    admin = signed_in(site, "a@city.go.th", "admin")
    admin.post("/admin/language", {"lang": lang, "next": "/admin/cases/"})
    for path in ("/admin/cases/2026-ZZZZZZ", "/admin/no-such-page"):
        answer = admin.get(path)
        page = answer.get_data(as_text=True)
        assert answer.status_code == 404 and words in page, path
        assert 'href="/admin/cases/"' in page and "Not Found</h1>" not in page
