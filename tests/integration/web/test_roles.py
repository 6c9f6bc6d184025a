"""Roles: admins do everything, supervisors read everything, operators take calls and look up."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import AuditEntry
from tests.support.staff import make_case, signed_in

READ_PAGES = ["/admin/map/", "/admin/map/points.json", "/admin/stats/", "/admin/stats/stars.csv",
              "/admin/logs/inbox", "/admin/logs/outbox", "/admin/logs/audit"]


@pytest.mark.parametrize("page", READ_PAGES)
def test_an_operator_is_refused_the_pages_beyond_calls_and_lookups(app, page):
    operator = signed_in(app, "op@city.go.th", "operator")
    answer = operator.get(page)
    assert answer.status_code == 403
    assert "คุณไม่มีสิทธิ์ใช้หน้านี้" in answer.get_data(as_text=True)


def test_an_operator_takes_calls_and_looks_cases_up(app):
    case = make_case(app.extensions["chaeng"])
    operator = signed_in(app, "op@city.go.th", "operator")
    assert operator.get("/admin/intake/").status_code == 200
    assert operator.get("/admin/cases/").status_code == 200
    assert operator.get(f"/admin/cases/{case.ticket_id}").status_code == 200
    page = operator.get("/admin/cases/").get_data(as_text=True)
    assert "/admin/logs/outbox" not in page  # no menu entry for what they may not open


@pytest.mark.parametrize("page", READ_PAGES)
def test_a_supervisor_reads_every_page(app, page):
    supervisor = signed_in(app, "sup@city.go.th", "supervisor")
    assert supervisor.get(page).status_code == 200


def test_a_supervisor_cannot_take_the_call_centre_or_moderation_actions(app):
    case = make_case(app.extensions["chaeng"])
    supervisor = signed_in(app, "sup@city.go.th", "supervisor")
    assert supervisor.get("/admin/intake/").status_code == 403
    assert supervisor.post(f"/admin/cases/{case.ticket_id}/hidden", {"hidden": "1"}).status_code == 403
    assert supervisor.post("/admin/logs/outbox/1/retry").status_code == 403
    with app.extensions["chaeng"].db.uow() as uow:
        refused = uow.session.scalars(select(AuditEntry.action).where(
            AuditEntry.actor == "supervisor:sup@city.go.th",
            AuditEntry.outcome == "refused").order_by(AuditEntry.id)).all()
    assert refused == ["case_hidden", "retry"], "each refused action is in the audit log"
    assert 'id="moderation"' not in supervisor.get(f"/admin/cases/{case.ticket_id}").get_data(
        as_text=True)
