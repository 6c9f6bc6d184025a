"""A new case's receipt says how long cases like it usually take, and Open311 gives the same figure."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.insight.cache import forget
from storage.models import Case, utcnow
from tests.e2e.test_reporting import report
from tests.support import events
from tests.support.history import past_case

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment

POTHOLE = "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว"


def finished_roads(runtime, count: int, district: str = "ราชเทวี", category: str = "ถนน") -> None:
    """`count` road cases of the office that finished 1, 2, ... days after being reported."""
    with runtime.db.uow() as uow:
        for n in range(count):
            past_case(uow, category, district=district, created=utcnow() - timedelta(days=40 + n),
                      finished_after=1 + n)
        uow.commit()


def test_the_receipt_states_the_median_and_range_of_twenty_similar_finished_cases(line, runtime):
    finished_roads(runtime, 21)  # 1..21 days: median 11, 10th percentile 3, 90th 19
    user = events.new_user()
    ticket = report(line, user, POTHOLE)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert case.categories[0] == "ถนน" and case.district == "ราชเทวี"
        created = case.created_at
    said = line.texts_to(user)
    assert "ปกติใช้เวลาแก้ไขประมาณ 11 วัน (ส่วนใหญ่ 3 วัน ถึง 19 วัน) จาก 21 เรื่อง" in said
    document = runtime_app_get(line, f"/open311/v2/requests/{ticket}.json")[0]
    assert document["expected_datetime"] == (created + timedelta(days=11)).isoformat()


def test_with_fewer_than_twenty_similar_cases_the_receipt_promises_nothing(line, runtime):
    finished_roads(runtime, 19)
    finished_roads(runtime, 5, district="ปทุมวัน")  # another office's cases are not 'like it'
    user = events.new_user()
    ticket = report(line, user, POTHOLE)
    assert ticket in line.texts_to(user)
    assert "ปกติใช้เวลา" not in line.texts_to(user)
    assert "expected_datetime" not in runtime_app_get(line, f"/open311/v2/requests/{ticket}.json")[0]


def test_an_english_speaker_is_told_the_usual_time_in_english(line, runtime):
    finished_roads(runtime, 20)
    user = events.new_user()
    report(line, user, "The road has a deep pothole, motorbikes keep falling")
    assert "usually take about" in line.texts_to(user)


def test_only_finished_cases_of_the_same_category_and_office_count_on_each_database(line_each_db):
    runtime = line_each_db.app.extensions["chaeng"]
    finished_roads(runtime, 19)
    finished_roads(runtime, 10, category="น้ำท่วม")  # the same office, another kind of problem
    first = events.new_user()
    report(line_each_db, first, POTHOLE)
    assert "ปกติใช้เวลา" not in line_each_db.texts_to(first)
    finished_roads(runtime, 1)
    forget()  # the usual time is cached for ten minutes; the twentieth road case is new
    second = events.new_user()
    report(line_each_db, second, POTHOLE)
    assert "จาก 20 เรื่อง" in line_each_db.texts_to(second)


def runtime_app_get(line, path: str):
    """GET a JSON document from the app."""
    return line.app.test_client().get(path).get_json()
