"""The map page's way back into Python: the QWebChannel object "mapBridge" and a logging page."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWebEngineCore import QWebEnginePage

log = logging.getLogger(__name__)


class MapBridge(QObject):
    """Slots the page calls (camelCase: they are the JavaScript API), re-emitted as Qt signals."""

    sig_ready = Signal()
    """The page is loaded and the channel is connected."""

    sig_cell_clicked = Signal(str)
    """A unit grid cell was clicked: its grid code."""

    sig_case_clicked = Signal(int)
    """A case marker was clicked: the case id."""

    sig_map_clicked = Signal(float, float)
    """The map was clicked at (lon, lat)."""

    sig_view_changed = Signal(float, float, float, float, float)
    """The visible area is now (west, south, east, north) at this zoom."""

    sig_frame_painted = Signal(int)
    """The page has painted the frames after the token's request."""

    @Slot()
    def ready(self) -> None:
        self.sig_ready.emit()

    @Slot(str)
    def cellClicked(self, code: str) -> None:  # noqa: N802 - called by name from JavaScript
        self.sig_cell_clicked.emit(code)

    @Slot(int)
    def caseClicked(self, case_id: int) -> None:  # noqa: N802
        self.sig_case_clicked.emit(case_id)

    @Slot(float, float)
    def mapClicked(self, lon: float, lat: float) -> None:  # noqa: N802
        self.sig_map_clicked.emit(lon, lat)

    @Slot(float, float, float, float, float)
    def viewChanged(self, west: float, south: float, east: float, north: float, zoom: float) -> None:  # noqa: N802
        self.sig_view_changed.emit(west, south, east, north, zoom)

    @Slot(int)
    def framePainted(self, token: int) -> None:  # noqa: N802
        self.sig_frame_painted.emit(token)


class MapPage(QWebEnginePage):
    """A page that sends its JavaScript console to the log, so page errors show up in the app log."""

    _LEVELS = {
        QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: logging.DEBUG,
        QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: logging.WARNING,
        QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: logging.ERROR,
    }

    def javaScriptConsoleMessage(self, level, message: str, line: int, source: str) -> None:  # noqa: N802
        log.log(self._LEVELS.get(level, logging.INFO), "map page %s:%d: %s", source, line, message)
