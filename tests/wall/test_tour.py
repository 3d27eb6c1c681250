"""The tour: district, then each street, at a pace; urgent cases interrupt; P pins; arrows step."""
from __future__ import annotations

from ui.wall.tour import Tour, TourStop, case_stop

STOPS = [TourStop("district", None), TourStop("s1", (0, 0, 1, 1)), TourStop("s2", (1, 0, 2, 1))]


def keys(tour, times):
    return [(s.key if s else None) for s in (tour.tick(t) for t in times)]


def test_each_view_in_turn_at_the_pace_then_round_again():
    tour = Tour(STOPS, dwell_s=20)
    assert tour.start(0).key == "district"
    assert keys(tour, [10, 20, 30, 40, 60, 80]) == [None, "s1", None, "s2", "district", "s1"]


def test_a_pinned_view_stays_until_unpinned():
    tour = Tour(STOPS, dwell_s=20)
    tour.start(0)
    tour.toggle_pin(5)
    assert keys(tour, [30, 100, 1000]) == [None, None, None]
    tour.toggle_pin(1000)
    assert keys(tour, [1010, 1020]) == [None, "s1"]


def test_arrows_step_even_when_pinned():
    tour = Tour(STOPS, dwell_s=20)
    tour.start(0)
    tour.toggle_pin(1)
    assert tour.step(1, 2).key == "s1"
    assert tour.step(-1, 3).key == "district"
    assert tour.step(-1, 4).key == "s2"


def test_a_new_urgent_case_holds_the_view_then_the_tour_goes_on():
    tour = Tour(STOPS, dwell_s=20, hold_s=60)
    tour.start(0)
    tour.tick(20)                       # s1
    stop = tour.focus(case_stop(7, 116.8, 39.6), 25)
    assert stop.case_id == 7 and tour.current.case_id == 7
    west, south, east, north = stop.bounds
    assert west < 116.8 < east and south < 39.6 < north
    assert keys(tour, [50, 84]) == [None, None]
    assert keys(tour, [86]) == ["s2"]


def test_a_pinned_view_is_not_taken_away_by_an_urgent_case():
    tour = Tour(STOPS, dwell_s=20)
    tour.start(0)
    tour.toggle_pin(1)
    assert tour.focus(case_stop(7, 1, 1), 2) is None
    assert tour.current.key == "district"
