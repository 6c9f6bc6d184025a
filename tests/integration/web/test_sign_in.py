"""Signing in to the dashboard: passwords, the same answer for every failure, slowing a source
of failures down, sessions, CSRF and the audit of it all."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from bot import create_app
from bot.admin import throttle
from storage.models import AuditEntry
from tests.conftest import WEDNESDAY_NOON, make_settings
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


FORM_VALUES = re.compile(r'(name="csrf_token" value=|name="email"[^>]*value=)"[^"]*"')


def same_page(answer) -> str:
    """The page without this session's CSRF token and the email typed back into the form."""
    return FORM_VALUES.sub(r'\1""', answer.get_data(as_text=True))


def test_every_failed_sign_in_answers_alike_whatever_the_account(site):
    runtime = site.extensions["chaeng"]
    add_staff(runtime, "a@city.go.th", "admin")
    add_staff(runtime, "gone@city.go.th", "admin")
    disabled = site.test_cli_runner().invoke(args=["admins", "disable", "gone@city.go.th"])
    assert disabled.exit_code == 0
    stranger = StaffClient(site, address="198.51.100.9")
    for _ in range(5):  # as many guesses as used to lock an account
        stranger.sign_in("a@city.go.th", "guess")
    visitor = StaffClient(site, address="203.0.113.7")
    answers = [visitor.sign_in("a@city.go.th", "not the password"),
               visitor.sign_in("nobody@city.go.th"),
               visitor.sign_in("gone@city.go.th")]  # disabled, with its right password
    assert [a.status_code for a in answers] == [401, 401, 401]
    assert same_page(answers[0]) == same_page(answers[1]) == same_page(answers[2])
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in answers[0].get_data(as_text=True)
    assert "Retry-After" not in answers[0].headers


def test_someone_elses_wrong_guesses_never_lock_the_owner_out(site):
    add_staff(site.extensions["chaeng"], "a@city.go.th", "admin")
    attacker = StaffClient(site, address="198.51.100.9")
    for _ in range(throttle.SOURCE_FAILURES + 3):
        attacker.sign_in("a@city.go.th", "guess")
    owner = StaffClient(site, address="203.0.113.7")
    assert owner.sign_in("a@city.go.th").status_code == 302


def test_repeated_failures_from_one_address_slow_that_address_for_every_account(site, clock):
    add_staff(site.extensions["chaeng"], "a@city.go.th", "admin")
    attacker = StaffClient(site, address="198.51.100.9")
    for _ in range(throttle.SOURCE_FAILURES):
        assert attacker.sign_in("a@city.go.th", "guess").status_code == 401
    slowed = [attacker.sign_in("a@city.go.th"), attacker.sign_in("nobody@city.go.th", "guess")]
    window = int(throttle.SOURCE_WINDOW.total_seconds())
    for answer in slowed:  # even the right password: the address is slowed, not the account
        assert answer.status_code == 429
        assert 0 < int(answer.headers["Retry-After"]) <= window
        assert 'id="sign-in"' in answer.get_data(as_text=True)
    assert same_page(slowed[0]) == same_page(slowed[1])
    clock.travel_to(WEDNESDAY_NOON + throttle.SOURCE_WINDOW + timedelta(seconds=5))
    assert attacker.sign_in("a@city.go.th").status_code == 302, "the slowing lifts by itself"


def test_a_forwarded_for_header_is_ignored_unless_a_proxy_is_trusted(database_url, fake_line,
                                                                     tmp_path):
    for proxies, slowed in ((0, True), (1, False)):
        app = create_app(make_settings(database_url, fake_line, tmp_path, trusted_proxies=proxies))
        add_staff(app.extensions["chaeng"], f"p{proxies}@city.go.th", "admin")
        attacker = StaffClient(app, address="10.0.0.2")  # every request through one proxy
        for n in range(throttle.SOURCE_FAILURES):
            attacker.post("/admin/sign-in", {"email": "x@city.go.th", "password": "guess"},
                          headers={"X-Forwarded-For": f"198.51.100.{n}"})
        colleague = attacker.post("/admin/sign-in", {"email": f"p{proxies}@city.go.th",
                                                     "password": PASSWORD},
                                  headers={"X-Forwarded-For": "203.0.113.7"})
        assert colleague.status_code == (429 if slowed else 302)
        app.extensions["chaeng"].db.dispose()


def test_addresses_in_one_ipv6_slash_64_count_as_one_source(site):
    add_staff(site.extensions["chaeng"], "a@city.go.th", "admin")
    for n in range(throttle.SOURCE_FAILURES):
        StaffClient(site, address=f"2001:db8:1:2::{n + 1:x}").sign_in("a@city.go.th", "guess")
    same_64 = StaffClient(site, address="2001:db8:1:2::ffff")
    assert same_64.sign_in("a@city.go.th").status_code == 429
    assert StaffClient(site, address="2001:db8:1:3::1").sign_in("a@city.go.th").status_code == 302


def test_every_failure_costs_one_argon2_verification_so_timing_tells_nothing(site, monkeypatch):
    runtime = site.extensions["chaeng"]
    add_staff(runtime, "a@city.go.th", "admin")
    add_staff(runtime, "gone@city.go.th", "admin")
    site.test_cli_runner().invoke(args=["admins", "disable", "gone@city.go.th"])
    for _ in range(5):
        StaffClient(site, address="198.51.100.9").sign_in("a@city.go.th", "guess")
    verified = []
    real_verify = PasswordHasher.verify
    monkeypatch.setattr(PasswordHasher, "verify",
                        lambda self, *args: verified.append(1) or real_verify(self, *args))
    visitor = StaffClient(site, address="203.0.113.7")
    for email, password in (("a@city.go.th", "wrong"), ("nobody@city.go.th", "wrong"),
                            ("gone@city.go.th", PASSWORD), ("a@city.go.th", PASSWORD)):
        before = len(verified)
        visitor.sign_in(email, password)
        assert len(verified) == before + 1, email


def test_a_refused_sign_in_is_audited_with_its_address_but_never_the_password(site):
    runtime = site.extensions["chaeng"]
    add_staff(runtime, "a@city.go.th", "admin")
    StaffClient(site, address="198.51.100.9").sign_in("a@city.go.th", "hunter2 secret guess")
    with runtime.db.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry)).one()
        kept = f"{entry.reason} {entry.before} {entry.after}"
        assert (entry.actor, entry.outcome) == ("admin:a@city.go.th", "refused")
    assert "198.51.100.9" in kept and "hunter2" not in kept


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
