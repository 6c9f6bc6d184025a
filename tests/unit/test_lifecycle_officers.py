"""The lifecycle's officer and citizen actions: duplicates, co-handlers, loops, the reopen window."""
from datetime import datetime, timedelta, timezone

import pytest

from bot import cases

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("state", cases.OPEN)
def test_any_open_case_can_be_closed_as_a_duplicate(state):
    assert cases.apply(state, "duplicate").to_state == cases.DUPLICATE


def test_a_duplicate_cannot_be_accepted_or_reopened():
    for action in ("accept", "reopen", "finish"):
        with pytest.raises(cases.TransitionNotAllowed):
            cases.apply(cases.DUPLICATE, action)


def test_inviting_and_adding_information_leave_the_state_alone():
    for state in cases.OPEN:
        assert not cases.apply(state, "invite").changes_state
        assert not cases.apply(state, "add_information").changes_state


def test_information_cannot_be_added_to_a_closed_case():
    with pytest.raises(cases.TransitionNotAllowed):
        cases.apply(cases.FINISHED, "add_information")


def test_a_category_can_be_corrected_in_every_state():
    assert all(cases.apply(state, "recategorize").to_state == state for state in cases.STATES)


def test_forwarding_to_the_agency_that_holds_the_case_is_refused():
    with pytest.raises(cases.ForwardRefused, match="already with"):
        cases.check_forward(["district", "drainage"], "drainage")


def test_forwarding_back_to_an_earlier_holder_is_refused_as_a_loop():
    with pytest.raises(cases.ForwardRefused, match="loop"):
        cases.check_forward(["district", "drainage"], "district")


def test_a_case_passed_on_too_often_cannot_be_forwarded_again():
    holders = [f"agency{i}" for i in range(cases.MAX_FORWARDS + 1)]
    with pytest.raises(cases.ForwardRefused, match="times"):
        cases.check_forward(holders, "fresh")
    cases.check_forward(holders[:-1], "fresh")  # one fewer hop is still fine


def test_a_case_can_be_reopened_for_fourteen_days_after_it_closed():
    assert cases.may_reopen(NOW - timedelta(days=14), NOW)
    assert not cases.may_reopen(NOW - timedelta(days=14, seconds=1), NOW)
    assert not cases.may_reopen(None, NOW)


def test_a_duplicate_has_a_thai_and_english_label():
    assert cases.state_label(cases.DUPLICATE, "th") == "เรื่องซ้ำ"
    assert cases.state_label(cases.DUPLICATE, "en") == "Duplicate"
