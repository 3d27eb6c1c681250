"""One 4K screen read from 8 m (98″, the defaults): type at the 20-arcmin floor leaves room for
the KPI strip, the map and one large panel that takes turns (now, departments, areas, trend,
hourly). On every page, at the top level and drilled down to a community, no label is cut short
— its text, measured in its own font, fits its width (wrapped lines fit their height) — no bar
name is elided (in Chinese), and the department ranking holds at least five rows."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtGui import QFontMetrics, QTextDocument  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from tests.wall.wall_world import loaded_session, wall_args  # noqa: E402
from ui.app import install_language  # noqa: E402
from ui.wall.arrangement import PAGES  # noqa: E402
from ui.wall.legibility import arcmin_of  # noqa: E402
from ui.wall.selection import Selection  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.charts import HBarChart  # noqa: E402
from widgets.map_view import MapView, register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui, pytest.mark.webview]


def _plain(label: QLabel) -> str:
    if label.textFormat() == label.textFormat().RichText or "<span" in label.text():
        document = QTextDocument()
        document.setHtml(label.text())
        return document.toPlainText()
    return label.text()


def _cut_labels(wall, bars: bool = True) -> list[str]:
    maps = wall.findChildren(MapView)
    cut = []
    for label in wall.findChildren(QLabel):
        if not label.isVisibleTo(wall) or not label.text() or any(m.isAncestorOf(label) for m in maps):
            continue
        room = label.contentsRect()
        if label.wordWrap():
            if label.heightForWidth(room.width()) > room.height():
                cut.append(f"wrapped {_plain(label)!r}: {label.heightForWidth(room.width())} > {room.height()} px")
        else:
            need = QFontMetrics(label.font()).horizontalAdvance(_plain(label))
            if need > room.width():
                cut.append(f"{_plain(label)!r}: {need} > {room.width()} px")
    for chart in wall.findChildren(HBarChart) if bars else ():
        if chart.isVisibleTo(wall) and chart.drawn_labels() != chart.row_labels():
            cut.append(f"bars {chart.drawn_labels()} of {chart.row_labels()}")
    return cut


@pytest.fixture(params=["zh", "en"])
def wall(qapp, qtbot, world, request):
    lang = request.param
    install_language(qapp, lang)
    session = loaded_session(world.url, at=world.now, lang=lang)
    window = build_wall(session, wall_args(world.url, lang=lang))
    window.resize(3840, 2160)
    window.show()
    qtbot.waitUntil(lambda: window.figures is not None, timeout=10_000)
    yield window
    session.close()
    window.close()
    window.deleteLater()
    install_language(qapp, "en")


def test_no_label_is_cut_on_any_page_of_a_4k_screen_read_from_8_m(qapp, qtbot, wall, world):
    assert wall.layout_name() == "1x1" and wall.pager.pages == PAGES
    assert arcmin_of(wall.text_px, 8, 98, 3840, 2160) >= 20
    for selection in (Selection(), Selection("community", world.burst_grid[:12])):
        if selection != wall.selection:
            with qtbot.waitSignal(wall.sig_refreshed, timeout=10_000):
                wall.select(selection)
        for page in PAGES:
            wall.show_page(page)
            qapp.processEvents()
            shown = [name for name in PAGES if wall.panels[name].isVisible()]
            assert shown == [page]
            # English department names ("Municipal Administration and Appearance Commission") are
            # longer than half the panel at this size: their bars may cut them, nothing else may
            cut = _cut_labels(wall, bars=wall.context.lang == "zh")
            assert not cut, (selection, page, cut)
            title = wall.panels[page].title_label()
            assert title.font().pixelSize() >= wall.text_px and wall.panels[page].title(), page
        assert wall.ranking.rows_that_fit() >= 5
        assert len(wall.ranking.row_labels()) == min(len(wall.figures.departments), wall.ranking.rows_that_fit())


def test_the_pages_take_turns_and_a_new_emergency_comes_forward():
    from ui.wall.pager import Pager

    pager = Pager(seconds=10)
    pager.set_pages(PAGES, now=0)
    assert pager.current == "now" and not pager.tick(5)
    assert pager.tick(10) and pager.current == "ranking"
    assert pager.show("now", 11) and pager.current == "now" and not pager.tick(20)
    assert pager.mark("trend") == "4/5" and pager.mark("map") == ""
    pager.hold("streets")
    assert pager.current == "streets" and not pager.tick(1000)
