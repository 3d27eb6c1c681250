"""The wall stays the same size however many events it shows: rounds of reports (urgent,
emergency and ordinary), dispatches and closes go through the real service into the real wall
window, and after each round the wall has drawn them. Between a warmed-up wall and one that
has taken many more rounds, nothing the wall holds has grown but what the open cases need:
the map page has one marker per open urgent/emergency case and the same number of layers,
the ticker and the "now" list stay within their caps, the window owns the same Qt objects and
the charts the same scene items, and the set of urgent cases already shown holds only open ones.

``WALL_BOUNDED_REPORT=1`` prints what changed between the two points (Python objects by type,
tracemalloc's top sites), the quick way to find a growth before a long soak."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import collections  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from datetime import timedelta  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QObject  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QGraphicsView  # noqa: E402

import ui.wall.window as wall_window  # noqa: E402
from commandcenter.runtime import build_runtime  # noqa: E402
from db import open_store  # noqa: E402
from db.backend import backend  # noqa: E402
from tests.wall.wall_world import loaded_session, wall_args, wall_world  # noqa: E402
from tests.world import FakeClock, cell_point  # noqa: E402
from ui.wall.presenter import TICKER_OVERDUE, is_highlighted  # noqa: E402
from ui.render import dispose  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]

WARM_UP_ROUNDS = 4
MORE_ROUNDS = 12
REPORT = bool(os.environ.get("WALL_BOUNDED_REPORT"))


@pytest.fixture
def world(tmp_path):
    """A world of this test's own: the rounds add cases."""
    return wall_world(f"sqlite:///{tmp_path / 'wall.sqlite'}")


def js(qtbot, view: QWebEngineView, expression: str):
    result = []
    view.page().runJavaScript(f"JSON.stringify({expression})", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    return json.loads(result[0])


class Rounds:
    """Each round reports three cases (one urgent, one emergency, one ordinary) and takes the
    cases of two rounds before through dispatch to closing, through the real service."""

    PLAN = (("taker", "accept", {}), ("leader", "register", {}), ("disp", "dispatch", {"department": "szsr"}),
            ("sz", "report_done", {}), ("sup", "check", {"passed": True}), ("leader", "close", {}))

    def __init__(self, world, wall, qtbot):
        self.clock = FakeClock(world.now - timedelta(minutes=50))
        self.writer = build_runtime(open_store(world.url), backend, clock=self.clock)
        self.wall, self.qtbot = wall, qtbot
        self.session = wall.session
        self.made: list[list[int]] = []
        self.count = 0

    def run(self, rounds: int) -> None:
        for _ in range(rounds):
            self._one()

    def _one(self) -> None:
        t0 = time.monotonic()
        service, n = self.writer.service, self.count
        self.count += 1
        made = []
        for k, (class_code, tier) in enumerate((("E0102", "urgent"), ("E0501", None), ("E0101", None))):
            lon, lat = cell_point((3 * n + k) % 16)
            self.clock.advance(seconds=2)
            made.append(service.report("sup", source="hotline", class_code=class_code, lon=lon, lat=lat,
                                       tier=tier, description=f"第 {n} 轮 {k}").id)
        self.made.append(made)
        if len(self.made) > 2:   # the cases of two rounds ago go round the closed loop
            for case_id in self.made[-3]:
                for actor, command, fields in self.PLAN:
                    self.clock.advance(seconds=2)
                    service.act(actor, case_id, command, **fields)
        t1 = time.monotonic()
        with self.qtbot.waitSignal(self.wall.sig_refreshed, timeout=20_000):
            self.session.picture.apply(self.session.store.events_after(self.session.picture.last_seq))
        if REPORT:
            print(f"round {n}: writes {t1 - t0:.2f} s, drawn {time.monotonic() - t1:.2f} s")


def open_highlighted(wall) -> set[int]:
    return {c.id for c in wall.session.picture.cases.values() if c.is_open and is_highlighted(c)}


def held(wall, qtbot) -> dict[str, int]:
    """What the wall holds that could grow with events."""
    web = wall.map.findChild(QWebEngineView)
    qtbot.waitUntil(lambda: js(qtbot, web, "ccMap.probe.state()")["markers"] == len(open_highlighted(wall)),
                    timeout=10_000)
    page = js(qtbot, web, "Object.assign(ccMap.probe.state(), ccMap.probe.memory(),"
                          " {dom: document.getElementsByTagName('*').length})")
    return {
        "qt_objects": len(wall.findChildren(QObject)),
        "scene_items": sum(len(v.scene().items()) for v in wall.findChildren(QGraphicsView) if v.scene()),
        # an early warning's grid is outlined by three shapes: those come and go with the warnings;
        # the ring around the focused urgent case comes and goes with that case (it closes)
        "page_markers": page["markers"],
        "page_layers": page["leafletLayers"] - 3 * page["flagged"] - (page["selected"] is not None),
        "page_dom": page["dom"] - 3 * page["flagged"] - (page["selected"] is not None),
        "page_listeners": page["listeners"],
        "ticker_entries": len(wall.ticker.visible_texts()) // 2,
        "now_lines": len(wall.now.visible_texts()),
        "highlighted_seen": len(wall._urgent.highlighted),
        "wall_markers": len(wall.marker_labels()),
    }


def python_objects() -> collections.Counter:
    gc.collect()
    return collections.Counter(type(o).__name__ for o in gc.get_objects())


@pytest.fixture
def wall(qtbot, world, monkeypatch):
    monkeypatch.setattr(wall_window, "REFRESH_DEBOUNCE_MS", 10)   # a round is drawn at once, not a second later
    session = loaded_session(world.url, at=world.now)
    window = build_wall(session, wall_args(world.url, lang="zh"))
    try:
        window.resize(1920, 1080)
        window.show()
        qtbot.waitUntil(window.map.is_ready, timeout=30_000)
        window.set_animated(False)   # a still tour: the same view, so the same labels, at both points
        yield window
    finally:
        dispose(window)   # the page goes before its profile


def test_many_events_leave_the_wall_the_size_it_was(qtbot, world, wall):
    rounds = Rounds(world, wall, qtbot)

    rounds.run(WARM_UP_ROUNDS)
    before, objects_before = held(wall, qtbot), python_objects()
    if REPORT:
        tracemalloc.start(6)
        snapshot = tracemalloc.take_snapshot()
    rounds.run(MORE_ROUNDS)
    after, objects_after = held(wall, qtbot), python_objects()
    if REPORT:
        grown = sorted(((n - objects_before.get(t, 0), t) for t, n in objects_after.items()), reverse=True)[:20]
        print("\nheld before", before, "\nheld after ", after)
        print("python objects grown:", [(t, d) for d, t in grown if d > 0])
        for stat in tracemalloc.take_snapshot().compare_to(snapshot, "traceback")[:12]:
            print(f"+{stat.size_diff / 1024:.0f} KiB ({stat.count_diff:+d})", stat.traceback.format()[-6:])
        tracemalloc.stop()

    urgent_open = open_highlighted(wall)
    assert len(urgent_open) >= 2 * 2   # the last two rounds' urgent and emergency cases are still open
    # the map: one marker per open urgent or emergency case, nothing else added to the page
    assert after["page_markers"] == after["wall_markers"] == len(urgent_open)
    assert after["page_layers"] == before["page_layers"]
    assert after["page_listeners"] == before["page_listeners"]
    assert after["page_dom"] <= before["page_dom"] + 5
    # the window: the same Qt objects and chart items as after the warm-up
    assert after["qt_objects"] == before["qt_objects"]
    assert after["scene_items"] == before["scene_items"]
    # the ticker names every open urgent case and warning, and at most TICKER_OVERDUE overdue ones
    assert after["ticker_entries"] <= len(urgent_open) + len(wall.figures.warnings) + TICKER_OVERDUE
    # the "now" list shows what its panel holds (each entry wrapped, "+N more" for the rest)
    shown = wall.now.shown_lines()
    assert len(shown) == after["now_lines"]
    assert sum(line.height() for line in shown) <= max(wall.now.height(), shown[0].height())
    # urgent cases already brought into focus: only the open ones are remembered
    assert wall._urgent.highlighted <= urgent_open
    # no Python object of the wall's piles up: what grew is the new cases themselves
    for name in ("TickerEntry", "TickerItem", "NowEntry", "TourStop", "MarkerFigure", "CaseMarker", "TextItem",
                 "QLabel", "WallFigures", "QTimer"):
        assert objects_after.get(name, 0) <= objects_before.get(name, 0) + 2 * len(urgent_open) + TICKER_OVERDUE, name
