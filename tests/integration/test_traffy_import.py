"""Importing a city's history from Traffy CSVs, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import create_app
from tests.conftest import make_settings
from tests.support.traffy import NEW, ticket, write_csv
from storage.models import Agency, Case


@pytest.fixture
def app_on(database_url, fake_line, tmp_path):
    """The app on each database."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield app
    app.extensions["chaeng"].db.dispose()


def run(app, *args):
    """Run a flask CLI command and return its result."""
    return app.test_cli_runner().invoke(args=list(args))


def cases(app) -> dict[str, Case]:
    """Every case by ticket id."""
    with app.extensions["chaeng"].db.uow() as uow:
        found = {c.ticket_id: c for c in uow.session.scalars(select(Case))}
        uow.session.expunge_all()  # keep their loaded values after the unit of work ends
        return found


def test_a_gzipped_traffy_file_loads_as_imported_cases_with_states_stars_and_places(app_on, tmp_path):
    rows = [ticket(1), ticket(2, state="กำลังดำเนินการ", star="", count_reopen="2"),
            ticket(3, state="ส่งต่อ(ใหม่)", type="", coords=""), ticket(4, state="ไม่เกี่ยวข้อง"),
            ticket(5, state="รอรับเรื่อง", type="น้ำท่วม,ท่อระบายน้ำ")]
    result = run(app_on, "import", "traffy", str(write_csv(tmp_path / "t.csv.gz", rows, gzipped=True)))
    assert result.exit_code == 0, result.output
    assert "loaded 5, skipped 0 (already imported), invalid 0" in result.output
    loaded = cases(app_on)
    assert {t: c.state for t, c in loaded.items()} == {
        "2022-T00001": "finished", "2022-T00002": "in_progress", "2022-T00003": "forwarded",
        "2022-T00004": "rejected", "2022-T00005": "waiting"}
    first = loaded["2022-T00001"]
    assert (first.source, first.stars, first.district, first.subdistrict) == (
        "import", 4, "ปทุมวัน", "วังใหม่")
    assert (round(first.latitude, 3), round(first.longitude, 3)) == (13.741, 100.51)
    assert first.created_at.isoformat() == "2022-06-02T08:30:00.123456+00:00"
    assert loaded["2022-T00002"].reopen_count == 2
    assert loaded["2022-T00003"].latitude is None and loaded["2022-T00003"].categories == []
    assert loaded["2022-T00005"].categories == ["น้ำท่วม", "ท่อระบายน้ำ"]


def test_importing_the_same_file_twice_changes_nothing(app_on, tmp_path):
    path = write_csv(tmp_path / "t.csv", [ticket(1), ticket(2)])
    run(app_on, "import", "traffy", str(path))
    second = run(app_on, "import", "traffy", str(path))
    assert "loaded 0, skipped 2 (already imported), invalid 0" in second.output
    assert len(cases(app_on)) == 2


def test_bad_rows_are_counted_with_reasons_and_never_stop_the_rest(app_on, tmp_path):
    rows = [ticket(1, coords="somewhere"), ticket(2, state="หายไป"), ticket(3, timestamp="yesterday"),
            ticket(4, star="9"), ticket(5, ticket_id="not-a-ticket"), ticket(6)]
    result = run(app_on, "import", "traffy", str(write_csv(tmp_path / "t.csv", rows)))
    assert result.exit_code == 0, result.output
    assert "loaded 1, skipped 0 (already imported), invalid 5" in result.output
    for reason in ("bad coords", "unknown state", "bad timestamp", "star out of range",
                   "bad ticket_id"):
        assert f"invalid: {reason}: 1" in result.output
    assert list(cases(app_on)) == ["2022-T00006"]


def test_the_newer_layout_with_braced_types_and_last_activity_loads(app_on, tmp_path):
    row = ticket(7, type="{ทางเท้า,แสงสว่าง}", organization="เขตปทุมวัน",
                 photo_after="https://example.org/after.jpg", last_activity="2022-06-20 01:00:00+00")
    result = run(app_on, "import", "traffy", str(write_csv(tmp_path / "n.csv", [row], columns=NEW)))
    assert "loaded 1" in result.output, result.output
    case = cases(app_on)["2022-T00007"]
    assert case.categories == ["ทางเท้า", "แสงสว่าง"]
    assert case.state_times["finished"] == "2022-06-20T01:00:00+00:00"
    assert case.updated_at.isoformat() == "2022-06-20T01:00:00+00:00"


def test_a_file_that_is_not_traffy_is_refused_with_the_missing_columns(app_on, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,phone\nsomchai,0812345678\n", encoding="utf-8")
    result = run(app_on, "import", "traffy", str(path))
    assert result.exit_code != 0
    assert "missing columns" in result.output


def test_imported_tickets_go_to_the_office_traffy_names_or_else_the_district_office(app_on, tmp_path):
    rows = [ticket(11, organization="{สำนักการระบายน้ำ,เขตปทุมวัน}"),
            ticket(12, organization="ฝ่ายโยธา เขตบางซื่อ"),
            ticket(13, organization="ชุมชนที่เราไม่รู้จัก"),
            ticket(14, organization="", type="สายไฟ"),
            ticket(15, organization="", district="เมืองนนทบุรี")]
    result = run(app_on, "import", "traffy", str(write_csv(tmp_path / "n.csv", rows, columns=NEW)))
    assert "loaded 5" in result.output, result.output
    old = run(app_on, "import", "traffy", str(write_csv(tmp_path / "o.csv", [ticket(16, district="ราชเทวี")])))
    assert "loaded 1" in old.output, old.output
    with app_on.extensions["chaeng"].db.uow() as uow:
        codes = dict(uow.session.execute(select(Case.ticket_id, Agency.code).join(
            Agency, Case.agency_id == Agency.id)).all())
    assert codes == {"2022-T00011": "drainage", "2022-T00012": "bangsue", "2022-T00013": "pathumwan",
                     "2022-T00014": "mea", "2022-T00015": "triage", "2022-T00016": "ratchathewi"}
    client = app_on.test_client()
    assert "สำนักการระบายน้ำ" in client.get("/cases/2022-T00011").get_data(as_text=True)
    answer = client.get("/open311/v2/requests/2022-T00016.json").get_json()
    assert answer[0]["agency_responsible"] == "สำนักงานเขตราชเทวี"
