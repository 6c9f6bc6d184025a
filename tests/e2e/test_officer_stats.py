"""Officers see their own agency's service levels with /stats in LINE (through the fake LINE server)."""
from datetime import timedelta

import pytest

from storage.models import utcnow
from tests.support import events
from tests.support.history import past_case
from tests.support.officers import linked_officer

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment


def history(runtime) -> None:
    """Three finished road cases of Ratchathewi (1, 3 and 10 days), and one of another office."""
    with runtime.db.uow() as uow:
        start = utcnow() - timedelta(days=20)
        for days, stars in ((1, 5), (3, 3), (10, None)):
            past_case(uow, "ถนน", created=start, accepted_after=days / 4, finished_after=days,
                      stars=stars)
        past_case(uow, "ถนน", district="ปทุมวัน", created=start, finished_after=30)
        uow.commit()


def test_an_officer_sees_their_agencys_figures_as_a_card(line, runtime):
    history(runtime)
    officer = linked_officer(line, "ratchathewi", "Somchai")
    line.say(officer, "/stats")
    card = line.last_to(officer)
    assert card["type"] == "flex"
    text = str(card)
    assert "ระดับการให้บริการ" in text and "สำนักงานเขตราชเทวี" in text
    assert "รับเรื่อง 3" in card["altText"] and "3 วัน / 10 วัน" in card["altText"]
    assert "33% / 67%" in card["altText"] and "4.0 ★ (2)" in card["altText"]
    assert "ปทุมวัน" not in text and "30 วัน" not in text


def test_the_thai_word_works_too(line, runtime):
    history(runtime)
    officer = linked_officer(line, "ratchathewi")
    line.say(officer, "สถิติ")
    assert line.last_to(officer)["type"] == "flex"


def test_an_agency_without_recent_cases_is_told_so(line, runtime):
    officer = linked_officer(line, "bangrak")
    line.say(officer, "/stats")
    assert "ยังไม่มีเรื่อง" in line.last_to(officer)["text"]


def test_a_citizen_cannot_see_an_agencys_stats(line, runtime):
    citizen = events.new_user()
    line.say(citizen, "/stats")
    assert "ระดับการให้บริการ" not in str(line.messages_to(citizen))
