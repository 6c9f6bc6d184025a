"""The public board, server-rendered: lists, filters, case pages and district records."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from bot import create_app, services
from storage.models import Case
from tests.support.casework import move
from tests.conftest import make_settings
from tests.support.images import jpeg
from tests.support.traffy import national_id, ticket, write_csv

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment

PHONE = "081-234-5678"


@pytest.fixture
def app_on(database_url, fake_line, tmp_path):
    """The app on each database with six imported cases in two districts, one hidden."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    rows = [ticket(1, comment=f"ถนนพัง โทร {PHONE} บัตร {national_id()}", star="5",
                   last_activity="2022-06-04 08:30:00.123456+00"),
            ticket(2, state="กำลังดำเนินการ", star="", count_reopen="1"),
            ticket(3, state="รอรับเรื่อง", type="น้ำท่วม", timestamp="2022-06-01 01:00:00+00"),
            ticket(4, star="3", last_activity="2022-06-15 08:30:00.123456+00"),
            ticket(5, district="บางรัก", subdistrict="สีลม", comment="ไฟดับ", type="แสงสว่าง"),
            ticket(6, comment="ความลับ")]
    path = write_csv(tmp_path / "t.csv", rows, columns=tuple(rows[0]))
    assert "loaded 6" in app.test_cli_runner().invoke(args=["import", "traffy", str(path)]).output
    with app.extensions["chaeng"].db.uow() as uow:
        uow.session.execute(update(Case).where(Case.ticket_id == "2022-T00006").values(hidden=True))
        uow.commit()
    yield app
    app.extensions["chaeng"].db.dispose()


def tickets(html: str) -> set[str]:
    """The ticket ids a page links to."""
    return set(re.findall(r"/cases/(2022-T\d{5})", html))


def test_the_board_lists_every_public_case_without_personal_data(app_on):
    page = app_on.test_client().get("/")
    assert page.status_code == 200
    html = page.text
    assert tickets(html) == {"2022-T00001", "2022-T00002", "2022-T00003", "2022-T00004",
                             "2022-T00005"}
    assert PHONE not in html and national_id() not in html and "ความลับ" not in html
    assert "leaflet/leaflet.js" in html and "unpkg" not in html and "cdn" not in html.lower()
    assert app_on.test_client().get("/board/static/leaflet/leaflet.js").status_code == 200


def test_the_filters_narrow_the_list_and_the_map_points(app_on):
    client = app_on.test_client()
    assert tickets(client.get("/?category=flooding").text) == {"2022-T00003"}
    assert tickets(client.get("/?district=บางรัก").text) == {"2022-T00005"}
    assert tickets(client.get("/?state=in_progress").text) == {"2022-T00002"}
    assert tickets(client.get("/?since=2022-06-05&until=2022-06-05").text) == {"2022-T00004"}
    assert tickets(client.get("/?state=nonsense&since=soon").text) != set()  # ignored, not a 500
    points = client.get("/board/points.json?district=บางรัก").json
    assert [p[3] for p in points] == ["2022-T00005"] and points[0][2] == "finished"


def test_the_english_board_names_places_in_english_and_the_thai_board_in_thai(app_on):
    client = app_on.test_client()
    assert "Bang Rak" in client.get("/?district=บางรัก&lang=en").text
    thai = client.get("/?district=บางรัก").text
    assert "Bang Rak" not in thai and "บางรัก" in thai


def test_a_case_page_shows_its_place_state_timeline_stars_and_time_taken(app_on):
    html = app_on.test_client().get("/cases/2022-T00001?lang=en").text
    for shown in ("Road", "Wang Mai", "ถนนพระราม 1", "Finished", "5/5", "2.0 days",
                  "Pathum Wan District Office", "2022-06-02 15:30"):  # imported cases are routed
        assert shown in html, shown
    assert PHONE not in html and "[ลบข้อมูลส่วนบุคคล]" in html


def test_a_chat_case_page_shows_before_and_after_photos_but_not_hidden_ones_or_the_reporter(app_on):
    runtime = app_on.extensions["chaeng"]
    with runtime.db.uow() as uow:
        services.ensure_user(uow, "Ureporter0001")
        before = [services.add_photo(uow, "Ureporter0001", runtime.media.save_image(jpeg(), 10**7))
                  for _ in range(2)]
        case = services.submit_report(uow, "Ureporter0001", description="ทางเท้าพัง", categories=["ทางเท้า"],
                                      latitude=13.74, longitude=100.53, address=None,
                                      district="ปทุมวัน", subdistrict=None,
                                      photo_ids=[p.id for p in before])
        before[1].hidden = True
        after = services.add_photo(uow, None, runtime.media.save_image(jpeg(), 10**7))
        move(uow, case.ticket_id, "accept", actor="officer")
        move(uow, case.ticket_id, "finish", actor="officer",
                              note=f"ซ่อมแล้ว ติดต่อ {PHONE}", photo_ids=[after.id])
        uow.commit()
    html = app_on.test_client().get(f"/cases/{case.ticket_id}").text
    assert f"/media/{before[0].id}/" in html and f"/media/{after.id}/" in html
    assert f"/media/{before[1].id}/" not in html
    assert "ภาพก่อนแก้ไข" in html and "ภาพหลังแก้ไข" in html and "ซ่อมแล้ว" in html
    assert "Ureporter0001" not in html and "officer" not in html and PHONE not in html


def test_a_district_page_shows_its_record(app_on):
    html = app_on.test_client().get("/districts/ปทุมวัน?lang=en").text
    figures = dict(re.findall(r'id="([a-z-]+)"><span>([^<]+)</span>', html))
    assert figures == {"received": "4", "finished-share": "50%", "median-days": "6.0",
                       "stars": "4.0 ★", "reopen-rate": "25.0%"}
    assert "from 2 cases with a known finishing time" in html
    oldest = html.split("Oldest open cases")[1]
    assert oldest.index("2022-T00003") < oldest.index("2022-T00002")
    assert "2022-T00001" not in oldest
    assert app_on.test_client().get("/districts/ไม่มีเขตนี้").status_code == 404
    assert "ปทุมวัน" in app_on.test_client().get("/districts").text


def test_a_case_from_the_chat_names_its_office_and_appears_in_that_offices_record(app_on):
    with app_on.extensions["chaeng"].db.uow() as uow:
        services.ensure_user(uow, "Ureporter0002")
        case = services.submit_report(uow, "Ureporter0002", description="ทางเท้าพัง", categories=["ทางเท้า"],
                                      latitude=13.74, longitude=100.53, address=None,
                                      district="ปทุมวัน", subdistrict=None, photo_ids=[])
        uow.commit()
    client = app_on.test_client()
    assert "สำนักงานเขตปทุมวัน" in client.get(f"/cases/{case.ticket_id}").text
    record = client.get("/agencies/pathumwan?lang=en")
    assert record.status_code == 200 and "Pathum Wan District Office" in record.text
    assert case.ticket_id in record.text and "Ureporter0002" not in record.text


def test_an_unknown_agency_page_is_a_404(app_on):
    assert app_on.test_client().get("/agencies/no-such-office?lang=en").status_code == 404
