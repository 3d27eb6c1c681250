"""The district map widget: unit grid cells coloured by a value, street and community outlines with
labels, case markers, components, early-warning highlights, in a QWebEngineView that works offline.

The page is built once (folium + Leaflet + resources/map/*.js) and never reloaded for data: every
change is queued in a `MapState`, flushed at most every ~100 ms as one `runJavaScript` batch, and
drawn in place: the cells and outlines by a WebGL layer (Canvas2D, with a note on the map, where
WebGL is unavailable), markers and components by canvas layers. Clicks come back through a
QWebChannel bridge. QtWebEngine has no WebGL under --disable-gpu: give it a GPU, or software GL
with --ignore-gpu-blocklist (or --use-angle=swiftshader), in QTWEBENGINE_CHROMIUM_FLAGS.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QDeadlineTimer, QElapsedTimer, QEventLoop, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from commandcenter.errors import ValidationError
from widgets.map.batches import Answer, BatchLedger
from widgets.map.bridge import MapBridge, MapPage
from widgets.map.page import page_base_url, page_html
from widgets.map.payload import (
    MARKER_STATES, LonLat, Rings, cell_payload, class_breaks, class_labels, component_payload,
    division_payload, polygon_payload,
)
from widgets.map.state import MapState
from widgets.map.tiles import TileSource, register_tile_scheme, tile_handler

__all__ = ["CaseMarker", "MapView", "TileSource", "register_tile_scheme"]

log = logging.getLogger(__name__)

RAMPS = ("load", "overdue")
THEMES = ("light", "dark")
RENDERERS = ("auto", "canvas")


@dataclass(frozen=True)
class CaseMarker:
    """One case on the map. `state` is its deadline state: 'overdue' (red), 'at_risk' (amber),
    'on_time' (green) or 'closed' (grey); urgent cases are drawn bigger with a ring."""

    case_id: int
    lon: float
    lat: float
    state: str
    urgent: bool
    stage: str
    label: str

    def __post_init__(self) -> None:
        if self.state not in MARKER_STATES:
            raise ValidationError("marker state", self.state, f"case {self.case_id}: expected one of {MARKER_STATES}")


class MapView(QWidget):
    """The map of the district. Call `set_geography()` once, then any setter at any time, before
    or after the page is ready: changes are queued, coalesced and applied in place."""

    sig_ready = Signal()
    """The page is loaded and connected; everything set so far is being drawn."""

    sig_cell_clicked = Signal(str)
    """A unit grid cell (not a case marker on it) was clicked: its grid code."""

    sig_case_clicked = Signal(int)
    """A case marker was clicked: its case id."""

    sig_map_clicked = Signal(float, float)
    """Any click on the map, (lon, lat); comes after sig_cell_clicked / sig_case_clicked of that click."""

    sig_view_changed = Signal(float, float, float, float, float)
    """The visible area changed: (west, south, east, north, zoom)."""

    sig_drawn = Signal()
    """The page confirmed that the last batch of changes is drawn."""

    FLUSH_INTERVAL_MS = 100

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: str = "dark",
        community_label_zoom: float = 15,
        components_min_zoom: float = 16,
        renderer: str = "auto",
    ) -> None:
        """`renderer` 'auto' draws the cells with WebGL where the browser offers it (Canvas2D with a
        note on the map where it does not); 'canvas' always uses Canvas2D."""
        super().__init__(parent)
        self._state = MapState(theme=_checked("theme", theme, THEMES))
        self._ready = False
        self._seq = 0
        self._batches = BatchLedger()
        self.destroyed.connect(self._batches.close)
        self._since_flush = QElapsedTimer()
        self._flush_timer = QTimer(self, singleShot=True, timeout=self._flush)

        self._view = QWebEngineView(self)
        # The default profile, named rather than asked of the page: PySide ties a wrapper returned by
        # page.profile() to the page and invalidates it, for every holder, when the page goes.
        profile = QWebEngineProfile.defaultProfile()
        self._page = MapPage(profile, self._view)
        self._view.setPage(self._page)
        self._bridge = MapBridge(self)
        channel = QWebChannel(self._page)
        channel.registerObject("mapBridge", self._bridge)
        self._page.setWebChannel(channel)
        self._bridge.sig_ready.connect(self._on_page_ready)
        self._bridge.sig_cell_clicked.connect(self.sig_cell_clicked)
        self._bridge.sig_case_clicked.connect(self.sig_case_clicked)
        self._bridge.sig_map_clicked.connect(self.sig_map_clicked)
        self._bridge.sig_view_changed.connect(self.sig_view_changed)
        self._page.loadStarted.connect(self._on_load_started)
        self._page.renderProcessTerminated.connect(self._on_render_process_terminated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)

        # Offline by default; file access is set explicitly because QtWebEngine drops file: access
        # for setHtml pages as soon as remote access is switched on for online tiles.
        self._page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        self._page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        # Chromium routes a custom scheme to a handler only if it was there before the page loaded.
        self._tiles = tile_handler(profile)
        self._state.strings = self._strings()
        self._html = page_html(float(community_label_zoom), float(components_min_zoom),
                               _checked("renderer", renderer, RENDERERS))
        self._view.setHtml(self._html, page_base_url())

    # -- Public API: data ------------------------------------------------------------------------

    def set_geography(
        self,
        cells: Sequence[tuple[str, Rings]],
        streets: Sequence[tuple[str, str, Rings, LonLat]],
        communities: Sequence[tuple[str, str, Rings, LonLat]],
        boundary_rings: Rings,
        *,
        derived: bool = False,
        districts: Sequence[tuple[str, str, LonLat]] = (),
    ) -> None:
        """Set the unit grid cells (grid code, lon/lat rings), the streets and communities
        (code, name, outline rings, label point) and the district boundary rings. Call once; the
        first call also fits the view to the district. ``derived``: the streets and communities
        are a derived partition, not surveyed: their labels read grey, in italics, marked
        "（派生）", and the legend says so. ``districts``: a city's districts (code, name, label
        point), named in large type while more than one of them is in view."""
        self._state.set_geography({
            "cells": cell_payload(cells),
            "streets": division_payload("streets", streets),
            "communities": division_payload("communities", communities),
            "boundary": polygon_payload("boundary", ["district"], [boundary_rings]),
            "derived": bool(derived),
            "districts": {"codes": [code for code, _n, _p in districts], "names": [name for _c, name, _p in districts],
                          "labels": [c for _c, _n, point in districts for c in point]},
        })
        self._schedule_flush()

    def set_cell_values(self, values: Mapping[str, float], legend_title: str, ramp: str = "load") -> None:
        """Replace every cell's value (grid code -> value; missing cells are unfilled). The legend
        shows `legend_title` and five classes of the ramp 'load' (blues) or 'overdue' (amber to red)."""
        breaks = class_breaks(values.values())
        legend = {"title": legend_title, "ramp": _checked("ramp", ramp, RAMPS),
                  "breaks": breaks, "labels": class_labels(breaks)}
        self._state.set_values(values, legend)
        self._schedule_flush()

    def update_cell_values(self, changed: Mapping[str, float]) -> None:
        """Change some cells' values; the legend classes stay as the last set_cell_values made them."""
        self._state.update_values(changed)
        self._schedule_flush()

    def set_markers(self, markers: Sequence[CaseMarker]) -> None:
        """Replace all case markers."""
        self._state.set_markers(markers)
        self._schedule_flush()

    def update_markers(self, changed: Sequence[CaseMarker], removed: Sequence[int]) -> None:
        """Add or move/restyle the `changed` markers and remove those with case ids in `removed`."""
        self._state.update_markers(changed, removed)
        self._schedule_flush()

    def set_components(self, points: Sequence[tuple[str, float, float, str]]) -> None:
        """Set the components (code, lon, lat, big class '01'..'06'); drawn from zoom 16 when visible."""
        self._state.components = component_payload(points)
        self._state.touch("components")
        self._schedule_flush()

    def set_components_visible(self, visible: bool) -> None:
        """Show or hide the components layer."""
        self._state.components_visible = bool(visible)
        self._state.touch("components_visible")
        self._schedule_flush()

    def set_flagged_cells(self, codes: Iterable[str]) -> None:
        """Outline these cells with a pulsing early-warning highlight (replaces the previous set)."""
        self._state.flagged = list(dict.fromkeys(codes))
        self._state.touch("flagged")
        self._schedule_flush()

    def select_case(self, case_id: int | None) -> None:
        """Ring the marker of this case (it follows the marker when it moves); None clears it."""
        self._state.selected = case_id
        self._state.touch("selected")
        self._schedule_flush()

    def set_tile_source(self, source: TileSource | None) -> None:
        """Show a base map under the cells: local folder/MBTiles through the "tiles" scheme, or an
        online template if that is what the caller configured; None removes it (the default)."""
        if source is None:
            self._state.tiles = None
        else:
            url = source.url_template
            if source.is_local:
                if self._tiles is None:
                    raise RuntimeError("call register_tile_scheme() before creating the QApplication")
                url = self._tiles.add_source(source)
            self._state.tiles = {"url": url, "minZoom": source.min_zoom, "maxZoom": source.max_zoom,
                                 "attribution": source.attribution}
        online = source is not None and not source.is_local
        self._page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, online)
        self._state.touch("tiles")
        self._schedule_flush()

    # -- Public API: view ------------------------------------------------------------------------

    def fit_bounds(self, west: float, south: float, east: float, north: float) -> None:
        """Show this lon/lat box as large as the view allows (the wall's tour uses it)."""
        if not (west < east and south < north):
            raise ValidationError("bounds", (west, south, east, north), "west < east and south < north")
        self._state.fit = ("fitBounds", west, south, east, north)
        self._schedule_flush()

    def pan_to(self, lon: float, lat: float) -> None:
        """Centre the map on (lon, lat) at the zoom it has now."""
        if not (-180 <= lon <= 180 and -85 <= lat <= 85):
            raise ValidationError("map centre", (lon, lat), "lon -180..180, lat -85..85")
        self._state.fit = ("panTo", float(lon), float(lat))
        self._schedule_flush()

    def fit_district(self) -> None:
        """Show the whole district."""
        self._state.fit = ("fitDistrict",)
        self._schedule_flush()

    def set_theme(self, theme: str) -> None:
        """'dark' (the wall, the default) or 'light' (a bright desk)."""
        self._state.theme = _checked("theme", theme, THEMES)
        self._state.touch("theme")
        self._schedule_flush()

    def set_font_scale(self, scale: float) -> None:
        """Grow labels, legend and markers for reading from across the room (1.0 = desk size)."""
        if not 0.5 <= scale <= 4:
            raise ValidationError("font scale", scale, "expected 0.5 to 4")
        self._state.font_scale = float(scale)
        self._state.touch("font_scale")
        self._schedule_flush()

    def is_ready(self) -> bool:
        """True once the page is loaded and connected."""
        return self._ready

    def wait_painted(self, timeout_ms: int = 10_000) -> None:
        """Return once the page is ready, every queued change is drawn and the page has painted the
        frames after it (what is on screen then shows them). The widget must be shown. Raises
        TimeoutError if that takes longer than `timeout_ms`."""
        self._wait_painted(QDeadlineTimer(timeout_ms), timeout_ms)

    def _wait_painted(self, deadline: QDeadlineTimer, timeout_ms: int) -> None:
        if not self._wait_until(self._is_settled, deadline):
            raise TimeoutError(f"map not ready and drawn within {timeout_ms} ms")
        self._wait_for_paint(deadline)

    def grab_when_ready(self, timeout_ms: int = 10_000) -> QImage:
        """A snapshot of the map once the page is ready and every queued change is drawn and painted.
        The widget must be shown. Raises TimeoutError if that takes longer than `timeout_ms`."""
        deadline = QDeadlineTimer(timeout_ms)
        self._wait_painted(deadline, timeout_ms)
        # A grab returns the frame the compositor delivered before it, which can be one frame old
        # while animations run; so grab once to take delivery, let the page paint again, grab.
        self._view.grab()
        self._wait_for_paint(deadline)
        return self._view.grab().toImage()

    # -- Private API -----------------------------------------------------------------------------

    def _strings(self) -> dict[str, object]:
        return {
            "none": self.tr("none"), "cases": self.tr("Cases"), "overdue": self.tr("Overdue"),
            "at_risk": self.tr("At risk"), "on_time": self.tr("On time"), "closed": self.tr("Closed"),
            "urgent": self.tr("Urgent"), "early_warning": self.tr("Early warning"),
            "components": self.tr("Components"),
            "derived_mark": self.tr(" (derived)"),
            "derived_note": self.tr("Streets and communities: derived partition, not surveyed boundaries"),
            "webgl_unavailable": self.tr("WebGL unavailable: using compatible drawing"),
            "component_classes": [self.tr("Public utilities"), self.tr("Roads and traffic"),
                                  self.tr("City appearance"), self.tr("Parks and greenery"),
                                  self.tr("Buildings and land"), self.tr("Other")],
        }

    def _schedule_flush(self) -> None:
        """Flush soon, but not sooner than FLUSH_INTERVAL_MS after the last flush, and never while
        the page is still busy with the previous batch."""
        if not self._ready or self._batches.in_flight or self._flush_timer.isActive():
            return
        waited = self._since_flush.elapsed() if self._since_flush.isValid() else self.FLUSH_INTERVAL_MS
        self._flush_timer.start(max(0, self.FLUSH_INTERVAL_MS - waited))

    def flush_now(self) -> None:
        """Send what is queued at once instead of at the next turn of the event loop (a whole new
        picture: the page draws it on its own process while this one paints the other panels).
        Waits as usual while the page is loading or busy with the previous batch."""
        if self._ready and not self._batches.in_flight:
            self._flush_timer.stop()
            self._flush()

    def _flush(self) -> None:
        if not self._ready or self._batches.in_flight:
            return
        script = self._state.take_script(self._seq + 1)
        if script is None:
            return
        self._seq += 1
        self._batches.sent(self._seq)
        self._since_flush.start()
        self._page.runJavaScript(script, 0, partial(self._on_batch_answered, self._seq))

    def _on_batch_answered(self, seq: int, result: object) -> None:
        answer = self._batches.answer(seq, result)
        if answer is Answer.CLOSED:   # called from the page's destructor: touch nothing
            log.debug("map batch %d not drawn: the map was closed", seq)
            return
        if answer is Answer.OVERTAKEN:
            log.debug("map batch %d answered after the page was loaded again", seq)
            return
        if answer is Answer.FAILED:
            log.error("map batch %d was not applied: %s", seq, result)
        else:
            self.sig_drawn.emit()
        if self._state.has_changes():
            self._schedule_flush()

    def _on_page_ready(self) -> None:
        self._ready = True
        self._batches.page_loaded()
        self._state.resend_all()
        self._flush()
        self.sig_ready.emit()

    def _on_load_started(self) -> None:
        """A (re)loaded page knows nothing: hold batches until it says ready, then send everything."""
        self._ready = False

    def _on_render_process_terminated(self, status, exit_code: int) -> None:
        log.error("map page renderer ended (%s, code %d); reloading it", status, exit_code)
        self._view.setHtml(self._html, page_base_url())

    def _is_settled(self) -> bool:
        return (self._ready and not self._batches.in_flight and not self._flush_timer.isActive()
                and not self._state.has_changes())

    def _wait_for_paint(self, deadline: QDeadlineTimer) -> None:
        self._seq += 1
        token, painted = self._seq, []
        self._bridge.sig_frame_painted.connect(painted.append)
        try:
            self._page.runJavaScript(f"ccMap.afterPaint({token})", 0)
            if not self._wait_until(lambda: token in painted, deadline):
                raise TimeoutError("map page did not paint in time")
        finally:
            self._bridge.sig_frame_painted.disconnect(painted.append)

    @staticmethod
    def _wait_until(condition: Callable[[], bool], deadline: QDeadlineTimer) -> bool:
        loop = QEventLoop()
        poll = QTimer(interval=10)
        poll.timeout.connect(lambda: (condition() or deadline.hasExpired()) and loop.quit())
        poll.start()
        if not condition():
            loop.exec()
        poll.stop()
        return condition()


def _checked(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValidationError(field, value, f"expected one of {allowed}")
    return value


def _preview() -> None:
    """`python -m widgets.map_view [--grab PNG] [--light]`: the map with a synthetic district."""
    import argparse
    import sys

    from PySide6.QtWidgets import QApplication

    from widgets.map.sample import preview_district

    parser = argparse.ArgumentParser(description=_preview.__doc__)
    parser.add_argument("--grab", help="save a screenshot to this PNG file and quit")
    parser.add_argument("--light", action="store_true", help="light theme")
    args = parser.parse_args()
    register_tile_scheme()
    app = QApplication(sys.argv[:1])
    view = MapView(theme="light" if args.light else "dark")
    view.resize(1600, 900)
    district = preview_district()
    view.set_geography(district.cells, district.streets, district.communities, district.boundary)
    view.set_cell_values(district.open_cases, view.tr("Open cases per grid"), "load")
    view.set_markers(district.markers)
    view.set_flagged_cells(district.flagged)
    view.select_case(district.markers[0].case_id)
    view.show()
    if args.grab:
        view.grab_when_ready(20_000).save(args.grab)
        return
    app.exec()


if __name__ == "__main__":
    _preview()
