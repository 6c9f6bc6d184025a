"""Hotspots: recurring reports of one kind at one place, found on small hand-built maps."""
from datetime import datetime, timedelta, timezone

from bot.insight.hotspots import Point, find

MONDAY = datetime(2022, 6, 6, 9, tzinfo=timezone.utc)
METRE = 1 / 111_320  # degrees of latitude


def at(ticket, lat, lon, week, finished_days=None, north_m=0.0, place=None):
    """A case `north_m` metres north of (lat, lon), reported in the given week."""
    created = MONDAY + timedelta(weeks=week, hours=len(ticket))
    finished = created + timedelta(days=finished_days) if finished_days is not None else None
    return Point(ticket, lat + north_m * METRE, lon, created, finished, place)


def test_reports_at_one_place_in_different_weeks_make_a_hotspot_with_its_figures():
    points = [at(f"A{n}", 13.75, 100.50, week=n % 3, north_m=n * 4, place="ราชเทวี",
                 finished_days={0: 1, 1: 3}.get(n)) for n in range(6)]
    [spot] = find(points)
    assert (spot.count, spot.weeks, spot.place) == (6, 3, "ราชเทวี")
    assert spot.share_finished == 2 / 6 and spot.median_days_to_fix == 2
    assert spot.first == points[0].created_at and abs(spot.latitude - 13.75) < 20 * METRE


def test_many_reports_in_a_single_week_are_an_incident_not_a_hotspot():
    points = [at(f"B{n}", 13.80, 100.55, week=0, north_m=n) for n in range(8)]
    assert find(points) == []


def test_places_farther_apart_than_the_radius_are_separate_hotspots_ranked_by_cases():
    near = [at(f"N{n}", 13.70, 100.60, week=n, north_m=n) for n in range(3)]
    far = [at(f"F{n}", 13.70, 100.60, week=n, north_m=200 + n) for n in range(5)]
    spots = find(near + far, radius_m=50)
    assert [s.count for s in spots] == [5, 3]
    assert set(spots[0].tickets) == {p.ticket_id for p in far}


def test_a_wider_radius_joins_what_a_narrow_one_keeps_apart():
    points = [at(f"W{n}", 13.72, 100.52, week=n, north_m=(n % 2) * 80) for n in range(6)]
    assert [s.count for s in find(points, radius_m=30)] == [3, 3]
    assert [s.count for s in find(points, radius_m=100)] == [6]


def test_lone_reports_and_no_reports_give_no_hotspot():
    assert find([]) == []
    assert find([at("L1", 13.7, 100.5, week=0), at("L2", 13.9, 100.7, week=5)]) == []


def test_imported_cases_finished_without_a_known_time_still_count_as_finished():
    points = [Point(f"C{n}", 13.75, 100.50, MONDAY + timedelta(weeks=n), finished=n < 2)
              for n in range(4)]
    [spot] = find(points)
    assert spot.share_finished == 0.5 and spot.median_days_to_fix is None
