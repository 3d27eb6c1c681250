"""The map's own controls on the wall: Leaflet's zoom buttons, its scale bar and the "WebGL
unavailable" notice grow with the wall's type size like the map's labels and legend do, so they read
from across the room on a 4K screen; the desk's map keeps Leaflet's own sizes."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

from tests.wall.wall_world import loaded_session, wall_args  # noqa: E402
from ui.render import dispose  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.map.sample import square_grid  # noqa: E402
from widgets.map_view import MapView, register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]

#: What a leader's eye meets on the map, in CSS px: each box's size, its type size, where it is.
CONTROLS_JS = """(function () {
  const one = (selector) => {
    const e = document.querySelector(selector);
    if (!e) return null;
    const r = e.getBoundingClientRect(), style = getComputedStyle(e);
    return { width: r.width, height: r.height, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
             font: parseFloat(style.fontSize), text: e.scrollWidth };
  };
  return { zoomIn: one('.leaflet-control-zoom-in'), zoomOut: one('.leaflet-control-zoom-out'),
           note: one('.cc-note'), scaleBar: one('.leaflet-control-scale-line'), legend: one('.cc-legend'),
           page: { width: innerWidth, height: innerHeight } };
})()"""


def controls(view: MapView) -> dict:
    """The controls as the page lays them out once every change sent to it is drawn."""
    view.wait_painted(20_000)
    result: list = []
    view.findChild(QWebEngineView).page().runJavaScript(f"JSON.stringify({CONTROLS_JS})", 0, result.append)
    deadline = time.monotonic() + 10
    while not result:
        assert time.monotonic() < deadline, "the map page did not answer"
        QTest.qWait(10)
    return json.loads(result[0])


@pytest.fixture(scope="module")
def desk_controls(qapp):
    """The desk's map (no type scale): Leaflet's sizes, as the desk has always shown them."""
    district = square_grid(cols=20, rows=20, markers=0)
    view = MapView(theme="light")
    view.resize(1000, 700)
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.set_cell_values(district.open_cases, "Open cases per grid")
    view.show()
    try:
        yield controls(view)
    finally:
        dispose(view)


def test_the_desk_map_keeps_leaflets_own_control_sizes(desk_controls):
    assert (desk_controls["zoomIn"]["width"], desk_controls["zoomIn"]["font"]) == (30, 22)
    assert desk_controls["note"]["font"] == 12
    assert desk_controls["scaleBar"]["font"] == 12


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (7680, 2160)], ids=["1080p", "4k", "wide-2x4k"])
def test_the_walls_map_controls_grow_with_its_type(qtbot, world, desk_controls, size):
    session = loaded_session(world.url, at=world.now)
    wall = build_wall(session, wall_args(world.url))
    try:
        wall.resize(*size)
        wall.show()
        qtbot.waitUntil(wall.map.is_ready, timeout=30_000)
        seen = controls(wall.map)
        # the wall's type size on the map, as its legend shows it
        scale = seen["legend"]["font"] / desk_controls["note"]["font"]
        assert scale >= wall.text_px / 30 - 0.01 > 1
        desk = desk_controls
        for button in ("zoomIn", "zoomOut"):
            assert seen[button]["width"] >= scale * desk[button]["width"] - 1
            assert seen[button]["height"] >= scale * desk[button]["height"] - 1
            assert seen[button]["font"] >= scale * desk[button]["font"] - 0.5
        assert seen["note"]["font"] >= scale * desk["note"]["font"] - 0.5
        assert seen["scaleBar"]["font"] >= scale * desk["scaleBar"]["font"] - 0.5
        # the scale bar is as much longer as its label is larger: the label stays inside it
        assert seen["scaleBar"]["text"] <= seen["scaleBar"]["width"]
        # the grown notice neither runs off the map nor covers the zoom buttons
        note, zoom = seen["note"], seen["zoomIn"]
        assert 0 <= note["left"] and note["right"] <= seen["page"]["width"]
        assert zoom["right"] < note["left"]
    finally:
        session.close()
        dispose(wall)
