"""Case actions answer where the eye is; rejecting, hiding and blocking need a reason and a
confirmation (a required box: no script needed), and block and unblock are two actions."""
from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import AuditEntry, Case, LineUser
from tests.support.staff import make_case, signed_in

REPORTER = "U" + "c" * 32
RESULT = re.compile(r'id="result"[^>]*>(.*?)</', re.S)


def result_of(client, answer) -> str:
    """The message at the top of the page an action leads back to (it opens scrolled there)."""
    assert answer.status_code == 302 and answer.headers["Location"].endswith("#result")
    return RESULT.search(client.get(answer.headers["Location"]).get_data(as_text=True)).group(1)


def audited(app, ticket: str) -> list[str]:
    """The case's audit actions that were done (refusals aside), oldest first."""
    with app.extensions["chaeng"].db.uow() as uow:
        return list(uow.session.scalars(select(AuditEntry.action).where(
            AuditEntry.ticket_id == ticket, AuditEntry.outcome == "done").order_by(AuditEntry.id)))


def test_an_action_says_what_it_did_at_the_top_of_the_page_it_opens_at(site):
    case = make_case(site.extensions["chaeng"])
    admin = signed_in(site, "a@city.go.th", "admin")
    answer = admin.post(f"/admin/cases/{case.ticket_id}/act/accept", {"note": "กำลังไป"})
    assert "รับเรื่องแล้ว เรื่องอยู่ระหว่างดำเนินการ" in result_of(admin, answer)


def test_rejecting_needs_a_reason_and_a_ticked_confirmation(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime)
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    form = re.search(r'<form[^>]*id="act-reject".*?</form>', page, re.S).group(0)
    assert 'class="danger"' in form and re.search(r'type="checkbox" name="confirm"[^>]*required', form)
    unconfirmed = admin.post(f"/admin/cases/{case.ticket_id}/act/reject", {"reason": "ซ้ำซ้อน"})
    assert "กรุณาติ๊กยืนยัน" in result_of(admin, unconfirmed)
    with runtime.db.uow() as uow:
        assert uow.session.get(Case, case.id).state == "waiting"
    done = admin.post(f"/admin/cases/{case.ticket_id}/act/reject",
                      {"reason": "ซ้ำซ้อน", "confirm": "1"})
    assert "ปิดเรื่องว่าไม่เกี่ยวข้องแล้ว" in result_of(admin, done)


def test_hiding_a_case_needs_a_reason_and_a_confirmation_and_says_so(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime)
    admin = signed_in(site, "a@city.go.th", "admin")
    url = f"/admin/cases/{case.ticket_id}/hidden"
    assert "กรุณาระบุเหตุผล" in result_of(admin, admin.post(url, {"hidden": "1", "confirm": "1"}))
    assert "กรุณาติ๊กยืนยัน" in result_of(admin, admin.post(url, {"hidden": "1", "reason": "สแปม"}))
    with runtime.db.uow() as uow:
        assert not uow.session.get(Case, case.id).hidden
    hidden = admin.post(url, {"hidden": "1", "reason": "สแปม", "confirm": "1"})
    assert "ซ่อนเรื่องจากสาธารณะแล้ว" in result_of(admin, hidden)
    assert "กลับมาแสดงต่อสาธารณะแล้ว" in result_of(admin, admin.post(url, {"hidden": "0"}))
    assert audited(site, case.ticket_id)[-2:] == ["hide_case", "unhide_case"]


def test_block_and_unblock_are_two_actions_each_with_its_own_message_and_audit(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime, reporter=REPORTER)
    admin = signed_in(site, "a@city.go.th", "admin")
    block, unblock = (f"/admin/cases/{case.ticket_id}/reporter/{a}" for a in ("block", "unblock"))

    def blocked() -> bool:
        with runtime.db.uow() as uow:
            return uow.session.get(LineUser, REPORTER).blocked

    assert "กรุณาระบุเหตุผล" in result_of(admin, admin.post(block, {"confirm": "1"}))
    assert "กรุณาติ๊กยืนยัน" in result_of(admin, admin.post(block, {"reason": "ด่าทอ"}))
    assert not blocked()
    assert "ระงับผู้ใช้ LINE นี้แล้ว" in result_of(
        admin, admin.post(block, {"reason": "ด่าทอ", "confirm": "1"}))
    again = admin.post(block, {"reason": "ด่าทอ", "confirm": "1"})  # a second click is no unblock
    assert "ถูกระงับอยู่แล้ว" in result_of(admin, again) and blocked()
    assert "ยกเลิกการระงับแล้ว" in result_of(admin, admin.post(unblock, {"reason": "ขอโทษแล้ว"}))
    assert not blocked()
    assert "ไม่ได้ถูกระงับ" in result_of(admin, admin.post(unblock, {}))
    assert audited(site, case.ticket_id) == ["block_user", "unblock_user"]
    page = admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    assert 'id="block-reporter"' in page and 'id="unblock-reporter"' not in page
