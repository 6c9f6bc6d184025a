"""Pure parts of the dashboard: pseudonyms, filters, charts, quantiles and JSON log lines."""
from __future__ import annotations

import json
import re
import logging

from werkzeug.datastructures import MultiDict

from bot.insight.service_levels import month_axis
from bot.logjson import JsonFormatter
from bot.privacy import pseudonym
from bot.web.admin import charts
from bot.web.admin.figures import _quantile
from bot.web.admin.queries import CaseFilter

LINE_ID = "U4af4980629a0c2ff4ebed8a4d8a0d6c3"


def test_a_pseudonym_is_stable_for_a_user_and_cannot_be_read_back_without_the_key():
    alias = pseudonym("key-one", LINE_ID)
    assert alias == pseudonym("key-one", LINE_ID) and alias.startswith("u-")
    assert alias != pseudonym("key-two", LINE_ID) != pseudonym("key-one", LINE_ID + "x")
    assert LINE_ID[1:11] not in alias
    assert pseudonym("key-one", None) == "—"


def test_filters_from_a_query_string_keep_sensible_values_and_drop_the_rest():
    flt = CaseFilter.from_args(MultiDict(dict(
        state="finished", since="2026-01-05", until="not a date", stars="9", source="fax",
        stuck="1", sort="password", page="-3", q="  หลุม ")))
    assert (flt.state, flt.since, flt.until, flt.stars, flt.source) == ("finished", "2026-01-05", "",
                                                                         "", "")
    assert flt.stuck and flt.sort == "created" and flt.page == 1 and flt.q == "หลุม"
    assert flt.args(page=2) == {"state": "finished", "since": "2026-01-05", "stuck": "1",
                                "q": "หลุม", "page": 2}


def test_a_bar_chart_scales_to_the_largest_value_and_escapes_labels():
    html = str(charts.bars([("<script>", 50), ("ถนน", 100)], title="x"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    widths = [float(w) for w in re.findall(r'class="bar" style="width:([\d.]+)%"', html)]
    assert widths == [50.0, 100.0]


def test_the_month_chart_draws_every_month_and_names_each_year_once():
    months = [("2025-11", {"waiting": 2}), ("2025-12", {}), ("2026-01", {"finished": 4})]
    svg = str(charts.stacked_columns(months, title="x", labels={"waiting": "w", "finished": "f"}))
    assert svg.count('class="month"') == 3 and svg.count(">2026<") == 1 and ">2025<" in svg


def test_a_month_typed_wrong_stands_alone_at_the_axis_end_instead_of_stretching_it(clock):
    # clock: 2026-06-17. Year 1 and year 9999 once made a 120,000-month axis (7 s a page).
    axis = month_axis({"2026-04", "2026-06", "0001-01", "9999-12"})
    assert axis == ["0001-01", "2026-04", "2026-05", "2026-06", "9999-12"]
    assert month_axis({"2026-04", "2026-09"}) == ["2026-04", "2026-09"]  # past this month: alone
    assert month_axis(set()) == []


def test_quantiles_interpolate_between_the_nearest_values():
    assert _quantile([], 0.5) is None
    assert _quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert _quantile([float(n) for n in range(1, 11)], 0.9) == 9.1


def test_a_json_log_line_is_one_object_with_the_formatted_message_and_extra_ids():
    record = logging.LogRecord("bot.worker", logging.WARNING, __file__, 1,
                               "outbox message %s failed:\n%s", (42, "LINE answered 400"), None)
    record.ticket = "2026-7KQ2ZD"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "outbox message 42 failed:\nLINE answered 400"
    assert entry["level"] == "WARNING" and entry["logger"] == "bot.worker"
    assert entry["ticket"] == "2026-7KQ2ZD" and entry["time"].endswith("+00:00")
