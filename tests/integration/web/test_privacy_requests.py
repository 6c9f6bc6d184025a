"""The dashboard's list of citizens' PDPA requests: admins only, pseudonyms only, each with the
30-day deadline the law sets and the overdue ones flagged, in Thai and English."""
from __future__ import annotations

import re
from datetime import timedelta

from bot import services
from bot.privacy import pseudonym
from storage.models import utcnow
from tests.support import events
from tests.support.staff import signed_in


def request(site, kind: str, user: str, *, done: bool):
    """Record a request the way the chat does; an open erasure still has its last message to send."""
    runtime = site.extensions["chaeng"]
    with runtime.db.uow() as uow:
        row = services.record_privacy_request(uow, kind, pseudonym(runtime.settings.secret_key, user),
                                              done=done, finishing_user_id=None if done else user)
        uow.commit()
        return row.id


def row_of(page: str, request_id: int) -> str:
    """One request's table row."""
    return re.search(rf'<tr id="privacy-{request_id}".*?</tr>', page, re.S).group(0)


def test_admins_see_each_request_with_its_due_date_and_the_late_ones_flagged(site, clock):
    copier, eraser = events.new_user(), events.new_user()
    copy = request(site, "copy", copier, done=True)
    erasure = request(site, "erasure", eraser, done=False)
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get("/admin/privacy-requests/").get_data(as_text=True)
    key = site.extensions["chaeng"].settings.secret_key
    assert pseudonym(key, copier) in row_of(page, copy) and copier not in page and eraser not in page
    assert "2026-07-17 12:00" in row_of(page, erasure)  # asked Wednesday noon in Bangkok, + 30 days
    assert "ดำเนินการอยู่" in row_of(page, erasure) and "เสร็จแล้ว" in row_of(page, copy)
    assert "เกินกำหนด" not in page
    clock.travel_to(utcnow() + timedelta(days=30, minutes=1))
    admin = signed_in(site, "b@city.go.th", "admin")  # the first session ended long ago
    late = admin.get("/admin/privacy-requests/").get_data(as_text=True)
    assert 'class="overdue"' in row_of(late, erasure) and "เกินกำหนด" in row_of(late, erasure)
    assert "เกินกำหนด 1 รายการ" in late and 'class="overdue"' not in row_of(late, copy)
    admin.post("/admin/language", {"lang": "en", "next": "/admin/privacy-requests/"})
    english = admin.get("/admin/privacy-requests/").get_data(as_text=True)
    assert "PDPA requests" in english and "1 overdue" in english
    assert "Erasure" in row_of(english, erasure) and "Copy of data" in row_of(english, copy)


def test_only_admins_may_open_the_list(site):
    request(site, "copy", events.new_user(), done=True)
    for role in ("supervisor", "operator"):
        staff = signed_in(site, f"{role}@city.go.th", role)
        assert staff.get("/admin/privacy-requests/").status_code == 403
        assert "/admin/privacy-requests/" not in staff.get("/admin/cases/").get_data(as_text=True)
    assert site.test_client().get("/admin/privacy-requests/").status_code == 302  # to sign-in
    admin = signed_in(site, "a@city.go.th", "admin")
    assert "/admin/privacy-requests/" in admin.get("/admin/cases/").get_data(as_text=True)
