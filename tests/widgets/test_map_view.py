"""The map widget: offline page, cells and markers drawn in place, clicks back to Python.

Browser tests share one map page per module (loading QtWebEngine is the slow part), the way the
app shows one map for a whole shift. Synthetic square cells only: 60 x 70 cells of 100 m.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402
import math  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineCore import (  # noqa: E402
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QLabel, QTabWidget  # noqa: E402

from commandcenter.errors import ValidationError  # noqa: E402
from widgets.map.payload import cell_payload, class_breaks, class_labels  # noqa: E402
from widgets.map.sample import square_grid  # noqa: E402
from widgets.map.state import MapState  # noqa: E402
from widgets.map_view import CaseMarker, MapView, TileSource, register_tile_scheme  # noqa: E402

# Chromium takes custom schemes only before the QApplication exists; collection runs before
# pytest-qt creates it.
TILE_SCHEME_REGISTERED = register_tile_scheme()
LOCAL_SCHEMES = {"file", "qrc", "data", "blob", "tiles"}


def browser(test):
    return pytest.mark.gui(pytest.mark.webview(test))


class RequestLog(QWebEngineUrlRequestInterceptor):
    """Records every URL the page asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info) -> None:  # noqa: N802 - Qt override
        self.urls.append(info.requestUrl().toString())


@dataclass
class LoadedMap:
    view: MapView
    web: QWebEngineView
    requests: RequestLog
    loads: list[int]


def wait_until(condition, timeout_ms: int = 20_000) -> None:
    deadline = time.monotonic() + timeout_ms / 1000
    while not condition():
        assert time.monotonic() < deadline, "the map page did not get there in time"
        QTest.qWait(10)


def js(web: QWebEngineView, expression: str):
    """Evaluate `expression` in the page and return it (through JSON)."""
    result: list = []
    web.page().runJavaScript(f"JSON.stringify({expression})", 0, result.append)
    wait_until(lambda: bool(result))
    return json.loads(result[0])


def settle(view: MapView) -> QImage:
    """Wait until every queued change is drawn and painted; returns the snapshot."""
    return view.grab_when_ready(20_000)


def pixel_at(loaded: LoadedMap, lon: float, lat: float) -> tuple[int, int, int]:
    return tuple(js(loaded.web, f"ccMap.probe.cellPixel({lon}, {lat})")[:3])


def click_at(loaded: LoadedMap, lon: float, lat: float) -> None:
    x, y = js(loaded.web, f"ccMap.probe.containerPoint({lon}, {lat})")
    QTest.mouseClick(loaded.web.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(x), round(y)))


@pytest.fixture(scope="module")
def district():
    return square_grid(cols=60, rows=70, markers=0)


@pytest.fixture(scope="module")
def loaded(qapp, district):
    requests = RequestLog()
    profile = QWebEngineProfile.defaultProfile()
    profile.setUrlRequestInterceptor(requests)
    view = MapView()
    view.resize(1000, 800)
    web = view.findChild(QWebEngineView)
    # A page loaded from file: may not reach the network by default, so an external reference would
    # fail silently without a request to see. Allow it here: the page must still ask for nothing.
    web.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    web.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
    loads: list[int] = []
    web.loadStarted.connect(lambda: loads.append(1))
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.set_cell_values(district.open_cases, "Open cases per grid", "load")
    view.show()
    settle(view)
    yield LoadedMap(view, web, requests, loads)
    profile.setUrlRequestInterceptor(None)
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


# -- the page in a browser ----------------------------------------------------------------------

@browser
def test_map_page_loads_nothing_from_the_network(loaded):
    external = [url for url in loaded.requests.urls if QUrl(url).scheme() not in LOCAL_SCHEMES]
    assert not external, f"the map asked for external URLs: {external}"
    assert any(url.endswith("/leaflet.js") for url in loaded.requests.urls), "the request log saw nothing"


@browser
def test_every_cell_is_drawn_in_its_value_class_colour(loaded, district):
    state = js(loaded.web, "ccMap.probe.state()")
    assert state["cells"] == state["drawnCells"] == len(district.cells) == 4200
    assert state["legendTitle"] == "Open cases per grid"
    busiest = max(district.open_cases, key=district.open_cases.get)
    empty = next(code for code, value in district.open_cases.items() if value == 0)
    colour = QColor(js(loaded.web, f"ccMap.probe.cellColour({busiest!r})"))
    drawn = pixel_at(loaded, *district.centroid(busiest))
    assert all(abs(a - b) <= 30 for a, b in zip(drawn, colour.getRgb()[:3])), (drawn, colour.name())
    assert js(loaded.web, f"ccMap.probe.cellColour({empty!r})") is None
    assert pixel_at(loaded, *district.centroid(empty)) != drawn


@browser
def test_updates_change_the_drawing_in_place_without_reloading(loaded, district, qtbot):
    page_id = js(loaded.web, "window.__pageId")
    loads_before = len(loaded.loads)
    code = next(code for code, value in district.open_cases.items() if value == 0)
    before = pixel_at(loaded, *district.centroid(code))
    batches: list[int] = []
    count_batch = lambda: batches.append(1)  # noqa: E731
    loaded.view.sig_drawn.connect(count_batch)
    for n in range(200):  # a burst, as a busy change feed delivers it
        loaded.view.update_cell_values({code: float(n)})
    loaded.view.update_markers([CaseMarker(5, *district.centroid(district.cells[0][0]), "on_time", False, "处置", "A")], [])
    settle(loaded.view)
    loaded.view.sig_drawn.disconnect(count_batch)
    assert js(loaded.web, f"ccMap.probe.cellColour({code!r})") is not None
    assert pixel_at(loaded, *district.centroid(code)) != before
    assert js(loaded.web, "ccMap.probe.state()")["markers"] == 1
    assert len(batches) <= 2, "a burst of updates should travel in one or two batches"
    assert js(loaded.web, "window.__pageId") == page_id
    assert len(loaded.loads) == loads_before
    loaded.view.update_cell_values({code: 0.0})
    loaded.view.set_markers([])
    settle(loaded.view)


@browser
def test_clicking_a_cell_reports_its_grid_code(loaded, district, qtbot):
    code, _rings = district.cells[31 * 60 + 25]
    lon, lat = district.centroid(code)
    with qtbot.waitSignal(loaded.view.sig_cell_clicked) as cell, qtbot.waitSignal(loaded.view.sig_map_clicked) as where:
        click_at(loaded, lon, lat)
    assert cell.args == [code]
    assert where.args == pytest.approx([lon, lat], abs=0.0005)


@browser
def test_clicking_a_case_marker_reports_the_case_not_the_cell(loaded, district, qtbot):
    lon, lat = district.centroid(district.cells[20 * 60 + 40][0])
    loaded.view.set_markers([CaseMarker(4242, lon, lat, "overdue", True, "处置", "20240001 暴露垃圾")])
    settle(loaded.view)
    with qtbot.assertNotEmitted(loaded.view.sig_cell_clicked), qtbot.waitSignal(loaded.view.sig_case_clicked) as case:
        click_at(loaded, lon, lat)
        qtbot.waitSignal(loaded.view.sig_map_clicked).wait()
    assert case.args == [4242]
    loaded.view.set_markers([])
    settle(loaded.view)


@browser
def test_snapshot_shows_a_map_not_a_blank_page(loaded):
    image = settle(loaded.view)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert image.width() >= 1000 and len(colours) > 30


@browser
def test_warnings_selection_and_labels_follow_the_caller(loaded, district):
    view = loaded.view
    lon, lat = district.centroid(district.cells[35 * 60 + 30][0])
    view.set_markers([CaseMarker(9, lon, lat, "at_risk", False, "派遣", "B")])
    view.set_flagged_cells([district.cells[0][0], district.cells[1][0], "no-such-cell"])
    view.select_case(9)
    settle(view)
    state = js(loaded.web, "ccMap.probe.state()")
    assert (state["flagged"], state["selected"], state["communityLabels"]) == (2, 9, 0)
    assert state["streetLabels"] == len(district.streets)
    view.fit_bounds(lon - 0.003, lat - 0.002, lon + 0.003, lat + 0.002)
    view.set_flagged_cells([])
    view.select_case(None)
    settle(view)
    state = js(loaded.web, "ccMap.probe.state()")
    assert state["zoom"] >= 15 and state["communityLabels"] > 0
    assert (state["flagged"], state["selected"]) == (0, None)
    view.set_markers([])
    view.fit_district()
    settle(view)


@browser
def test_components_show_only_when_visible_and_zoomed_in(loaded, district):
    view = loaded.view
    lon, lat = district.centroid(district.cells[35 * 60 + 30][0])
    view.set_components([("1101010101000001", lon, lat, "01"), ("1101010401000002", lon + 0.0003, lat, "04")])
    view.set_components_visible(True)
    settle(view)
    assert js(loaded.web, "ccMap.probe.state()")["drawnComponents"] == 0
    view.fit_bounds(lon - 0.002, lat - 0.001, lon + 0.002, lat + 0.001)
    settle(view)
    assert js(loaded.web, "ccMap.probe.state()")["drawnComponents"] == 2
    view.set_components_visible(False)
    view.fit_district()
    settle(view)


@browser
def test_local_tile_folder_is_served_through_the_tiles_scheme(loaded, district, tmp_path):
    assert TILE_SCHEME_REGISTERED, "tests/conftest.py registers the scheme before any QApplication"
    zoom = int(js(loaded.web, "ccMap.probe.state()")["zoom"])
    lon, lat = district.centroid(district.cells[35 * 60 + 30][0])
    x = int((lon + 180) / 360 * 2**zoom)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * 2**zoom)
    tile = QImage(256, 256, QImage.Format.Format_RGB32)
    tile.fill(QColor("#203040"))
    (tmp_path / str(zoom) / str(x)).mkdir(parents=True)
    tile.save(str(tmp_path / str(zoom) / str(x) / f"{y}.png"))
    loaded.view.set_tile_source(TileSource(folder=tmp_path, min_zoom=zoom, max_zoom=zoom, attribution="test tiles"))
    wait_until(lambda: js(loaded.web, "document.querySelectorAll('img.leaflet-tile-loaded').length") > 0)
    assert any(url.startswith("tiles://") for url in loaded.requests.urls)
    loaded.view.set_tile_source(None)
    settle(loaded.view)


@browser
def test_online_tiles_are_requested_only_once_configured(loaded):
    profile = QWebEngineProfile.defaultProfile()
    online = RequestLog()
    profile.setUrlRequestInterceptor(online)
    try:
        loaded.view.set_tile_source(TileSource(url_template="http://tiles.invalid/{z}/{x}/{y}.png"))
        wait_until(lambda: any(url.startswith("http://tiles.invalid/") for url in online.urls))
        loaded.view.set_tile_source(None)
        settle(loaded.view)
    finally:
        profile.setUrlRequestInterceptor(loaded.requests)


@browser
def test_theme_and_font_scale_apply_in_place(loaded):
    page_id = js(loaded.web, "window.__pageId")
    loaded.view.set_theme("light")
    loaded.view.set_font_scale(2.0)
    settle(loaded.view)
    assert js(loaded.web, "ccMap.probe.state()")["theme"] == "light"
    assert js(loaded.web, "getComputedStyle(document.documentElement).getPropertyValue('--cc-scale')").strip() == "2"
    assert js(loaded.web, "window.__pageId") == page_id
    loaded.view.set_theme("dark")
    loaded.view.set_font_scale(1.0)
    settle(loaded.view)


@browser
def test_a_reloaded_page_gets_everything_again(loaded, district, qtbot):
    """The wall's watchdog reloads a stuck page; the map must come back whole by itself."""
    page_id = js(loaded.web, "window.__pageId")
    loaded.view.set_flagged_cells([district.cells[0][0]])
    settle(loaded.view)
    with qtbot.waitSignal(loaded.view.sig_ready, timeout=20_000):
        loaded.web.page().triggerAction(loaded.web.page().WebAction.Reload)
    settle(loaded.view)
    state = js(loaded.web, "ccMap.probe.state()")
    assert js(loaded.web, "window.__pageId") != page_id
    assert (state["drawnCells"], state["flagged"], state["legendTitle"]) == (4200, 1, "Open cases per grid")
    loaded.view.set_flagged_cells([])
    settle(loaded.view)


@browser
def test_a_map_in_a_hidden_tab_shows_the_district_once_revealed(qapp, qtbot, district):
    tabs = QTabWidget()
    tabs.resize(900, 600)
    tabs.addTab(QLabel("queues"), "Queues")
    view = MapView()
    tabs.addTab(view, "Map")
    qtbot.addWidget(tabs)
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.set_cell_values(district.open_cases, "Open cases per grid")
    tabs.show()
    qtbot.waitUntil(view.is_ready, timeout=20_000)
    tabs.setCurrentWidget(view)
    settle(view)
    state = js(view.findChild(QWebEngineView), "ccMap.probe.state()")
    assert state["zoom"] is not None and state["drawnCells"] == len(district.cells)


# -- contracts without a browser ----------------------------------------------------------------

def test_legend_classes_are_round_and_whole_for_counts():
    assert class_labels(class_breaks([0, 1, 2, 3])) == ["1", "2", "3", "4", "≥5"]
    breaks = class_breaks(list(range(25)))
    assert breaks == [5, 10, 15, 20]
    assert class_labels(breaks) == ["1–5", "6–10", "11–15", "16–20", "≥21"]
    assert class_labels(class_breaks([0.1, 0.5, 0.9])) == ["≤0.2", "0.2–0.4", "0.4–0.6", "0.6–0.8", ">0.8"]


def test_a_burst_of_changes_becomes_one_batch_and_full_replace_wins():
    state = MapState(theme="dark")
    state.set_geography({"cells": {"codes": ["a", "b"]}})
    state.set_values({"a": 1.0}, {"title": "t", "ramp": "load", "breaks": [1, 2, 3, 4], "labels": []})
    for n in range(50):
        state.update_values({"b": float(n), "unknown": 1.0})
    first = state.take_script(1)
    assert first.count("ccMap.setCellValues") == 1 and "updateCellValues" not in first
    assert first.startswith("(function(){try{ccMap.begin();")
    assert first.endswith("ccMap.commit(1);}catch(e){ccMap.end();return 'map batch failed: '+e+'\\n'+e.stack;}})()")
    assert state.take_script(2) is None
    state.update_values({"b": 7.0})
    assert "updateCellValues" in state.take_script(3)


def test_markers_removed_and_changed_in_one_batch_keep_the_last_word():
    state = MapState(theme="dark")
    state.take_script(1)
    marker = CaseMarker(1, 116.4, 39.9, "on_time", False, "处置", "A")
    state.update_markers([marker], [])
    state.update_markers([], [1])
    script = state.take_script(2)
    assert '"removed":[1]' in script and '"changed":[]' in script


def test_bad_input_is_refused_with_the_field_named():
    with pytest.raises(ValidationError, match="marker state"):
        CaseMarker(1, 116.4, 39.9, "late", False, "处置", "A")
    square = [[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]]
    with pytest.raises(ValidationError, match="appears twice"):
        cell_payload([("110101001001001", square), ("110101001001001", square)])


# -- renderer and view (this suite runs with --disable-gpu, where QtWebEngine has no WebGL) -------

@browser
def test_without_webgl_the_map_draws_with_canvas_and_says_so(loaded):
    """tests/widgets/test_map_webgl.py covers the WebGL layer in a browser that has it."""
    state = js(loaded.web, "ccMap.probe.state()")
    assert state["renderer"] == "canvas"
    assert state["note"] == loaded.view.tr("WebGL unavailable: using compatible drawing")
    assert state["drawnCells"] == 4200


@browser
def test_re_fitting_to_the_views_own_size_never_changes_the_zoom(loaded, district):
    """The desk centres a selected case by fitting a box of the view's own size around it."""
    view = loaded.view
    lon, lat = district.centroid(district.cells[35 * 60 + 30][0])
    view.fit_bounds(lon - 0.006, lat - 0.004, lon + 0.006, lat + 0.004)
    settle(view)
    before = js(loaded.web, "ccMap.probe.view()")
    for n in range(12):
        here = js(loaded.web, "ccMap.probe.view()")
        case_lon, case_lat = district.centroid(district.cells[(20 + n) * 60 + 10 + 3 * n][0])
        half_w, half_h = (here["east"] - here["west"]) / 2, (here["north"] - here["south"]) / 2
        view.fit_bounds(case_lon - half_w, case_lat - half_h, case_lon + half_w, case_lat + half_h)
        settle(view)
        now = js(loaded.web, "ccMap.probe.view()")
        assert now["zoom"] == before["zoom"], f"selection {n + 1} changed the zoom"
        assert (now["lon"], now["lat"]) == pytest.approx((case_lon, case_lat), abs=1e-4)
    for _ in range(5):
        here = js(loaded.web, "ccMap.probe.view()")
        view.fit_bounds(here["west"], here["south"], here["east"], here["north"])
        settle(view)
    assert js(loaded.web, "ccMap.probe.view()")["zoom"] == before["zoom"]
    view.fit_district()
    settle(view)


@browser
def test_a_batch_that_moves_the_map_and_changes_values_draws_the_cells_once(loaded, district):
    """A fit moves the map inside the batch: the cells are drawn once, when the batch ends."""
    view = loaded.view
    settle(view)
    before = js(loaded.web, "ccMap.probe.state()")["cellRedraws"]
    code = district.cells[20 * 60 + 20][0]
    lon, lat = district.centroid(code)
    view.update_cell_values({code: 1000.0})
    view.fit_bounds(lon - 0.01, lat - 0.008, lon + 0.01, lat + 0.008)
    settle(view)
    assert js(loaded.web, "ccMap.probe.view()")["zoom"] > 13
    assert js(loaded.web, "ccMap.probe.state()")["cellRedraws"] == before + 1
    assert js(loaded.web, f"ccMap.probe.cellColour({code!r})") is not None
    view.update_cell_values({code: district.open_cases[code]})
    view.fit_district()
    settle(view)


@browser
def test_pan_to_centres_the_map_at_the_same_zoom(loaded, district):
    view = loaded.view
    zoom = js(loaded.web, "ccMap.probe.view()")["zoom"]
    lon, lat = district.centroid(district.cells[10 * 60 + 50][0])
    view.pan_to(lon, lat)
    settle(view)
    assert js(loaded.web, "ccMap.probe.view()")["zoom"] == zoom
    x, y = js(loaded.web, f"ccMap.probe.containerPoint({lon}, {lat})")
    assert (x, y) == pytest.approx((loaded.web.width() / 2, loaded.web.height() / 2), abs=1)
    with pytest.raises(ValidationError, match="map centre"):
        view.pan_to(200.0, lat)
    view.fit_district()
    settle(view)


def test_uniform_cells_take_the_fast_payload_path_with_the_same_arrays():
    import base64

    import numpy as np

    from widgets.map.payload import polygon_payload

    def arrays(payload):
        parts, rings, offsets = [np.frombuffer(base64.b64decode(payload[key]), dtype) for key, dtype in
                                 (("parts", "<u4"), ("rings", "<u4"), ("coords", "<f4"))]
        return parts, rings, (offsets.reshape(-1, 2) + payload["origin"]).ravel()

    squares = [[[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]], [[(2.0, 0.0), (3.0, 0.0), (3.0, 1.0), (2.0, 1.0)]]]
    triangle = [[(5.0, 0.0), (6.0, 0.0), (6.0, 1.0)]]
    parts, rings, coords = arrays(polygon_payload("cells", ["a", "b"], squares))          # one numpy step
    parts3, rings3, coords3 = arrays(polygon_payload("cells", ["a", "b", "c"], squares + [triangle]))  # the loop
    assert parts.tolist() == parts3.tolist()[:3] == [0, 1, 2]
    assert rings.tolist() == rings3.tolist()[:3] == [0, 4, 8]
    assert coords.tolist() == coords3.tolist()[:16]
    with pytest.raises(ValidationError, match="at least 3 points"):
        polygon_payload("cells", ["a", "b"], [squares[0], [[(0.0, 0.0), (1.0, 1.0)]]])
