"""The wall follows the picture: a new urgent case takes the map's focus and reaches the ticker
and the tiles; the snapshot command renders the wall at the size asked for."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402

from db.backend import backend  # noqa: E402
from tests.wall.wall_world import catch_up, report_from_a_desk  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]


def test_a_new_urgent_case_takes_the_focus_and_reaches_the_ticker(qtbot, own_world, shown_wall):
    wall = shown_wall
    reported_before = wall.figures.today.reported

    case = report_from_a_desk(own_world, 12, "E0501", "道路塌陷", minutes_ago=2, tier="urgent")
    with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):
        catch_up(wall.session)

    assert wall.tour.current.case_id == case.id
    assert case.number in wall.panels["map"].title()
    assert wall.kpis.tiles["reported"].number_text() == str(reported_before + 1)
    urgent_texts = [text for text in wall.ticker.visible_texts() if case.number in text]
    assert urgent_texts


def test_the_snapshot_command_renders_the_wall(qtbot, own_world, tmp_path):
    from commandcenter.cli import main as cli_main
    from ui.commands import register

    out = tmp_path / "wall.png"
    argv = ["snapshot", "wall", "--db", own_world.url, "--out", str(out), "--size", "1600×900", "--lang", "en"]
    assert cli_main(argv, backend, extra=(register,)) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 900)
    corner = QColor(image.pixel(2, 2))
    assert corner.lightness() < 40   # the dark wall, not an empty white window
