"""The desk's layout for real desks: dockable panels, the operator's own arrangement saved and
restored, 视图/View toggles and reset, one monitor per panel group with ``--screens``, and the
board ordered for the selected case."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402

from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

from PySide6.QtCore import QRect, Qt  # noqa: E402

from tests.ui.desk_world import CLASSES, close_desk, desk_world, open_desk  # noqa: E402
from ui.desk.screen_plan import crosses  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]
BEZELS = [(0, 0, 1920, 1080), (1920, 0, 1920, 1080), (3840, 0, 1920, 1080)]


@pytest.fixture
def world(sqlite_url):
    return desk_world(sqlite_url, dispatching=4, handling=2)


def rect(widget) -> tuple[int, int, int, int]:
    """Where the operator sees it: a window's frame included."""
    g = widget.frameGeometry() if widget.isWindow() else QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    return g.x(), g.y(), g.width(), g.height()


def test_the_operators_layout_is_saved_and_restored_under_their_name(qtbot, world, tmp_path):
    settings = tmp_path / "desk.ini"
    window = open_desk(qtbot, world.url, "disp", settings)
    docks = window.docks.docks
    board = docks["board"]
    board.setFloating(True)                          # the board goes to another monitor
    board.setGeometry(120, 100, 600, 500)   # (inside the offscreen screen: Qt keeps panels on a screen)
    docks["map"].toggleViewAction().trigger()         # and the map is put away
    qtbot.waitUntil(lambda: not docks["map"].isVisible())
    queue_width = docks["queue"].width()
    window.resizeDocks([docks["queue"]], [queue_width + 120], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: docks["queue"].width() != queue_width)
    widened = docks["queue"].width()
    close_desk(window)

    again = open_desk(qtbot, world.url, "disp", settings)
    try:
        docks = again.docks.docks
        qtbot.waitUntil(lambda: docks["board"].isFloating() and docks["board"].isVisible())
        assert docks["board"].geometry() == QRect(120, 100, 600, 500)
        assert not docks["map"].isVisible() and not docks["map"].toggleViewAction().isChecked()
        assert docks["queue"].width() == widened
    finally:
        close_desk(again)

    other = open_desk(qtbot, world.url, "disp2", settings)   # another operator: their own (default) layout
    try:
        docks = other.docks.docks
        assert not docks["board"].isFloating() and docks["map"].isVisible()
        assert docks["queue"].x() < docks["map"].x() < docks["panel"].x()
        assert docks["board"].y() > docks["map"].y()
    finally:
        close_desk(other)


def test_view_menu_toggles_each_panel_and_resets_the_layout(qtbot, world, tmp_path):
    window = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini")
    try:
        view = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
        texts = [a.text().replace("&", "") for a in view.actions()]
        assert {"Queues", "Map", "Case", "Linkage board", "Reset the layout"} <= set(texts)
        docks = window.docks.docks
        for name in ("queue", "panel", "board"):
            docks[name].toggleViewAction().trigger()
        docks["map"].setFloating(True)
        qtbot.waitUntil(lambda: not docks["board"].isVisible())
        next(a for a in view.actions() if a.text() == "Reset the layout").trigger()
        qtbot.waitUntil(lambda: all(d.isVisible() and not d.isFloating() for d in docks.values()))
        assert docks["queue"].x() < docks["map"].x() < docks["panel"].x()
        assert docks["board"].y() > docks["queue"].y() and docks["board"].width() >= window.width() - 4
    finally:
        close_desk(window)


@pytest.mark.parametrize("count, canvas, monitors", [
    (3, (0, 0, 5760, 1080), BEZELS),
    (2, (0, 0, 3840, 1080), BEZELS[:2]),
    (1, (0, 0, 1920, 1080), BEZELS[:1]),
])
def test_screens_puts_the_panels_one_monitor_each_across_no_bezel(qtbot, world, tmp_path, count, canvas, monitors):
    window = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini", screens=count, canvas=canvas)
    try:
        docks = window.docks.docks
        qtbot.waitUntil(lambda: window.frameGeometry() == QRect(0, 0, 1920, 1080))
        qtbot.waitUntil(lambda: all(d.isVisible() for d in docks.values()))
        for name, dock in docks.items():
            for monitor in monitors:
                assert not crosses(rect(dock), monitor), f"{name} {rect(dock)} across {monitor}"
        if count == 3:
            assert rect(docks["map"]) == monitors[1] and rect(docks["board"]) == monitors[2]
        if count == 2:
            assert docks["board"].isFloating() and docks["map"].isFloating()
            assert rect(docks["board"])[0] == 1920 and rect(docks["map"])[1] < rect(docks["board"])[1]
        if count > 1:
            assert not docks["queue"].isFloating() and not docks["panel"].isFloating()
            assert rect(docks["queue"])[0] < rect(docks["panel"])[0]
        else:
            assert not any(d.isFloating() for d in docks.values())
        assert len(window.canvas_parts()) == (1 if count == 1 else 1 + sum(d.isFloating() for d in docks.values()))
    finally:
        close_desk(window)


def test_the_board_shows_the_selected_cases_department_first_and_keeps_pins_per_operator(qtbot, world, tmp_path):
    settings = tmp_path / "desk.ini"
    window = open_desk(qtbot, world.url, "disp", settings)
    try:
        model, view = window.queues.model("dispatch"), window.queues.view("dispatch")
        defaults = dict(CLASSES)
        for row in range(model.rowCount()):
            view.selectRow(row)
            case_id = model.case_id_at(row)
            qtbot.waitUntil(lambda: window.presenter.selected == case_id)
            department = defaults[window.session.picture.cases[case_id].class_code]
            assert window.board.order()[0] == department
        window.board._pin("rlgs", True)
    finally:
        close_desk(window)
    again = open_desk(qtbot, world.url, "disp", settings)
    try:
        assert again.board.pinned() == ["rlgs"] and "rlgs" in again.board.order()[:2]
    finally:
        close_desk(again)
    other = open_desk(qtbot, world.url, "disp2", settings)
    try:
        assert other.board.pinned() == []
    finally:
        close_desk(other)


def test_a_snapshot_of_three_monitors_has_a_panel_group_on_each_and_nothing_across_the_bezels(qtbot, world):
    from PySide6.QtGui import QColor

    from tests.ui.desk_world import desk_args
    from ui.render import render_screen

    args = desk_args(world.url)
    args.read_only, args.user, args.screens, args.canvas = True, "disp", 3, (0, 0, 5760, 1080)
    image = render_screen(args, "desk", (5760, 1080), timeout_s=60, settle_ms=100)
    assert (image.width(), image.height()) == (5760, 1080)
    for left in (0, 1920, 3840):   # each monitor is drawn, not left blank
        colours = {image.pixel(x, y) for x in range(left + 20, left + 1900, 60) for y in range(20, 1060, 60)}
        assert len(colours) > 5, f"the monitor at x={left} is blank"
    # The monitors meet at the bezels: the pixels either side of x=1920 and x=3840 belong to
    # different windows (frames), never one widget drawn across.
    for bezel in (1920, 3840):
        dark = [QColor(image.pixel(bezel + dx, 540)).lightness() for dx in (-1, 0)]
        assert min(dark) < 60, f"x={bezel}: no window edge at the bezel"


@pytest.mark.parametrize("option", [["--grid", "3by1"], ["--screens", "0"]])
def test_a_snapshot_with_an_impossible_screen_layout_names_the_option_and_writes_nothing(
        world, tmp_path, capsys, option):
    from main import main

    out = tmp_path / "desk.png"
    assert main(["snapshot", "desk", "--db", world.url, "--out", str(out), "--size", "5760x1080", *option]) == 2
    assert option[0] in capsys.readouterr().err and not out.exists()


def test_with_the_board_put_away_the_undo_offer_is_shown_next_to_the_case(qtbot, world, tmp_path):
    window = open_desk(qtbot, world.url, "disp", tmp_path / "desk.ini")
    try:
        window.docks.docks["board"].toggleViewAction().trigger()
        qtbot.waitUntil(lambda: not window.docks.docks["board"].isVisible())
        case_id = world.dispatching[0]   # E0101 → cgzf
        window.presenter.select_case(case_id)
        next(a for a in window._shortcut_actions if a.shortcut().toString() == "Ctrl+D").trigger()
        number = window.session.picture.cases[case_id].number
        assert window.message_bar.isVisible() and number in window.message_bar.text()
        assert "Ctrl+Z" in window.message_bar.text()
        next(a for a in window._shortcut_actions if a.shortcut().toString() == "Ctrl+Z").trigger()
        assert window.dispatch.pending is None
    finally:
        close_desk(window)
