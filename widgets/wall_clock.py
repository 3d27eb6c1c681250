"""The wall's clock and its data-freshness badge ("data delayed since HH:MM" when the feed is down)."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from commandcenter.clock import local

LIVE = "#35c47c"
DELAYED = "#ff4d4f"


class WallClock(QWidget):
    """Local time (Asia/Shanghai) in large type with the date and weekday under it.

    ``time_source`` is the situation picture's clock, so a replayed day shows its own time."""

    def __init__(self, time_source: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self._source = time_source
        self._time = QLabel(self, objectName="clockTime")
        self._date = QLabel(self, objectName="clockDate")
        layout = QHBoxLayout(self)   # one row: the header band holds one line of legible type
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (self._date, self._time):
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(label)
        self._timer = QTimer(self, interval=1000, timeout=self.refresh)
        self._timer.start()
        self.set_unit(10)
        self.refresh()

    def set_unit(self, px: float, floor: int = 8) -> None:
        """Type from one unit; ``floor``: no text smaller than this (legible from the room)."""
        self.layout().setSpacing(round(px * 1.5))
        for label, units, weight in ((self._time, 3.4, QFont.Weight.Bold), (self._date, 1.6, QFont.Weight.Medium)):
            font = QFont(label.font())
            font.setPixelSize(max(8, floor, round(px * units)))
            font.setWeight(weight)
            label.setFont(font)

    def show_date(self, on: bool) -> None:
        """The date beside the time (off where the header has no room for it)."""
        self._date.setVisible(on)

    def refresh(self) -> None:
        now = local(self._source())
        self._time.setText(f"{now:%H:%M:%S}")
        day = QDate(now.year, now.month, now.day)
        self._date.setText(QLocale().toString(day, QLocale.FormatType.LongFormat))

    def texts(self) -> list[str]:
        return [self._time.text(), self._date.text()]


class FreshnessBadge(QWidget):
    """A dot and a sentence: "Live" in green while the feed is healthy, "Data delayed since
    HH:MM" on red when it is not (HH:MM = the last moment the data was known to be current)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("freshness")
        self._label = QLabel(self, objectName="freshnessText")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label)
        self._ok = True
        self._unit = 10.0
        self.set_health(True, None)

    def set_unit(self, px: float, floor: int = 8) -> None:
        self._unit = px
        font = QFont(self._label.font())
        font.setPixelSize(max(8, floor, round(px * 2.0)))
        font.setWeight(QFont.Weight.DemiBold)
        self._label.setFont(font)
        self._restyle()

    def set_health(self, ok: bool, last_ok: datetime | None) -> None:
        self._ok = ok
        if ok:
            self._label.setText("● " + self.tr("Live"))
        elif last_ok is None:
            self._label.setText("● " + self.tr("Data delayed"))
        else:
            self._label.setText("● " + self.tr("Data delayed since {time}").format(time=f"{local(last_ok):%H:%M}"))
        self._restyle()

    def is_ok(self) -> bool:
        return self._ok

    def text(self) -> str:
        return self._label.text()

    def _restyle(self) -> None:
        pad_v, pad_h = round(self._unit * 0.3), round(self._unit * 0.9)
        if self._ok:
            style = f"color: {LIVE}; padding: {pad_v}px {pad_h}px;"
        else:
            style = (f"color: white; background: {DELAYED}; border-radius: {round(self._unit * 0.6)}px;"
                     f" padding: {pad_v}px {pad_h}px;")
        self._label.setStyleSheet(style)
