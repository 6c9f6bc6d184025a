"""Importing a city's history from Traffy CSVs, on SQLite and PostgreSQL."""
from __future__ import annotations

import csv
import gzip
import io

import pytest
from sqlalchemy import select

from bot import create_app
from tests.conftest import make_settings
from tests.support.traffy import NEW, OLD, ticket, write_csv
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


def csv_bytes(rows: list[dict], columns=OLD) -> bytes:
    """A Traffy CSV as UTF-8 bytes."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue().encode("utf-8")


def imported(app, path) -> tuple:
    """Run the import; its result, with no Python traceback allowed in what it printed."""
    result = run(app, "import", "traffy", str(path))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_dates_before_2000_or_in_the_future_are_row_errors_and_every_reader_still_answers(
        app_on, tmp_path, clock):
    rows = [ticket(1), ticket(2, timestamp="0001-01-01 00:00:00+14:00"),
            ticket(3, timestamp="9999-12-31 23:59:59-14:00"),
            ticket(4, timestamp="1999-12-31 23:59:59+00"),
            ticket(5, timestamp="2026-06-20 05:00:00+00"),  # three days after the clock's now
            ticket(6, last_activity="0001-01-01 00:00:00+14:00"), ticket(7)]
    result = imported(app_on, write_csv(tmp_path / "t.csv", rows, columns=NEW))
    assert result.exit_code == 0, result.output
    assert "loaded 2, skipped 0 (already imported), invalid 5" in result.output
    assert "invalid: timestamp before 2000-01-01 or in the future: 4" in result.output
    assert "invalid: last_activity before 2000-01-01 or in the future: 1" in result.output
    assert "line 3: timestamp before 2000-01-01 or in the future" in result.output
    assert sorted(cases(app_on)) == ["2022-T00001", "2022-T00007"]
    client = app_on.test_client()
    for url in ("/open-data/cases.csv", "/open-data/cases.geojson", "/cases/2022-T00001",
                "/districts/ปทุมวัน", "/open311/v2/requests.json?start_date=2022-05-01T00:00:00Z"):
        assert client.get(url).status_code == 200, url


def test_odd_numbers_and_a_nul_are_row_errors_or_cleaned_and_the_rest_loads(app_on, tmp_path):
    rows = [ticket(1), ticket(2, star="inf"), ticket(3, count_reopen="1e12"),
            ticket(4, coords="nan,nan"), ticket(5, coords="1e308,-1e308"),
            ticket(6, star="-inf"), ticket(7, comment="ถนน\x00พัง", address="ซอย\x001"),
            ticket(8, count_reopen="nan"), ticket(9)]
    result = imported(app_on, write_csv(tmp_path / "t.csv", rows))
    assert result.exit_code == 0, result.output
    assert "loaded 3, skipped 0 (already imported), invalid 6" in result.output
    for line, reason in ((3, "bad star"), (4, "count_reopen out of range"),
                         (5, "coords out of range"), (6, "coords out of range"), (7, "bad star"),
                         (9, "bad count_reopen")):
        assert f"line {line}: {reason}" in result.output
    loaded = cases(app_on)
    assert sorted(loaded) == ["2022-T00001", "2022-T00007", "2022-T00009"]
    assert loaded["2022-T00007"].description == "ถนนพัง"  # PostgreSQL refuses NUL; SQLite drops it too
    assert loaded["2022-T00007"].address == "ซอย1"


def test_an_invalid_utf8_byte_loses_only_its_row(app_on, tmp_path):
    raw = csv_bytes([ticket(1), ticket(2, comment="ถนนพัง"), ticket(3)])
    path = tmp_path / "t.csv"
    path.write_bytes(raw.replace("ถนนพัง".encode(), b"\xff\xfe\xba", 1))
    result = imported(app_on, path)
    assert result.exit_code == 0, result.output
    assert "loaded 2, skipped 0 (already imported), invalid 1" in result.output
    assert "line 3: not UTF-8 text" in result.output
    assert sorted(cases(app_on)) == ["2022-T00001", "2022-T00003"]


def test_a_utf16_file_with_its_byte_order_mark_loads_like_utf8(app_on, tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([ticket(1), ticket(2)]).decode("utf-8").encode("utf-16"))
    result = imported(app_on, path)
    assert "loaded 2, skipped 0 (already imported), invalid 0" in result.output, result.output
    assert cases(app_on)["2022-T00002"].description == "ถนนเป็นหลุม จุดที่ 2"


@pytest.mark.parametrize("content", [
    pytest.param(lambda raw: raw.decode("utf-8").encode("utf-16-le"), id="utf16-without-bom"),
    pytest.param(lambda raw: bytes(range(256)) * 64, id="binary"),
    pytest.param(lambda raw: b"\x89PNG\r\n\x1a\n" + b"\x00" * 300_000, id="no-line-end"),
    pytest.param(lambda raw: b"\x1f\x8b\x08\x00garbage", id="not-really-gzip"),
])
def test_a_file_that_cannot_be_read_is_one_clear_error_and_a_non_zero_exit(app_on, tmp_path, content):
    path = tmp_path / "t.csv"
    path.write_bytes(content(csv_bytes([ticket(1)])))
    result = imported(app_on, path)
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1].startswith("Error: ")
    assert cases(app_on) == {}


def test_a_truncated_gzip_keeps_every_row_read_before_the_break_and_exits_non_zero(app_on, tmp_path):
    whole = gzip.compress(csv_bytes([ticket(n, comment=f"ถนนพัง {n} " + "ก" * (n % 97))
                                     for n in range(1, 2001)]))
    path = tmp_path / "t.csv.gz"
    path.write_bytes(whole[:len(whole) * 2 // 3])
    result = imported(app_on, path)
    assert result.exit_code != 0
    assert "Error: the file ends early" in result.output
    summary = next(line for line in result.output.splitlines() if line.startswith("loaded "))
    loaded = int(summary.split()[1].rstrip(","))
    assert 1000 < loaded < 2000
    assert len(cases(app_on)) == loaded  # the batch in flight was committed, not lost


def test_row_errors_are_listed_with_their_line_up_to_a_limit(app_on, tmp_path):
    rows = [ticket(n, star="9") for n in range(1, 31)] + [ticket(31)]
    result = imported(app_on, write_csv(tmp_path / "t.csv", rows))
    assert "invalid: star out of range: 30" in result.output
    assert "line 2: star out of range" in result.output
    assert "line 21: star out of range" in result.output
    assert "line 22: star out of range" not in result.output
    assert "and 10 more" in result.output
