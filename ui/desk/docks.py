"""The desk's four panels (queues, map, case panel, linkage board) as dockable panels: moved,
resized, closed and reopened from 视图/View, the board (or any panel) floated onto another
monitor; the arrangement and sizes are the operator's own, saved under their name and restored at
their next start; ``--screens`` lays them out one monitor each (see :mod:`ui.desk.screen_plan`)."""
from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ui.desk import screen_plan

#: bump when the panels change, so a state saved by an older desk is ignored, not misapplied
STATE_VERSION = 2
LEFT, RIGHT, BOTTOM = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea,
                       Qt.DockWidgetArea.BottomDockWidgetArea)


def screen_rects() -> list[screen_plan.Rect]:
    """The monitors the system reports, as rectangles."""
    return [(g.x(), g.y(), g.width(), g.height()) for g in (s.geometry() for s in QGuiApplication.screens())]


def place(window: QWidget, rect: screen_plan.Rect) -> None:
    """Put a top-level window so that its frame (title bar and border included) fills ``rect``."""
    window.setGeometry(QRect(*rect))
    inner, outer = window.geometry(), window.frameGeometry()
    left, top = inner.x() - outer.x(), inner.y() - outer.y()
    right, bottom = outer.right() - inner.right(), outer.bottom() - inner.bottom()
    if left or top or right or bottom:
        x, y, width, height = rect
        window.setGeometry(QRect(x + left, y + top, width - left - right, height - top - bottom))


class DeskDocks(QObject):
    """Owns the dock widgets of one desk window and their arrangement."""

    def __init__(self, window: QMainWindow, panels: dict[str, tuple[str, QWidget]], settings: QSettings):
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.plan: dict[str, tuple[int, screen_plan.Rect]] | None = None
        self.screens: list[screen_plan.Rect] = []
        window.setDockNestingEnabled(True)
        window.setCorner(Qt.Corner.BottomLeftCorner, BOTTOM)
        window.setCorner(Qt.Corner.BottomRightCorner, BOTTOM)
        self.docks: dict[str, QDockWidget] = {}
        for name, (title, widget) in panels.items():
            dock = QDockWidget(title, window)
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            dock.toggleViewAction().setObjectName(f"show_{name}")
            self.docks[name] = dock
        self._dock_all()

    # Public API ------------------------------------------------------------------------------
    def toggle_actions(self):
        """视图/View → one checkable entry per panel (shows or hides it)."""
        return [dock.toggleViewAction() for dock in self.docks.values()]

    def reset(self) -> None:
        """The default arrangement on the window's own monitor: queue | map | case panel over the
        board, every panel shown and docked."""
        self.plan, self.screens = None, []
        self._dock_all()
        self._fit_one_screen(self._window.width(), self._window.height())

    def apply_screens(self, screens: list[screen_plan.Rect]) -> None:
        """One monitor per panel group (see :func:`screen_plan.plan`): the window fills the first
        monitor with the panels planned there; the others float, each on its own rectangle."""
        self.screens = list(screens)
        self.plan = screen_plan.plan(self.screens)
        first = self.screens[0]
        self._dock_all()
        place(self._window, first)
        if len(self.screens) == 1:
            self._fit_one_screen(first[2], first[3])
            return
        for name, (index, rect) in self.plan.items():
            if index != 0:
                dock = self.docks[name]
                dock.setFloating(True)
                dock.show()
                place(dock, rect)
        here = [name for name, (index, _) in self.plan.items() if index == 0]
        self._window.resizeDocks([self.docks[n] for n in here], [self.plan[n][1][2] for n in here],
                                 Qt.Orientation.Horizontal)

    def save(self, user_name: str | None) -> None:
        key = self._key(user_name)
        self._settings.setValue(f"{key}/state", self._window.saveState(STATE_VERSION))
        self._settings.setValue(f"{key}/geometry", self._window.saveGeometry())

    def restore(self, user_name: str | None) -> bool:
        """The operator's saved arrangement and sizes; False when they have none yet."""
        key = self._key(user_name)
        geometry, state = self._settings.value(f"{key}/geometry"), self._settings.value(f"{key}/state")
        if geometry is not None:
            self._window.restoreGeometry(geometry)
        return state is not None and bool(self._window.restoreState(state, STATE_VERSION))

    def is_saved(self, user_name: str | None) -> bool:
        return self._settings.value(f"{self._key(user_name)}/state") is not None

    # Private API -----------------------------------------------------------------------------
    @staticmethod
    def _key(user_name: str | None) -> str:
        return f"desk/users/{user_name}/layout" if user_name else "desk/layout"

    def _dock_all(self) -> None:
        window, docks = self._window, self.docks
        for dock in docks.values():
            dock.setFloating(False)
            window.removeDockWidget(dock)
        window.addDockWidget(LEFT, docks["queue"])
        window.splitDockWidget(docks["queue"], docks["map"], Qt.Orientation.Horizontal)
        window.addDockWidget(RIGHT, docks["panel"])
        window.addDockWidget(BOTTOM, docks["board"])
        for dock in docks.values():
            dock.show()

    def _fit_one_screen(self, width: int, height: int) -> None:
        rects = screen_plan.plan([(0, 0, max(width, 1200), max(height, 700))])
        top = [self.docks[n] for n in ("queue", "map", "panel")]
        self._window.resizeDocks(top, [rects[n][1][2] for n in ("queue", "map", "panel")],
                                 Qt.Orientation.Horizontal)
        self._window.resizeDocks([self.docks["queue"], self.docks["board"]],
                                 [rects["queue"][1][3], rects["board"][1][3]], Qt.Orientation.Vertical)
