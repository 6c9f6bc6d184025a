"""Dashboard sessions live on the server: signing out, a new password, disabling the account and
idleness end them there, so a copied cookie stops working at once."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot import create_app
from tests.conftest import WEDNESDAY_NOON, make_settings
from tests.support.staff import COOKIE, StaffClient, add_staff, signed_in

CASES = "/admin/cases/"


def is_signed_out(client: StaffClient) -> bool:
    """Whether the dashboard sends this browser to the sign-in form."""
    answer = client.get(CASES)
    return answer.status_code == 302 and answer.headers["Location"].startswith("/admin/sign-in")


def cli(app, *args: str):
    """Run `flask --app bot ...` against the app, as an operator types it."""
    return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def idle_site(database_url, fake_line, tmp_path):
    """The web app with sessions that end after 20 idle minutes."""
    app = create_app(make_settings(database_url, fake_line, tmp_path,
                                   admin_session_idle_minutes=20))
    yield app
    app.extensions["chaeng"].db.dispose()


def test_a_copied_cookie_is_refused_after_sign_out(site):
    admin = signed_in(site, "a@city.go.th", "admin")
    thief = admin.copy()
    assert thief.get(CASES).status_code == 200, "a copy works while the session lasts"
    assert admin.post("/admin/sign-out").status_code == 302
    assert is_signed_out(thief)
    assert is_signed_out(admin)


def test_signing_out_everywhere_ends_the_accounts_sessions_on_other_devices_too(site):
    desk = signed_in(site, "a@city.go.th", "admin")
    phone = StaffClient(site)
    assert phone.sign_in("a@city.go.th").status_code == 302
    colleague = signed_in(site, "b@city.go.th", "admin")
    assert desk.post("/admin/sign-out", data={"everywhere": "1"}).status_code == 302
    assert is_signed_out(desk) and is_signed_out(phone)
    assert not is_signed_out(colleague), "another account's session is not touched"


def test_a_copied_cookie_is_refused_after_admins_add_resets_the_password(site):
    admin = signed_in(site, "a@city.go.th", "admin")
    thief = admin.copy()
    assert cli(site, "admins", "add", "a@city.go.th", "--role", "admin").exit_code == 0
    assert is_signed_out(thief)
    assert is_signed_out(admin)


def test_a_copied_cookie_is_refused_after_the_account_is_disabled(site):
    admin = signed_in(site, "a@city.go.th", "admin")
    colleague = signed_in(site, "b@city.go.th", "admin")
    thief = admin.copy()
    done = cli(site, "admins", "disable", "a@city.go.th")
    assert done.exit_code == 0, done.output
    assert is_signed_out(thief)
    assert is_signed_out(admin)
    assert colleague.get(CASES).status_code == 200, "only that account's sessions end"


def test_a_session_left_idle_longer_than_the_setting_ends(idle_site, clock):
    admin = signed_in(idle_site, "a@city.go.th", "admin")
    thief = admin.copy()
    for minutes in (19, 38, 57):  # in use every 19 minutes: it lasts
        clock.travel_to(WEDNESDAY_NOON + timedelta(minutes=minutes))
        assert admin.get(CASES).status_code == 200
    clock.travel_to(WEDNESDAY_NOON + timedelta(minutes=57 + 21))
    assert is_signed_out(thief)
    assert is_signed_out(admin)


def test_a_session_in_constant_use_still_ends_eight_hours_after_sign_in(site, clock):
    admin = signed_in(site, "a@city.go.th", "admin")
    for quarter in range(1, 32):  # every 15 minutes up to 7 h 45
        clock.travel_to(WEDNESDAY_NOON + timedelta(minutes=15 * quarter))
        assert admin.get(CASES).status_code == 200
    clock.travel_to(WEDNESDAY_NOON + timedelta(hours=8, minutes=1))
    assert is_signed_out(admin)


def test_the_cookie_carries_only_a_random_id_that_the_database_keeps_hashed(site):
    admin = signed_in(site, "a@city.go.th", "admin")
    value = admin.cookie()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value), "a 256-bit random id and nothing else"
    with site.extensions["chaeng"].db.engine.connect() as connection:
        stored = [str(cell) for row in connection.execute(text("SELECT * FROM admin_sessions"))
                  for cell in row]
    assert stored and not any(value in cell for cell in stored)
    for cell in stored:  # what a database reader sees does not open a session either
        forged = StaffClient(site)
        forged.client.set_cookie(COOKIE, cell)
        assert is_signed_out(forged)


def test_signing_in_starts_a_new_session_rather_than_keeping_the_one_before(site):
    visitor = StaffClient(site)
    visitor.get("/admin/sign-in")
    before = visitor.copy()
    signed_in_again = visitor.sign_in("a@city.go.th")
    assert signed_in_again.status_code == 401  # no such account yet: nothing changes
    add_staff(site.extensions["chaeng"], "a@city.go.th", "admin")
    assert visitor.sign_in("a@city.go.th").status_code == 302
    assert visitor.cookie() != before.cookie()
    assert is_signed_out(before), "a session id planted before sign-in is worth nothing after"
