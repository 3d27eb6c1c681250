"""Today's KPI tiles as they stood at the replay time, in the trainer's light theme: the shared
strip (:class:`widgets.kpi_strip.KpiStrip`) fed by :func:`commandcenter.kpi_asof.today_tiles`.
During a replay, yesterday is taken as the replay had it then (never yesterday's cases as they
ended up), so "vs yesterday" compares like with like."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from commandcenter.kpi_asof import FoldedKpis, today_tiles
from widgets.kpi_strip import KpiStrip

REFRESH_MS = 400


class TrainerKpis(QObject):
    """Keeps ``strip`` current with the picture, shortly after it changes."""

    def __init__(self, strip: KpiStrip, signals, replay_of, parent: QObject | None = None):
        super().__init__(parent)
        self.strip = strip
        self._picture = signals.picture
        self._replay_of = replay_of
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_MS, timeout=self.refresh)
        for signal in (signals.sig_reset, signals.sig_cases_changed, signals.sig_time_changed):
            signal.connect(self._schedule)

    def refresh(self) -> None:
        replay = self._replay_of()
        source = FoldedKpis(replay.state_at) if replay is not None else self._picture.cases.values()
        self.strip.show_tiles(today_tiles(source, self._picture.now()))

    def _schedule(self, *_args) -> None:
        if not self._debounce.isActive():
            self._debounce.start()
