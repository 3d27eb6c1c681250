"""One 4K screen read from 8 m (98″, the defaults): type at the 20-arcmin floor leaves room for
the KPI strip, the map and one large panel that takes turns (now, departments, areas, trend,
hourly). On every page, at the top level and drilled down to a community, no label is cut short
— its text, measured in its own font, fits its width (wrapped lines fit their height) — no bar
name is elided (a long department name is drawn in its short form, the full one in its
tooltip), and the department ranking holds at least five rows."""
from __future__ import annotations

import os
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import pytest  # noqa: E402
from PySide6.QtGui import QFontMetrics, QTextDocument  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from tests.wall.wall_world import loaded_session, wall_args  # noqa: E402
from ui.app import install_language  # noqa: E402
from ui.wall.arrangement import PAGES  # noqa: E402
from ui.wall.legibility import arcmin_of  # noqa: E402
from ui.wall.render import ranking_rows  # noqa: E402
from ui.wall.selection import Selection  # noqa: E402
from widgets.short_names import short_department_name  # noqa: E402
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


def _cut_labels(wall) -> list[str]:
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
    for chart in wall.findChildren(HBarChart):
        if chart.isVisibleTo(wall) and chart.cut_labels():
            cut.append(f"bars {chart.cut_labels()} of {chart.row_labels()}")
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
            # a department name too long for its bar ("Municipal Administration and Appearance
            # Commission" in English) is drawn in its short form, whole, never cut with "…"
            cut = _cut_labels(wall)
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


def test_a_long_english_department_name_is_drawn_short_with_the_full_name_on_hover(qapp, qtbot, wall):
    if wall.context.lang != "en":
        assert "市政市容委" in wall.ranking.drawn_labels() or "城市管理委员会" in wall.ranking.drawn_labels() \
            or "szsr" not in [d.code for d in wall.figures.departments[-wall.ranking.rows_that_fit():]]
        return
    wall.show_page("ranking")
    qapp.processEvents()
    full = "Municipal Administration and Appearance Commission"
    rows = ranking_rows(wall.figures.departments, wall.context, "{count}")
    assert any(r.label == full and r.short == "Mun. Admin. & Appear." for r in rows)
    short_named = [replace(rows[0], label="Gas Company", short="Gas")]
    wall.ranking.set_rows([r for r in rows if r.label == full] + short_named, 100, 0.42)
    qapp.processEvents()
    assert wall.ranking.drawn_labels()[0] == "Mun. Admin. & Appear."
    assert not wall.ranking.cut_labels()
    # the full name where the short one is drawn, nothing where the full one fits
    y_of = {}
    for y in range(wall.ranking.height()):
        y_of.setdefault(wall.ranking.row_at(y), y)
    assert wall.ranking.tooltip_at(y_of[0]) == full
    fitting = [i for i, (d, f) in enumerate(zip(wall.ranking.drawn_labels(), wall.ranking.row_labels())) if d == f]
    assert fitting, (wall.ranking.drawn_labels(), wall.ranking.row_labels())
    assert wall.ranking.tooltip_at(y_of[fitting[0]]) == ""


def test_short_names_follow_the_documented_rule():
    from commandcenter.catalog import load_catalog

    catalog = load_catalog()
    assert short_department_name("szsr", "Municipal Administration and Appearance Commission", catalog, "en") == \
        "Mun. Admin. & Appear."
    assert short_department_name("cgzf", "城市管理综合行政执法局", catalog, "zh") == "城管执法局"
    assert short_department_name("x1", "云河区某某局", catalog, "zh", "云河区") == "某某局"
    assert short_department_name("x1", "Gas Company", catalog, "en") == "Gas"
