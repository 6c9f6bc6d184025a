"""Statistics over imported history say how many cases each figure comes from, never show an
unknown as zero, draw every month in between, name the uncategorised and page long tables."""
from __future__ import annotations

import csv
import io
import re

from bot import services
from tests.support import city
from tests.support.casework import move
from tests.support.staff import make_case, signed_in


def finished_live_cases(runtime, count: int) -> None:
    """Cases reported, accepted and finished today, so their time to finish is known."""
    for _ in range(count):
        ticket = make_case(runtime, district="บางรัก").ticket_id
        with runtime.db.uow() as uow:
            move(uow, ticket, "accept")
            move(uow, ticket, "finish", note="เสร็จ")
            uow.commit()


def summary_csv(client) -> dict[str, str]:
    """The statistics summary download as measure -> value."""
    text = client.get("/admin/stats/summary.csv").get_data(as_text=True)
    return dict(list(csv.reader(io.StringIO(text)))[1:])


def test_hours_to_finish_say_how_many_finished_cases_they_come_from(site, clock, tmp_path):
    runtime = site.extensions["chaeng"]
    city.import_history(site, tmp_path, 120)  # 60 finished, 3 of them with a known last activity
    finished_live_cases(runtime, 2)
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get("/admin/stats/").get_data(as_text=True)
    sample = re.search(r'id="finish-sample"[^>]*>([^<]+)<', page).group(1)
    assert "n = 5" in sample and "68" in sample  # 3 imported + 2 live known, of 68 finished
    figures = summary_csv(admin)
    assert figures["finish_times_known"] == "5" and figures["finished"] == "68"
    english = signed_in(site, "b@city.go.th", "admin")
    english.post("/admin/language", {"lang": "en", "next": "/admin/stats/"})
    assert "of 68 finished" in english.get("/admin/stats/").get_data(as_text=True)


def test_a_service_level_with_no_known_finishing_time_shows_a_dash_not_zero(site, clock, tmp_path):
    city.import_history(site, tmp_path, 40)
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get("/admin/service-levels/?agency=khlongsan").get_data(as_text=True)
    row = re.search(r'<tr class="agency-total"[^>]*data-agency="khlongsan".*?</tr>', page, re.S).group(0)
    for share in ("within-2", "within-7"):  # none of its finished cases says when it finished
        assert re.search(rf'class="{share}"[^>]*>([^<]*)<', row).group(1).strip() == "–", row


def test_the_month_axis_runs_through_every_month_even_empty_ones(site, clock, tmp_path):
    runtime = site.extensions["chaeng"]
    city.import_history(site, tmp_path, 30)  # 2022 and early 2023 only
    make_case(runtime)  # June 2026, by the test clock
    admin = signed_in(site, "a@city.go.th", "admin")
    rows = list(csv.reader(io.StringIO(admin.get("/admin/stats/months.csv").get_data(as_text=True))))
    months = [row[0] for row in rows[1:]]
    assert months[0] == "2022-01" and months[-1] == "2026-06"
    assert len(months) == 4 * 12 + 6 and "2024-07" in months  # every month, the empty ones too
    assert rows[months.index("2024-07") + 1][1:] == ["0"] * (len(rows[0]) - 1)
    page = admin.get("/admin/stats/").get_data(as_text=True)
    chart = re.search(r'<svg[^>]*id="month-chart".*?</svg>', page, re.S).group(0)
    assert chart.count('class="month"') == len(months)


def test_cases_without_a_category_are_called_uncategorised(site, clock, tmp_path):
    city.import_history(site, tmp_path, 30)
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get("/admin/stats/").get_data(as_text=True)
    chart = re.search(r'id="chart-categories".*?</section>', page, re.S).group(0)
    assert "ไม่ระบุประเภท" in chart and ">-<" not in chart


def test_the_service_levels_table_pages_through_agencies(site, clock, tmp_path):
    runtime = site.extensions["chaeng"]
    city.import_history(site, tmp_path, 60)
    with runtime.db.uow() as uow:
        codes = [a.code for a in services.agencies(uow) if a.kind == "district"][:30]
    for code in codes:
        with runtime.db.uow() as uow:
            district = services.agency_by_code(uow, code).district
        make_case(runtime, district=district)
    admin = signed_in(site, "a@city.go.th", "admin")
    first = admin.get("/admin/service-levels/").get_data(as_text=True)
    shown = set(re.findall(r'<tr class="agency-total"[^>]*data-agency="([^"]+)"', first))
    assert 0 < len(shown) <= 10
    assert 'id="next-page"' in first
    second = admin.get("/admin/service-levels/?page=2").get_data(as_text=True)
    assert not shown & set(re.findall(r'<tr class="agency-total"[^>]*data-agency="([^"]+)"', second))
