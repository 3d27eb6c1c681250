"""pyqtgraph charts for the video wall: dark, few lines, type sized for reading across a room.

Each chart is fed plain numbers by its owner (``set_data`` / ``set_rows``) and reports the
texts it shows (``visible_texts()``), so tests can search them like labels.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QToolTip, QWidget

BACKGROUND = "#0f1b2d"
AXIS = "#5d7a99"
TEXT = "#c9dcf0"
TODAY = "#3cc8ff"
TODAY_NOW = "#a6e8ff"
USUAL = "#ffb020"
TREND = "#35c47c"
GRID_ALPHA = 0.12


@dataclass(frozen=True)
class BarRow:
    """One row of a horizontal bar chart: stacked (value, colour) segments and a note after them."""

    label: str
    segments: tuple[tuple[float, str], ...]
    notes: tuple[tuple[str, str], ...] = ()   # (text, colour) pieces written after the bar
    short: str = ""   # drawn instead of ``label`` where the label does not fit (the full one in the tooltip)


class WallChart(pg.PlotWidget):
    """A static, dark plot: no mouse interaction, no menus, fonts from ``set_unit``."""

    TICK_UNITS = 1.7

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, background=BACKGROUND)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setAntialiasing(True)
        plot = self.getPlotItem()
        plot.showGrid(x=False, y=True, alpha=GRID_ALPHA)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(TEXT))
        self._texts: list[pg.TextItem] = []
        self._ticks: dict[str, list[str]] = {}
        self._all_ticks: dict[str, list[tuple[float, str]]] = {}
        self._unit = 10.0
        self._floor = 8

    # Public API ---------------------------------------------------------------------------
    def set_unit(self, px: float, floor: int = 8) -> None:
        """Type from one unit; no text below ``floor`` pixels (legible from the room)."""
        self._unit = px
        self._floor = floor
        font = self._tick_font()
        plot = self.getPlotItem()
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setStyle(tickFont=font, tickTextOffset=max(2, round(px * 0.5)), tickLength=-round(px * 0.4))
        plot.getAxis("left").setWidth(self._left_axis_width(px))
        plot.getAxis("bottom").setHeight(round(font.pixelSize() * 1.9))
        for item in self._texts:
            item.setFont(self._text_font())
        margin = round(px * 0.6)
        plot.layout.setContentsMargins(margin, margin, margin * 2, margin // 2)

    def visible_texts(self) -> list[str]:
        texts = [label for labels in self._ticks.values() for label in labels]
        return texts + [item.toPlainText() for item in self._texts]

    # Private API --------------------------------------------------------------------------
    def _left_axis_width(self, px: float) -> int:
        """Room for the widest tick label at the tick size (a label wider than its axis is not drawn)."""
        metrics = QFontMetrics(self._tick_font())
        widest = max((metrics.horizontalAdvance(label) for label in self._ticks.get("left", [])), default=0)
        return max(round(px * self.TICK_UNITS * 3.2), widest + round(metrics.height() * 0.4))

    def _tick_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(8, self._floor, round(self._unit * self.TICK_UNITS)))
        return font

    def _text_font(self) -> QFont:
        font = self._tick_font()
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def _set_ticks(self, axis: str, ticks: Sequence[tuple[float, str]], thin: bool = True) -> None:
        """Show ``ticks``, keeping only every k-th when their labels would not fit the axis at
        the wall's type size (the last one is always kept)."""
        ticks = list(ticks)
        if thin:
            self._all_ticks[axis] = ticks
            ticks = self._thinned(axis, ticks)
        self.getPlotItem().getAxis(axis).setTicks([list(ticks)])
        self._ticks[axis] = [label for _pos, label in ticks]
        if axis == "left" and thin:
            self.getPlotItem().getAxis("left").setWidth(self._left_axis_width(self._unit))

    def _thinned(self, axis: str, ticks: list[tuple[float, str]]) -> list[tuple[float, str]]:
        if len(ticks) < 2:
            return ticks
        metrics = QFontMetrics(self._tick_font())
        if axis == "bottom":
            need = max(metrics.horizontalAdvance(label) for _p, label in ticks) * 1.4
            room = max(1, self.width() - self._left_axis_width(self._unit))
        else:
            need = metrics.height() * 1.3
            room = max(1, self.height() - round(metrics.height() * 1.9))
        fit = max(2, int(room // need))
        step = math.ceil(len(ticks) / fit)
        return [t for i, t in enumerate(ticks) if (len(ticks) - 1 - i) % step == 0]

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        for axis, ticks in list(getattr(self, "_all_ticks", {}).items()):
            self._set_ticks(axis, ticks)

    def _clear(self) -> None:
        self.getPlotItem().clear()
        self._texts = []

    def _add_text(self, pieces: Sequence[tuple[str, str]], x: float, y: float, anchor=(0, 0.5)) -> None:
        """Write (text, colour) pieces, separated by spaces, at (x, y)."""
        html = "&nbsp;&nbsp;".join(f'<span style="color:{colour}">{escape(text)}</span>' for text, colour in pieces)
        item = pg.TextItem(html=html, anchor=anchor)
        item.setFont(self._text_font())
        item.setPos(x, y)
        self.getPlotItem().addItem(item)
        self._texts.append(item)


class HourlyIntakeChart(WallChart):
    """Reports per hour today (bars) against the usual level of the same weekday (dashed line)."""

    def set_data(self, today: Sequence[int], usual: Sequence[float] | None, legend: tuple[str, str]) -> None:
        self._clear()
        hours = list(range(len(today)))
        if hours:
            brushes = [pg.mkBrush(TODAY)] * (len(hours) - 1) + [pg.mkBrush(TODAY_NOW)]
            self.addItem(pg.BarGraphItem(x=hours, height=list(today), width=0.72, brushes=brushes,
                                         pen=pg.mkPen(None)))
        if usual is not None:
            pen = pg.mkPen(USUAL, width=max(2, self._unit * 0.35), style=Qt.PenStyle.DashLine)
            self.addItem(pg.PlotDataItem(list(range(24)), list(usual), pen=pen))
        top = max([*today, *(usual or ()), 1])
        self.setXRange(-0.6, 23.6, padding=0)
        self.setYRange(0, top * 1.3, padding=0)
        self._set_ticks("bottom", [(h, f"{h}:00") for h in range(0, 24, 4)])
        self._set_ticks("left", _count_ticks(top))
        metrics = QFontMetrics(self._text_font())
        both = metrics.horizontalAdvance(f"■ {legend[0]}   ┅ {legend[1]}")
        if usual is None or both < self.width() * 0.85:   # side by side, or only the usual line's key
            self._add_text([("■ " + legend[0], TODAY)], 0, top * 1.22)
        if usual is not None:
            self._add_text([("┅ " + legend[1], USUAL)], 23.4, top * 1.22, anchor=(1, 0.5))


class RateTrendChart(WallChart):
    """A rate (0–1) per day as a line; provisional days (today, not over) are hollow and dashed,
    and the latest final value is written next to its point.

    Where the chart is small for its type (a 3×1 or 2×1 wall's trend, ~250–360 px high at
    47 px type) the layout is measured in pixels instead: the latest value and the provisional
    key share a band above the 100 % line, clear of the line and of the date axis; the 0 % and
    100 % ticks are always drawn, with 50 % (and 25 %, 75 %) where they are at least 1.2 lines
    apart. The dates are left out where the line would be lower than two lines, or where no
    latest value is written and only without them does a 50 % tick fit. The key is left out (the
    provisional point stays hollow and dashed) only where it does not fit beside the latest
    value, even in its short form."""

    #: the band under 0 % (in %) that holds the provisional key in the roomy layout
    KEY_BAND = 30

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._data: tuple[list, str] | None = None

    def set_data(self, points: Sequence[tuple[date, float | None, bool]], provisional_label: str = "",
                 short_label: str = "") -> None:
        """``short_label``: the provisional key where ``provisional_label`` does not fit a small chart."""
        self._data = (list(points), provisional_label, short_label)
        self._draw()

    def set_unit(self, px: float, floor: int = 8) -> None:
        super().set_unit(px, floor)
        if self._data is not None:
            self._draw()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if getattr(self, "_data", None) is not None and self.getPlotItem() is not None \
                and event.oldSize().height() != event.size().height():
            self._draw()

    def plot_height(self, date_axis: int | None = None) -> int:
        """The height (px) of the plot area: the widget less the date axis (``date_axis`` px, by
        default the roomy layout's) and the margins."""
        margin = round(self._unit * 0.6)
        axis = self._date_axis_height() if date_axis is None else date_axis
        return self.height() - axis - margin - margin // 2

    def dates_shown(self) -> bool:
        return bool(self._ticks.get("bottom"))

    def _date_axis_height(self) -> int:
        return round(self._tick_font().pixelSize() * 1.9)

    def compact(self) -> bool:
        """Whether the key band under 0 % would be lower than 1.4 lines of its text."""
        line = QFontMetrics(self._text_font()).height()
        return self.plot_height() * self.KEY_BAND / (112 + self.KEY_BAND) < line * 1.4

    def left_ticks(self) -> list[str]:
        return list(self._ticks.get("left", []))

    def _draw(self) -> None:
        points, provisional_label, short_label = self._data
        self._clear()
        ys = [math.nan if rate is None else rate * 100 for _day, rate, _p in points]
        provisional = [p for _d, _r, p in points]
        # the trailing run of provisional days is drawn dashed: those values will still change
        tail = len(points)
        while tail > 0 and provisional[tail - 1]:
            tail -= 1
        width = max(2, self._unit * 0.35)
        size = max(4, self._unit * 0.75)
        brushes = [pg.mkBrush(BACKGROUND if p else TREND) for p in provisional]
        self.addItem(pg.PlotDataItem(list(range(tail)), ys[:tail], pen=pg.mkPen(TREND, width=width),
                                     connect="finite"))
        start = max(0, tail - 1)
        self.addItem(pg.PlotDataItem(list(range(start, len(points))), ys[start:],
                                     pen=pg.mkPen(TREND, width=width, style=Qt.PenStyle.DashLine), connect="finite"))
        self.addItem(pg.ScatterPlotItem(list(range(len(points))), ys, size=size, brush=brushes,
                                        pen=pg.mkPen(TREND, width=max(1.5, self._unit * 0.15))))
        right = max(len(points) - 0.5, 1) + len(points) * 0.12
        self.setXRange(-0.5, right, padding=0)
        self.getPlotItem().getAxis("bottom").setHeight(self._date_axis_height())
        self._set_ticks("bottom", [(i, f"{day:%m-%d}") for i, (day, _r, _p) in enumerate(points)])
        latest = next(((i, ys[i]) for i in range(tail - 1, -1, -1) if not math.isnan(ys[i])), None)
        key = provisional_label if provisional_label and tail < len(points) else ""
        if self.compact():
            self._draw_compact(latest, key, right, short_label if key else "")
            return
        # a band under 0 % holds the provisional day's key, clear of the line and the axis
        self.setYRange(-self.KEY_BAND if provisional_label else -4, 112, padding=0)
        self._set_ticks("left", [(v, f"{v}%") for v in (0, 25, 50, 75, 100)])
        if latest is not None:
            self._add_text([(f"{latest[1]:.1f}%", TREND)], latest[0], min(latest[1] + 13, 108), anchor=(0.8, 0.5))
        if key:
            # bottom left, under the 0 % line: the latest value's label sits by the right end
            self._add_text([("○ " + key, TEXT)], -0.3, -17, anchor=(0, 0.5))

    def _draw_compact(self, latest: tuple[int, float] | None, key: str, right: float, short_key: str) -> None:
        metrics = QFontMetrics(self._text_font())
        line = metrics.height()
        tick_line = QFontMetrics(self._tick_font()).height()
        band = line * 1.25                     # above 100 %: the latest value and the key
        foot = tick_line * 0.5                 # under 0 %: half a tick label, clear of the dates
        # the dates a little closer: their labels' own height plus a gap of a tenth of a line
        axis = round(max(self._tick_font().pixelSize() * 1.6, tick_line * 1.1))
        self.getPlotItem().getAxis("bottom").setHeight(axis)
        per_percent = max(0.01, (self.plot_height(axis) - band - foot) / 100)
        half_fits = 50 * per_percent >= tick_line * 1.2
        if per_percent * 100 < tick_line * 2 or (latest is None and not half_fits):
            # too low for 0 % and 100 % apart and the dates, or for a 50 % tick where no latest
            # value is written: the dates go (the title says "30 days")
            self._all_ticks.pop("bottom", None)
            self._set_ticks("bottom", [], thin=False)
            axis = round(tick_line * 0.3)
            self.getPlotItem().getAxis("bottom").setHeight(axis)
            per_percent = max(0.01, (self.plot_height(axis) - band - foot) / 100)
        top = 100 + band / per_percent
        self.setYRange(-foot / per_percent, top, padding=0)
        step = next((s for s in (25, 50) if s * per_percent >= tick_line * 1.2), 100)
        self._all_ticks.pop("left", None)      # chosen here: a resize must not thin them again
        self._set_ticks("left", [(v, f"{v}%") for v in range(0, 101, step)], thin=False)
        self.getPlotItem().getAxis("left").setWidth(self._left_axis_width(self._unit))
        y = 100 + band / per_percent / 2
        value = f"{latest[1]:.1f}%" if latest is not None else ""
        if value:
            self._add_text([(value, TREND)], right, y, anchor=(1, 0.5))
        plot_width = self.width() - self._left_axis_width(self._unit) - round(self._unit * 1.8)
        for text in (key, short_key):
            if text and metrics.horizontalAdvance("○ " + text + "    " + value) <= plot_width:
                self._add_text([("○ " + text, TEXT)], -0.3, y, anchor=(0, 0.5))
                break


class HBarChart(WallChart):
    """Horizontal bars, first row on top, each a stack of coloured segments with a note after it."""

    LABEL_WIDEST = 0.56
    sig_row_clicked = Signal(int)
    """The index (in the rows given to ``set_rows``) of the row clicked or tapped."""
    keep_last = False
    """When not every row fits: keep the last rows (a ranking best-first shows its worst)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._labels: list[str] = []
        self._shorts: list[str] = []

    def set_rows(self, rows: Sequence[BarRow], max_value: float | None = None, note_share: float = 0.3) -> None:
        """``note_share``: the part of the width kept for the notes after the longest bar."""
        self._all_rows = (list(rows), max_value, note_share)
        fit = self.rows_that_fit()
        rows = list(rows)[-fit:] if self.keep_last else list(rows)[:fit]
        self._clear()
        n = len(rows)
        top = max_value or max([sum(v for v, _c in r.segments) for r in rows] + [1])
        for i, row in enumerate(rows):
            y = n - 1 - i
            x0 = 0.0
            for value, colour in row.segments:
                if value > 0:
                    self.addItem(pg.BarGraphItem(x0=[x0], y=[y], width=[value], height=0.62,
                                                 brush=pg.mkBrush(colour), pen=pg.mkPen(None)))
                x0 += value
            if row.notes:
                self._add_text(row.notes, x0 + top * 0.02, y)
        self.setYRange(-0.6, max(n, 1) - 0.4, padding=0)
        self._notes_room = (top, note_share, [row.notes for row in rows])
        self._labels = [row.label for row in rows]
        self._shorts = [row.short for row in rows]
        self._label_rows()
        self._fit_notes()
        self.getPlotItem().showGrid(x=False, y=False)
        self.getPlotItem().getAxis("bottom").hide()

    def set_unit(self, px: float, floor: int = 8) -> None:
        super().set_unit(px, floor)
        self._redraw_rows()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        row = self.row_at(event.position().y())
        if row is not None:
            self.sig_row_clicked.emit(row)
        event.accept()

    def viewportEvent(self, event) -> bool:  # noqa: N802
        """Hovering a row whose name is drawn short shows its full name."""
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, y: float) -> str:
        """The full name of the row at the widget's height ``y`` when it is drawn short, else ""."""
        row = self.row_at(y)
        if row is None:
            return ""
        shown = len(self._labels)
        rows = getattr(self, "_all_rows", ([], None, 0))[0]
        i = row - (len(rows) - shown) if self.keep_last else row
        drawn = self.drawn_labels()
        return self._labels[i] if 0 <= i < len(drawn) and drawn[i] != self._labels[i] else ""

    def row_at(self, y: float) -> int | None:
        """The row (index into the rows given) drawn at the widget's height ``y``."""
        shown = len(self._labels)
        rows = getattr(self, "_all_rows", ([], None, 0))[0]
        if not shown:
            return None
        point = self.getPlotItem().vb.mapSceneToView(self.mapToScene(0, round(y)))
        i = shown - 1 - round(point.y())
        if not 0 <= i < shown:
            return None
        return (len(rows) - shown + i) if self.keep_last else i

    def drawn_labels(self) -> list[str]:
        """The row labels as drawn, top row first: the full name, its short form where the full one
        does not fit, "…" where even that was cut short."""
        return list(self._ticks.get("left", []))

    def cut_labels(self) -> list[str]:
        """The labels drawn cut short ("…"): neither the full name nor its short form fitted."""
        return [drawn for drawn, full, short in zip(self.drawn_labels(), self._labels, self._shorts)
                if drawn not in (full, short)]

    def row_labels(self) -> list[str]:
        """The full names of the rows drawn, best first (a label may be drawn cut short)."""
        return list(self._labels)

    def rows_that_fit(self) -> int:
        """Rows of labels at the wall's type size that the chart's height holds (the best first)."""
        return max(1, int(self.height() // (QFontMetrics(self._tick_font()).height() * 1.2)))

    def _redraw_rows(self) -> None:
        rows, max_value, note_share = getattr(self, "_all_rows", ([], None, 0.3))
        if rows and len(self._labels) != min(len(rows), self.rows_that_fit()):
            self.set_rows(rows, max_value, note_share)
        else:
            self._label_rows()
            self._fit_notes()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if getattr(self, "_labels", None):   # Qt resizes the view before __init__ has finished
            self._redraw_rows()

    def _fit_notes(self) -> None:
        """Room after the longest bar for the widest note, measured at the wall's type size, so
        no note runs off the chart's right edge (at least ``note_share`` of the plot)."""
        top, note_share, notes = getattr(self, "_notes_room", (1, 0.3, []))
        metrics = QFontMetrics(self._text_font())
        widest = max((metrics.horizontalAdvance("  ".join(text for text, _c in pieces) + "  ")
                      for pieces in notes if pieces), default=0)
        plot = self.width() - self._left_axis_width(self._unit) - round(self._unit * 1.8)
        share = min(0.85, max(note_share, widest / plot if plot > 0 else note_share))
        self.setXRange(0, top / (1 - share), padding=0)

    def _label_rows(self) -> None:
        """A name takes the room it needs up to LABEL_WIDEST of the width, and is cut short only
        beyond that rather than squeezing the bars away."""
        metrics = QFontMetrics(self._tick_font())
        room = max(1, round(self.width() * self.LABEL_WIDEST))
        n = len(self._labels)
        labels = [label if metrics.horizontalAdvance(label) <= room or not short else
                  metrics.elidedText(short, Qt.TextElideMode.ElideRight, room)
                  for label, short in zip(self._labels, self._shorts + [""] * (n - len(self._shorts)))]
        labels = [metrics.elidedText(label, Qt.TextElideMode.ElideRight, room) for label in labels]
        self._set_ticks("left", [(n - 1 - i, label) for i, label in enumerate(labels)], thin=False)
        self.getPlotItem().getAxis("left").setWidth(self._left_axis_width(self._unit))

    def _left_axis_width(self, px: float) -> int:
        metrics = QFontMetrics(self._tick_font())
        longest = max((metrics.horizontalAdvance(label) for label in self._ticks.get("left", [])), default=0)
        return round(longest + px * self.TICK_UNITS * 1.2)


def _count_ticks(top: float) -> list[tuple[float, str]]:
    """Three or four whole-number ticks from 0 up to ``top``."""
    raw = max(1.0, top / 3)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)
    step = max(1, round(step))
    return [(v, str(v)) for v in range(0, int(top) + step, step)]

