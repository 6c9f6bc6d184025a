"""Helpers for dashboard tests: staff accounts, a signed-in client, and cases made the real way."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from bot import services
from bot.admin import accounts
from storage.models import Case

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
COOKIE = "chaeng_admin"


def add_staff(runtime, email: str, role: str, password: str = PASSWORD) -> int:
    """Create a dashboard account through the same service the CLI uses; return its id."""
    with runtime.db.uow() as uow:
        user = accounts.add_admin(uow, email, role, password)
        uow.commit()
        return user.id


class StaffClient:
    """A browser-like test client for one staff member: cookies over https and CSRF tokens."""

    def __init__(self, app, address: str = "127.0.0.1"):
        self.app = app
        self.client = app.test_client()
        self.client.environ_base["wsgi.url_scheme"] = "https"
        self.client.environ_base["REMOTE_ADDR"] = address  # where the app sees it come from

    def get(self, url: str, **kwargs):
        """GET a page."""
        return self.client.get(url, base_url="https://localhost", **kwargs)

    def token(self) -> str:
        """This session's CSRF token, read from a dashboard form like a browser would."""
        page = self.get("/admin/sign-in").get_data(as_text=True)
        return CSRF.search(page).group(1)

    def post(self, url: str, data: dict | None = None, *, csrf: bool = True, **kwargs):
        """POST a form, with the session's CSRF token unless told not to."""
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.token())
            if kwargs.get("content_type", "").startswith("multipart/"):
                # Forms with photos carry the token in their address too, as the pages write them,
                # so it is checked before the photos are read.
                url += ("&" if "?" in url else "?") + urlencode({"csrf_token": data["csrf_token"]})
        # Browsers send the page as Referer; Flask-WTF checks it on https (WTF_CSRF_SSL_STRICT).
        headers = {"Referer": "https://localhost/admin/", **kwargs.pop("headers", {})}
        return self.client.post(url, data=data, base_url="https://localhost", headers=headers,
                                **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD):
        """Sign in through the form."""
        return self.post("/admin/sign-in", {"email": email, "password": password})

    def cookie(self) -> str | None:
        """The session cookie's value, as someone who copied it out of the browser would have it."""
        found = self.client.get_cookie(COOKIE)
        return found.value if found else None

    def copy(self) -> "StaffClient":
        """Another browser that carries a copy of this one's session cookie."""
        other = StaffClient(self.app)
        other.client.set_cookie(COOKIE, self.cookie())
        return other


def signed_in(app, email: str, role: str) -> StaffClient:
    """A new account with the role, signed in."""
    add_staff(app.extensions["chaeng"], email, role)
    client = StaffClient(app)
    assert client.sign_in(email).status_code == 302
    return client


def make_case(runtime, reporter: str | None = "U" + "a" * 32, **fields) -> Case:
    """A case created through services.submit_report, as the chat creates them."""
    values = dict(description="ถนนเป็นหลุมใหญ่", categories=["ถนน"], latitude=13.7563,
                  longitude=100.5018, address=None, district="พระนคร", subdistrict=None,
                  photo_ids=[])
    values.update(fields)
    with runtime.db.uow() as uow:
        if reporter:
            services.ensure_user(uow, reporter)
        case = services.submit_report(uow, reporter, **values)
        uow.commit()
        return case
