"""The wall follows the picture: a new urgent case takes the map's focus and reaches the ticker
and the tiles; the snapshot command renders the wall at the size asked for."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from datetime import timedelta  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402

from commandcenter.runtime import build_runtime  # noqa: E402
from db import open_store  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.wall_world import loaded_session, wall_args, wall_world  # noqa: E402
from tests.world import cell_point  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]


@pytest.fixture
def world(tmp_path):
    """A world of this test's own: the tests here add cases."""
    return wall_world(f"sqlite:///{tmp_path / 'wall.sqlite'}")


def test_a_new_urgent_case_takes_the_focus_and_reaches_the_ticker(qtbot, world):
    session = loaded_session(world.url, at=world.now)
    wall = build_wall(session, wall_args(world.url))
    qtbot.addWidget(wall)
    wall.resize(1600, 900)
    wall.show()
    qtbot.waitUntil(wall.map.is_ready, timeout=30_000)
    reported_before = wall.figures.today.reported

    writer = build_runtime(open_store(world.url), backend, clock=lambda: world.now - timedelta(minutes=2))
    lon, lat = cell_point(12)
    case = writer.service.report("sup", source="hotline", class_code="E0501", lon=lon, lat=lat,
                                 description="道路塌陷", tier="urgent")
    with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):
        session.picture.apply(session.store.events_after(session.picture.last_seq))

    assert wall.tour.current.case_id == case.id
    assert case.number in wall.panels["map"].title()
    assert wall.kpis.tiles["reported"].number_text() == str(reported_before + 1)
    urgent_texts = [text for text in wall.ticker.visible_texts() if case.number in text]
    assert urgent_texts
    wall.close()


def test_the_snapshot_command_renders_the_wall(qtbot, world, tmp_path):
    from commandcenter.cli import main as cli_main
    from ui.commands import register

    out = tmp_path / "wall.png"
    argv = ["snapshot", "wall", "--db", world.url, "--out", str(out), "--size", "1600×900", "--lang", "en"]
    assert cli_main(argv, backend, extra=(register,)) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 900)
    corner = QColor(image.pixel(2, 2))
    assert corner.lightness() < 40   # the dark wall, not an empty white window
