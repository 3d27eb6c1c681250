"""Map timings at city scale, offscreen, each next to its baseline measured in the same run.

Square 100 m cells: 215 x 215 = 46,225 (Chaoyang-sized) and 500 x 500 = 250,000 (a city).
- first paint: widget created to cells on screen (the batch drawn and the page's next frames
  painted; QtWebEngine already started, its start is noted), with the page's own time per command;
- one full redraw, timed inside the page (the WebGL layer waits for the GPU with a 1-pixel read),
  once the page is idle (the WebGL layer then draws a zoomed-out district from its pictures);
- 1,000 scattered cell values + 1,000 markers changed in place, until the page confirms them drawn;
- naive: folium's GeoJson layer of the same cells, first load (in the first configuration only).
Baselines: the Canvas2D layer on the same cells (`MapView(renderer="canvas")`), same process. The
Canvas2D layer draws a zoomed-out district from one picture too (resources/map/canvaspicture.js),
so since then the ratio compares two pictures, not WebGL with 46,000 paths.

Chromium's flags are fixed per process, so each configuration runs in a child process of its own.
The configurations (``--configs NAME,NAME``; ``--flags NAME="FLAGS"`` adds one of your own):
- "angle_swiftshader": ``--use-angle=swiftshader``. This QtWebEngine ships no SwiftShader, so ANGLE
  runs over Mesa's llvmpipe: software WebGL, what the app gets on a machine without a GPU (its
  default ``--ignore-gpu-blocklist`` reports the same renderer). ``--use-gl=swiftshader`` is refused
  by this QtWebEngine ("not supported with the current configuration"), and
  ``--enable-unsafe-swiftshader`` changes nothing here.
- "disable_gpu": ``--disable-gpu``, what the test suite uses: QtWebEngine then offers no WebGL at
  all and the map draws with its Canvas2D fallback (and says so on the map).

Run: ``python bench/bench_map.py [--configs ...] [--flags NAME=FLAGS] [--against /work/main]`` (one
JSON line per measurement; exit 0). ``--against`` runs another checkout's own bench_map.py after
each configuration and puts its figure in the note: the code before a change, in the same run. ``bench/run.py`` calls run() with the default configurations.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
CONFIGS = {
    "angle_swiftshader": "--no-sandbox --use-angle=swiftshader",
    "disable_gpu": "--no-sandbox --disable-gpu",
}
#: the configuration whose figures carry the plain names (the others get a _<config> suffix)
MAIN = "angle_swiftshader"
SIZE = (1600, 900)
CHANGES = 1000


def _line(name, value, unit, baseline, note) -> dict:
    return {"name": name, "value": value, "unit": unit, "baseline": baseline, "note": note}


def _ratio(baseline: float, value: float) -> str:
    return f"{baseline / value:.1f}x" if value else "n/a"


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


# -- parent: one child process per configuration -----------------------------------------------

def run(configs: dict[str, str] | None = None, against: Path | None = None) -> list[dict]:
    """Every configuration's figures; with ``against`` (another checkout, e.g. main) its own
    bench_map.py runs right after each configuration and its figure is added to each note."""
    lines: list[dict] = []
    for n, (config, flags) in enumerate((configs or CONFIGS).items()):
        found = _child(HERE, config, flags, naive=n == 0)
        if against is not None:
            other = {line["name"]: line for line in _child(against / "bench" / "bench_map.py", config, flags, naive=False)}
            for line in found:
                if line["name"] in other:
                    theirs = other[line["name"]]
                    line["note"] += (f"; {against}'s code in the same run: {theirs['value']} {theirs['unit']} "
                                     f"(its Canvas2D baseline {theirs['baseline']}), {_ratio(theirs['value'], line['value'])} "
                                     f"faster now; load average {_load()}")
        lines += found
    return lines


def _child(script: Path, config: str, flags: str, naive: bool) -> list[dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS=flags)
    args = [sys.executable, str(script), "--worker", config] + (["--naive"] if naive else [])
    child = subprocess.run(args, env=env, capture_output=True, text=True, timeout=2400)
    found = [json.loads(s) for s in child.stdout.splitlines() if s.startswith("{")]
    if child.returncode or not found:
        raise RuntimeError(f"map benchmark ({config}, {script}) failed: {child.stderr[-3000:]}")
    return found


# -- child: measurements in one browser configuration -------------------------------------------

def _worker(config: str, naive: bool) -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(HERE.parents[1]))
    from widgets import qtcompat

    qtcompat.apply()
    from widgets.map_view import register_tile_scheme

    register_tile_scheme()  # before the QApplication, as the app does
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - keeps Qt alive
    from widgets.map.sample import square_grid

    probe = Browser(square_grid(cols=10, rows=10, markers=0))
    engine_s, gl_info = probe.paint_s, probe.page("ccMap.probe.glInfo()")
    probe.close()
    suffix = "" if config == MAIN else f"_{config}"
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    district = square_grid(cols=215, rows=215, markers=CHANGES)
    lines = _district_lines(suffix, flags, district, engine_s, gl_info)
    if naive:
        gl_paint = next(line["value"] for line in lines if line["name"].startswith("map.first_paint_46k_s"))
        seconds = _naive_first_load_s(district)
        lines.append(_line(
            "map.naive_46k_s", round(seconds, 2), "s", gl_paint,
            f"folium GeoJson layer of the same {len(district.cells)} cells (prefer_canvas), page built and first "
            f"loaded ({flags}); against the map's first paint {gl_paint:.2f} s: {_ratio(seconds, gl_paint)} slower; "
            f"load average {_load()}"))
    return lines + _city_lines(suffix, flags, gl_info, square_grid(cols=500, rows=500, markers=0))


def _district_lines(suffix, flags, district, engine_s, gl_info) -> list[dict]:
    auto, canvas = Browser(district, "auto"), Browser(district, "canvas")
    steps = auto.page_steps()
    renderer = auto.wait_idle()
    auto_redraw, canvas_redraw = auto.redraw(7), canvas.redraw(3)
    auto_apply = statistics.median(auto.apply_changes(district, n) for n in range(1, 6))
    canvas_apply = statistics.median(canvas.apply_changes(district, n) for n in range(1, 4))
    picture = auto.page("ccMap.probe.state()")["pictureMs"]
    auto.close()
    canvas.close()
    where = (f"{flags} (WebGL: {gl_info['renderer']}), cells drawn by {renderer}; load average {_load()} on "
             f"{os.cpu_count()} cores")
    cells = len(district.cells)
    built = f"; the pictures were made {picture:.0f} ms after it, when the page was idle" if picture else ""
    return [
        _line(f"map.first_paint_46k_s{suffix}", round(auto.paint_s, 3), "s", round(canvas.paint_s, 3),
              f"{where}; {cells} cells + {CHANGES} markers, widget created to cells on screen ({auto.marks}); in "
              f"the page {steps}{built}; baseline Canvas2D layer {canvas.paint_s:.2f} s ({_ratio(canvas.paint_s, auto.paint_s)}); "
              f"QtWebEngine start before it {engine_s:.2f} s; target < 1 s"),
        _line(f"map.redraw_46k_ms{suffix}", auto_redraw["cells"], "ms", canvas_redraw["cells"],
              f"{where}; one full redraw of {cells} cells inside the page, median of 7 (GPU finished), whole "
              f"district in view; baseline Canvas2D layer on the same cells {canvas_redraw['cells']} ms, "
              f"{_ratio(canvas_redraw['cells'], auto_redraw['cells'])} faster; the WebGL redraw includes every outline, "
              f"the Canvas2D layer's outline canvas adds {canvas_redraw['outlines']} ms; target < 16.7 ms"),
        _line(f"map.apply_1000_46k_ms{suffix}", round(auto_apply, 1), "ms", round(canvas_apply, 1),
              f"{where}; {CHANGES} scattered cell values + {CHANGES} markers changed in place until the page "
              f"confirms them drawn (median of 5); baseline Canvas2D layer {canvas_apply:.0f} ms, "
              f"{_ratio(canvas_apply, auto_apply)} faster; target < 50 ms"),
    ]


def _city_lines(suffix, flags, gl_info, city) -> list[dict]:
    auto = Browser(city, "auto")
    renderer = auto.wait_idle()
    webgl = gl_info["webgl"]
    city_redraw = auto.redraw(5 if webgl else 1)
    auto.close()
    canvas = auto
    if webgl:  # without WebGL the map above was the Canvas2D layer already (minutes a redraw)
        canvas = Browser(city, "canvas")
        canvas_redraw = canvas.redraw(1)
        canvas.close()
    else:
        canvas_redraw = city_redraw
    return [_line(
        f"map.redraw_250k_ms{suffix}", city_redraw["cells"], "ms", canvas_redraw["cells"],
        f"{flags} (WebGL: {gl_info['renderer']}), cells drawn by {renderer}; load average {_load()}; one full "
        f"redraw of {len(city.cells)} cells, median of {5 if webgl else 1}; baseline Canvas2D layer {canvas_redraw['cells']} ms "
        f"(one run), {_ratio(canvas_redraw['cells'], city_redraw['cells'])} faster; first paint {auto.paint_s:.2f} s "
        f"(Canvas2D {canvas.paint_s:.2f} s)")]


class Browser:
    """One MapView showing a district, with the page probes the benchmark reads."""

    def __init__(self, district, renderer: str = "auto") -> None:
        from widgets.map_view import MapView

        start = time.perf_counter()
        marks: dict[str, float] = {}
        mark = lambda name: marks.setdefault(name, time.perf_counter() - start)  # noqa: E731
        self.view = MapView(renderer=renderer)
        self.view.sig_ready.connect(lambda: mark("page ready"))
        self.view.sig_drawn.connect(lambda: mark("batch drawn"))
        self.view.resize(*SIZE)
        self.view.set_geography(district.cells, district.streets, district.communities, district.boundary)
        self.view.set_cell_values(district.open_cases, "Open cases per grid", "load")
        self.view.set_markers(district.markers)
        mark("data set")
        self.view.show()
        self.view.wait_painted(600_000)
        self.paint_s = time.perf_counter() - start
        self.marks = ", ".join(f"{name} at {s:.2f} s" for name, s in sorted(marks.items(), key=lambda kv: kv[1]))

    def page_steps(self) -> str:
        """What the page spent on each command of the first paint (ms)."""
        totals: dict[str, float] = {}
        for name, ms in self.page("ccMap.probe.timings()"):
            totals[name] = totals.get(name, 0.0) + ms
        return ", ".join(f"{name} {ms:.0f} ms" for name, ms in totals.items())

    def wait_idle(self) -> str:
        """Wait until the WebGL layer has made its pictures (the page does when idle); returns how
        the cells are drawn then."""
        deadline = time.perf_counter() + 120
        while True:
            state = self.page("ccMap.probe.state()")
            if state["renderer"] != "webgl" or state["pictureMs"] is not None or time.perf_counter() > deadline:
                break
            _idle(20)
        self.page("ccMap.probe.redrawMs()")
        state = self.page("ccMap.probe.state()")
        return "Canvas2D (no WebGL)" if state["renderer"] == "canvas" else f"WebGL ({state['drawnBy']})"

    def page(self, expression: str):
        from PySide6.QtWebEngineWidgets import QWebEngineView

        result: list = []
        self.view.findChild(QWebEngineView).page().runJavaScript(f"JSON.stringify({expression})", 0, result.append)
        while not result:
            _idle(5)
        return json.loads(result[0])

    def redraw(self, rounds: int) -> dict:
        """Median ms of one redraw of each canvas."""
        runs = [self.page("ccMap.probe.redrawMs()") for _ in range(rounds)]
        return {name: round(statistics.median(r[name] for r in runs), 1) for name in runs[0]}

    def apply_changes(self, district, round_no: int) -> float:
        """Scattered cells, so the colour upload spans the whole buffer: the worst case (ms)."""
        from widgets.map_view import CaseMarker, MapView

        step = max(1, len(district.cells) // CHANGES)
        codes = [code for code, _rings in district.cells[::step][:CHANGES]]
        states = ("overdue", "at_risk", "on_time", "closed")
        markers = [CaseMarker(m.case_id, m.lon, m.lat, states[(i + round_no) % 4], m.urgent, m.stage, m.label)
                   for i, m in enumerate(district.markers[:CHANGES])]
        _idle(3 * MapView.FLUSH_INTERVAL_MS)  # start from a quiet page, as a change feed would meet it
        drawn: list = []
        confirm = lambda: drawn.append(1)  # noqa: E731
        self.view.sig_drawn.connect(confirm)
        start = time.perf_counter()
        self.view.update_cell_values({code: float((i + round_no) % 25) for i, code in enumerate(codes)})
        self.view.update_markers(markers, [])
        while not drawn:
            _idle(1)
        elapsed = (time.perf_counter() - start) * 1000
        self.view.sig_drawn.disconnect(confirm)
        return elapsed

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()


def _idle(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _naive_first_load_s(district) -> float:
    """Build the folium page with the cells as one GeoJson layer and load it, until loaded (s)."""
    import folium
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from widgets.map.page import offline_map

    start = time.perf_counter()
    features = [{"type": "Feature", "properties": {"code": code, "value": district.open_cases.get(code, 0.0)},
                 "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in rings[0]] + [list(rings[0][0])]]}}
                for code, rings in district.cells]
    west, north = district.cells[0][1][0][0]
    fmap = offline_map(location=(north - 0.09, west + 0.12), zoom_start=13, prefer_canvas=True)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda f: {"fillColor": "#2f7cc0" if f["properties"]["value"] > 5 else "#1c3a5e",
                                  "fillOpacity": 0.9, "weight": 0.5, "color": "#334"},
    ).add_to(fmap)
    web = QWebEngineView()
    web.resize(*SIZE)
    web.show()
    loaded: list = []
    web.loadFinished.connect(loaded.append)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "naive_map.html"
        page.write_text(fmap.get_root().render(), encoding="utf-8")
        web.load(QUrl.fromLocalFile(str(page)))
        while not loaded:
            _idle(10)
    elapsed = time.perf_counter() - start
    web.close()
    return elapsed


def _configs(argv: list[str]) -> dict[str, str]:
    configs = dict(CONFIGS)
    if "--configs" in argv:
        names = argv[argv.index("--configs") + 1].split(",")
        configs = {name: CONFIGS[name] for name in names}
    for k, arg in enumerate(argv):
        if arg == "--flags":
            name, _, flags = argv[k + 1].partition("=")
            configs[name] = flags
    return configs


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        for item in _worker(sys.argv[2], "--naive" in sys.argv):
            print(json.dumps(item, ensure_ascii=False), flush=True)
        # QtWebEngine can crash while tearing down a profile whose pages are still queued for
        # deletion; the numbers are out, so skip the teardown.
        os._exit(0)
    else:
        argv = sys.argv[1:]
        against = Path(argv[argv.index("--against") + 1]).resolve() if "--against" in argv else None
        for item in run(_configs(argv), against):
            print(json.dumps(item, ensure_ascii=False), flush=True)
    sys.exit(0)
