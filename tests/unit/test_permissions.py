"""Who may do what to a case, decided in one table."""
import pytest

from bot.permissions import INVITED, RESPONSIBLE, Actor, refusal

OFFICER = Actor("officer", "7", agency_id=3)


@pytest.mark.parametrize("action", ["accept", "update", "forward", "invite", "finish", "reject",
                                    "duplicate", "recategorize"])
def test_an_officer_of_the_responsible_agency_may_do_everything(action):
    assert refusal(OFFICER, action, RESPONSIBLE) is None


def test_an_invited_agency_may_update_and_view_but_not_close():
    assert refusal(OFFICER, "update", INVITED) is None and refusal(OFFICER, "view", INVITED) is None
    for action in ("finish", "reject", "forward", "accept", "duplicate"):
        assert refusal(OFFICER, action, INVITED)


def test_an_officer_whose_agency_does_not_hold_the_case_is_refused():
    assert refusal(OFFICER, "accept", None) == "your agency does not hold this case"


def test_a_disabled_officer_is_refused_even_on_their_own_case():
    assert refusal(Actor("officer", "7", 3, enabled=False), "accept", RESPONSIBLE)


def test_a_citizen_may_not_take_officer_actions():
    assert refusal(Actor("citizen", "U1"), "accept", None) == "only linked officers may do this"


def test_only_the_reporter_may_reopen_rate_or_add_information():
    citizen = Actor("citizen", "U1")
    for action in ("reopen", "rate", "add_information"):
        assert refusal(citizen, action, None, is_reporter=True) is None
        assert refusal(citizen, action, None, is_reporter=False)


def test_admins_may_do_anything():
    assert refusal(Actor.admin("cli"), "finish", None) is None
