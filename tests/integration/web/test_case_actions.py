"""Case actions on the dashboard: the officers' services, the same notifications, scoped by role."""
from __future__ import annotations

import io
import os
import re

import pytest

from PIL import Image
from sqlalchemy import select

from bot import services
from bot.permissions import Actor
from bot.privacy import pseudonym
from bot.admin import accounts
from storage.models import AuditEntry, Case, Follower, Photo
from tests.support import events
from tests.support.images import jpeg
from tests.support.staff import StaffClient, make_case, signed_in

ACTION_FORM = re.compile(r'id="act-(\w+)"')


def case_in(app, district: str = "ราชเทวี", reporter: str | None = None) -> Case:
    """A LINE report in a district, routed by the seeded rules to that district's office."""
    return make_case(app.extensions["chaeng"], reporter=reporter or events.new_user(),
                     district=district)


def linked_officer(line, app, agency: str) -> str:
    """An officer of the agency, linked in LINE the way officers link; return their LINE id."""
    runtime, officer_id = app.extensions["chaeng"], events.new_user()
    with runtime.db.uow() as uow:
        _officer, code = services.add_officer(uow, "Somsri", agency, Actor.admin("test"))
        uow.commit()
    line.say(officer_id, f"/link {code}")
    return officer_id


def act(client, ticket: str, action: str, data: dict | None = None, **kwargs):
    """Post one action form from the case page and return the case page it leads back to."""
    answer = client.post(f"/admin/cases/{ticket}/act/{action}", data, **kwargs)
    assert answer.status_code == 302, answer.status_code
    return client.get(f"/admin/cases/{ticket}").get_data(as_text=True)


def audit_of(app, ticket: str) -> list[tuple[str, str, str]]:
    """(actor, action, outcome) of the case's audit entries, oldest first."""
    with app.extensions["chaeng"].db.uow() as uow:
        return [(e.actor, e.action, e.outcome) for e in uow.session.scalars(
            select(AuditEntry).where(AuditEntry.ticket_id == ticket).order_by(AuditEntry.id))]


def stored(app, ticket: str) -> Case:
    """The case as stored now."""
    with app.extensions["chaeng"].db.uow() as uow:
        case = services.find_case(uow, ticket)
        uow.session.expunge(case)
        return case


def test_an_admin_forwards_a_case_and_the_reporter_and_the_new_office_hear_of_it(line, app):
    reporter = events.new_user()
    line.send(events.follow(reporter))
    officer = linked_officer(line, app, "pathumwan")
    case = case_in(app, reporter=reporter)
    admin = signed_in(app, "a@city.go.th", "admin")
    page = act(admin, case.ticket_id, "forward", {"agency": "pathumwan", "reason": "อยู่ในเขตปทุมวัน"})
    assert "ส่งต่อแล้ว" in page and "สำนักงานเขตปทุมวัน" in page
    line.drain()
    assert "อยู่ในเขตปทุมวัน" in line.texts_to(reporter)
    assert case.ticket_id in str(line.messages_to(officer))
    assert audit_of(app, case.ticket_id) == [("admin:a@city.go.th", "forward", "done")]


def test_an_admin_finishes_a_case_with_a_photo_stripped_like_a_line_photo(line, app):
    reporter = events.new_user()
    line.send(events.follow(reporter))
    case = case_in(app, reporter=reporter)
    admin = signed_in(app, "a@city.go.th", "admin")
    act(admin, case.ticket_id, "accept", {"note": "รับเรื่องแล้ว"})
    page = act(admin, case.ticket_id, "finish",
               {"note": "ซ่อมเสร็จ", "photo": (io.BytesIO(jpeg(with_gps=True)), "fix.jpg")},
               content_type="multipart/form-data")
    assert "เสร็จสิ้น" in page and 'id="act-reopen"' in page
    with app.extensions["chaeng"].db.uow() as uow:
        photo = uow.session.scalar(select(Photo).where(Photo.case_id == case.id, Photo.kind == "after"))
        kept = app.extensions["chaeng"].media.path_of(photo.path).read_bytes()
    assert not Image.open(io.BytesIO(kept)).getexif()  # GPS and camera gone
    line.drain()
    texts = line.texts_to(reporter)
    assert "รับเรื่องแล้ว" in texts and "ซ่อมเสร็จ" in texts


def test_only_the_actions_a_case_allows_in_its_state_are_offered(app):
    case = case_in(app)
    admin = signed_in(app, "a@city.go.th", "admin")
    waiting = set(ACTION_FORM.findall(admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)))
    assert waiting == {"accept", "forward", "reject", "duplicate", "recategorize", "reroute"}
    act(admin, case.ticket_id, "reject", {"reason": "ไม่ใช่เรื่องของเมือง", "confirm": "1"})
    rejected = set(ACTION_FORM.findall(admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)))
    assert rejected == {"reopen", "recategorize"}
    page = act(admin, case.ticket_id, "reopen", {"reason": "ยังไม่ได้แก้"})
    assert stored(app, case.ticket_id).state == "waiting" and 'class="flash ok"' in page


def test_a_phone_sized_after_photo_finishes_a_case(app):
    case = case_in(app)
    admin = signed_in(app, "a@city.go.th", "admin")
    act(admin, case.ticket_id, "accept")
    noise = Image.frombytes("RGB", (1200, 900), os.urandom(1200 * 900 * 3))
    big = io.BytesIO()
    noise.save(big, "JPEG", quality=95)
    assert big.tell() > 1024 * 1024  # over the app's 1 MB limit for webhook bodies
    big.seek(0)
    page = act(admin, case.ticket_id, "finish", {"photo": (big, "phone.jpg")},
               content_type="multipart/form-data")
    assert stored(app, case.ticket_id).state == "finished" and 'class="flash ok"' in page


def test_a_refused_or_incomplete_action_says_why_changes_nothing_and_refusals_are_audited(app):
    case = case_in(app)
    admin = signed_in(app, "a@city.go.th", "admin")
    page = act(admin, case.ticket_id, "finish",
               {"photo": (io.BytesIO(jpeg()), "fix.jpg")}, content_type="multipart/form-data")
    assert "ทำไม่ได้: เรื่องในสถานะ “รอรับเรื่อง” ใช้ “ปิดงาน (เสร็จสิ้น)” ไม่ได้" in page
    page = act(admin, case.ticket_id, "reject", {"reason": "  "})
    assert "กรุณากรอกเหตุผล" in page
    page = act(admin, case.ticket_id, "forward", {"agency": "nowhere", "reason": "x"})
    assert "ทำไม่ได้: unknown agency nowhere" in page
    assert stored(app, case.ticket_id).state == "waiting"
    assert audit_of(app, case.ticket_id) == [("admin:a@city.go.th", "finish", "refused"),
                                             ("admin:a@city.go.th", "forward", "refused")]
    assert "ผู้ดูแลระบบ a@city.go.th" in admin.get(
        f"/admin/logs/audit?ticket={case.ticket_id}&state=refused").get_data(as_text=True)


def test_a_supervisor_acts_on_their_agencys_cases_and_is_refused_anothers(app):
    runtime = app.extensions["chaeng"]
    ours, theirs = case_in(app, "ราชเทวี"), case_in(app, "บางรัก")
    with runtime.db.uow() as uow:
        accounts.add_admin(uow, "sup@city.go.th", "supervisor", "a long enough password",
                           ["ratchathewi"])
        uow.commit()
    supervisor = StaffClient(app)
    supervisor.sign_in("sup@city.go.th", "a long enough password")
    assert "accept" in ACTION_FORM.findall(supervisor.get(f"/admin/cases/{ours.ticket_id}")
                                           .get_data(as_text=True))
    other = supervisor.get(f"/admin/cases/{theirs.ticket_id}").get_data(as_text=True)
    assert not ACTION_FORM.findall(other) and "ดูได้อย่างเดียว" in other
    page = act(supervisor, ours.ticket_id, "accept", {"note": "รับแล้ว"})
    assert stored(app, ours.ticket_id).state == "in_progress" and 'class="flash ok"' in page
    page = act(supervisor, theirs.ticket_id, "accept")
    assert "ทำไม่ได้: หน่วยงานของคุณไม่ได้รับผิดชอบเรื่องนี้" in page
    supervisor.post("/admin/language", {"lang": "en", "next": "/admin/"})
    page = act(supervisor, theirs.ticket_id, "accept")
    assert "Not allowed: your agency does not hold this case." in page
    assert stored(app, theirs.ticket_id).state == "waiting"
    assert audit_of(app, theirs.ticket_id) == [("supervisor:sup@city.go.th", "accept", "refused")] * 2
    # Re-routing corrects the routing: an admin's job, not offered to supervisors.
    assert "reroute" not in ACTION_FORM.findall(supervisor.get(f"/admin/cases/{ours.ticket_id}")
                                                .get_data(as_text=True))


def test_an_operator_takes_no_case_action(app):
    case = case_in(app)
    operator = signed_in(app, "op@city.go.th", "operator")
    assert not ACTION_FORM.findall(operator.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True))
    assert operator.post(f"/admin/cases/{case.ticket_id}/act/accept").status_code == 403
    assert stored(app, case.ticket_id).state == "waiting"


def test_an_action_without_the_sessions_csrf_token_is_refused(app):
    case = case_in(app)
    admin = signed_in(app, "a@city.go.th", "admin")
    assert admin.post(f"/admin/cases/{case.ticket_id}/act/accept", csrf=False).status_code == 400
    assert stored(app, case.ticket_id).state == "waiting"


def test_an_admin_changes_the_category_reroutes_and_marks_a_duplicate(line, app):
    reporter, other = events.new_user(), events.new_user()
    line.send(events.follow(reporter), events.follow(other))
    wires_officer = linked_officer(line, app, "mea")
    original, copy = case_in(app, reporter=reporter), case_in(app, reporter=other)
    admin = signed_in(app, "a@city.go.th", "admin")
    act(admin, original.ticket_id, "recategorize", {"category": "สายไฟ"})
    page = act(admin, original.ticket_id, "reroute", {"agency": "", "reason": "สายไฟเป็นของการไฟฟ้า"})
    assert stored(app, original.ticket_id).categories == ["สายไฟ"]
    assert "การไฟฟ้านครหลวง" in page and stored(app, original.ticket_id).state == "waiting"
    line.drain()
    assert original.ticket_id in str(line.messages_to(wires_officer))
    act(admin, copy.ticket_id, "duplicate", {"of": original.ticket_id.lower(), "confirm": "1"})
    assert stored(app, copy.ticket_id).state == "duplicate"
    with app.extensions["chaeng"].db.uow() as uow:  # the copy's reporter now follows the original
        assert uow.session.scalar(select(Follower.user_id).where(
            Follower.case_id == original.id)) == other
    assert [a for _, a, _ in audit_of(app, original.ticket_id)] == ["recategorize", "reroute"]


def test_the_audit_log_holds_officers_and_staff_actions_filterable_by_actor(line, app):
    case = case_in(app)
    officer = linked_officer(line, app, "ratchathewi")
    line.say(officer, f"/accept {case.ticket_id}")
    admin = signed_in(app, "a@city.go.th", "admin")
    act(admin, case.ticket_id, "update", {"note": "กำลังซ่อม"})
    page = admin.get(f"/admin/logs/audit?ticket={case.ticket_id}").get_data(as_text=True)
    # Officers by name and agency, staff by role and email, as staff read them.
    assert "Somsri · สำนักงานเขตราชเทวี" in page and "ผู้ดูแลระบบ a@city.go.th" in page
    only_staff = admin.get(f"/admin/logs/audit?ticket={case.ticket_id}&actor=admin:")
    assert "Somsri" not in only_staff.get_data(as_text=True)
    printed = app.test_cli_runner().invoke(args=["logs", "audit", "--ticket", case.ticket_id])
    assert "officer:" in printed.output and "admin:a@city.go.th update done" in printed.output
    stranger = events.new_user()
    with app.extensions["chaeng"].db.uow() as uow:  # someone else's case: refused, audited
        with pytest.raises(services.Refused):
            services.reopen(uow, case.ticket_id, stranger, "ของฉัน")
        uow.commit()
    printed = app.test_cli_runner().invoke(args=["logs", "audit", "--ticket", case.ticket_id])
    assert stranger not in printed.output
    assert f"{pseudonym(app.extensions['chaeng'].settings.secret_key, stranger)} reopen refused" \
        in printed.output
    officers_only = app.test_cli_runner().invoke(args=["logs", "audit", "--actor", "officer:",
                                                       "--since", "2026-01-01"])
    assert "officer:" in officers_only.output and "admin:" not in officers_only.output
