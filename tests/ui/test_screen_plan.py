"""The desk's panels on one, two and three monitors: none lies across a bezel, together they
fill the monitors they use, and a 5760×1080 canvas is cut at its 1920 px bezels."""
from __future__ import annotations

import pytest

from ui.desk.screen_plan import LayoutError, PANELS, crosses, parse_grid, plan, screens_for, split_canvas

HD = (0, 0, 1920, 1080)


def area(rect):
    return rect[2] * rect[3]


def check(screens):
    panels = plan(screens)
    assert set(panels) == set(PANELS)
    for name, (index, rect) in panels.items():
        assert rect[2] > 0 and rect[3] > 0, name
        for screen in screens:
            assert not crosses(rect, screen), f"{name} {rect} lies across the bezel of {screen}"
        x, y, w, h = rect
        sx, sy, sw, sh = screens[index]
        assert sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh, name
    used = {index for index, _ in panels.values()}
    for index in used:   # the panels of a monitor tile it: no gap, no overlap
        rects = [rect for i, rect in panels.values() if i == index]
        assert sum(map(area, rects)) == area(screens[index])
    return panels


@pytest.mark.parametrize("screens", [
    [HD], [(0, 0, 1600, 900)], [(0, 0, 2560, 1440)],
    [HD, (1920, 0, 1920, 1080)],
    [HD, (1920, 0, 1920, 1080), (3840, 0, 1920, 1080)],
    [(0, 0, 2560, 1440), (2560, 180, 1920, 1080)],           # different sizes, offset
    [(-1920, 0, 1920, 1080), HD],                               # a monitor left of the primary
    [HD, (1920, 0, 1920, 1080), (3840, 0, 1920, 1080), (5760, 0, 1920, 1080)],
])
def test_no_panel_crosses_a_bezel(screens):
    check(screens)


def test_one_monitor_is_the_classic_desk():
    panels = check([HD])
    assert {name for name, (i, _) in panels.items()} == set(PANELS)
    queue, map_, panel, board = (panels[n][1] for n in ("queue", "map", "panel", "board"))
    assert queue[0] < map_[0] < panel[0] and board[1] > queue[1] and board[2] == 1920


def test_two_monitors_queue_and_case_panel_then_map_and_board():
    panels = check([HD, (1920, 0, 1920, 1080)])
    assert panels["queue"][0] == panels["panel"][0] == 0
    assert panels["map"][0] == panels["board"][0] == 1
    assert panels["map"][1][1] < panels["board"][1][1]


def test_three_monitors_one_for_the_map_one_for_the_board():
    panels = check(split_canvas(HD, 1) + [(1920, 0, 1920, 1080), (3840, 0, 1920, 1080)])
    assert panels["map"] == (1, (1920, 0, 1920, 1080))
    assert panels["board"] == (2, (3840, 0, 1920, 1080))


def test_a_5760_canvas_is_cut_at_its_bezels():
    canvas = [(0, 0, 5760, 1080)]
    screens = screens_for(canvas, count=3)
    assert screens == [(0, 0, 1920, 1080), (1920, 0, 1920, 1080), (3840, 0, 1920, 1080)]
    assert screens_for(canvas, grid=parse_grid("3x1")) == screens
    panels = check(screens)
    for _, (x, _, w, _) in panels.values():
        for bezel in (1920, 3840):
            assert not x < bezel < x + w, f"a panel spans x={bezel}"


def test_physical_screens_are_used_as_they_are_and_ordered():
    right, left = (1920, 0, 1920, 1080), HD
    assert screens_for([right, left]) == [left, right]
    assert screens_for([right, left], count=1) == [left]
    assert screens_for([left, right, (3840, 0, 1920, 1080), (5760, 0, 1920, 1080)]) == [
        left, right, (3840, 0, 1920, 1080)]
    assert screens_for([(0, 0, 3840, 2160)], grid=(2, 2))[3] == (1920, 1080, 1920, 1080)


@pytest.mark.parametrize("bad", [
    lambda: screens_for([HD, (1920, 0, 1920, 1080)], count=3),
    lambda: screens_for([HD], count=0),
    lambda: screens_for([], count=1),
    lambda: parse_grid("3by1"),
    lambda: parse_grid("0x1"),
])
def test_impossible_requests_name_the_option(bad):
    with pytest.raises(LayoutError, match="--screens|--grid"):
        bad()
