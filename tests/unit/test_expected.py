"""Expected time to fix: the median and range of similar recent cases, and its measured accuracy."""
from datetime import datetime, timedelta, timezone

from bot.insight.expected import MIN_CASES, Finished, accuracy, expect, expect_at

START = datetime(2022, 6, 1, tzinfo=timezone.utc)
ROAD = ("ถนน",)


def finished(kind, created_day, days):
    """A case created on day `created_day` after START and finished `days` later."""
    created = START + timedelta(days=created_day)
    return Finished(kind, created, created + timedelta(days=days))


def test_twenty_similar_cases_give_a_median_and_the_range_most_fell_in():
    expectation = expect([float(d) for d in range(1, 21)])
    assert expectation.median_days == 10.5 and expectation.based_on == 20
    assert 2 < expectation.low_days < 3 and 18 < expectation.high_days < 19


def test_fewer_than_twenty_cases_promise_nothing():
    assert MIN_CASES == 20 and expect([2.0] * 19) is None


def test_only_the_same_kind_finished_in_the_last_90_days_counts():
    history = [finished(ROAD, day, 2) for day in range(20)]                  # recent roads
    history += [finished(("น้ำท่วม",), day, 30) for day in range(20)]       # another kind
    history += [finished(ROAD, day - 200, 60) for day in range(20)]          # roads long ago
    told = expect_at(history, ROAD, START + timedelta(days=40))
    assert told.median_days == 2 and told.based_on == 20
    assert expect_at(history, ROAD, START - timedelta(days=10)) is None  # nothing finished then


def test_accuracy_counts_how_often_the_real_time_fell_in_the_range_told():
    steady = [finished(ROAD, day, 2 + (day % 5)) for day in range(200)]
    result = accuracy(steady)
    assert result.checked + result.without_estimate == 200
    assert result.without_estimate > 0  # the first weeks have too little history
    assert result.share_within > 0.75
    slower = steady[:100] + [finished(ROAD, day, 40) for day in range(100, 200)]
    assert accuracy(slower).share_within < result.share_within  # a change of pace breaks promises
