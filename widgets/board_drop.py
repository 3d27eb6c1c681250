"""Dragging a case over the linkage board: the row of department columns is the one drop target,
so the drop goes to the column under the mouse *when it is released* (also after the board has
scrolled under a mouse held still), and holding the case near the board's left or right edge
scrolls the board that way, faster the closer to the edge.

A department's name can be dragged too: dropped on another column it pins the department there
(the operator's favourite order)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QMimeData, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QDrag
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from widgets.case_drag import read_case_mime

MIME_DEPARTMENT = "application/x-commandcenter-department"
"""A department column's code, dragged by its name to reorder the board."""
EDGE_PX = 56
"""How close to the board's edge a drag starts scrolling it."""
STEP_MS = 30
MAX_STEP_PX = 36


def read_department_mime(mime: QMimeData) -> str | None:
    if not mime.hasFormat(MIME_DEPARTMENT):
        return None
    return bytes(mime.data(MIME_DEPARTMENT)).decode() or None


class HeaderDrag(QObject):
    """Makes a column's name label draggable (carries the department's code)."""

    def __init__(self, label: QWidget, code: str):
        super().__init__(label)
        self._label, self._code = label, code
        self._press: QPoint | None = None
        label.setCursor(Qt.CursorShape.OpenHandCursor)
        label.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == event.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        elif kind == event.Type.MouseButtonRelease:
            self._press = None
        elif kind == event.Type.MouseMove and self._press is not None and (
                event.position().toPoint() - self._press).manhattanLength() >= QApplication.startDragDistance():
            self._press = None
            mime = QMimeData()
            mime.setData(MIME_DEPARTMENT, self._code.encode())
            drag = QDrag(self._label)
            drag.setMimeData(mime)
            drag.setPixmap(self._label.grab())
            drag.exec(Qt.DropAction.MoveAction)
            return True
        return False


class BoardRow(QWidget):
    """The scrolled row holding the department columns; takes every drag over the board."""

    sig_autoscroll = Signal(int)
    """The board scrolled by itself during a drag: -1 left, +1 right, 0 stopped."""
    sig_department_dropped = Signal(str, str)
    """(dragged department, the column it was dropped on): reorder the board."""

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
        department = read_department_mime(event.mimeData())
        if department is not None:
            self._payload = {"moving": department}
        if self._payload is None:
            event.ignore()
            return
        # Accepted wherever it enters — over a gap, or over the card's own column when a card is
        # dragged out of its list — or Qt sends this row no more moves of this drag; whether a
        # drop is welcome is told move by move (dragMoveEvent) and checked again at the drop.
        event.acceptProposedAction()
        self._track(event.position().toPoint())

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
        moving = (self._payload or {}).get("moving") or read_department_mime(event.mimeData())
        if moving is not None:
            self._payload = None
            if column is None or column.code == moving:
                event.ignore()
                return
            event.acceptProposedAction()
            self.sig_department_dropped.emit(moving, column.code)
            return
        if column is None or not column.accepts(self._payload or read_case_mime(event.mimeData())):
            event.ignore()
            return
        column.dropEvent(event)
        self._payload = None

    # Private API -----------------------------------------------------------------------------
    def _accepts(self, column) -> bool:
        if column is None:
            return False
        moving = (self._payload or {}).get("moving")
        return column.code != moving if moving is not None else column.accepts(self._payload)

    def _track(self, point: QPoint, event=None) -> None:
        column = self._column_at(point)
        ok = self._accepts(column)
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
            self._set_target(column if self._accepts(column) else None)

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
