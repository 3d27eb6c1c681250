"""The drill-down's way back (one step at a time, Home to the top) and the map's views: a district
is the box of its streets, the whole area is framed left of the legend, a warned grid with its
surroundings (plain Python)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from ui.wall.bounds import area_bounds, around, beside_legend, tour_stops
from ui.wall.drill import DrillDown
from ui.wall.selection import Selection

CITY, EAST, STREET = Selection("city"), Selection("district", "110101"), Selection("street", "110101001")


def square(west, south, size=1.0):
    return [[(west, south), (west + size, south), (west + size, south + size), (west, south + size)]]


GEOGRAPHY = SimpleNamespace(
    streets=[("110101001", "东街", square(0, 0), None), ("110101002", "西街", square(2, 1), None),
             ("110102001", "南街", square(10, 10), None), ("110102009", "空街", [], None)],
    communities=[("110101001001", "东社区", square(0, 0, 0.5), None)],
    cells=[("110101001001001", square(0, 0, 0.1))])


def test_back_goes_up_the_way_it_came_and_home_forgets_the_way():
    drill = DrillDown(CITY)
    assert drill.select(EAST) and drill.select(STREET)
    assert not drill.select(STREET), "what is shown is not selected again (Esc would have to be pressed twice)"
    assert drill.back() and drill.current == EAST
    assert drill.back() and drill.current == CITY
    assert not drill.back() and drill.current == CITY
    drill.select(EAST)
    drill.select(STREET)
    drill.home()
    assert drill.current == CITY and not drill.back()


def test_a_district_is_the_box_of_its_streets_and_an_area_without_outline_has_none():
    boxes = area_bounds(GEOGRAPHY)
    assert boxes["110101"] == (0, 0, 3, 2)
    assert boxes["110102"] == (10, 10, 11, 11)
    assert boxes["110101001001"] == (0, 0, 0.5, 0.5) and boxes["110101001001001"] == (0, 0, 0.1, 0.1)
    assert "110102009" not in boxes
    city = [stop.key for stop in tour_stops(GEOGRAPHY, city=True)]
    assert city == ["district", "110101", "110102", "110101001", "110101002", "110102001"]
    assert [stop.key for stop in tour_stops(GEOGRAPHY, city=False)] == ["district"] + city[3:]


def test_the_whole_area_is_framed_left_of_the_legend():
    # room of 4 % on every side, and the east widened so the legend (190 px at scale 1) covers none of it
    west, south, east, north = beside_legend((0, 0, 100, 50), map_px=1900, font_scale=1.0)
    assert (west, south, north) == pytest.approx((-4, -2, 52))
    legend_share = 190 / 1900
    assert (east - 104) / (east - west) == pytest.approx(legend_share)
    # a narrow map: the legend never takes more than 40 % of it
    west, _south, east, _north = beside_legend((0, 0, 100, 50), map_px=200, font_scale=2.0)
    assert (east - 115) / (east - west) == pytest.approx(0.4)
    # a wall's large type: room east and west for half a street's name (100 px at scale 1)
    west, south, east, north = beside_legend((0, 0, 100, 50), map_px=1760, font_scale=2.5)
    assert (west, south, north) == pytest.approx((-100 * 50 * 2.5 / 1760, -2, 52))


def test_a_warned_grid_is_shown_with_three_of_its_widths_around_it():
    assert around((10, 20, 11, 22)) == (7, 14, 14, 28)
