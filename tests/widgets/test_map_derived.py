"""A derived street/community partition is labelled as derived on the map: grey italic labels
marked "(derived)" and a note in the legend; a surveyed one is labelled plainly."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402

from tests.widgets.test_map_view import browser, js, register_tile_scheme, settle  # noqa: E402,F401
from widgets.map.sample import square_grid  # noqa: E402
from widgets.map_view import MapView  # noqa: E402

LABELS = """Array.from(document.querySelectorAll('.cc-label-street span')).map((s) => ({
  text: s.textContent, italic: getComputedStyle(s).fontStyle, colour: getComputedStyle(s).color,
  derived: s.parentElement.classList.contains('cc-label-derived')}))"""
LEGEND = "(document.querySelector('.cc-legend') || {}).textContent || ''"


@pytest.fixture(scope="module")
def district():
    return square_grid(cols=20, rows=20, markers=0)


def _map(qtbot, district, derived: bool) -> tuple[MapView, QWebEngineView]:
    view = MapView()
    view.resize(900, 700)
    qtbot.addWidget(view)
    view.set_geography(district.cells, district.streets, district.communities, district.boundary, derived=derived)
    view.show()
    settle(view)
    return view, view.findChild(QWebEngineView)


@browser
def test_derived_streets_read_grey_italic_and_marked_and_the_legend_says_so(qtbot, district):
    _view, web = _map(qtbot, district, derived=True)
    labels = js(web, LABELS)
    assert len(labels) == len(district.streets) > 0
    for label, (_code, name, _rings, _point) in zip(labels, district.streets):
        assert label["text"] == f"{name} (derived)" and label["derived"]
        assert label["italic"] == "italic" and label["colour"] == "rgb(141, 147, 155)"
    assert "derived partition, not surveyed" in js(web, LEGEND)


@browser
def test_surveyed_streets_are_labelled_plainly(qtbot, district):
    _view, web = _map(qtbot, district, derived=False)
    labels = js(web, LABELS)
    assert [label["text"] for label in labels] == [name for _code, name, _rings, _point in district.streets]
    assert not any(label["derived"] or label["italic"] == "italic" for label in labels)
    assert "derived" not in js(web, LEGEND)
