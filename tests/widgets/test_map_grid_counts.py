"""Zoomed out below the level where grid lines show, case markers are drawn as one count per unit
grid (clustering by grid, not by pixels); zoomed in, every case is its own marker again."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWebEngineWidgets import QWebEngineView

from tests.widgets.test_map_view import browser, js, settle
from widgets.map.sample import square_grid
from widgets.map_view import CaseMarker, MapView


@pytest.fixture(scope="module")
def district():
    return square_grid(cols=60, rows=70, markers=0)


@pytest.fixture
def view(qapp, district):
    view = MapView()
    view.resize(1000, 800)
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.show()
    settle(view)
    yield view
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _markers(district):
    """30 cases in one grid, 12 in another (one of them overdue), 5 alone in grids of their own."""
    out, next_id = [], 1
    for (code, rings), count in [(district.cells[100], 30), (district.cells[2000], 12)] + \
            [(district.cells[3000 + 7 * k], 1) for k in range(5)]:
        ring = rings[0]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        for n in range(count):
            lon = min(xs) + (max(xs) - min(xs)) * (0.2 + 0.6 * (n % 5) / 4)
            lat = min(ys) + (max(ys) - min(ys)) * (0.2 + 0.6 * (n // 5 % 5) / 4)
            state = "overdue" if count == 12 and n == 0 else "on_time"
            out.append(CaseMarker(next_id, lon, lat, state, False, "处置", f"A{next_id}"))
            next_id += 1
    return out


@browser
def test_zoomed_out_markers_become_one_count_per_grid(view, district):
    web = view.findChild(QWebEngineView)
    view.set_markers(_markers(district))
    lon, lat = district.centroid(district.cells[2100][0])
    view.fit_bounds(lon - 0.15, lat - 0.1, lon + 0.15, lat + 0.1)   # a city's view: cells of ~3 px
    settle(view)
    state = js(web, "ccMap.probe.state()")
    assert state["markers"] == 47
    assert state["drawnGroups"] == 7 and state["drawnMarkers"] == 47, state
    # zoom in on the busy grid: the grid lines show and every case is a marker of its own again
    lon, lat = district.centroid(district.cells[100][0])
    view.fit_bounds(lon - 0.004, lat - 0.003, lon + 0.004, lat + 0.003)
    settle(view)
    state = js(web, "ccMap.probe.state()")
    assert state["drawnGroups"] == 0 and state["drawnMarkers"] >= 30, state
