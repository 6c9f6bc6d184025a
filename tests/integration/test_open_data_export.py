"""Publishing cases as Traffy-layout CSV and GeoJSON: redacted, hidden cases left out, re-importable."""
from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import text, update

from bot import create_app
from bot.opendata.traffy import COLUMNS
from storage.models import Base, Case
from tests.conftest import make_settings
from tests.support.staff import signed_in
from tests.support.traffy import national_id, ticket, write_csv

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment

PHONE, LINE_ID = "081-234-5678", "somchai_99"


@pytest.fixture
def app_on(database_url, fake_line, tmp_path):
    """The app on each database, holding three imported cases, one of them hidden."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    leaky = f"ไฟดับ โทร {PHONE} บัตร {national_id()} line: {LINE_ID}"
    rows = [ticket(1, comment=leaky, timestamp="2022-06-01 03:00:00+00"),
            ticket(2, comment="ซ่อนไว้", timestamp="2022-06-02 03:00:00+00"),
            ticket(3, coords="", timestamp="2022-07-01 03:00:00+00")]
    path = write_csv(tmp_path / "in.csv", rows)
    assert app.test_cli_runner().invoke(args=["import", "traffy", str(path)]).exit_code == 0
    with app.extensions["chaeng"].db.uow() as uow:  # what a moderator's hide does
        uow.session.execute(update(Case).where(Case.ticket_id == "2022-T00002").values(hidden=True))
        uow.commit()
    yield app
    app.extensions["chaeng"].db.dispose()


def export(app, *args) -> str:
    """Run `flask export` and return what it printed."""
    result = app.test_cli_runner().invoke(args=["export", *args])
    assert result.exit_code == 0, result.output
    return result.output


def assert_no_personal_data(text: str) -> None:
    """Neither the phone number, the national id nor the LINE id is anywhere in text."""
    for secret in (PHONE, "0812345678", national_id(), LINE_ID):
        assert secret not in text
    assert "[ลบข้อมูลส่วนบุคคล]" in text


def test_the_csv_export_has_traffys_columns_redacts_personal_data_and_leaves_hidden_cases_out(app_on):
    text = export(app_on, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert [r["ticket_id"] for r in rows] == ["2022-T00001", "2022-T00003"]
    assert rows[0]["state"] == "เสร็จสิ้น" and rows[0]["star"] == "4"
    assert rows[0]["timestamp"] == "2022-06-01 03:00:00.000000+00"
    assert_no_personal_data(text)


def test_the_geojson_export_has_a_point_per_located_case_and_no_personal_data(app_on):
    text = export(app_on, "--format", "geojson")
    document = json.loads(text)
    assert document["type"] == "FeatureCollection"
    assert [f["properties"]["ticket_id"] for f in document["features"]] == ["2022-T00001"]
    assert document["features"][0]["geometry"]["coordinates"] == [100.51, 13.741]
    assert_no_personal_data(text)


def test_since_and_until_select_whole_bangkok_days(app_on):
    text = export(app_on, "--format", "csv", "--since", "2022-06-01", "--until", "2022-06-30")
    assert [r["ticket_id"] for r in csv.DictReader(io.StringIO(text))] == ["2022-T00001"]


def test_the_downloads_stream_the_same_redacted_files_over_http(app_on):
    client = app_on.test_client()
    for fmt in ("csv", "geojson"):
        answer = client.get(f"/open-data/cases.{fmt}")
        assert answer.status_code == 200
        assert answer.is_streamed
        assert "2022-T00001" in answer.text and "2022-T00002" not in answer.text
        assert_no_personal_data(answer.text)
    assert client.get("/open-data/cases.csv?since=June").status_code == 400


def test_an_export_imports_again_into_an_empty_system(app_on, database_url, fake_line, tmp_path):
    exported = tmp_path / "out.csv"
    exported.write_text(export(app_on, "--format", "csv"), encoding="utf-8")
    other = create_app(make_settings(f"sqlite:///{tmp_path / 'other.db'}", fake_line, tmp_path))
    Base.metadata.create_all(other.extensions["chaeng"].db.engine)
    result = other.test_cli_runner().invoke(args=["import", "traffy", str(exported)])
    assert "loaded 2, skipped 0 (already imported), invalid 0" in result.output
    other.extensions["chaeng"].db.dispose()


def test_personal_data_in_a_description_or_an_address_is_masked_in_its_own_cell(
        database_url, fake_line, tmp_path):
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    rows = [ticket(1, type="{น้ำท่วม,ถนน}", comment=f"ไฟดับ โทร ๐๘๑-๒๓๔-๕๖๗๘ line: {LINE_ID}",
                   address=f"ซอย 5 ติดต่อ somchai@example.com หรือ {PHONE}"),
            ticket(2, type="{น้ำท่วม,ถนน}", comment="ทางเท้าพัง ซอย 12 เลขที่ 345/6")]
    path = write_csv(tmp_path / "in.csv", rows)
    assert app.test_cli_runner().invoke(args=["import", "traffy", str(path)]).exit_code == 0
    for fmt in ("csv", "geojson"):
        text = export(app, "--format", fmt)
        if fmt == "csv":
            cells = list(csv.DictReader(io.StringIO(text)))
        else:
            cells = [f["properties"] for f in json.loads(text)["features"]]
        masked, plain = cells
        assert masked["comment"] == "ไฟดับ โทร [ลบข้อมูลส่วนบุคคล] line: [ลบข้อมูลส่วนบุคคล]"
        assert masked["address"] == "ซอย 5 แขวงวังใหม่ เขตปทุมวัน"  # the soi and the area only
        assert plain["comment"] == "ทางเท้าพัง ซอย 12 เลขที่ [ลบข้อมูลส่วนบุคคล]"  # the house
        assert "somchai@example.com" not in text and PHONE not in text
        assert masked["type"] == plain["type"] == "น้ำท่วม,ถนน"
    app.extensions["chaeng"].db.dispose()


def test_a_case_dated_past_what_python_can_hold_already_stored_breaks_no_reader(app_on):
    """Before imports checked their dates, `0001-01-01 00:00:00+14:00` went into PostgreSQL as
    year 0, which no reader could load ("timestamp too small")."""
    if app_on.extensions["chaeng"].db.engine.dialect.name == "postgresql":
        early, late = "'0001-01-01 00:00:00+14'::timestamptz", "'20000-01-01 00:00:00+00'::timestamptz"
    else:  # SQLite holds text: the earliest and latest moments Python can read
        early, late = "'0001-01-01 00:00:00.000000'", "'9999-12-31 23:59:59.000000'"
    with app_on.extensions["chaeng"].db.uow() as uow:
        for ticket_id, moment in (("2022-T00001", early), ("2022-T00003", late)):
            uow.session.execute(text(f"UPDATE cases SET created_at = {moment}, updated_at = {moment}"
                                     f" WHERE ticket_id = '{ticket_id}'"))
        uow.commit()
    client = app_on.test_client()
    for url in ("/open-data/cases.csv", "/open-data/cases.geojson", "/", "/board/points.json",
                "/cases/2022-T00001", "/cases/2022-T00003", "/districts", "/districts/ปทุมวัน",
                "/hotspots", "/agencies/pathumwan",
                "/open311/v2/requests/2022-T00001.json", "/open311/v2/requests/2022-T00003.xml",
                "/open311/v2/requests.json?service_request_id=2022-T00001,2022-T00003"):
        answer = client.get(url)
        assert answer.status_code == 200, url
        answer.get_data()  # a streamed download fails only while it is read
    assert "2022-T00001" in client.get("/open-data/cases.csv").text
    admin = signed_in(app_on, "a@city.go.th", "admin")
    for url in ("/admin/cases/", "/admin/cases/2022-T00001", "/admin/cases/2022-T00003",
                "/admin/stats/", "/admin/stats/months.csv", "/admin/map/points.json",
                "/admin/service-levels/"):
        assert admin.get(url).status_code == 200, url
