"""A scrolling ticker (滚动字幕) for the video wall: coloured tags and texts moving right to left."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

BACKGROUND = "#0b1626"
TEXT = "#e8f1fb"


@dataclass(frozen=True)
class TickerEntry:
    """A tag in a coloured box (e.g. 'Overdue' in red) followed by the text of the entry."""

    tag: str
    text: str
    colour: str


class Ticker(QWidget):
    """Entries scroll continuously at ``speed`` text heights per second; new entries replace the
    old ones without a jump (the scroll position is kept)."""

    FRAME_MS = 33

    def __init__(self, parent: QWidget | None = None, *, speed: float = 2.2):
        super().__init__(parent)
        self.setObjectName("ticker")
        self._entries: list[TickerEntry] = []
        self._empty_text = ""
        self._speed = speed
        self._offset = 0.0
        self._floor = 8
        self._cycle = 0.0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self, interval=self.FRAME_MS, timeout=self._advance)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # Public API ---------------------------------------------------------------------------
    def set_entries(self, entries: Sequence[TickerEntry]) -> None:
        """New entries replace the old; an entry not shown before enters from the right edge at
        once instead of waiting for the loop to come round."""
        old = set(self._entries)
        self._entries = list(entries)
        self._cycle = 0.0
        fresh = next((i for i, e in enumerate(self._entries) if e not in old), None) if old else None
        if fresh is not None and self.width() > 0:
            metrics = QFontMetricsF(self._font())
            widths = [self._entry_width(metrics, e) for e in self._entries]
            cycle = sum(widths)
            if cycle:
                self._offset = (sum(widths[:fresh]) - self.width()) % cycle
        self.update()

    def offset(self) -> float:
        return self._offset

    def set_empty_text(self, text: str) -> None:
        """What to show, standing still, when there are no entries."""
        self._empty_text = text
        self.update()

    def set_running(self, running: bool) -> None:
        """Scroll (the wall) or stand still (snapshots)."""
        if running:
            self._clock.start()
            self._timer.start()
        else:
            self._timer.stop()

    def set_unit(self, _px: float, floor: int = 8) -> None:
        """No text below ``floor`` pixels while the band holds it (legible from the room)."""
        self._floor = floor
        self.update()

    def visible_texts(self) -> list[str]:
        if not self._entries:
            return [self._empty_text]
        return [t for e in self._entries for t in (e.tag, e.text)]

    # Qt overrides -------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        font = self._font()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        if not self._entries:
            painter.setPen(QColor("#7f97b2"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        widths = [self._entry_width(metrics, e) for e in self._entries]
        self._cycle = sum(widths)
        x = -(self._offset % self._cycle) if self._cycle else 0.0
        while x < self.width():
            for entry, width in zip(self._entries, widths):
                if x + width > 0 and x < self.width():
                    self._draw_entry(painter, metrics, entry, x)
                x += width

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._clock.start()

    # Private API --------------------------------------------------------------------------
    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(8, round(min(max(self.height() * 0.52, self._floor), self.height() * 0.8))))
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def _entry_width(self, metrics: QFontMetricsF, entry: TickerEntry) -> float:
        pad = metrics.height() * 0.35
        return metrics.horizontalAdvance(entry.tag) + 2 * pad + pad + metrics.horizontalAdvance(entry.text) \
            + metrics.height() * 2.2

    def _draw_entry(self, painter: QPainter, metrics: QFontMetricsF, entry: TickerEntry, x: float) -> None:
        h = self.height()
        pad = metrics.height() * 0.35
        tag_w = metrics.horizontalAdvance(entry.tag) + 2 * pad
        box = QRectF(x, h * 0.14, tag_w, h * 0.72)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(entry.colour))
        painter.drawRoundedRect(box, h * 0.12, h * 0.12)
        painter.setPen(QColor("#0a1220"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, entry.tag)
        painter.setPen(QColor(TEXT))
        text_box = QRectF(x + tag_w + pad, 0, metrics.horizontalAdvance(entry.text) + 2, h)
        painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, entry.text)

    def _advance(self) -> None:
        elapsed = self._clock.restart() / 1000.0
        self._offset += elapsed * self._speed * self.height() * 0.52
        if self._cycle:
            self._offset %= self._cycle
        self.update()
