"""Which screens form the wall, and panels that never straddle a bezel."""
from __future__ import annotations

import json

import pytest

from commandcenter.errors import InputFileError, ValidationError
from ui.wall.arrangement import make_layout, placement_rect, screen_rects
from ui.wall.legibility import arcmin_of, min_text_px
from ui.wall.screens import (CELLS_PER_SCREEN, Rect, WallSettings, infer_layout, layout_for_size, load_settings,
                             parse_layout, parse_size, select_screens, span)

ARRANGEMENTS = [f"{c}x{r}" for c in range(1, 5) for r in range(1, 5)]

THREE = [("DP-1", Rect(0, 0, 1920, 1080)), ("DP-2", Rect(1920, 0, 1920, 1080)), ("DP-3", Rect(3840, 0, 1920, 1080))]


def test_all_spans_every_screen_left_to_right():
    chosen = select_screens(list(reversed(THREE)), "all")
    assert [name for name, _r in chosen] == ["DP-1", "DP-2", "DP-3"]
    assert span([r for _n, r in chosen]) == Rect(0, 0, 5760, 1080)
    assert infer_layout([r for _n, r in chosen]).name == "3x1"


def test_screens_by_number_or_name_and_the_primary_by_default():
    assert [n for n, _r in select_screens(THREE, "2,DP-1")] == ["DP-1", "DP-3"]
    assert [n for n, _r in select_screens(THREE, None, primary=1)] == ["DP-2"]


def test_an_unknown_screen_names_the_connected_ones():
    with pytest.raises(ValidationError) as err:
        select_screens(THREE, "DP-9")
    assert "0=DP-1" in err.value.problem and "2=DP-3" in err.value.problem


def test_four_screens_in_a_square_are_a_2x2_wall():
    quad = [Rect(x, y, 1920, 1080) for y in (0, 1080) for x in (0, 1920)]
    assert infer_layout(quad).name == "2x2"
    assert infer_layout([Rect(0, 0, 1920, 1080), Rect(1920, 0, 1920, 1080)]).name == "2x1"
    nine = [Rect(x, y, 1920, 1080) for y in (0, 1080, 2160) for x in (0, 1920, 3840)]
    assert infer_layout(nine).name == "3x3"
    with pytest.raises(ValidationError):   # an L of three screens is no grid
        infer_layout([Rect(0, 0, 1920, 1080), Rect(1920, 0, 1920, 1080), Rect(0, 1080, 1920, 1080)])


@pytest.mark.parametrize("name", ARRANGEMENTS)
def test_no_panel_but_the_map_straddles_a_bezel_and_the_map_centre_is_mid_screen(name):
    layout = parse_layout(name)
    per_col, per_row = CELLS_PER_SCREEN
    for panel, p in layout.placements.items():
        first, last = layout.screen_of(p)
        if panel == "map":   # an odd block of screens: its centre falls in the middle of one
            assert (last[0] - first[0]) % 2 == 0 and (last[1] - first[1]) % 2 == 0
            continue
        assert first == last, panel


@pytest.mark.parametrize("name", ARRANGEMENTS)
def test_every_block_is_on_the_wall_once_with_all_six_tiles(name):
    layout = parse_layout(name)
    kinds = [p.partition(".")[0] for p in layout.placements]
    for block in ("map", "now", "hourly", "trend", "ranking", "streets"):
        assert kinds.count(block) == 1, block
    assert kinds.count("header") == kinds.count("ticker") == layout.columns
    assert sorted(i for tiles, _grid in layout.kpi_parts for i in tiles) == list(range(6))
    assert kinds.count("kpis") == len(layout.kpi_parts)
    header_parts = [part for parts in layout.header_parts for part in parts]
    assert sorted(header_parts) == ["clock", "freshness", "title"]


@pytest.mark.parametrize("name", ARRANGEMENTS)
def test_panels_tile_the_wall_without_overlap(name):
    layout = parse_layout(name)
    cols, rows = layout.grid_size
    covered = {}
    for panel, p in layout.placements.items():
        if panel in layout.pages[1:]:   # the panels that take turns share the first one's place
            assert p == layout.placements[layout.pages[0]], panel
            continue
        for r in range(p.row, p.row + p.rows):
            for c in range(p.col, p.col + p.cols):
                assert (r, c) not in covered, (panel, covered.get((r, c)))
                covered[(r, c)] = panel
    spare = [k for k in layout.placements if k.startswith("spare")]
    assert not spare and len(covered) == cols * rows


def test_a_very_wide_window_is_three_screens():
    assert layout_for_size(5760, 1080).name == "3x1"
    assert layout_for_size(3840, 2160).name == "1x1"
    # one canvas: what `wall` decides is what `snapshot wall` decides
    assert infer_layout([Rect(0, 0, 5760, 1080)]).name == WallSettings().layout_for(5760, 1080).name == "3x1"
    assert WallSettings(grid="4x2", bezel_px=12).layout_for(7680, 2160).name == "4x2"


def test_a_controller_canvas_is_cut_at_its_bezels():
    screens = screen_rects(7680, 2160, 4, 2, bezel_px=12)
    assert screens[0][0] == Rect(0, 0, 1911, 1074) and screens[1][3].right == 7680 and screens[1][3].bottom == 2160
    assert screens[0][1].x - screens[0][0].right == 12 and screens[1][0].y - screens[0][0].bottom == 12
    layout = make_layout(4, 2)
    for name, p in layout.placements.items():
        r = placement_rect(p, screens)
        if name != "map":
            assert any(s.x <= r.x and r.right <= s.right and s.y <= r.y and r.bottom <= s.bottom
                       for row in screens for s in row), name
    with pytest.raises(ValidationError):
        screen_rects(7680, 2160, 4, 2, bezel_px=-1)


def test_text_is_sized_for_the_viewing_distance():
    # a 98-inch 4K panel read from 8 m: a glyph needs about 83 px (94 px font) to reach 20 arcmin
    px = min_text_px(8, 98, 3840, 2160)
    assert arcmin_of(px, 8, 98, 3840, 2160) >= 20 > arcmin_of(px - 1, 8, 98, 3840, 2160)
    assert 90 <= px <= 100
    assert min_text_px(4, 98, 3840, 2160) < px / 1.9   # half the distance, about half the size
    assert min_text_px(8, 55, 1920, 1080) > min_text_px(8, 98, 1920, 1080)   # finer pixels, more of them


def test_settings_from_a_file_with_the_command_line_winning(tmp_path):
    config = tmp_path / "wall.json"
    config.write_text(json.dumps({"screens": [0, 1, 2], "layout": "3x1", "tour_seconds": 45, "heat": "overdue"}))
    settings = load_settings(str(config), {"tour_seconds": 10, "heat": None})
    assert (settings.screens, settings.layout, settings.tour_seconds, settings.heat) == ("0,1,2", "3x1", 10.0,
                                                                                       "overdue")


@pytest.mark.parametrize("document, where", [({"screen": "all"}, "screen"), ([1, 2], "")])
def test_a_wrong_configuration_file_says_where(tmp_path, document, where):
    config = tmp_path / "wall.json"
    config.write_text(json.dumps(document))
    with pytest.raises(InputFileError) as err:
        load_settings(str(config), {})
    assert err.value.where == where


def test_bad_options_are_refused():
    with pytest.raises(ValidationError):
        parse_layout("9x9")
    with pytest.raises(ValidationError):
        parse_layout("3 by 3")
    with pytest.raises(ValidationError):
        WallSettings(grid="0x2")
    with pytest.raises(ValidationError):
        parse_size("big")
    assert parse_size("5760x1080") == (5760, 1080)
    with pytest.raises(ValidationError):
        load_settings(None, {"tour_seconds": 1})


@pytest.mark.gui
def test_the_wall_spans_the_chosen_screens_of_the_running_system(qapp):
    from argparse import Namespace

    from ui.wall.cli import wall_area
    from ui.wall.screens import WallSettings

    args = Namespace(layout=None)
    area = wall_area(qapp, WallSettings(screens="all"), args)
    geometry = qapp.primaryScreen().geometry()
    assert area == Rect(geometry.x(), geometry.y(), geometry.width(), geometry.height())
    assert args.layout == "1x1"


def test_a_snapshot_draws_the_bezels_where_the_wall_puts_them(qapp):
    import argparse

    from PySide6.QtGui import QColor, QImage

    from ui.snapshot import draw_bezels

    image = QImage(7680, 2160, QImage.Format.Format_RGB32)
    image.fill(0)
    args = argparse.Namespace(grid="4x2", bezel_px=12, layout=None, config=None, screens=None, distance_m=None,
                              diagonal_in=None, tour_seconds=None, heat=None)
    draw_bezels(image, args)
    magenta = QColor("#ff00ff").rgb()
    screens = screen_rects(7680, 2160, 4, 2, bezel_px=12)
    assert image.pixel(screens[0][0].right + 5, 500) == magenta       # behind the first vertical bezel
    assert image.pixel(500, screens[0][0].bottom + 5) == magenta      # behind the horizontal one
    assert image.pixel(screens[0][0].right - 20, 500) != magenta      # a screen's own pixels stay
