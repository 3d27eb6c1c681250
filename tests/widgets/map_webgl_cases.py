"""The WebGL cell layer in a browser that has WebGL, against the Canvas2D fallback.

Not collected by the suite: the suite's Chromium runs with --disable-gpu, where QtWebEngine offers no
WebGL, and Chromium flags are fixed per process. tests/widgets/test_map_webgl.py runs this module in
its own pytest process with software WebGL (ANGLE over Mesa llvmpipe, "--use-angle=swiftshader").
"""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWebEngineWidgets import QWebEngineView

from widgets.map.sample import square_grid
from widgets.map_view import MapView

SIZE = (900, 700)


def js(qtbot, view: MapView, expression: str):
    result: list = []
    view.findChild(QWebEngineView).page().runJavaScript(f"JSON.stringify({expression})", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=20_000)
    return json.loads(result[0])


def open_map(qtbot, district, renderer: str) -> MapView:
    view = MapView(renderer=renderer)
    view.resize(*SIZE)
    qtbot.addWidget(view)
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.set_cell_values(district.open_cases, "Open cases per grid", "load")
    view.show()
    view.grab_when_ready(30_000)
    return view


def point_of(qtbot, view: MapView, lon: float, lat: float) -> tuple[int, int]:
    x, y = js(qtbot, view, f"ccMap.probe.containerPoint({lon}, {lat})")
    return round(x), round(y)


def rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    return QColor(image.pixel(x, y)).getRgb()[:3]


def cell_under(district, lon: float, lat: float) -> str:
    for code, rings in district.cells:
        lons, lats = [p[0] for p in rings[0]], [p[1] for p in rings[0]]
        if min(lons) <= lon < max(lons) and min(lats) < lat <= max(lats):
            return code
    raise AssertionError(f"no cell at {lon}, {lat}")


@pytest.fixture(scope="module")
def district():
    return square_grid(cols=60, rows=70, markers=0)


@pytest.fixture(scope="module")
def sample_points(district):
    """Cell centres of several values (empty too) and a point off the district. Only cells well inside
    a community (60 x 70 cells make communities of 10 x 11-12): where an outline's edge passes
    through a pixel, two rasterisers may rightly disagree about it."""
    by_value = {}
    for n, (code, _rings) in enumerate(district.cells):
        row, col = divmod(n, 60)
        if 3 <= row % 35 % 12 <= 8 and 3 <= col % 10 <= 6:
            by_value.setdefault(district.open_cases[code], code)
    codes = [by_value[v] for v in sorted(by_value)[:: max(1, len(by_value) // 6)]]
    west, north = district.cells[0][1][0][0]
    return [district.centroid(code) for code in codes] + [(west - 0.002, north + 0.002)]


@pytest.mark.gui
@pytest.mark.webview
def test_webgl_and_canvas_draw_the_same_colours_for_the_same_cells(qtbot, district, sample_points):
    gl, canvas = open_map(qtbot, district, "auto"), open_map(qtbot, district, "canvas")
    assert js(qtbot, gl, "ccMap.probe.state()")["renderer"] == "webgl"
    assert js(qtbot, gl, "ccMap.probe.state()")["note"] is None
    assert js(qtbot, canvas, "ccMap.probe.state()")["renderer"] == "canvas"
    # Zoomed in, grid lines are drawn too (by the GL layer, or by the outline canvas): sample the
    # 5 x 5 cells around the middle of the view.
    near = [district.centroid(district.cells[r * 60 + c][0]) for r in range(33, 38) for c in range(28, 33)]
    for points, zoom_in in ((sample_points, False), (near, True)):
        if zoom_in:
            # by now the layer has made its pictures and its deduplicated grid lines
            qtbot.waitUntil(lambda: js(qtbot, gl, "ccMap.probe.state()")["pictureMs"] is not None, timeout=30_000)
            lon, lat = near[12]
            for view in (gl, canvas):
                view.fit_bounds(lon - 0.004, lat - 0.003, lon + 0.004, lat + 0.003)
        gl_image, canvas_image = gl.grab_when_ready(20_000), canvas.grab_when_ready(20_000)
        seen = set()
        for lon, lat in points:
            x, y = point_of(qtbot, gl, lon, lat)
            assert (x, y) == point_of(qtbot, canvas, lon, lat)
            drawn, expected = rgb(gl_image, x, y), rgb(canvas_image, x, y)
            assert all(abs(a - b) <= 3 for a, b in zip(drawn, expected)), (lon, lat, drawn, expected, zoom_in)
            seen.add(drawn)
        assert len(seen) >= 4, "the sample points should show several different colours"
    # ... both draw the grid line two cells share (each edge drawn once by the WebGL layer) ...
    right = district.cells[36 * 60 + 31]
    lon, lat = right[1][0][0][0], district.centroid(right[0])[1]
    x, y = point_of(qtbot, gl, lon, lat)
    for image in (gl_image, canvas_image):
        line = max(sum(rgb(image, x + dx, y)) for dx in (-1, 0, 1))
        fill = min(sum(rgb(image, x + dx, y)) for dx in (-8, 8))
        assert line >= fill + 20, (line, fill)
    # ... and both draw the street boundary between rows 34 and 35 (light over the dark fills).
    lon = district.centroid(district.cells[35 * 60 + 30][0])[0]
    lat = district.cells[35 * 60 + 30][1][0][0][1]
    x, y = point_of(qtbot, gl, lon, lat)
    for image in (gl_image, canvas_image):
        line = max(sum(rgb(image, x, y + dy)) for dy in (-1, 0, 1))
        fills = max(sum(rgb(image, x, y + dy)) for dy in (-6, 6))
        assert line > fills + 120, (line, fills)
    for view in (gl, canvas):
        view.close()


@pytest.mark.gui
@pytest.mark.webview
def test_a_value_change_recolours_the_cell_without_rebuilding_the_mesh(qtbot, district):
    view = open_map(qtbot, district, "auto")
    page_id = js(qtbot, view, "window.__pageId")
    empty = next(code for code, value in district.open_cases.items() if value == 0)
    lon, lat = district.centroid(empty)
    assert js(qtbot, view, f"ccMap.probe.cellPixel({lon}, {lat})")[:3] != list(QColor("#a3d4ff").getRgb()[:3])
    view.update_cell_values({empty: 1000.0})
    view.grab_when_ready(20_000)
    state = js(qtbot, view, "ccMap.probe.state()")
    assert (state["renderer"], state["meshBuilds"]) == ("webgl", 1)
    top = QColor(js(qtbot, view, f"ccMap.probe.cellColour({empty!r})")).getRgb()[:3]
    drawn = js(qtbot, view, f"ccMap.probe.cellPixel({lon}, {lat})")[:3]
    # 90 % cell colour over the land colour, as both layers blend it
    land = QColor("#142030").getRgb()[:3]
    assert all(abs(d - (0.9 * t + 0.1 * g)) <= 3 for d, t, g in zip(drawn, top, land)), (drawn, top)
    assert js(qtbot, view, "window.__pageId") == page_id
    view.close()


@pytest.mark.gui
@pytest.mark.webview
def test_a_click_at_46000_cells_selects_the_grid_under_the_pointer(qtbot):
    big = square_grid(cols=215, rows=215, markers=0)
    view = open_map(qtbot, big, "auto")
    state = js(qtbot, view, "ccMap.probe.state()")
    assert (state["cells"], state["renderer"]) == (46_225, "webgl")
    web = view.findChild(QWebEngineView)

    def click(lon: float, lat: float):
        x, y = point_of(qtbot, view, lon, lat)
        with qtbot.waitSignal(view.sig_cell_clicked) as cell, qtbot.waitSignal(view.sig_map_clicked) as where:
            QTest.mouseClick(web.focusProxy(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))
        return cell.args[0], where.args

    # Zoomed out a cell is ~3 px wide: whichever pixel the click lands on, its own cell must come back.
    for row, col in ((0, 0), (107, 107), (123, 77), (214, 214)):
        code, (lon, lat) = click(*big.centroid(big.cells[row * 215 + col][0]))
        assert code == cell_under(big, lon, lat)
    target = big.cells[123 * 215 + 77][0]
    lon, lat = big.centroid(target)
    view.fit_bounds(lon - 0.003, lat - 0.002, lon + 0.003, lat + 0.002)
    view.grab_when_ready(20_000)
    assert click(lon, lat)[0] == target
    view.close()


@pytest.mark.gui
@pytest.mark.webview
def test_a_lost_webgl_context_falls_back_to_canvas_and_says_so(qtbot, district):
    view = open_map(qtbot, district, "auto")
    busiest = max(district.open_cases, key=district.open_cases.get)
    lon, lat = district.centroid(busiest)
    before = js(qtbot, view, f"ccMap.probe.cellPixel({lon}, {lat})")
    assert js(qtbot, view, "ccMap.probe.loseContext()")
    qtbot.waitUntil(lambda: js(qtbot, view, "ccMap.probe.state()")["renderer"] == "canvas", timeout=10_000)
    assert js(qtbot, view, "ccMap.probe.state()")["note"] == view.tr("WebGL unavailable: using compatible drawing")
    after = js(qtbot, view, f"ccMap.probe.cellPixel({lon}, {lat})")
    assert all(abs(a - b) <= 3 for a, b in zip(after, before)), (before, after)
    view.close()


@pytest.mark.gui
@pytest.mark.webview
def test_a_flattened_multipolygon_boundary_fills_the_same_land_in_both_layers(qtbot):
    """Boundary rings arrive flattened (outers and holes side by side): both layers fill even-odd."""
    grid = square_grid(cols=20, rows=20, markers=0)
    (west, north), (east, _n), (_e, south) = grid.boundary[0][0], grid.boundary[0][1], grid.boundary[0][2]
    dx, dy = (east - west) / 10, (north - south) / 10

    def box(x0, y0, x1, y1):
        return [(west + x0 * dx, north - y0 * dy), (west + x1 * dx, north - y0 * dy),
                (west + x1 * dx, north - y1 * dy), (west + x0 * dx, north - y1 * dy)]

    # outer, a hole in it, an island in the hole, and a second outline off to the east
    boundary = [box(0, 0, 10, 10), box(2, 2, 8, 8), box(4, 4, 6, 6), box(12, 0, 16, 4)]
    # cell centres (a tenth of the grid is two cells), clear of grid lines and outlines
    points = {"outer": (1.25, 1.25), "hole": (3.25, 3.25), "island": (5.25, 5.25), "east": (14.25, 2.25),
              "outside": (11.25, 6.25)}
    images, views = [], []
    for renderer in ("auto", "canvas"):
        view = MapView(renderer=renderer)
        view.resize(*SIZE)
        qtbot.addWidget(view)
        view.set_geography(grid.cells, [], [], boundary)
        view.show()
        images.append(view.grab_when_ready(30_000))
        views.append(view)
    assert js(qtbot, views[0], "ccMap.probe.state()")["renderer"] == "webgl"
    drawn = {}
    for name, (i, j) in points.items():
        lon, lat = west + i * dx, north - j * dy
        x, y = point_of(qtbot, views[0], lon, lat)
        gl, canvas = rgb(images[0], x, y), rgb(images[1], x, y)
        assert all(abs(a - b) <= 3 for a, b in zip(gl, canvas)), (name, gl, canvas)
        drawn[name] = gl
    assert drawn["outer"] == drawn["island"] == drawn["east"] != drawn["hole"] == drawn["outside"]
    for view in views:
        view.close()


def blocks(district, cols: int, size: int = 10) -> dict[str, float]:
    """Values constant over size x size blocks of cells (row-major cells, `cols` a row)."""
    return {code: float((n // cols // size + n % cols // size) % 6) for n, (code, _rings) in enumerate(district.cells)}


def block_centres(district, cols: int, rows: int, size: int = 10) -> list[tuple[str, tuple[float, float]]]:
    """The cell in the middle of each block: far from any cell of another colour."""
    out = []
    for r in range(size // 2, rows, size):
        for c in range(size // 2, cols, size):
            code = district.cells[r * cols + c][0]
            out.append((code, district.centroid(code)))
    return out


def redrawn_with_pictures(qtbot, view: MapView) -> QImage:
    """Wait for the pictures (made when the page is idle), redraw, and grab."""
    qtbot.waitUntil(lambda: js(qtbot, view, "ccMap.probe.state()")["pictureMs"] is not None, timeout=30_000)
    js(qtbot, view, "ccMap.probe.redrawMs()")
    image = view.grab_when_ready(20_000)
    assert js(qtbot, view, "ccMap.probe.state()")["drawnBy"] == "picture"
    return image


@pytest.mark.gui
@pytest.mark.webview
def test_zoomed_out_the_one_quad_picture_draws_the_colours_the_canvas_layer_draws(qtbot):
    """180 x 180 cells of ~3 px: the WebGL layer draws them from its pictures, Canvas2D as paths."""
    big = square_grid(cols=180, rows=180, markers=0)
    big.open_cases.clear()
    big.open_cases.update(blocks(big, 180))
    gl, canvas = open_map(qtbot, big, "auto"), open_map(qtbot, big, "canvas")
    gl_image, canvas_image = redrawn_with_pictures(qtbot, gl), canvas.grab_when_ready(20_000)
    seen = set()
    for _code, (lon, lat) in block_centres(big, 180, 180):
        x, y = point_of(qtbot, gl, lon, lat)
        drawn, expected = rgb(gl_image, x, y), rgb(canvas_image, x, y)
        assert all(abs(a - b) <= 3 for a, b in zip(drawn, expected)), (lon, lat, drawn, expected)
        seen.add(drawn)
    assert len(seen) >= 5, "the blocks should show several different colours"
    # Off the district the picture leaves the canvas clear, as Canvas2D does.
    west, north = big.cells[0][1][0][0]
    x, y = point_of(qtbot, gl, west - 0.01, north + 0.01)
    assert rgb(gl_image, x, y) == rgb(canvas_image, x, y)
    # Zoomed in to ~10 px cells the picture still draws them, with the grid lines over it.
    lon, lat = big.centroid(big.cells[90 * 180 + 90][0])
    for view in (gl, canvas):
        view.fit_bounds(lon - 0.05, lat - 0.03, lon + 0.05, lat + 0.03)
    gl_image, canvas_image = gl.grab_when_ready(20_000), canvas.grab_when_ready(20_000)
    assert js(qtbot, gl, "ccMap.probe.state()")["drawnBy"] == "picture"
    for _code, (lon, lat) in block_centres(big, 180, 180):
        x, y = point_of(qtbot, gl, lon, lat)
        if 5 <= x < gl_image.width() - 5 and 5 <= y < gl_image.height() - 5:
            drawn, expected = rgb(gl_image, x, y), rgb(canvas_image, x, y)
            assert all(abs(a - b) <= 3 for a, b in zip(drawn, expected)), (lon, lat, drawn, expected)
    right = big.cells[95 * 180 + 95]  # inside an empty block: a light line on the dark land
    x, y = point_of(qtbot, gl, right[1][0][0][0], big.centroid(right[0])[1])
    for image in (gl_image, canvas_image):
        line = max(sum(rgb(image, x + dx, y)) for dx in (-1, 0, 1))
        fill = min(sum(rgb(image, x + dx, y)) for dx in (-4, 4))
        assert line >= fill + 10, (line, fill)
    for view in (gl, canvas):
        view.close()


@pytest.mark.gui
@pytest.mark.webview
def test_a_value_change_repaints_only_the_changed_cells_into_the_picture(qtbot):
    big = square_grid(cols=180, rows=180, markers=0)
    big.open_cases.clear()
    big.open_cases.update(blocks(big, 180))
    gl, canvas = open_map(qtbot, big, "auto"), open_map(qtbot, big, "canvas")
    redrawn_with_pictures(qtbot, gl)
    before = js(qtbot, gl, "ccMap.probe.state()")["picturePaints"]
    # One whole block (10 x 10 cells) goes from its class to the top one, and another to none.
    changed = {}
    for r in range(20, 30):
        for c in range(40, 50):
            changed[big.cells[r * 180 + c][0]] = 1000.0
        for c in range(60, 70):
            changed[big.cells[r * 180 + c][0]] = 0.0
    for view in (gl, canvas):
        view.update_cell_values(changed)
    gl_image, canvas_image = gl.grab_when_ready(20_000), canvas.grab_when_ready(20_000)
    state = js(qtbot, gl, "ccMap.probe.state()")
    assert (state["drawnBy"], state["meshBuilds"]) == ("picture", 1)
    after = state["picturePaints"]
    assert after["full"] == before["full"] and after["partial"] == before["partial"] + 1, (before, after)
    for code in (big.cells[25 * 180 + 45][0], big.cells[25 * 180 + 65][0], big.cells[25 * 180 + 85][0]):
        x, y = point_of(qtbot, gl, *big.centroid(code))
        drawn, expected = rgb(gl_image, x, y), rgb(canvas_image, x, y)
        assert all(abs(a - b) <= 3 for a, b in zip(drawn, expected)), (code, drawn, expected)
    top = QColor(js(qtbot, gl, f"ccMap.probe.cellColour({big.cells[25 * 180 + 45][0]!r})")).getRgb()[:3]
    x, y = point_of(qtbot, gl, *big.centroid(big.cells[25 * 180 + 45][0]))
    land = QColor("#142030").getRgb()[:3]
    assert all(abs(d - (0.9 * t + 0.1 * g)) <= 3 for d, t, g in zip(rgb(gl_image, x, y), top, land))
    for view in (gl, canvas):
        view.close()


@pytest.mark.gui
@pytest.mark.webview
def test_after_a_pan_the_picture_leaves_no_cells_where_the_district_no_longer_is(qtbot):
    """Drawn from the picture (its quad written unblended): where the district was before a pan and
    no longer is, the map shows what the Canvas2D layer shows there, nothing of the cells."""
    big = square_grid(cols=180, rows=180, markers=0)
    big.open_cases.clear()
    big.open_cases.update(blocks(big, 180))
    gl, canvas = open_map(qtbot, big, "auto"), open_map(qtbot, big, "canvas")
    before = redrawn_with_pictures(qtbot, gl)
    lons = [p[0] for _code, rings in big.cells for p in rings[0]]
    lats = [p[1] for _code, rings in big.cells for p in rings[0]]
    west, middle = min(lons), (min(lats) + max(lats)) / 2
    for view in (gl, canvas):
        view.pan_to(west - 0.02, middle)   # the district now fills only the right of the view
    gl_image, canvas_image = gl.grab_when_ready(20_000), canvas.grab_when_ready(20_000)
    assert js(qtbot, gl, "ccMap.probe.state()")["drawnBy"] == "picture"
    x_west, _y = point_of(qtbot, gl, west, middle)
    points = [(x, y) for x in range(10, x_west - 30, 40) for y in range(10, SIZE[1] - 10, 40)]
    assert len(points) > 40
    was_cells = [p for p in points if rgb(before, *p) != rgb(gl_image, *p)]
    assert len(was_cells) > len(points) // 2, "the pan should move the cells away from most points"
    for x, y in points:
        assert rgb(gl_image, x, y) == rgb(canvas_image, x, y), (x, y)
    # The same inside one task (the browser clears a WebGL canvas only once a frame is shown):
    # drawn centred, panned, and read at once where the cells were.
    east = max(lons)
    for view in (gl, canvas):
        pixels = js(qtbot, view, f"""(function () {{
            ccMap.fitDistrict();
            const was = ccMap.probe.cellPixel({(west + east) / 2 + 0.01}, {middle});
            ccMap.panTo({west - 0.02}, {middle});
            return [was, ccMap.probe.cellPixel({west - 0.01}, {middle})];
        }})()""")
        assert pixels[0][3] > 0 and pixels[1][3] == 0, pixels
    for view in (gl, canvas):
        view.close()
