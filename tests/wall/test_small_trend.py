"""The 30-day trend where a wall gives it little room (3×1: ~930×360 px, 2×1: ~610×250 px, at
the 47 px type of a 1080p screen read from 8 m): the 0 % and 100 % ticks are always drawn, 50 %
wherever ticks stay 1.2 lines apart, the latest value is written, and no text of the chart touches
another, the line's range or the date axis."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from datetime import date, timedelta  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPointF, QRectF  # noqa: E402
from PySide6.QtGui import QFontMetrics  # noqa: E402

from tests.wall.wall_world import loaded_session, wall_args  # noqa: E402
from ui.wall.window import build_wall  # noqa: E402
from widgets.charts import RateTrendChart  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

register_tile_scheme()

pytestmark = [pytest.mark.gui]

DAYS = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
SERIES = [(d, 0.8 + 0.005 * (i % 7), False) for i, d in enumerate(DAYS[:-1])] + [(DAYS[-1], 0.9, True)]


def _text_rects(chart: RateTrendChart) -> list[tuple[str, QRectF]]:
    return [(item.toPlainText(), chart.mapFromScene(item.sceneBoundingRect()).boundingRect().toRectF())
            for item in chart._texts]


def _y_of(chart: RateTrendChart, percent: float) -> float:
    view = chart.getPlotItem().vb
    return chart.mapFromScene(view.mapViewToScene(QPointF(0, percent))).y()


def _check_legible(chart: RateTrendChart, qapp, value: bool = True) -> None:
    qapp.processEvents()
    assert chart.compact()
    ticks = chart.left_ticks()
    assert "0%" in ticks and "100%" in ticks
    tick_line = QFontMetrics(chart._tick_font()).height()
    values = sorted(int(t.rstrip("%")) for t in ticks)
    gap = min(abs(_y_of(chart, a) - _y_of(chart, b)) for a, b in zip(values, values[1:]))
    assert gap >= tick_line * 1.2, (ticks, gap, tick_line)
    texts = _text_rects(chart)
    assert any(text.endswith("%") for text, _r in texts) == value, texts   # the latest value
    line_top = _y_of(chart, 100)
    plot = chart.getPlotItem().vb
    plot_rect = chart.mapFromScene(plot.sceneBoundingRect()).boundingRect().toRectF()
    for text, rect in texts:
        assert rect.bottom() <= line_top, (text, rect, line_top)     # clear of the line's range
        assert plot_rect.contains(rect), (text, rect, plot_rect)   # inside the plot: off the date axis
    for (a, ra), (b, rb) in zip(texts, texts[1:]):
        assert not ra.intersects(rb), (a, b)
    return ticks, [t for t, _r in texts]


@pytest.mark.parametrize("size, expect_half", [((930, 360), True), ((610, 252), False)], ids=["3x1", "2x1"])
def test_the_small_trend_keeps_its_ticks_and_the_latest_value_apart(qapp, qtbot, size, expect_half):
    chart = RateTrendChart()
    qtbot.addWidget(chart)
    chart.resize(*size)
    chart.show()
    chart.set_unit(10.8, 47)
    chart.set_data(SERIES, "today so far")
    ticks, texts = _check_legible(chart, qapp)
    assert ("50%" in ticks) == expect_half
    assert "85.5%" in texts or any(t.endswith("%") for t in texts)
    if expect_half:
        assert "○ today so far" in texts     # the provisional key fits beside the value here
    chart.set_data(SERIES[:-1] + [(DAYS[-1], None, True)], "today: too few closed yet, no point drawn",
                   "today: too few")
    _ticks, texts = _check_legible(chart, qapp)
    # the short form where the full key does not fit; none on a 2×1 wall's ~610 px (the hollow point stays)
    assert ("○ today: too few" in texts) == expect_half, texts


@pytest.mark.webview
@pytest.mark.parametrize("size, options", [((5760, 1080), {}), ((7680, 2160), {"layout": "4x2"})],
                         ids=["3x1", "4x2"])
def test_the_trend_on_a_wide_wall_shows_its_ticks_and_the_latest_value(qapp, qtbot, world, size, options):
    session = loaded_session(world.url, at=world.now)
    window = build_wall(session, wall_args(world.url, **options))
    try:
        window.resize(*size)
        window.show()
        qtbot.waitUntil(lambda: window.figures is not None, timeout=10_000)
        qapp.processEvents()
        chart = window.trend
        ticks = chart.left_ticks()
        final = [p for p in window.figures.on_time_trend if p.rate is not None and not p.provisional]
        # 0 % and 100 % always; 50 % too, or else the latest value written (where there is one)
        assert {"0%", "100%"} <= set(ticks), (chart.size(), ticks)
        assert "50%" in ticks or final, (chart.size(), ticks)
        if chart.compact():
            _check_legible(chart, qapp, value=bool(final))
        assert any(t.endswith("%") for t in chart.visible_texts() if t not in ticks) == bool(final)
    finally:
        session.close()
        window.close()
        window.deleteLater()


def test_a_3x1_trend_keeps_its_dates_clear_of_the_plot(qapp, qtbot):
    """At the ~930×330 px a demo 3×1 wall gives the trend, the dates stay, under the plot."""
    chart = RateTrendChart()
    qtbot.addWidget(chart)
    chart.resize(930, 330)
    chart.show()
    chart.set_unit(10.8, 47)
    chart.set_data(SERIES, "today so far", "today so far")
    _check_legible(chart, qapp)
    assert chart.dates_shown()
    axis = chart.getPlotItem().getAxis("bottom")
    assert axis.height() >= QFontMetrics(chart._tick_font()).height()   # a date label's whole height
