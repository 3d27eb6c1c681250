"""Which screens form the wall, and panels that never straddle a bezel."""
from __future__ import annotations

import json

import pytest

from commandcenter.errors import InputFileError, ValidationError
from ui.wall.screens import (CELLS_PER_SCREEN, LAYOUTS, Rect, infer_layout, layout_for_size, load_settings,
                             parse_layout, parse_size, select_screens, span)

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
    with pytest.raises(ValidationError):
        infer_layout([Rect(0, 0, 1920, 1080), Rect(1920, 0, 1920, 1080)])


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_no_number_or_chart_straddles_a_bezel(name):
    layout = LAYOUTS[name]
    per_col, per_row = CELLS_PER_SCREEN
    for panel, p in layout.placements.items():
        if panel in ("header", "ticker", "map"):
            continue
        assert p.col // per_col == (p.col + p.cols - 1) // per_col, panel
        assert p.row // per_row == (p.row + p.rows - 1) // per_row, panel


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_panels_tile_the_wall_without_overlap(name):
    layout = LAYOUTS[name]
    cols, rows = layout.grid_size
    covered = {}
    for panel, p in layout.placements.items():
        for r in range(p.row, p.row + p.rows):
            for c in range(p.col, p.col + p.cols):
                assert (r, c) not in covered, (panel, covered.get((r, c)))
                covered[(r, c)] = panel
    assert len(covered) == cols * rows


def test_a_very_wide_window_is_three_screens():
    assert layout_for_size(5760, 1080).name == "3x1"
    assert layout_for_size(3840, 2160).name == "1x1"


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
        parse_layout("5x5")
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
