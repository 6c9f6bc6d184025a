"""Traffy's CSV layout read into case values and written back, without a database."""
from __future__ import annotations

import pytest

from bot.opendata.traffy import COLUMNS, STATES, InvalidRow, read_row, write_row
from bot.webhooks.outbox import body_of, sign
from tests.support.traffy import ticket


@pytest.mark.parametrize("label, state", [
    ("รอรับเรื่อง", "waiting"), ("กำลังดำเนินการ", "in_progress"), ("ของบประมาณ", "in_progress"),
    ("ส่งต่อ(ใหม่)", "forwarded"), ("ส่งเรื่องแล้ว", "forwarded"), ("เสร็จสิ้น", "finished"),
    ("ไม่เกี่ยวข้อง", "rejected")])
def test_traffys_thai_state_names_map_to_our_states(label, state):
    assert read_row(ticket(1, state=label))["state"] == state


def test_every_mapped_state_is_one_of_ours():
    from bot.cases import STATES as OURS
    assert set(STATES.values()) <= set(OURS)


def test_a_row_written_out_reads_back_the_same():
    values = read_row(ticket(3, type="{น้ำท่วม,ถนน}", star="2", count_reopen="1"))
    again = read_row(dict(zip(COLUMNS, write_row({**values, "comment": values["description"]}))))
    assert again == values


@pytest.mark.parametrize("change, reason", [
    ({"coords": "13.7"}, "bad coords"), ({"coords": "200,13"}, "coords out of range"),
    ({"state": ""}, "no state"), ({"count_reopen": "-1"}, "bad count_reopen"),
    ({"star": "x"}, "bad star"), ({"ticket_id": ""}, "bad ticket_id")])
def test_a_bad_cell_names_its_reason(change, reason):
    with pytest.raises(InvalidRow, match=reason):
        read_row(ticket(1, **change))


def test_a_webhook_signature_changes_with_the_body_and_the_secret():
    body = body_of({"event": "case.created", "case": {"ticket_id": "2026-AAAAAA"}})
    assert sign("s1", body).startswith("sha256=") and len(sign("s1", body)) == 71
    assert sign("s1", body) != sign("s2", body)
    assert sign("s1", body) != sign("s1", body.replace(b"AAAAAA", b"AAAAAB"))
