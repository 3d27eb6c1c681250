"""Walls as installed: on 3×3, 4×2 and 2×1 walls of screens and on one 7680×2160 canvas of 4×2
panels, no text box, KPI tile or chart of the wall crosses a bezel (every one lies inside one
screen), the map's centre is inside a screen, and every screen of the top row has a header
segment and every screen of the bottom row a ticker."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtWidgets import QLabel, QWidget  # noqa: E402

from tests.wall.wall_world import loaded_session, wall_args  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.charts import WallChart  # noqa: E402
from widgets.kpi_tile import KpiTile  # noqa: E402
from widgets.map_view import MapView, register_tile_scheme  # noqa: E402
from widgets.now_list import NowList  # noqa: E402
from widgets.ticker import Ticker  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]

WALLS = [
    ((5760, 3240), {"layout": "3x3"}),
    ((7680, 2160), {"layout": "4x2"}),
    ((3840, 1080), {"layout": "2x1"}),
    ((7680, 2160), {"grid": "4x2", "bezel_px": 12}),   # one canvas from an LED controller
    ((5760, 1080), {}),                                 # one canvas, arrangement inferred: 3×1
]


def _on_wall(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _inside_one(rect: QRect, screens) -> bool:
    return any(s.x <= rect.left() and rect.right() < s.x + s.w and s.y <= rect.top() and rect.bottom() < s.y + s.h
               for row in screens for s in row)


def _texts_and_charts(window: QWidget) -> list[QWidget]:
    maps = window.findChildren(MapView)
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0 or widget.height() <= 0:
            continue
        if any(m.isAncestorOf(widget) for m in maps):
            continue
        if isinstance(widget, (QLabel, KpiTile, WallChart, Ticker, NowList)):
            found.append(widget)
    return found


@pytest.mark.parametrize("size, options", WALLS, ids=["3x3", "4x2", "2x1", "canvas-4x2-bezel12", "canvas-3x1"])
def test_nothing_readable_crosses_a_bezel(qapp, world, size, options):
    session = loaded_session(world.url, at=world.now)
    window = build_wall(session, wall_args(world.url, **options))
    try:
        window.resize(*size)
        window.show()
        qapp.processEvents()
        screens = window.screen_rects()
        expected = options.get("grid") or options.get("layout") or "3x1"
        assert window.layout_name() == expected
        columns, rows = len(screens[0]), len(screens)
        checked = _texts_and_charts(window)
        assert sum(isinstance(w, KpiTile) for w in checked) == 6
        assert sum(isinstance(w, WallChart) for w in checked) == 4
        assert sum(isinstance(w, Ticker) for w in checked) == columns
        crossing = [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r} at {_on_wall(w, window)}"
                    for w in checked if not _inside_one(_on_wall(w, window), screens)]
        assert not crossing, crossing
        centre = _on_wall(window.map, window).center()
        assert _inside_one(QRect(centre, centre), screens)
        tops = {(w.mapTo(window, QPoint(0, 0)).x() // (size[0] // columns)) for w in window.headers if w.isVisible()}
        assert tops == set(range(columns))
        assert rows >= 1
    finally:
        session.close()
        window.close()
        window.deleteLater()
