"""Today's KPI tiles as they stood at the replay time (the wall's tiles, in the trainer's light
theme): reported, registered, dispatched, closed, overdue and the on-time closing rate, each
against the same hours of the day before. Computed by :func:`commandcenter.kpi.compute`, the
function behind ``commandcenter kpi``."""
from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from commandcenter.clock import as_utc, local
from commandcenter.kpi import compute, total
from widgets.kpi_tile import KpiTile

REFRESH_MS = 400
DAY = timedelta(days=1)
#: (key, worse when it goes up)
TILES = (("reported", None), ("registered", None), ("dispatched", None), ("closed", False),
         ("overdue", True), ("on_time_closing_rate", False))


def today_figures(cases, now: datetime) -> dict[str, tuple[float | None, float | None]]:
    """key → (today so far, the same hours yesterday)."""
    midnight = as_utc(local(now).replace(hour=0, minute=0, second=0, microsecond=0))
    today = total(compute(cases, midnight, now, now=now)).as_dict()
    yesterday = total(compute(cases, midnight - DAY, now - DAY, now=now - DAY)).as_dict()
    return {key: (today[key], yesterday[key]) for key, _worse in TILES}


class KpiStrip(QWidget):
    """Six KPI tiles over a situation picture, refreshed shortly after it changes."""

    def __init__(self, signals, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainer_kpis")
        self._picture = signals.picture
        names = {"reported": self.tr("Reported today"), "registered": self.tr("Registered"),
                 "dispatched": self.tr("Dispatched"), "closed": self.tr("Closed"),
                 "overdue": self.tr("Overdue"), "on_time_closing_rate": self.tr("On-time closing")}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(6)
        self.tiles: dict[str, KpiTile] = {}
        for key, worse in TILES:
            tile = KpiTile(names[key], is_rate=key.endswith("_rate"), worse_when_up=worse, parent=self)
            tile.set_unit(3.8)
            layout.addWidget(tile, 1)
            self.tiles[key] = tile
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_MS, timeout=self.refresh)
        signals.sig_changed.connect(lambda _change: self._debounce.isActive() or self._debounce.start())

    def refresh(self) -> None:
        figures = today_figures(self._picture.cases.values(), self._picture.now())
        for key, (value, previous) in figures.items():
            self.tiles[key].set_figure(value, previous)
