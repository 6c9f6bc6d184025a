"""Learning from use: staff-confirmed and corrected cases in the app's database feed the next model."""
import datetime as dt

import pytest

from bot import create_app, services
from nlp.model import load_model, read_header
from storage.models import CaseEvent
from tests.support.casework import move
from tests.conftest import make_settings
from tests.nlp.synthetic import rows, write_csv

BUS_REPORTS = ["รถเมล์สาย 8 ไม่จอดรับที่ป้าย รอนานมาก", "รถเมล์ไม่จอดป้าย ขับผ่านไปเลย", "รอรถเมล์สาย 29 นานเกินชั่วโมง",
               "รถเมล์ขับเร็วไม่จอดรับผู้โดยสาร", "รถเมล์สาย 515 ไม่มาเลยทั้งเช้า", "คนขับรถเมล์ไม่จอดที่ป้ายรถเมล์"]


@pytest.fixture
def app(database_url, fake_line, tmp_path):
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield app
    app.extensions["chaeng"].db.dispose()


def report(uow, text, categories):
    return services.submit_report(uow, None, description=text, categories=categories, latitude=None,
                                  longitude=None, address=None, district=None, subdistrict=None, photo_ids=[])


def recategorize(uow, case, to, when):
    """Record a staff correction the way the officers' service does (its contract, written by hand here)."""
    uow.session.add(CaseEvent(case_id=case.id, action="recategorize", from_state=case.state, to_state=case.state,
                              actor="officer:somchai", data={"from": list(case.categories), "to": to},
                              created_at=when))
    case.categories = to


@pytest.fixture
def reviewed(app, clock):
    """Six bus reports the bot called roads and staff moved to transit, one confirmed flood, one unreviewed."""
    db = app.extensions["chaeng"].db
    now = clock.now()
    with db.uow() as uow:
        for i, text in enumerate(BUS_REPORTS):
            recategorize(uow, report(uow, text, ["ถนน"]), ["การเดินทาง"], now - dt.timedelta(hours=i + 1))
        old = report(uow, "ต้นไม้ล้มทับรถเมล์", ["ถนน"])
        recategorize(uow, old, ["ต้นไม้"], now - dt.timedelta(days=40))
        flood = report(uow, "น้ำท่วมขังหน้าโรงเรียน", ["น้ำท่วม"])
        report(uow, "ไฟดับหน้าบ้าน", ["แสงสว่าง"])  # nobody on the staff has looked at it yet
        uow.commit()
        ticket = flood.ticket_id
    for action in ("accept", "finish"):
        with db.uow() as uow:
            move(uow, ticket, action, actor="officer:somchai")
            uow.commit()
    return now


def test_training_with_cases_learns_a_staff_correction_and_records_how_many(app, reviewed, tmp_path):
    data = write_csv(tmp_path / "traffy.csv.gz", rows(late=False))
    runner = app.test_cli_runner()
    plain = runner.invoke(args=["nlp", "train", "--data", data, "--out", str(tmp_path / "plain.npz")])
    result = runner.invoke(args=["nlp", "train", "--data", data, "--out", str(tmp_path / "m.npz"), "--with-cases"])
    assert plain.exit_code == 0 and result.exit_code == 0, result.output
    header = read_header(str(tmp_path / "m.npz"))
    assert header["cases"] == 8  # six corrections, the older correction and the confirmed flood; not the unread one
    assert header["cases_until"][:10] == reviewed.strftime("%Y-%m-%d")
    assert read_header(str(tmp_path / "plain.npz"))["cases"] == 0
    question = ["รถเมล์สาย 8 ไม่จอดที่ป้าย"]
    assert load_model(str(tmp_path / "m.npz")).predict_proba(question).argmax() == 19  # การเดินทาง (transit)
    assert load_model(str(tmp_path / "plain.npz")).predict_proba(question).argmax() != 19


def test_the_report_shows_how_often_staff_changed_each_predicted_category_in_the_last_30_days(app, reviewed):
    result = app.test_cli_runner().invoke(args=["nlp", "report"])
    assert result.exit_code == 0, result.output
    assert "cases reviewed by staff in the last 30 days: 7; category changed: 6 (85.7%)" in result.output
    road = next(line for line in result.output.splitlines() if line.startswith("ถนน"))
    assert road.split()[2:5] == ["6", "6", "100%"] and "การเดินทาง 6" in road
    flood = next(line for line in result.output.splitlines() if line.startswith("น้ำท่วม"))
    assert flood.split()[1:4] == ["Flooding", "1", "0"]


def test_reading_cases_from_a_database_without_tables_says_what_to_do(tmp_path, fake_line):
    app = create_app(make_settings("sqlite:///%s" % (tmp_path / "empty.db"), fake_line, tmp_path))
    try:
        result = app.test_cli_runner().invoke(args=["nlp", "report"])
    finally:
        app.extensions["chaeng"].db.dispose()
    assert result.exit_code == 1
    assert "cannot read the app's cases" in result.output and "db upgrade" in result.output
