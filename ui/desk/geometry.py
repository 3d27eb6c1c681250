"""Where things are on screen, written as JSON to ``$COMMANDCENTER_GEOMETRY_FILE`` when it is set:
the window, the map, the visible queue rows (with their case ids), the board's department columns
(its visible area and order), the panels (floating or docked, with their title bars) and an open
dialog's buttons, in global screen pixels. The real drag-and-drop test aims its mouse with it; support
staff can ask an operator's desk for it."""
from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication

ENV = "COMMANDCENTER_GEOMETRY_FILE"


def _rect(widget, local: QRect | None = None) -> list[int]:
    area = local if local is not None else widget.rect()
    top_left = widget.mapToGlobal(area.topLeft())
    return [top_left.x(), top_left.y(), area.width(), area.height()]


def _dock(dock) -> dict:
    """A panel: where it is, whether it floats, and its title bar (double-click floats it)."""
    content = dock.widget()
    title = QRect(0, 0, dock.width(), content.y() if content is not None else 0)
    return {"rect": _rect(dock), "floating": dock.isFloating(), "visible": dock.isVisible(),
            "title": _rect(dock, title)}


def _dialog() -> dict | None:
    """The modal dialog waiting for an answer, with its buttons by their text."""
    dialog = QApplication.activeModalWidget()
    if dialog is None or not dialog.isVisible():
        return None
    return {"title": dialog.windowTitle(),
            "buttons": {b.text().replace("&", ""): _rect(b) for b in dialog.findChildren(QAbstractButton)
                        if b.isVisible()}}


class GeometryReporter(QObject):
    """Rewrites the file whenever the picture changes or the window moves (at most every 250 ms)."""

    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent or window)
        self._window = window
        self._path: Path | None = None
        self._timer = QTimer(self, singleShot=True, interval=250, timeout=self.write)

    def start_if_requested(self) -> bool:
        target = os.environ.get(ENV)
        if not target:
            return False
        self._path = Path(target)
        self._window.signals.sig_reset.connect(self._timer.start)
        self._window.signals.sig_cases_changed.connect(lambda _change: self._timer.start())
        self._window.queues.currentChanged.connect(lambda _index: self._timer.start())
        self._window.installEventFilter(self)
        # The board scrolled (auto-scroll during a drag), a panel floated or a dialog opened.
        self._window.board.horizontal_bar().valueChanged.connect(lambda _value: self._timer.start())
        for dock in self._window.docks.docks.values():
            dock.topLevelChanged.connect(lambda _floating: self._timer.start())
            dock.installEventFilter(self)
        QApplication.instance().focusChanged.connect(self._on_focus_changed)   # gone with the reporter
        self._timer.start()
        return True

    def _on_focus_changed(self, _old, _new) -> None:
        self._timer.start()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (event.Type.Move, event.Type.Resize, event.Type.Show):
            self._timer.start()
        return False

    def snapshot(self) -> dict:
        window = self._window
        queues = window.queues
        key = queues.current_queue()
        view, model = queues.view(key), queues.model(key)
        viewport = view.viewport()
        rows = []
        for row in range(model.rowCount()):
            rect = view.visualRect(model.index(row, 0)).united(
                view.visualRect(model.index(row, model.columnCount() - 1)))
            if rect.isValid() and viewport.rect().intersects(rect):
                visible = rect.intersected(viewport.rect())
                rows.append({"case_id": model.case_id_at(row), "rect": _rect(viewport, visible)})
        return {
            "window": _rect(window),
            "map": _rect(window.map_view),
            "case_panel": _rect(window.panel),
            "queue": {"key": key, "rows": rows},
            "board": {code: _rect(column) for code, column in window.board_columns().items()},
            "board_view": _rect(window.board.row.parentWidget()),
            "board_order": window.board.order(),
            "docks": {name: _dock(dock) for name, dock in window.docks.docks.items()},
            "dialog": _dialog(),
        }

    def write(self) -> None:
        if self._path is None or not self._window.isVisible():
            return
        temporary = self._path.with_suffix(self._path.suffix + ".tmp")
        temporary.write_text(json.dumps(self.snapshot(), ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(self._path)   # a reader never sees half a file
