"""The desk's frame: status bar (who, which database, freshness, calendar warning), map layers,
remembered layout, the geometry hook, first-run demo, and the offscreen snapshot."""
from __future__ import annotations

import json
import os
from datetime import timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from commandcenter.clock import utc_now  # noqa: E402
from commandcenter.situation import SituationPicture  # noqa: E402
from tests.ui.desk_world import close_desk, desk_args, desk_world, open_desk  # noqa: E402
from tests.world import build_world  # noqa: E402
from ui import loader  # noqa: E402
from widgets.map_layers import grid_values  # noqa: E402
from ui.desk.statusbar import DeskStatusBar  # noqa: E402

pytestmark = [pytest.mark.gui]


class MissingYearCalendar:
    """A calendar whose official holiday data ends before this year (as on 1 January 2027)."""

    def calendar_warning(self, at):
        return "The official holiday calendar for 2027 is missing; working time uses a fallback."

    def official_calendar_missing(self, years):
        return list(years)

    def years_in_use(self, at):
        return [at.year]


class KnownCalendar:
    def calendar_warning(self, at):
        return None


def test_the_status_bar_says_when_data_is_delayed_and_when_it_is_live_again(qtbot):
    picture = SituationPicture()
    picture.mark_feed(True, utc_now() - timedelta(minutes=3))
    bar = DeskStatusBar(picture, KnownCalendar(), "postgresql+psycopg://desk@db/city")
    qtbot.addWidget(bar)
    assert "Live" in bar.freshness_label.text()
    assert "postgresql+psycopg://desk@db/city" in bar.database_label.text()
    assert bar.calendar_label.isHidden()
    bar.set_feed_health(False, "connection refused")
    assert "delayed since" in bar.freshness_label.text()
    bar.set_feed_health(True)
    assert "Live" in bar.freshness_label.text()


def test_the_status_bar_warns_when_the_official_holiday_calendar_is_missing(qtbot):
    bar = DeskStatusBar(SituationPicture(), MissingYearCalendar(), "sqlite:///x")
    qtbot.addWidget(bar)
    assert not bar.calendar_label.isHidden()
    assert str(utc_now().year) in bar.calendar_label.text()


def test_grid_values_count_open_cases_or_only_overdue_ones(sqlite_url):
    world = desk_world(sqlite_url, dispatching=2, handling=1)
    cases = world.runtime.store.load_cases()
    now = utc_now()
    load = grid_values(cases, now, "load")
    assert sum(load.values()) == 3
    later = max(c.stage_deadline for c in cases) + timedelta(seconds=1)
    assert sum(grid_values(cases, later, "overdue").values()) == 3
    assert grid_values(cases, now, "overdue") == {}


@pytest.mark.webview
def test_the_map_layers_switch_and_the_layout_is_remembered(qtbot, sqlite_url, tmp_path):
    from PySide6.QtCore import Qt

    desk_world(sqlite_url, dispatching=2, handling=1)
    window = open_desk(qtbot, sqlite_url, "disp", tmp_path / "desk.ini")
    try:
        window.ramp_buttons["overdue"].click()
        assert window.layers.ramp == "overdue"
        window.layers.set_ramp("load")
        assert window.ramp_buttons["load"].isChecked()
        qtbot.waitUntil(lambda: window.layers.marker_count() == 2)   # the dispatch queue's cases
        window.scope_buttons["all"].click()
        assert window.layers.marker_count() == 3                     # every open case
        docks = [window.docks.docks[n] for n in ("queue", "map", "panel")]
        queues, map_width, panel = (d.width() for d in docks)
        # the operator moves the handles
        window.resizeDocks(docks, [queues + 40, map_width - 100, panel + 60], Qt.Orientation.Horizontal)
        qtbot.waitUntil(lambda: docks[0].width() > queues)
        sizes = [d.width() for d in docks]
        assert sizes[0] > queues and sizes[2] > panel
    finally:
        close_desk(window)
    again = open_desk(qtbot, sqlite_url, "disp", tmp_path / "desk.ini")
    try:
        assert [again.docks.docks[n].width() for n in ("queue", "map", "panel")] == sizes
    finally:
        close_desk(again)


@pytest.mark.webview
def test_the_geometry_hook_names_queue_rows_and_board_columns(qtbot, sqlite_url, tmp_path, monkeypatch):
    world = desk_world(sqlite_url, dispatching=2, handling=0)
    target = tmp_path / "geometry.json"
    monkeypatch.setenv("COMMANDCENTER_GEOMETRY_FILE", str(target))
    window = open_desk(qtbot, sqlite_url, "disp", tmp_path / "desk.ini")
    try:
        assert window.geometry_reporter.start_if_requested()
        qtbot.waitUntil(target.exists)
        geometry = json.loads(target.read_text(encoding="utf-8"))
        assert {row["case_id"] for row in geometry["queue"]["rows"]} == set(world.dispatching)
        assert set(geometry["board"]) == {d.code for d in window.context.departments}
        x, y, width, height = geometry["map"]
        assert width > 100 and height > 100
    finally:
        close_desk(window)


def test_the_first_start_on_an_empty_database_builds_the_demo(sqlite_url, monkeypatch):
    built = []

    def tiny_demo(store, backend, seed=0, **_how):     # days, progress: the real build's options
        built.append(seed)
        build_world(sqlite_url)
        return type("Summary", (), {"password": "demo-pass"})()

    monkeypatch.setattr("commandcenter.demo.build_demo", tiny_demo)
    data = loader.load_screen_data(desk_args(sqlite_url), lambda _step: None)
    assert built == [0]
    assert data.demo.password == "demo-pass" and data.demo.dispatcher.name in ("disp", "disp2")
    assert len(data.geography.cells) == 16 and len(data.geography.streets) == 2
    again = loader.load_screen_data(desk_args(sqlite_url), lambda _step: None)
    assert again.demo is None and built == [0]


@pytest.mark.webview
def test_a_snapshot_is_the_desk_at_exactly_the_size_asked(qtbot, sqlite_url):
    from ui.render import render_screen

    desk_world(sqlite_url, dispatching=2, handling=1)
    args = desk_args(sqlite_url)
    args.read_only, args.user = True, "disp"
    image = render_screen(args, "desk", (1280, 720), timeout_s=60, settle_ms=100)
    assert (image.width(), image.height()) == (1280, 720)
    colours = {image.pixel(x, y) for x in range(0, 1280, 40) for y in range(0, 720, 40)}
    assert len(colours) > 10   # drawn, not a blank window
