"""The Canvas2D fallback (no WebGL, as this suite's --disable-gpu browser): zoomed out it draws every
cell from one picture (one drawImage instead of a path per cell), in the colours its paths draw,
and a value change rewrites only the changed cells' texels."""
from __future__ import annotations

import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

from widgets.map.sample import square_grid  # noqa: E402
from widgets.map_view import MapView  # noqa: E402

pytestmark = [pytest.mark.gui, pytest.mark.webview]

SIZE = (900, 700)
COLS = ROWS = 180
LAND = QColor("#142030").getRgb()[:3]   # the dark theme's land, under cells at 90 %


def js(qtbot, view: MapView, expression: str):
    result: list = []
    view.findChild(QWebEngineView).page().runJavaScript(f"JSON.stringify({expression})", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=20_000)
    return json.loads(result[0])


def blocks(district) -> dict[str, float]:
    """Values constant over 10 x 10 blocks of cells, six classes (0 = unfilled)."""
    return {code: float((n // COLS // 10 + n % COLS // 10) % 6) for n, (code, _r) in enumerate(district.cells)}


def block_centres(district) -> list[str]:
    return [district.cells[r * COLS + c][0] for r in range(5, ROWS, 10) for c in range(5, COLS, 10)]


def expected(qtbot, view, code) -> tuple[int, ...]:
    colour = js(qtbot, view, f"ccMap.probe.cellColour({code!r})")
    if colour is None:
        return LAND
    top = QColor(colour).getRgb()[:3]
    return tuple(round(0.9 * t + 0.1 * g) for t, g in zip(top, LAND))


def pixel(qtbot, view, district, code) -> tuple[int, int, int]:
    """The cell canvas's pixel at the middle of this cell (street labels float above the canvas)."""
    r, g, b, a = js(qtbot, view, "ccMap.probe.cellPixel({}, {})".format(*district.centroid(code)))
    assert a == 255, (code, a)
    return (r, g, b)


def close(a, b) -> bool:
    return all(abs(p - q) <= 3 for p, q in zip(a, b))


@pytest.fixture
def district():
    d = square_grid(cols=COLS, rows=ROWS, markers=0)
    # surveyed rings start at any corner and run either way round (a row of the picture then meets
    # a cell's right edge before its left one): every other cell starts at its north-east corner,
    # every third runs the other way
    d.cells[:] = [(code, [(r[1:] + r[:1] if n % 2 else r)[::-1 if n % 3 == 0 else 1] for r in rings])
                  for n, (code, rings) in enumerate(d.cells)]
    d.open_cases.clear()
    d.open_cases.update(blocks(d))
    return d


@pytest.fixture
def view(qtbot, district):
    v = MapView()
    v.resize(*SIZE)
    qtbot.addWidget(v)
    v.set_geography(district.cells, district.streets, district.communities, district.boundary)
    v.set_cell_values(district.open_cases, "Open cases per grid", "load")
    v.show()
    return v


def test_zoomed_out_the_fallback_draws_the_cells_from_one_picture_in_the_colours_of_its_paths(qtbot, district, view):
    view.grab_when_ready(30_000)
    state = js(qtbot, view, "ccMap.probe.state()")
    assert (state["renderer"], state["drawnBy"], state["drawnCells"]) == ("canvas", "canvas picture", COLS * ROWS)
    assert state["note"]   # the map still says it draws without WebGL
    seen = set()
    for code in block_centres(district):
        drawn = pixel(qtbot, view, district, code)
        assert close(drawn, expected(qtbot, view, code)), (code, drawn)
        seen.add(drawn)
    assert len(seen) == 6
    # Zoomed in to cells of ~20 px the same layer traces the cells in view: the same colours.
    middle = district.cells[90 * COLS + 95][0]
    lon, lat = district.centroid(middle)
    view.fit_bounds(lon - 0.02, lat - 0.012, lon + 0.02, lat + 0.012)
    view.grab_when_ready(30_000)
    assert js(qtbot, view, "ccMap.probe.state()")["drawnBy"] == "canvas"
    for code in (middle, district.cells[85 * COLS + 85][0], district.cells[95 * COLS + 105][0]):
        assert close(pixel(qtbot, view, district, code), expected(qtbot, view, code)), code


def test_a_value_change_rewrites_only_the_changed_cells_of_the_picture(qtbot, district, view):
    view.grab_when_ready(30_000)
    before = js(qtbot, view, "ccMap.probe.state()")["picturePaints"]
    hot = [district.cells[r * COLS + c][0] for r in range(20, 30) for c in range(40, 50)]
    cold = [district.cells[r * COLS + c][0] for r in range(20, 30) for c in range(60, 70)]
    view.update_cell_values({**{code: 1000.0 for code in hot}, **{code: 0.0 for code in cold}})
    view.grab_when_ready(30_000)
    after = js(qtbot, view, "ccMap.probe.state()")["picturePaints"]
    assert after == {"full": before["full"], "partial": before["partial"] + 1}, (before, after)
    for code in (hot[55], cold[55], district.cells[25 * COLS + 85][0]):
        assert close(pixel(qtbot, view, district, code), expected(qtbot, view, code)), code
    assert pixel(qtbot, view, district, cold[55]) == LAND
    # Equal to a map given these values in one go.
    fresh = MapView()
    fresh.resize(*SIZE)
    qtbot.addWidget(fresh)
    values = dict(district.open_cases, **{code: 1000.0 for code in hot}, **{code: 0.0 for code in cold})
    fresh.set_geography(district.cells, district.streets, district.communities, district.boundary)
    fresh.set_cell_values(values, "Open cases per grid", "load")
    fresh.show()
    fresh.grab_when_ready(30_000)
    for code in block_centres(district) + [hot[55], cold[55]]:
        assert pixel(qtbot, view, district, code) == pixel(qtbot, fresh, district, code), code


def test_cells_drawn_before_the_values_arrive_then_coloured_equal_a_map_built_in_one_go(qtbot, district):
    """As the desk starts: the page and the cells load while the cases are read, then only the
    values go across; the map then shows what a map given everything at once shows."""
    early = MapView()
    early.resize(*SIZE)
    qtbot.addWidget(early)
    early.set_geography(district.cells, district.streets, district.communities, district.boundary)
    early.show()
    early.grab_when_ready(30_000)
    assert js(qtbot, early, "ccMap.probe.state()")["cells"] == COLS * ROWS
    unfilled = pixel(qtbot, early, district, district.cells[5 * COLS + 15][0])
    assert unfilled == LAND
    early.set_cell_values(district.open_cases, "Open cases per grid", "load")
    early.grab_when_ready(30_000)
    once = MapView()
    once.resize(*SIZE)
    qtbot.addWidget(once)
    once.set_geography(district.cells, district.streets, district.communities, district.boundary)
    once.set_cell_values(district.open_cases, "Open cases per grid", "load")
    once.show()
    once.grab_when_ready(30_000)
    codes = block_centres(district)
    assert len({pixel(qtbot, once, district, code) for code in codes}) == 6
    for code in codes:
        assert pixel(qtbot, early, district, code) == pixel(qtbot, once, district, code), code
