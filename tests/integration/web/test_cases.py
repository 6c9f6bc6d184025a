"""The case list's filters, search, lookup, paging and sorting, and the case page."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert, update

from bot import services
from bot.privacy import pseudonym
from bot.web.admin import queries
from storage.media import MediaStore
from storage.models import Case, utcnow
from tests.support.casework import move
from tests.support.images import jpeg
from tests.support.staff import make_case, signed_in

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment

TICKETS = re.compile(r'href="/admin/cases/(\d{4}-[0-9A-Z]{6})"')


def listed(client, query: str = "") -> list[str]:
    """Ticket ids on the list page for a query string, in order."""
    answer = client.get(f"/admin/cases/?{query}")
    assert answer.status_code == 200
    return TICKETS.findall(answer.get_data(as_text=True))


def change(runtime, ticket: str, **values) -> None:
    """Set stored fields of a case, as time and officers would have."""
    with runtime.db.uow() as uow:
        uow.session.execute(update(Case).where(Case.ticket_id == ticket).values(**values))
        uow.commit()


def test_each_filter_narrows_the_list_to_the_cases_that_match(site):
    runtime = site.extensions["chaeng"]
    road = make_case(runtime, description="ถนนเป็นหลุม", district="พระนคร")
    light = make_case(runtime, description="ไฟดับทั้งซอย", categories=["แสงสว่าง"], district="บางรัก")
    phoned = make_case(runtime, reporter=None, description="น้ำท่วมขัง", categories=["น้ำท่วม"],
                       district="บางรัก", source="call_centre")
    change(runtime, light.ticket_id, state="finished", stars=4, reopen_count=1)
    change(runtime, road.ticket_id, updated_at=utcnow() - timedelta(days=8),
           created_at=utcnow() - timedelta(days=8))
    admin = signed_in(site, "a@city.go.th", "admin")
    assert set(listed(admin)) == {road.ticket_id, light.ticket_id, phoned.ticket_id}
    assert listed(admin, "state=finished") == [light.ticket_id]
    assert listed(admin, "category=แสงสว่าง") == [light.ticket_id]
    assert set(listed(admin, "district=บางรัก")) == {light.ticket_id, phoned.ticket_id}
    assert listed(admin, "stuck=1") == [road.ticket_id]
    assert listed(admin, "reopened=1") == [light.ticket_id]
    assert listed(admin, "stars=4") == [light.ticket_id]
    assert listed(admin, "source=call_centre") == [phoned.ticket_id]
    assert listed(admin, "q=ไฟดับ") == [light.ticket_id]
    bangkok_today = (utcnow() + timedelta(hours=7)).date()  # the filters take Bangkok days
    week_ago = (bangkok_today - timedelta(days=7)).isoformat()
    assert road.ticket_id not in listed(admin, f"since={week_ago}")
    assert listed(admin, f"until={(bangkok_today - timedelta(days=8)).isoformat()}") == [
        road.ticket_id]


def test_the_list_pages_and_sorts_on_the_server(site):
    runtime = site.extensions["chaeng"]
    made = [make_case(runtime, description=f"หลุม {i}") for i in range(55)]
    admin = signed_in(site, "a@city.go.th", "admin")
    first, second = listed(admin), listed(admin, "page=2")
    assert len(first) == 50 and len(second) == 5
    assert first[0] == made[-1].ticket_id  # newest first by default
    assert listed(admin, "order=asc")[0] == made[0].ticket_id
    assert "55 เรื่อง" in admin.get("/admin/cases/").get_data(as_text=True)


def test_a_ticket_lookup_opens_the_case_or_says_it_does_not_exist(app):
    case = make_case(app.extensions["chaeng"])
    operator = signed_in(app, "op@city.go.th", "operator")
    found = operator.get(f"/admin/cases/?ticket={case.ticket_id.lower()}")
    assert found.status_code == 302 and found.headers["Location"].endswith(case.ticket_id)
    missing = operator.get("/admin/cases/?ticket=2020-ZZZZZZ")
    assert missing.status_code == 404
    assert "ไม่พบเรื่อง 2020-ZZZZZZ" in missing.get_data(as_text=True)


def test_the_case_page_shows_the_timeline_photos_and_a_pseudonym_never_the_line_id(site):
    runtime = site.extensions["chaeng"]
    reporter = "U" + "1" * 32
    image = MediaStore(runtime.settings.media_dir).save_image(jpeg(), 10_000_000)
    with runtime.db.uow() as uow:
        services.ensure_user(uow, reporter)
        photo = services.add_photo(uow, reporter, image)
        uow.commit()
    case = make_case(runtime, reporter=reporter, photo_ids=[photo.id])
    with runtime.db.uow() as uow:
        move(uow, case.ticket_id, "accept", actor="officer:1",
                              note="ทีมช่างจะเข้าไปวันพรุ่งนี้")
        uow.commit()
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    assert "ทีมช่างจะเข้าไปวันพรุ่งนี้" in page
    assert pseudonym(runtime.settings.secret_key, reporter) in page
    assert reporter not in page
    photo_link = re.search(r'<img src="(/admin/cases/[^"]+/photos/\d+)"', page).group(1)
    served = admin.get(photo_link)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert 'data-lat="13.7563"' in page


def test_an_unknown_case_page_is_a_404(app):
    admin = signed_in(app, "a@city.go.th", "admin")
    assert admin.get("/admin/cases/2020-ZZZZZZ").status_code == 404


def insert_many(runtime, count: int, categories=lambda n: ["ถนน"]) -> None:
    """Cases 2026-000000, 2026-000001, ... in one INSERT, each a second older than the one before."""
    now = utcnow()
    rows = [dict(ticket_id=f"2026-{n:06d}", categories=categories(n), description=f"หลุม {n}",
                 state="waiting", state_times={}, created_at=now - timedelta(seconds=n),
                 updated_at=now) for n in range(count)]
    with runtime.db.uow() as uow:
        uow.session.execute(insert(Case), rows)
        uow.commit()


def test_a_huge_result_is_counted_only_up_to_the_cap_and_still_pages_on(app):
    insert_many(app.extensions["chaeng"], queries.COUNT_CAP + 60)
    admin = signed_in(app, "a@city.go.th", "admin")
    page = admin.get("/admin/cases/?page=201").get_data(as_text=True)
    assert "10,000+ เรื่อง" in page and "หน้า 201" in page and 'id="next-page"' in page
    assert len(TICKETS.findall(page)) == 50


def test_a_search_by_words_or_category_is_counted_up_to_a_thousand_and_still_pages_on(site):
    insert_many(site.extensions["chaeng"], queries.ROW_BY_ROW_COUNT_CAP + 60,
                lambda n: ["น้ำท่วม", "ถนน"] if n % 3 == 0 else ["ถนน"])
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get("/admin/cases/?q=หลุม&page=21").get_data(as_text=True)
    assert "1,000+ เรื่อง" in page and "หน้า 21" in page and 'id="next-page"' in page
    assert TICKETS.findall(page) == [f"2026-{n:06d}" for n in range(1000, 1050)]
    assert "1,000+ เรื่อง" in admin.get("/admin/cases/?category=ถนน").get_data(as_text=True)
    flooded = admin.get("/admin/cases/?category=น้ำท่วม&page=2").get_data(as_text=True)
    # A second category in the list counts as much as the first.
    assert "354 เรื่อง" in flooded and "หน้า 2 จาก 8" in flooded
    assert TICKETS.findall(flooded)[0] == f"2026-{150:06d}"
    assert "1,060 เรื่อง" in admin.get("/admin/cases/").get_data(as_text=True)  # counted exactly
