"""Routing rules as data: the most specific rule wins, and a routing CSV is checked line by line."""
import pytest

from bot import routing

RULES = {("*", "ราชเทวี"): "ratchathewi", ("*", "บางรัก"): "bangrak", ("สายไฟ", "*"): "mea",
         ("ท่อระบายน้ำ", "บางรัก"): "drainage", ("*", "*"): "triage"}
KNOWN = dict(categories={"ถนน", "สายไฟ", "ท่อระบายน้ำ"}, districts={"ราชเทวี", "บางรัก"},
             agencies={"ratchathewi", "bangrak", "mea", "drainage", "triage"})


def test_a_case_goes_to_its_district_office_by_default():
    assert routing.choose(RULES, ["ถนน"], "ราชเทวี") == "ratchathewi"


def test_a_category_rule_beats_the_district_default():
    assert routing.choose(RULES, ["สายไฟ"], "ราชเทวี") == "mea"


def test_a_category_and_district_rule_beats_everything_else():
    assert routing.choose(RULES, ["ท่อระบายน้ำ"], "บางรัก") == "drainage"
    assert routing.choose(RULES, ["ท่อระบายน้ำ"], "ราชเทวี") == "ratchathewi"


def test_a_case_without_a_district_goes_to_the_triage_desk():
    assert routing.choose(RULES, ["สายไฟ"], None) == "triage"


def test_a_district_without_a_rule_falls_back_to_the_wildcard():
    assert routing.choose(RULES, ["ถนน"], "พญาไท") == "triage"


def test_a_routing_file_round_trips_through_csv():
    assert routing.parse_csv(routing.to_csv(RULES), **KNOWN) == RULES


def test_every_bad_line_of_a_routing_file_is_reported_with_its_number():
    text = "category,district,agency\nถนน,ราชเทวี,nosuch\nหลุม,*,mea\nถนน,ราชเทวี\n*,*,triage\n*,*,mea\n"
    with pytest.raises(routing.RoutingError) as error:
        routing.parse_csv(text, **KNOWN)
    assert error.value.problems == [
        "line 2: unknown or disabled agency 'nosuch'", "line 3: unknown category 'หลุม'",
        "line 4: expected 3 cells, got 2", "line 6: * x * appears twice"]


def test_a_file_without_the_header_is_refused():
    with pytest.raises(routing.RoutingError, match="header"):
        routing.parse_csv("*,*,triage\n", **KNOWN)


def test_the_difference_between_two_tables_lists_added_changed_and_removed_rules():
    new = {**RULES, ("ถนน", "*"): "publicworks", ("*", "บางรัก"): "triage"}
    del new[("สายไฟ", "*")]
    assert [str(c) for c in routing.diff(RULES, new)] == [
        "changed: * x บางรัก bangrak -> triage", "added: ถนน x * -> publicworks",
        "removed: สายไฟ x * (was mea)"]
