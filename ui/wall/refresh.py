"""When the wall draws new figures: changes arriving together (a feed's batch, a replay playing)
are computed once after a short debounce, off the GUI thread; a periodic refresh moves the clocks
of an idle picture; figures asked for later are never overdrawn by older ones."""
from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QObject, QTimer

from ui.wall.presenter import WallFigures
from widgets.ops import CommandRunner

log = logging.getLogger(__name__)


class Refresher(QObject):
    """``snapshot()`` runs on the GUI thread and returns the computation of the figures (a
    month of cases takes a fraction of a second), run on a pool thread; ``draw(figures)`` runs
    on the GUI thread with the newest figures."""

    def __init__(self, snapshot: Callable[[], Callable[[], WallFigures]], draw: Callable[[WallFigures], None], *,
                 debounce_ms: int, every_ms: int, parent: QObject):
        super().__init__(parent)
        self._snapshot = snapshot
        self._draw = draw
        self._generation = 0
        self._applied = 0
        self._computing = False
        self._dirty = False
        self._closing = False
        self._runner = CommandRunner(self)
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms, timeout=self.refresh)
        self._periodic = QTimer(self, interval=every_ms, timeout=self.refresh)

    def request(self) -> None:
        """Something changed: refresh once the debounce is over. A debounce already running is not
        restarted, so a clock moved every second cannot hold the refresh back."""
        if not self._debounce.isActive():
            self._debounce.start()

    def set_periodic(self, on: bool) -> None:
        self._periodic.start() if on else self._periodic.stop()

    def refresh(self) -> None:
        if self._computing:
            self._dirty = True
            return
        self._computing = True
        self._generation += 1
        generation, compute = self._generation, self._snapshot()
        self._runner.run(compute, lambda figures, error: self._on_figures(generation, figures, error))

    def draw_now(self, figures: WallFigures) -> None:
        """Figures computed on the GUI thread, drawn at once (and never overdrawn by a refresh
        that was asked for before them)."""
        self._generation += 1
        self._show(self._generation, figures)

    def stop(self) -> None:
        """No refresh after this one: a computation still running must not start another."""
        self._closing = True
        self._debounce.stop()
        self._periodic.stop()

    def wait_idle(self, ms: int) -> None:
        self._runner.wait_idle(ms)

    def _on_figures(self, generation: int, figures: WallFigures | None, error: Exception | None) -> None:
        self._computing = False
        if error is not None:
            log.error("wall figures failed: %s", error, exc_info=error)
        else:
            self._show(generation, figures)
        if self._dirty and not self._closing:
            self._dirty = False
            self._debounce.start()

    def _show(self, generation: int, figures: WallFigures) -> None:
        if generation < self._applied:
            return
        self._applied = generation
        self._draw(figures)
