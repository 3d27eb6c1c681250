"""The video wall (大屏): one read-only window over the situation picture, for leaders reading it
from across the room. No action is offered anywhere; the keys only move the view:
``P`` pins/unpins the tour, ←/→ step through it, ``H`` switches the heat between open and
overdue cases.

The window wires the wall's parts together: the panels of figures (figure_panels), the parts per
screen and their placing (screen_parts), what the map shows (map_layers, bounds), the titles
(titles), when figures are computed and drawn (refresh), the tour, pages and urgent focus (tour,
pager, urgent), the drill-down (drill) and the keys (keys)."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from commandcenter.clock import utc_now
from commandcenter.districts import district_codes
from commandcenter.kpi_asof import StoreKpis
from commandcenter.situation import CasesChanged
from ui.wall.arrangement import screen_rects
from ui.wall.bounds import area_bounds, beside_legend, district_boxes, tour_stops, union
from ui.wall.drill import DrillDown, area_row, department_row
from ui.wall.figure_panels import FigurePanels
from ui.wall.keys import handle_key, install_shortcuts
from ui.wall.legibility import min_text_px
from ui.wall.map_layers import MapLayers
from ui.wall.pager import Pager
from ui.wall.panels import Panel, stylesheet, wall_font
from ui.wall.presenter import WallFigures, WallPresenter
from ui.wall.refresh import Refresher
from ui.wall.render import district_labels
from ui.wall.screens import WallLayout, WallSettings
from ui.wall.screen_parts import ScreenParts
from ui.wall.selection import CODE_LENGTH, Selection, drill_into_grid
from ui.wall.titles import WallTitles, centre_title
from ui.wall.tour import Tour, TourStop, case_stop
from ui.wall.urgent import UrgentFocus, alert_stops
from ui.wall.watchdog import Watchdog
from widgets.map_view import MapView
from widgets.now_list import NowList

REFRESH_DEBOUNCE_MS = 1000
REFRESH_EVERY_MS = 30_000


class WallWindow(QWidget):
    """The wall over a session; ``context`` is a widgets.context.DeskContext with
    ``mask_personal_data`` set, ``geography`` what MapView.set_geography takes."""

    sig_refreshed = Signal()
    """New figures have reached every panel."""

    def __init__(self, session, context, geography, settings: WallSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("wall")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFont(wall_font())
        self.setWindowTitle(self.tr("Video wall"))
        self.session = session
        self.context = context
        self.settings = settings
        self._picture = session.picture
        self._presenter = WallPresenter(deadline_clock=context.deadline_clock, district_map=context.district_map,
                                        kpi_source=StoreKpis(session.backend, session.store))
        self._heat = settings.heat
        self._layout: WallLayout = settings.layout_for(3840, 2160)
        self.text_px = 0
        self._figures: WallFigures | None = None
        self._urgent = UrgentFocus()
        self._loaded_at = None

        # a city of several districts opens on all of them, a district's database on the district
        self._top = Selection("city") if len(district_codes(context.district_map)) > 1 else Selection()
        self._pager = Pager()
        self._build_panels(geography)
        self._tour = Tour(tour_stops(geography, self._top.level == "city"), settings.tour_seconds)
        self._drill = DrillDown(self._top)
        self._bounds = area_bounds(geography)
        self._whole_box = union(district_boxes(geography).values())
        self._map_scale = 1.0
        self._layers = MapLayers(self.map, [code for code, _rings in geography.cells])
        self._refresher = Refresher(self._snapshot, self._show_figures, debounce_ms=REFRESH_DEBOUNCE_MS,
                                    every_ms=REFRESH_EVERY_MS, parent=self)
        self._signals = session.signals
        self._signals.sig_reset.connect(self._refresh_now)
        self._signals.sig_cases_changed.connect(self._on_cases_changed)
        self._signals.sig_health_changed.connect(lambda _health: self._show_health())
        self._signals.sig_time_changed.connect(lambda _time: self._refresher.request())   # another "now"
        self._tour_timer = QTimer(self, interval=1000, timeout=self._on_tour_tick)
        # a still moment (snapshot --at) has no feed to watch
        feed = session.source if hasattr(session.source, "sig_health") else None
        self.watchdog = Watchdog(self.map, feed, parent=self)
        install_shortcuts(self, {Qt.Key.Key_P: self._on_pin, Qt.Key.Key_Right: lambda: self._on_step(1),
                                 Qt.Key.Key_Left: lambda: self._on_step(-1), Qt.Key.Key_H: self._on_heat_key})
        # the keys belong to the wall: a focused web page would take Esc for itself
        self.map.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for child in self.map.findChildren(QWidget):
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.map.sig_cell_clicked.connect(self._on_cell_clicked)
        self.map.sig_ready.connect(self._on_map_ready)
        self.streets.sig_row_clicked.connect(self._on_area_row)
        self.ranking.sig_row_clicked.connect(self._on_department_row)
        self._show_stop(self._tour.start(time.monotonic()))
        self._show_health()
        if self._picture.cases:
            self._refresh_now()
        self.set_animated(True)

    # Public API ---------------------------------------------------------------------------
    @property
    def tour(self) -> Tour:
        return self._tour

    @property
    def figures(self) -> WallFigures | None:
        return self._figures

    def set_animated(self, on: bool) -> None:
        """Run the tour, the ticker, the periodic refresh and the watchdog (off: a still picture)."""
        self._refresher.set_periodic(on)
        self._tour_timer.start() if on else self._tour_timer.stop()
        self.ticker.set_running(on)
        self.watchdog.start() if on else self.watchdog.stop()

    def set_heat(self, mode: str) -> None:
        """'open' or 'overdue' cases per grid."""
        self._heat = mode
        if self._figures is not None:
            self._layers.show_heat(self._figures, self._heat, self.selection)
        self._update_map_title()

    def layout_name(self) -> str:
        return self._layout.name

    @property
    def pager(self) -> Pager:
        return self._pager

    def show_page(self, name: str) -> None:
        """Bring the panel ``name`` forward where panels take turns (a single screen)."""
        if self._pager.show(name, time.monotonic()):
            self._show_page()

    def marker_labels(self) -> list[str]:
        """The labels of the case markers on the map (shown in its tooltips)."""
        return self._layers.marker_labels()

    # Qt overrides -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout = self.settings.layout_for(self.width(), self.height())
        self._place_panels()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Esc: back up one level; Enter: into the busiest area; Home: the whole district (city)."""
        if not handle_key(event, {Qt.Key.Key_Escape: self.back, Qt.Key.Key_Return: self._drill_busiest,
                                  Qt.Key.Key_Enter: self._drill_busiest, Qt.Key.Key_Home: self.show_whole}):
            super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.set_animated(False)
        self._refresher.stop()
        self._tour_timer.stop()
        self._signals.detach()
        self._refresher.wait_idle(5000)
        super().closeEvent(event)

    # Private API: building ----------------------------------------------------------------
    def _build_panels(self, geography) -> None:
        self._parts = ScreenParts(self, centre_title(self._top, self.context), self._picture.now)
        self.headers = self._parts.headers
        self.header = self.headers[0]
        self.map = MapView(self, theme="dark")
        self.map.set_geography(geography.cells, geography.streets, geography.communities, geography.boundary,
                               derived=geography.derived, districts=district_labels(self.context.district_map))
        map_panel = Panel("", self.map, self)
        figures = self._figure_panels = FigurePanels(self.context, self)
        self.kpis, self.hourly, self.trend, self.ranking, self.streets, self.ticker, self.now = (
            figures.kpis, figures.hourly, figures.trend, figures.ranking, figures.streets, figures.ticker, figures.now)
        self.panels = {"map": map_panel, **figures.panels}
        self._titles = WallTitles(self.context, self._top, self._parts.centre, self.panels, self.headers,
                                  self._pager)

    def _rebuild_for_layout(self) -> None:
        self._parts.arrange(self._layout, self.kpis, self.ticker)
        if self._figures is not None:
            self.header.freshness.set_health(self._picture.feed_ok, self._picture.feed_ok_at or self._loaded_at)

    def panel_widgets(self) -> dict[str, QWidget]:
        """Every placed widget by its placement name (``header.0``, ``kpis.1``, ``map`` …)."""
        return self._parts.widgets(self._layout, self.kpis, self.ticker, self.panels)

    def screen_rects(self):
        """The pixels of each screen of the wall, as [row][column] (bezel pixels excluded)."""
        layout = self._layout
        return screen_rects(self.width(), self.height(), layout.columns, layout.rows, self.settings.bezel_px)

    def _place_panels(self) -> None:
        """Every panel on whole cells of its screen's grid: bezels fall between panels."""
        layout = self._layout
        if self._parts.built != layout.name:
            self._rebuild_for_layout()
        screens = self.screen_rects()
        screen = screens[0][0]
        # type: 1 % of one screen's height, but never below what reads from the viewing distance
        self.text_px = min_text_px(self.settings.distance_m, self.settings.diagonal_in, screen.w, screen.h)
        unit = screen.h / 100
        self.setStyleSheet(stylesheet(unit))
        self._parts.place(layout, screens, self.panel_widgets(), unit, self.text_px)
        self._pager.set_pages(layout.pages, time.monotonic())
        self._show_page()
        self.now.set_text_px(max(self.text_px, round(unit * NowList.LINE_UNITS)))
        self._map_scale = min(4.0, max(0.5, self.text_px / 30.0))
        self.map.set_font_scale(self._map_scale)
        if self.selection.is_whole and self._tour.current.bounds is None:
            self._fit_whole()   # the legend's share of the map changed with the type size
        self._figure_panels.redraw()   # line widths and marks follow the unit
        if self._figures is not None:
            self._show_figures(self._figures)

    # Private API: refreshing --------------------------------------------------------------
    def _on_cases_changed(self, change: CasesChanged) -> None:
        self._focus_new_urgent(change)
        self._refresher.request()

    def _snapshot(self):
        """What the figures are computed from, taken on the GUI thread."""
        cases, now, selection = list(self._picture.cases.values()), self._picture.now(), self.selection
        return lambda: self._presenter.figures(cases, now, selection)

    def _refresh_now(self) -> None:
        """The first picture is drawn at once, so a snapshot or a restart never shows an empty wall."""
        if self._loaded_at is None:   # the tour and the pages begin once there is a picture
            self._show_stop(self._tour.start(time.monotonic()))
            self._pager.restart(time.monotonic())
            self._show_page()
        self._loaded_at = utc_now()
        for header in self.headers:   # a picture pinned to another moment (snapshot --at) shows its time at once
            header.clock.refresh()
        self._urgent.reset(self._picture.cases)
        self._refresher.draw_now(self._presenter.figures(list(self._picture.cases.values()), self._picture.now(),
                                                         self.selection))

    def _show_figures(self, figures: WallFigures) -> None:
        self._figures = figures
        self._figure_panels.show_charts(figures)
        calendar = self.context.calendar
        estimated = calendar.official_calendar_missing(calendar.years_in_use(figures.now))
        for header in self.headers:
            header.show_calendar_warning(estimated)
        self._titles.title_panels(figures.selection, figures.area_level)
        self._tour.set_extra(alert_stops(figures.ticker, self._bounds, self._picture.cases))
        self._layers.show_heat(figures, self._heat, self.selection)
        self._layers.show_markers(figures, self.context)
        self._urgent.forget_closed(self._picture.cases)
        self._layers.show_flagged(figures.flagged_cells)
        counts = self._figure_panels.show_alerts(figures)
        self._titles.set_title("now", self.tr("Now: {urgent} urgent, {warnings} early warnings").format(**counts),
                               self.tr("Now: {urgent} urgent, {warnings} warnings").format(**counts))
        self._show_health()
        self.sig_refreshed.emit()

    def _show_health(self) -> None:
        # before the feed's first healthy poll, the data is as current as the picture's last load
        last_ok = self._picture.feed_ok_at or self._loaded_at
        for header in self.headers:
            header.freshness.set_health(self._picture.feed_ok, last_ok)

    # Private API: the tour ----------------------------------------------------------------
    def _focus_new_urgent(self, change: CasesChanged) -> None:
        newest = self._urgent.newest_fresh(change.case_ids, self._picture.cases, self._picture.now())
        if newest is not None:
            self.show_page("now")   # a new emergency is in view at once, wherever the pages stood
            stop = self._tour.focus(case_stop(newest.id, newest.lon, newest.lat), time.monotonic())
            if stop is not None:
                self._show_stop(stop)

    def _show_page(self) -> None:
        for name in self._pager.pages:
            self.panels[name].setVisible(name == self._pager.current)

    def _on_tour_tick(self) -> None:
        if self._pager.tick(time.monotonic()):
            self._show_page()
        stop = self._tour.tick(time.monotonic())
        if stop is not None:
            self._show_stop(stop)

    def _on_pin(self) -> None:
        self._tour.toggle_pin(time.monotonic())
        self._update_map_title()

    def _on_step(self, delta: int) -> None:
        self._show_stop(self._tour.step(delta, time.monotonic()))

    def _on_heat_key(self) -> None:
        self.set_heat("overdue" if self._heat == "open" else "open")

    def _show_stop(self, stop: TourStop) -> None:
        if stop.bounds is None:
            self._fit_whole()
        else:
            self.map.fit_bounds(*stop.bounds)
        self.map.select_case(stop.case_id)
        self._update_map_title()

    def _on_map_ready(self) -> None:
        """Frame the whole area again once the page knows its final size (it loads after the layout)."""
        if self.selection.is_whole and self._tour.current.bounds is None:
            self._fit_whole()

    def _fit_whole(self) -> None:
        box, width = self._whole_box, self.map.width()
        if box is None or width <= 0:
            self.map.fit_district()
            return
        self.map.fit_bounds(*beside_legend(box, width, self._map_scale))

    def _update_map_title(self) -> None:
        self._titles.title_map(self.selection, self._tour.current, self._picture.cases, self._heat,
                               self._tour.pinned)

    # Drill-down ---------------------------------------------------------------------------
    @property
    def selection(self) -> Selection:
        return self._drill.current

    def select(self, selection: Selection) -> None:
        """Show ``selection``'s figures (tiles and charts follow it, titled with it), the map on
        its area; the tour holds still until Esc brings the whole district (city) back."""
        if self._drill.select(selection):
            self._show_selection()

    def back(self) -> None:
        """Esc: one step back up (street → district → city …)."""
        if self._drill.back():
            self._show_selection()

    def show_whole(self) -> None:
        """Home: the whole district, or the whole city of a database of several districts."""
        self._drill.home()
        self._show_selection()

    def _show_selection(self) -> None:
        selection = self._drill.current
        self._tour.pinned = not selection.is_whole
        bounds = self._bounds.get(selection.code or "") if selection.level in CODE_LENGTH else None
        if selection.is_whole:
            self._fit_whole()
        elif bounds is not None:
            self.map.fit_bounds(*bounds)
        self._update_map_title()
        self._refresh_now()

    def _on_cell_clicked(self, grid_code: str) -> None:
        self.select(drill_into_grid(self.selection, grid_code))

    def _on_area_row(self, index: int) -> None:
        selection = area_row(self._figures, index)
        if selection is not None:
            self.select(selection)

    def _on_department_row(self, index: int) -> None:
        selection = department_row(self._figures, index)
        if selection is not None:
            self.select(selection)

    def _drill_busiest(self) -> None:
        """Enter: into the area with the most open cases (the area chart's first bar)."""
        self._on_area_row(0)

    def selection_name(self, selection: Selection | None = None, *, short: bool = False) -> str:
        """The selection's name from the top ("片区03 片区03-02"); ``short``: its own name only
        (in a city, after its district's)."""
        return self._titles.selection_name(selection or self.selection, short=short)


def build_wall(session, args) -> WallWindow:
    """The wall over ``session`` (used by ``wall`` and ``snapshot wall``), sized and placed by the
    caller, who starts the session; personal data never enters the wall's picture."""
    from ui.basemap import apply_basemap
    from ui.wall.cli import settings_from_args

    settings = settings_from_args(args, window_size=False)
    session.show_to(None, public=True)
    if getattr(args, "at", None):   # the wall as it stood (or will stand) at that moment
        from ui.wall.moment import MomentSource, parse_moment

        session.source = MomentSource(session.store, session.picture, parse_moment(args.at))
    window = WallWindow(session, session.context(public=True), session.data.geography, settings)
    if getattr(args, "page", None):   # a still picture of one of the panels that take turns
        window.pager.hold(args.page)
    if getattr(args, "still", False):   # a snapshot: the first view of the tour, nothing moving
        window.set_animated(False)
    apply_basemap(window.map, session.data.basemap)
    return window
