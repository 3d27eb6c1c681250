"""Batches of map changes and how the page answers them: a desk or wall that closes with a batch on
its way logs no error, while a batch the page really fails to draw is logged and the map goes on
with the next one."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import json  # noqa: E402
import logging  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QVBoxLayout, QWidget  # noqa: E402

from ui.render import dispose  # noqa: E402
from widgets.map.batches import Answer, BatchLedger  # noqa: E402
from widgets.map.sample import square_grid  # noqa: E402
from widgets.map_view import MapView, register_tile_scheme  # noqa: E402

register_tile_scheme()


@pytest.fixture(scope="module")
def district():
    return square_grid(cols=20, rows=20, markers=0)


def values(district) -> dict[str, float]:
    return {code: float(i % 5) for i, (code, _rings) in enumerate(district.cells)}


def page_value(view: MapView, qtbot, expression: str):
    result: list = []
    view.findChild(QWebEngineView).page().runJavaScript(f"JSON.stringify({expression})", 0, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    return json.loads(result[0])


def map_in_a_window(qtbot, district) -> tuple[QWidget, MapView]:
    """A map inside a window, as the desk and the wall hold it, shown and drawn."""
    window = QWidget()
    view = MapView(window)
    QVBoxLayout(window).addWidget(view)
    window.resize(800, 600)
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.set_cell_values(values(district), "Open cases per grid")
    window.show()
    view.wait_painted(20_000)
    return window, view


def errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("closing", ["window", "map"])
@pytest.mark.gui
@pytest.mark.webview
def test_closing_with_a_batch_on_its_way_logs_no_error(qtbot, caplog, district, closing):
    caplog.set_level(logging.DEBUG, logger="widgets.map_view")
    window, view = map_in_a_window(qtbot, district)
    code = district.cells[0][0]
    view.update_cell_values({code: 4.0})
    view._flush()   # what the flush timer does: the batch is sent, its answer not yet back
    assert view._batches.in_flight
    view.update_cell_values({code: 3.0})   # and one more change waiting for it
    dispose(window if closing == "window" else view)
    if closing == "map":
        dispose(window)
    assert errors(caplog) == []
    assert any("not drawn: the map was closed" in r.getMessage() for r in caplog.records)


@pytest.mark.gui
@pytest.mark.webview
def test_a_batch_the_page_fails_to_draw_is_logged_and_the_next_is_drawn(qtbot, caplog, district):
    window, view = map_in_a_window(qtbot, district)
    try:
        code = district.cells[0][0]
        page_value(view, qtbot, "(window.__update = ccMap.updateCellValues, ccMap.updateCellValues = () => {"
                                " throw new Error('no room for this batch'); }, 1)")
        view.update_cell_values({code: 4.0})
        qtbot.waitUntil(lambda: bool(errors(caplog)), timeout=10_000)
        assert "was not applied: map batch failed: Error: no room for this batch" in errors(caplog)[0]
        before = page_value(view, qtbot, f"ccMap.probe.cellColour('{code}')")

        page_value(view, qtbot, "(ccMap.updateCellValues = window.__update, 1)")
        with qtbot.waitSignal(view.sig_drawn, timeout=10_000):
            view.update_cell_values({code: 4.0})
        view.wait_painted(10_000)
        after = page_value(view, qtbot, f"ccMap.probe.cellColour('{code}')")
        top = page_value(view, qtbot, f"ccMap.probe.cellColour('{district.cells[4][0]}')")   # a cell valued 4
        assert before != after == top
        assert len(errors(caplog)) == 1
    finally:
        dispose(window)


# -- the ledger without a browser ---------------------------------------------------------------

def test_the_ledger_tells_drawn_failed_overtaken_and_closed_apart():
    ledger = BatchLedger()
    ledger.sent(1)
    assert ledger.answer(1, 1.0) is Answer.DRAWN and ledger.in_flight == 0
    ledger.sent(2)
    assert ledger.answer(2, "map batch failed: Error: x") is Answer.FAILED and ledger.in_flight == 0
    ledger.sent(3)
    assert ledger.answer(3, "") is Answer.FAILED   # the script did not run on a live page
    ledger.sent(4)
    ledger.page_loaded()                           # a renderer died; the new page got everything again
    ledger.sent(5)
    assert ledger.answer(4, "") is Answer.OVERTAKEN and ledger.in_flight == 5
    ledger.close()
    assert ledger.answer(5, "") is Answer.CLOSED
