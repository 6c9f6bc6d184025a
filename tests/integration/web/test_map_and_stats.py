"""The map's points and the statistics with their CSV downloads, filtered like the list."""
from __future__ import annotations

import csv
import io

from bot import services
from tests.support.casework import move
from tests.support.staff import make_case, signed_in


def finish(runtime, ticket: str, stars: int) -> None:
    """Accept, finish and rate a case the way officers and the citizen would."""
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept", actor="officer:1")
        move(uow, ticket, "finish", actor="officer:1", note="เสร็จ")
        move(uow, ticket, "rate", actor="citizen", stars=stars)
        uow.commit()


def rows(client, name: str, query: str = "") -> list[list[str]]:
    """A statistics CSV download, parsed."""
    answer = client.get(f"/admin/stats/{name}.csv?{query}")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True))))


def test_the_map_shows_open_cases_with_a_position_each_linking_to_its_case(site):
    runtime = site.extensions["chaeng"]
    open_case = make_case(runtime, district="บางรัก")
    elsewhere = make_case(runtime, district="พระนคร")
    make_case(runtime, latitude=None, longitude=None)
    finish(runtime, make_case(runtime).ticket_id, 5)
    admin = signed_in(site, "a@city.go.th", "admin")
    points = admin.get("/admin/map/points.json").get_json()["points"]
    assert {p["ticket"] for p in points} == {open_case.ticket_id, elsewhere.ticket_id}
    assert points[0]["url"] == f"/admin/cases/{points[0]['ticket']}" and points[0]["state"] == "waiting"
    only = admin.get("/admin/map/points.json?district=บางรัก").get_json()["points"]
    assert [p["ticket"] for p in only] == [open_case.ticket_id]
    finished = admin.get("/admin/map/points.json?state=finished").get_json()["points"]
    assert len(finished) == 1


def test_statistics_count_by_category_district_state_and_stars_with_times_to_finish(site):
    runtime = site.extensions["chaeng"]
    first = make_case(runtime, categories=["ถนน", "ทางเท้า"], district="บางรัก")
    make_case(runtime, categories=["ถนน"], district="บางรัก")
    make_case(runtime, categories=["แสงสว่าง"], district="พระนคร")
    finish(runtime, first.ticket_id, 4)
    admin = signed_in(site, "a@city.go.th", "admin")
    assert rows(admin, "categories") == [["category", "cases"], ["ถนน", "2"], ["ทางเท้า", "1"],
                                         ["แสงสว่าง", "1"]]
    assert rows(admin, "districts") == [["district", "cases"], ["บางรัก", "2"], ["พระนคร", "1"]]
    assert rows(admin, "stars")[4] == ["4", "1"]
    months = rows(admin, "months")
    assert months[0][:3] == ["month", "waiting", "in_progress"] and len(months) == 2
    assert sum(int(n) for n in months[1][1:]) == 3 and months[1][4] == "1"  # one finished
    summary = dict(rows(admin, "summary")[1:])
    assert summary["total"] == "3" and float(summary["finished_share"]) == 1 / 3
    assert float(summary["median_hours_to_finish"]) < 1
    assert rows(admin, "districts", "category=แสงสว่าง") == [["district", "cases"], ["พระนคร", "1"]]
    page = admin.get("/admin/stats/").get_data(as_text=True)
    assert page.count('<ol class="chart bars"') == 4 and page.count("<svg") == 1 and "33%" in page
    assert admin.get("/admin/stats/nothing.csv").status_code == 404
