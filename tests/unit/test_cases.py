"""The case lifecycle: allowed transitions and ticket ids."""
import re
from datetime import datetime, timezone

import pytest

from bot import cases


def test_a_new_case_can_be_accepted_then_finished():
    accepted = cases.apply(cases.WAITING, "accept")
    finished = cases.apply(accepted.to_state, "finish")
    assert (accepted.to_state, finished.to_state) == (cases.IN_PROGRESS, cases.FINISHED)


def test_a_waiting_case_cannot_be_finished_without_being_accepted():
    with pytest.raises(cases.TransitionNotAllowed, match="cannot finish a case that is waiting"):
        cases.apply(cases.WAITING, "finish")


def test_a_forwarded_case_is_accepted_by_the_new_agency():
    assert cases.apply(cases.FORWARDED, "accept").to_state == cases.IN_PROGRESS


def test_a_finished_case_can_be_reopened_but_not_rejected():
    assert cases.apply(cases.FINISHED, "reopen").to_state == cases.WAITING
    with pytest.raises(cases.TransitionNotAllowed):
        cases.apply(cases.FINISHED, "reject")


def test_an_update_keeps_the_state_and_is_not_a_state_change():
    assert not cases.apply(cases.IN_PROGRESS, "update").changes_state


def test_every_transition_leads_to_a_known_state():
    assert {to for to in cases.TRANSITIONS.values()} <= set(cases.STATES)
    assert set(cases.STATE_LABELS) == set(cases.STATES) == set(cases.STATE_COLOURS)


def test_ticket_ids_look_like_traffys_and_start_with_the_year():
    ticket = cases.new_ticket_id(datetime(2026, 11, 23, tzinfo=timezone.utc))
    assert re.fullmatch(r"2026-[2-9A-HJ-NP-Z]{6}", ticket)
    assert cases.looks_like_ticket_id(ticket.lower())


def test_ticket_ids_are_unguessable():
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert len({cases.new_ticket_id(now) for _ in range(2000)}) == 2000


def test_text_that_only_resembles_a_ticket_id_is_not_one():
    for text in ("2026-7KQ2Z", "26-7KQ2ZD", "2026 7KQ2ZD", "2026-7KQ2ZO", "hello"):
        assert not cases.looks_like_ticket_id(text)


def test_state_labels_use_traffys_thai_words():
    assert cases.state_label(cases.FINISHED, "th") == "เสร็จสิ้น"
    assert cases.state_label(cases.REJECTED, "en") == "Not relevant"
