"""The replay's timeline: how many events happened in each slice of the period (a density strip),
hour ticks in Beijing time, the part already played, and a cursor the trainer drags to seek."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from commandcenter.clock import local

BAR = QColor("#8ab4f8")
BAR_PLAYED = QColor("#1a73e8")
CURSOR = QColor("#d93025")
AXIS = QColor("#5f6368")
BACKGROUND = QColor("#f8f9fa")
SEEK_THROTTLE_MS = 80


class TimelineStrip(QWidget):
    """Density bars over [start, end] with a draggable cursor at the replay time."""

    sig_seek_requested = Signal(object)
    """A moment (aware UTC datetime) the trainer clicked or dragged the cursor to."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Click or drag to jump to a moment; the bars are events per slice"))
        self._start: datetime | None = None
        self._end: datetime | None = None
        self._time: datetime | None = None
        self._density: list[int] = []
        self._dragging = False
        self._pending: datetime | None = None
        self._throttle = QTimer(self, singleShot=True, interval=SEEK_THROTTLE_MS, timeout=self._emit_pending)

    # Public API ---------------------------------------------------------------------------
    def set_period(self, start: datetime, end: datetime, density: list[int]) -> None:
        self._start, self._end, self._density = start, end, list(density)
        self._time = start
        self.update()

    def set_time(self, t: datetime) -> None:
        self._time = t
        self.update()

    def bins_wanted(self) -> int:
        """How many density bars fit: one per 4 px."""
        return max(24, self._plot_rect().width() // 4)

    def time_at(self, x: float) -> datetime | None:
        if self._start is None or self._end is None:
            return None
        rect = self._plot_rect()
        share = min(max((x - rect.left()) / max(rect.width(), 1), 0.0), 1.0)
        return self._start + (self._end - self._start) * share

    def x_of(self, t: datetime) -> float:
        rect = self._plot_rect()
        span = (self._end - self._start).total_seconds() if self._start and self._end else 0
        if span <= 0:
            return rect.left()
        return rect.left() + rect.width() * (t - self._start).total_seconds() / span

    # Qt events ------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._start is not None:
            self._dragging = True
            self._request(event.position().x(), at_once=True)

    def mouseMoveEvent(self, event) -> None:
        if self._dragging:
            self._request(event.position().x(), at_once=False)

    def mouseReleaseEvent(self, event) -> None:
        if self._dragging:
            self._dragging = False
            self._request(event.position().x(), at_once=True)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        rect = self._plot_rect()
        if self._start is None or self._end is None:
            painter.setPen(AXIS)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No replay loaded"))
            return
        self._paint_bars(painter, rect)
        self._paint_ticks(painter, rect)
        self._paint_cursor(painter, rect)

    # Private API --------------------------------------------------------------------------
    def _plot_rect(self):
        return self.rect().adjusted(24, 6, -24, -18)

    def _request(self, x: float, at_once: bool) -> None:
        self._pending = self.time_at(x)
        if self._pending is None:
            return
        self._time = self._pending
        self.update()
        if at_once:
            self._throttle.stop()
            self._emit_pending()
        elif not self._throttle.isActive():
            self._throttle.start()

    def _emit_pending(self) -> None:
        if self._pending is not None:
            self.sig_seek_requested.emit(self._pending)
            self._pending = None

    def _paint_bars(self, painter: QPainter, rect) -> None:
        if not self._density:
            return
        top = max(self._density) or 1
        width = rect.width() / len(self._density)
        played_x = self.x_of(self._time) if self._time else rect.left()
        painter.setPen(Qt.PenStyle.NoPen)
        for index, count in enumerate(self._density):
            if not count:
                continue
            height = max(1.0, rect.height() * count / top)
            x = rect.left() + index * width
            painter.setBrush(BAR_PLAYED if x + width / 2 <= played_x else BAR)
            painter.drawRect(QRectF(x + 0.5, rect.bottom() - height, max(width - 1, 1.0), height))

    def _paint_ticks(self, painter: QPainter, rect) -> None:
        span = self._end - self._start
        step = _tick_step(span, rect.width())
        first = local(self._start).replace(minute=0, second=0, microsecond=0)
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        tick = first
        while tick <= local(self._end):
            if tick >= local(self._start) and (tick.hour * 3600) % int(step.total_seconds()) == 0:
                x = self.x_of(tick)
                painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, rect.bottom() + 4))
                label = f"{tick:%m-%d}" if tick.hour == 0 and span > timedelta(hours=30) else f"{tick:%H:%M}"
                painter.drawText(QRectF(x - 30, rect.bottom() + 3, 60, 14), Qt.AlignmentFlag.AlignCenter, label)
            tick += timedelta(hours=1)

    def _paint_cursor(self, painter: QPainter, rect) -> None:
        if self._time is None:
            return
        x = self.x_of(self._time)
        painter.setPen(QPen(CURSOR, 2))
        painter.drawLine(QPointF(x, rect.top() - 4), QPointF(x, rect.bottom() + 2))
        painter.setBrush(CURSOR)
        painter.drawEllipse(QPointF(x, rect.top() - 1), 4, 4)


def _tick_step(span: timedelta, width: int) -> timedelta:
    """Hours between labelled ticks so that labels are at least ~70 px apart."""
    hours = max(span.total_seconds() / 3600, 1)
    for step in (1, 2, 3, 4, 6, 12, 24):
        if width / (hours / step) >= 70:
            return timedelta(hours=step)
    return timedelta(hours=24)
