"""Moderation: hide cases and photos, redact text (original kept for admins), block LINE users."""
from __future__ import annotations

from sqlalchemy import func, select

from bot import services
from bot.texts import t
from storage.models import AuditEntry
from storage.media import MediaStore
from storage.models import Case, Photo
from tests.support import events
from tests.support.images import jpeg
from tests.support.staff import make_case, signed_in


def audit_actions(runtime) -> list[tuple[str, str | None]]:
    """(action, reason) of every audit entry except sign-ins, oldest first."""
    with runtime.db.uow() as uow:
        return [(e.action, e.reason) for e in uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action != "sign_in")
            .order_by(AuditEntry.id))]


def test_an_admin_hides_and_unhides_a_case_and_both_are_audited(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime)
    admin = signed_in(site, "a@city.go.th", "admin")
    admin.post(f"/admin/cases/{case.ticket_id}/hidden", {"hidden": "1", "reason": "spam", "confirm": "1"})
    with runtime.db.uow() as uow:
        assert uow.session.get(Case, case.id).hidden
    assert "ซ่อนอยู่" in admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    admin.post(f"/admin/cases/{case.ticket_id}/hidden", {"hidden": "0"})
    with runtime.db.uow() as uow:
        assert not uow.session.get(Case, case.id).hidden
    assert audit_actions(runtime) == [("hide_case", "spam"), ("unhide_case", None)]


def test_an_admin_hides_one_photo_of_a_case(site):
    runtime = site.extensions["chaeng"]
    image = MediaStore(runtime.settings.media_dir).save_image(jpeg(), 10_000_000)
    with runtime.db.uow() as uow:
        photo_id = services.add_photo(uow, None, image).id
        uow.commit()
    case = make_case(runtime, reporter=None, photo_ids=[photo_id])
    admin = signed_in(site, "a@city.go.th", "admin")
    other = make_case(runtime, reporter=None)
    wrong_case = admin.post(f"/admin/cases/{other.ticket_id}/photos/{photo_id}/hidden", {"hidden": "1"})
    assert wrong_case.status_code == 404
    admin.post(f"/admin/cases/{case.ticket_id}/photos/{photo_id}/hidden", {"hidden": "1"})
    with runtime.db.uow() as uow:
        assert uow.session.get(Photo, photo_id).hidden
    assert audit_actions(runtime) == [("hide_photo", None)]


def test_a_redaction_keeps_the_original_for_admins_only_with_who_and_why(site):
    runtime = site.extensions["chaeng"]
    case = make_case(runtime, description="หลุมใหญ่ โทรหาผมที่ 0812345678")
    admin = signed_in(site, "a@city.go.th", "admin")
    supervisor = signed_in(site, "s@city.go.th", "supervisor")
    refused = admin.post(f"/admin/cases/{case.ticket_id}/redact", {"text": "หลุมใหญ่"})
    assert refused.status_code == 302 and audit_actions(runtime) == []  # a reason is required
    admin.post(f"/admin/cases/{case.ticket_id}/redact",
               {"text": "หลุมใหญ่ โทรหาผมที่ [เบอร์โทร]", "reason": "เบอร์โทรส่วนตัว"})
    as_admin = admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    as_supervisor = supervisor.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    assert "0812345678" in as_admin and "เบอร์โทรส่วนตัว" in as_admin
    assert "0812345678" not in as_supervisor and "[เบอร์โทร]" in as_supervisor
    assert audit_actions(runtime) == [("redact", "เบอร์โทรส่วนตัว")]


def test_a_blocked_user_is_refused_politely_and_nothing_they_send_becomes_a_case(line, app):
    runtime = app.extensions["chaeng"]
    user = events.new_user()
    case = make_case(runtime, reporter=user)
    admin = signed_in(app, "a@city.go.th", "admin")
    admin.post(f"/admin/cases/{case.ticket_id}/reporter/block", {"reason": "abuse", "confirm": "1"})
    line.say(user, "ถนนพังอีกแล้ว")
    line.send(events.location(user, 13.7563, 100.5018))
    line.say(user, "ยืนยัน")
    assert line.texts_to(user).count(t("blocked", "th")) == 3
    with runtime.db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 1
    admin.post(f"/admin/cases/{case.ticket_id}/reporter/unblock", {})
    line.say(user, "ถนนพังอีกแล้ว")
    assert t("blocked", "th") not in line.texts_to(user).split("\n")[-1]
    assert audit_actions(runtime) == [("block_user", "abuse"), ("unblock_user", None)]
