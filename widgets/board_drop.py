"""Dragging a case over the linkage board: the row of department columns is the one drop target,
so the drop goes to the column under the mouse *when it is released* (also after the board has
scrolled under a mouse held still), and holding the case near the board's left or right edge
scrolls the board that way, faster the closer to the edge."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QScrollArea, QWidget

from widgets.case_drag import read_case_mime

EDGE_PX = 56
"""How close to the board's edge a drag starts scrolling it."""
STEP_MS = 30
MAX_STEP_PX = 36


class BoardRow(QWidget):
    """The scrolled row holding the department columns; takes every drag over the board."""

    sig_autoscroll = Signal(int)
    """The board scrolled by itself during a drag: -1 left, +1 right, 0 stopped."""

    def __init__(self, scroll: QScrollArea, column_at: Callable[[QPoint], object], parent=None):
        super().__init__(parent)
        self._scroll = scroll
        self._column_at = column_at   # a point in this row → the DepartmentColumn there, or None
        self._payload: dict | None = None
        self._target = None
        self._step = 0
        self.setAcceptDrops(True)
        self._timer = QTimer(self, interval=STEP_MS)
        self._timer.timeout.connect(self._scroll_step)

    # Public API ------------------------------------------------------------------------------
    @property
    def dragging(self) -> bool:
        """True while a case is dragged over the board."""
        return self._payload is not None

    @property
    def autoscrolling(self) -> int:
        """-1 / +1 while the board scrolls itself left / right, 0 otherwise."""
        return (self._step > 0) - (self._step < 0) if self._timer.isActive() else 0

    def edge_step(self, viewport_x: int) -> int:
        """Pixels per step to scroll for a drag at ``viewport_x``: negative near the left edge,
        positive near the right one, 0 in between or when the board cannot scroll that way."""
        bar = self._scroll.horizontalScrollBar()
        width = self._scroll.viewport().width()
        edge = min(EDGE_PX, width // 4)
        if viewport_x < edge and bar.value() > bar.minimum():
            return -max(4, MAX_STEP_PX * (edge - viewport_x) // edge)
        if viewport_x > width - edge and bar.value() < bar.maximum():
            return max(4, MAX_STEP_PX * (viewport_x - (width - edge)) // edge)
        return 0

    # Qt events -------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        self._payload = read_case_mime(event.mimeData())
        if self._payload is None:
            event.ignore()
            return
        event.acceptProposedAction()   # over a gap too: the drag keeps moving over the board
        self._track(event.position().toPoint(), event)

    def dragMoveEvent(self, event) -> None:
        self._track(event.position().toPoint(), event)

    def dragLeaveEvent(self, event) -> None:
        self._stop()
        self._set_target(None)
        self._payload = None

    def dropEvent(self, event) -> None:
        self._stop()
        column = self._column_at(event.position().toPoint())
        self._set_target(None)
        if column is None or not column.accepts(self._payload or read_case_mime(event.mimeData())):
            event.ignore()
            return
        column.dropEvent(event)
        self._payload = None

    # Private API -----------------------------------------------------------------------------
    def _track(self, point: QPoint, event=None) -> None:
        column = self._column_at(point)
        ok = column is not None and column.accepts(self._payload)
        self._set_target(column if ok else None)
        if event is not None:
            if ok:
                event.acceptProposedAction()
            else:
                event.ignore()
        viewport = self._scroll.viewport()
        step = self.edge_step(self.mapTo(viewport, point).x())
        self._step = step
        if step and not self._timer.isActive():
            self._timer.start()
        elif not step:
            self._timer.stop()
            self.sig_autoscroll.emit(0)

    def _scroll_step(self) -> None:
        bar = self._scroll.horizontalScrollBar()
        before = bar.value()
        bar.setValue(before + self._step)
        if bar.value() == before:
            self._stop()
            return
        self.sig_autoscroll.emit(1 if self._step > 0 else -1)
        # The board moved under a mouse held still: the column under it now is the target.
        point = self.mapFromGlobal(QCursor.pos())
        if self.rect().contains(point):
            column = self._column_at(point)
            self._set_target(column if column is not None and column.accepts(self._payload) else None)

    def _stop(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.sig_autoscroll.emit(0)
        self._step = 0

    def _set_target(self, column) -> None:
        if column is self._target:
            return
        if self._target is not None:
            self._target.set_drop_target(False)
        self._target = column
        if column is not None:
            column.set_drop_target(True)
