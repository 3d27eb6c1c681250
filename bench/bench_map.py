"""Map timings, offscreen: first paint of ~4,000 cells, 1,000 changes applied in place, and the naive
baseline (regenerate the folium page with a GeoJson layer and reload it for the same change).

Run: ``python bench/bench_map.py`` (prints one JSON line per measurement).
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from widgets.map_view import CaseMarker, MapView, register_tile_scheme  # noqa: E402

register_tile_scheme()  # before any QApplication, as the app does

import folium  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer, QUrl  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from widgets.map.page import offline_map  # noqa: E402
from widgets.map.sample import square_grid  # noqa: E402

SIZE = (1600, 900)
CHANGES = 1000
ROUNDS = 5


def _line(name, value, unit, baseline, note) -> dict:
    return {"name": name, "value": value, "unit": unit, "baseline": baseline, "note": note}


def _wait_for(signal, timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def _idle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _first_paint(district) -> tuple[MapView, float]:
    """From widget creation to the page confirming the cells drawn."""
    start = time.perf_counter()
    view = MapView()
    view.resize(*SIZE)
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.set_cell_values(district.open_cases, "Open cases per grid", "load")
    view.set_markers(district.markers)
    view.show()
    _wait_for(view.sig_drawn)
    return view, time.perf_counter() - start


def _apply_changes(view: MapView, district, round_no: int) -> float:
    """1,000 cell values and 1,000 markers changed, until the page confirms them drawn (ms)."""
    codes = [code for code, _rings in district.cells[:CHANGES]]
    states = ("overdue", "at_risk", "on_time", "closed")
    markers = [CaseMarker(m.case_id, m.lon, m.lat, states[(i + round_no) % 4], m.urgent, m.stage, m.label)
               for i, m in enumerate(district.markers[:CHANGES])]
    _idle(3 * MapView.FLUSH_INTERVAL_MS)  # start from a quiet page, as a change feed would meet it
    start = time.perf_counter()
    view.update_cell_values({code: float((i + round_no) % 25) for i, code in enumerate(codes)})
    view.update_markers(markers, [])
    _wait_for(view.sig_drawn)
    return (time.perf_counter() - start) * 1000


def _redraw_ms(view: MapView) -> dict:
    """How long the page takes to redraw each canvas once, measured inside the page."""
    result: list = []
    view.findChild(QWebEngineView).page().runJavaScript("JSON.stringify(ccMap.probe.redrawMs())", 0, result.append)
    while not result:
        _idle(10)
    return {name: round(ms, 1) for name, ms in json.loads(result[0]).items()}


def _naive_page(district, values: dict[str, float]) -> str:
    """The whole page again, cells as one folium GeoJson layer styled by value."""
    features = [{"type": "Feature", "properties": {"code": code, "value": values.get(code, 0.0)},
                 "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in rings[0]] + [list(rings[0][0])]]}}
                for code, rings in district.cells]
    west, north = district.cells[0][1][0][0]
    fmap = offline_map(location=(north - 0.03, west + 0.035), zoom_start=13, prefer_canvas=True)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {"fillColor": "#2f7cc0" if f["properties"]["value"] > 5 else "#1c3a5e",
                                  "fillOpacity": 0.9, "weight": 0.5, "color": "#334"},
    ).add_to(fmap)
    return fmap.get_root().render()


def _naive_reload(district, web: QWebEngineView, page: Path, round_no: int) -> float:
    """Regenerate the page for the same change and reload it, until it has loaded (ms)."""
    values = dict(district.open_cases)
    values.update({code: float((i + round_no) % 25) for i, (code, _r) in enumerate(district.cells[:CHANGES])})
    start = time.perf_counter()
    page.write_text(_naive_page(district, values), encoding="utf-8")
    web.load(QUrl.fromLocalFile(str(page)))
    _wait_for(web.loadFinished)
    return (time.perf_counter() - start) * 1000


def run() -> list[dict]:
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - keeps Qt alive
    district = square_grid(cols=60, rows=70, markers=CHANGES)
    view, first_paint = _first_paint(district)
    warm_view, warm_paint = _first_paint(district)
    warm_view.close()
    applied = statistics.median(_apply_changes(view, district, n) for n in range(1, ROUNDS + 1))
    redraw = _redraw_ms(view)
    view.close()
    web = QWebEngineView()
    web.resize(*SIZE)
    web.show()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "naive_map.html"
        naive = statistics.median(_naive_reload(district, web, page, n) for n in range(1, ROUNDS + 1))
    web.close()
    cells = len(district.cells)
    return [
        _line("map.first_paint_s", round(first_paint, 3), "s", 1.0,
              f"{cells} cells + {CHANGES} markers, widget created to cells drawn; includes starting "
              f"QtWebEngine; a second map in the same process: {warm_paint:.3f} s; target < 1 s"),
        _line("map.apply_1000_ms", round(applied, 1), "ms", round(naive, 1),
              f"{CHANGES} cell values + {CHANGES} markers changed in place until the page confirms them drawn "
              f"(median of {ROUNDS}); {naive / applied:.0f}x faster than the naive reload; target < 50 ms; "
              f"one redraw inside the page, ms: {redraw} (value changes redraw cells and markers only)"),
        _line("map.naive_reload_ms", round(naive, 1), "ms", None,
              f"baseline: same change by regenerating the folium page with a GeoJson layer of {cells} cells "
              f"and reloading it (median of {ROUNDS}); ratio naive/in-place = {naive / applied:.0f}"),
    ]


if __name__ == "__main__":
    for line in run():
        print(json.dumps(line, ensure_ascii=False))
