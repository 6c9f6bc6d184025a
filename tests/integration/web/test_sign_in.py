"""Signing in to the dashboard: passwords, lockout, sessions, CSRF and the audit of it all."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.admin import accounts
from storage.admin_models import AdminUser
from storage.models import AuditEntry
from storage.models import utcnow
from tests.support.staff import PASSWORD, StaffClient, add_staff, make_case, signed_in

PAGES = ["/admin/", "/admin/cases/", "/admin/cases/2026-AAAAAA", "/admin/intake/",
         "/admin/intake/suggest?text=x", "/admin/map/", "/admin/map/points.json", "/admin/stats/",
         "/admin/stats/categories.csv", "/admin/logs/inbox", "/admin/logs/outbox", "/admin/logs/audit"]


def audit_rows(runtime) -> list[tuple[str, str, str]]:
    """Every audit entry as (actor, action, outcome), oldest first."""
    with runtime.db.uow() as uow:
        return [(e.actor, e.action, e.outcome) for e in
                uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.parametrize("page", PAGES)
def test_every_dashboard_page_sends_a_stranger_to_the_sign_in_form(app, page):
    answer = StaffClient(app).get(page)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/admin/sign-in?next=")


def test_a_right_password_opens_the_case_list_and_is_audited(site):
    runtime = site.extensions["chaeng"]
    add_staff(runtime, "Somchai@City.go.th", "admin")
    client = StaffClient(site)
    answer = client.sign_in("somchai@city.go.th")
    assert answer.status_code == 302 and answer.headers["Location"] == "/admin/cases/"
    assert "somchai@city.go.th" in client.get("/admin/cases/").get_data(as_text=True)
    assert audit_rows(runtime) == [("admin:somchai@city.go.th", "sign_in", "done")]


def test_a_wrong_password_is_refused_and_audited_without_saying_which_part_was_wrong(site):
    runtime = site.extensions["chaeng"]
    add_staff(runtime, "a@city.go.th", "admin")
    client = StaffClient(site)
    wrong_password = client.sign_in("a@city.go.th", "not the password")
    unknown_email = client.sign_in("nobody@city.go.th")
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in wrong_password.get_data(as_text=True)
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in unknown_email.get_data(as_text=True)
    assert client.get("/admin/cases/").status_code == 302
    assert audit_rows(runtime) == [("admin:a@city.go.th", "sign_in", "refused")]


def test_repeated_failures_lock_the_account_even_against_the_right_password(site):
    runtime = site.extensions["chaeng"]
    add_staff(runtime, "a@city.go.th", "admin")
    client = StaffClient(site)
    for _ in range(accounts.MAX_FAILURES):
        client.sign_in("a@city.go.th", "guess")
    locked = client.sign_in("a@city.go.th")
    assert locked.status_code == 401
    assert "ล็อก" in locked.get_data(as_text=True)
    with runtime.db.uow() as uow:  # the lock has run its time
        uow.session.execute(update(AdminUser).values(locked_until=utcnow() - timedelta(seconds=1)))
        uow.commit()
    assert client.sign_in("a@city.go.th").status_code == 302


def test_the_session_cookie_is_secure_http_only_and_same_site(app):
    add_staff(app.extensions["chaeng"], "a@city.go.th", "admin")
    answer = StaffClient(app).sign_in("a@city.go.th")
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_form_without_the_csrf_token_changes_nothing(site):
    runtime = site.extensions["chaeng"]
    admin = signed_in(site, "a@city.go.th", "admin")
    case = make_case(runtime)
    answer = admin.post(f"/admin/cases/{case.ticket_id}/hidden", {"hidden": "1"}, csrf=False)
    assert answer.status_code == 400
    assert "ซ่อนอยู่" not in admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)


def test_signing_out_ends_the_session_and_is_audited(site):
    runtime = site.extensions["chaeng"]
    admin = signed_in(site, "a@city.go.th", "admin")
    assert admin.post("/admin/sign-out").status_code == 302
    assert admin.get("/admin/cases/").status_code == 302
    assert audit_rows(runtime)[-1] == ("admin:a@city.go.th", "sign_out", "done")


def test_a_new_password_ends_every_session_opened_with_the_old_one(app):
    runtime = app.extensions["chaeng"]
    admin = signed_in(app, "a@city.go.th", "admin")
    add_staff(runtime, "a@city.go.th", "admin", password="a brand new password")
    assert admin.get("/admin/cases/").status_code == 302


def test_the_dashboard_speaks_thai_first_and_english_on_request(app):
    admin = signed_in(app, "a@city.go.th", "admin")
    assert "เรื่องร้องเรียน" in admin.get("/admin/cases/").get_data(as_text=True)
    admin.post("/admin/language", {"lang": "en", "next": "/admin/cases/"})
    page = admin.get("/admin/cases/").get_data(as_text=True)
    assert "Cases" in page and 'lang="en"' in page


def test_sign_in_only_sends_people_on_to_dashboard_pages(app):
    add_staff(app.extensions["chaeng"], "a@city.go.th", "admin")
    client = StaffClient(app)
    answer = client.post("/admin/sign-in?next=https://evil.example/", {
        "email": "a@city.go.th", "password": PASSWORD})
    assert answer.headers["Location"] == "/admin/cases/"
