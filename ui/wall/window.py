"""The video wall (大屏): one read-only window over the situation picture, for leaders reading it
from across the room. No action is offered anywhere; the keys only move the view:
``P`` pins/unpins the tour, ←/→ step through it, ``H`` switches the heat between open and
overdue cases."""
from __future__ import annotations

import logging
import time

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from commandcenter.clock import utc_now
from commandcenter.kpi_asof import StoreKpis
from commandcenter.situation import CasesChanged
from ui.wall.panels import Header, Panel, stylesheet, wall_font
from ui.wall.presenter import WallFigures, WallPresenter, is_highlighted
from ui.wall.render import marker_of, ranking_rows, street_rows, ticker_entries
from ui.wall.screens import WallLayout, WallSettings, layout_for_size, parse_layout
from ui.wall.tour import Tour, TourStop, case_stop
from ui.wall.watchdog import Watchdog
from widgets.charts import HBarChart, HourlyIntakeChart, RateTrendChart
from widgets.kpi_strip import KpiStrip
from widgets.map_view import MapView
from widgets.ops import CommandRunner
from widgets.ticker import Ticker

log = logging.getLogger(__name__)

REFRESH_DEBOUNCE_MS = 1000
REFRESH_EVERY_MS = 30_000
HEAT_RESCALE_S = 600
NEW_CASE_WINDOW_S = 3600


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
        self._layout: WallLayout = parse_layout(settings.layout) if settings.layout else parse_layout("1x1")
        self._figures: WallFigures | None = None
        self._markers: dict = {}
        self._heat_values: dict[str, int] = {}
        self._heat_mode: str | None = None
        self._heat_scaled_at = 0.0
        self._drawn: dict = {}
        self._flagged: tuple[str, ...] = ()
        self._highlighted: set[int] = set()
        self._generation = 0
        self._applied = 0
        self._computing = False
        self._dirty = False
        self._loaded_at = None

        self._build_panels(geography)
        self._tour = Tour(self._tour_stops(geography), settings.tour_seconds)
        self._signals = session.signals
        self._signals.sig_reset.connect(self._refresh_now)
        self._signals.sig_cases_changed.connect(self._on_cases_changed)
        self._signals.sig_health_changed.connect(lambda _health: self._show_health())
        self._runner = CommandRunner(self)
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS, timeout=self._refresh)
        self._periodic = QTimer(self, interval=REFRESH_EVERY_MS, timeout=self._refresh)
        self._tour_timer = QTimer(self, interval=1000, timeout=self._on_tour_tick)
        self.watchdog = Watchdog(self.map, session.source, parent=self)
        self._install_keys()
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
        for timer in (self._periodic, self._tour_timer):
            timer.start() if on else timer.stop()
        self.ticker.set_running(on)
        self.watchdog.start() if on else self.watchdog.stop()

    def set_heat(self, mode: str) -> None:
        """'open' or 'overdue' cases per grid."""
        self._heat = mode
        if self._figures is not None:
            self._apply_heat(self._figures)
        self._update_map_title()

    def layout_name(self) -> str:
        return self._layout.name

    def marker_labels(self) -> list[str]:
        """The labels of the case markers on the map (shown in its tooltips)."""
        return [m.label for m in self._markers.values()]

    # Qt overrides -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if not self.settings.layout:
            self._layout = layout_for_size(self.width(), self.height())
        self._place_panels()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.set_animated(False)
        self._signals.detach()
        self._runner.wait_idle(5000)
        super().closeEvent(event)

    # Private API: building ----------------------------------------------------------------
    def _build_panels(self, geography) -> None:
        district = self.context.district_map.district.name if self.context.district_map else ""
        self.header = Header(self.tr("{district} City Operations Centre").format(district=district).strip(),
                             self._picture.now, self)
        self.kpis = KpiStrip(lang=self.context.lang, theme="wall", parent=self)
        self.map = MapView(self, theme="dark")
        self.map.set_geography(geography.cells, geography.streets, geography.communities, geography.boundary,
                               derived=geography.derived)
        self.hourly = HourlyIntakeChart()
        self.trend = RateTrendChart()
        self.ranking = HBarChart()
        self.streets = HBarChart()
        self.ticker = Ticker(self)
        self.ticker.set_empty_text(self.tr("No overdue or urgent cases, no early warnings"))
        self.panels = {
            "map": Panel("", self.map, self),
            "hourly": Panel(self.tr("Reports per hour"), self.hourly, self),
            "trend": Panel(self.tr("On-time closing rate, last 30 days"), self.trend, self),
            "ranking": Panel(self.tr("Departments: on-time handling, overdue"), self.ranking, self),
            "streets": Panel(self.tr("Streets: open cases (red: overdue)"), self.streets, self),
        }

    def _tour_stops(self, geography) -> list[TourStop]:
        stops = [TourStop("district", None)]
        for code, _name, rings, _label in geography.streets:
            points = [p for ring in rings for p in ring]
            if points:
                lons, lats = [p[0] for p in points], [p[1] for p in points]
                stops.append(TourStop(code, (min(lons), min(lats), max(lons), max(lats))))
        return stops

    def _install_keys(self) -> None:
        for key, handler in ((Qt.Key.Key_P, self._on_pin), (Qt.Key.Key_Right, lambda: self._on_step(1)),
                             (Qt.Key.Key_Left, lambda: self._on_step(-1)), (Qt.Key.Key_H, self._on_heat_key)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(handler)

    def _place_panels(self) -> None:
        """Every panel on whole cells of its screen's grid: bezels fall between panels."""
        layout = self._layout
        cols, rows = layout.grid_size
        unit = self.height() / layout.rows / 100
        gap = max(4, round(unit * 0.9))
        self.setStyleSheet(stylesheet(unit))
        self.kpis.arrange(*layout.kpi_grid)
        widgets = {"header": self.header, "kpis": self.kpis, "ticker": self.ticker, **self.panels}
        for name, widget in widgets.items():
            p = layout.placements[name]
            x0, x1 = round(p.col * self.width() / cols), round((p.col + p.cols) * self.width() / cols)
            y0, y1 = round(p.row * self.height() / rows), round((p.row + p.rows) * self.height() / rows)
            inset = 0 if name in ("header", "ticker") else gap // 2
            widget.setGeometry(QRect(x0 + inset, y0 + inset, x1 - x0 - 2 * inset, y1 - y0 - 2 * inset))
            if hasattr(widget, "set_unit"):
                widget.set_unit(unit)
        self.map.set_font_scale(min(4.0, max(0.5, unit / 8.0)))
        self._drawn.clear()   # line widths and marks follow the unit: draw again
        if self._figures is not None:
            self._apply(self._applied, self._figures)

    # Private API: refreshing --------------------------------------------------------------
    def _on_cases_changed(self, change: CasesChanged) -> None:
        self._focus_new_urgent(change)
        if not self._debounce.isActive():
            self._debounce.start()

    def _refresh(self) -> None:
        """Compute the figures off the GUI thread (a month of cases takes a fraction of a second)."""
        if self._computing:
            self._dirty = True
            return
        self._computing = True
        self._generation += 1
        generation, cases, now = self._generation, list(self._picture.cases.values()), self._picture.now()
        self._runner.run(lambda: self._presenter.figures(cases, now),
                         lambda figures, error: self._on_figures(generation, figures, error))

    def _refresh_now(self) -> None:
        """The first picture is drawn at once, so a snapshot or a restart never shows an empty wall."""
        self._loaded_at = utc_now()
        self._generation += 1
        self._highlighted = {c.id for c in self._picture.cases.values() if c.is_open and is_highlighted(c)}
        self._apply(self._generation, self._presenter.figures(list(self._picture.cases.values()), self._picture.now()))

    def _on_figures(self, generation: int, figures: WallFigures | None, error: Exception | None) -> None:
        self._computing = False
        if error is not None:
            log.error("wall figures failed: %s", error, exc_info=error)
        else:
            self._apply(generation, figures)
        if self._dirty:
            self._dirty = False
            self._debounce.start()

    def _apply(self, generation: int, figures: WallFigures) -> None:
        if generation < self._applied:
            return
        self._applied = generation
        self._figures = figures
        self.kpis.show_tiles(figures.kpis)
        calendar = self.context.calendar
        self.header.show_calendar_warning(calendar.official_calendar_missing(calendar.years_in_use(figures.now)))
        # a chart is redrawn only when what it shows changed (most refreshes only move the clock)
        self._draw("hourly", self.hourly.set_data, figures.hourly_today, figures.hourly_usual,
                   (self.tr("Today"), self.tr("Usual for this weekday ({weeks} weeks)").format(
                       weeks=figures.usual_weeks)))
        trend = [(p.day, p.rate, p.provisional) for p in figures.on_time_trend]
        self._draw("trend", self.trend.set_data, trend, self.tr("today so far"))
        ranking = ranking_rows(figures.departments, self.context, self.tr("{count} overdue"))
        self._draw("ranking", self.ranking.set_rows, ranking, 100, 0.42)
        self._draw("streets", self.streets.set_rows, street_rows(figures.streets, self.context))
        self._apply_heat(figures)
        self._apply_markers(figures)
        if figures.flagged_cells != self._flagged:
            self._flagged = figures.flagged_cells
            self.map.set_flagged_cells(self._flagged)
        self._draw("ticker", self.ticker.set_entries, ticker_entries(figures.ticker, self.context,
                                                                     self._ticker_words()))
        self._show_health()
        self.sig_refreshed.emit()

    def _draw(self, chart, setter, *args) -> None:
        if self._drawn.get(chart) != args:
            self._drawn[chart] = args
            setter(*args)

    def _apply_heat(self, figures: WallFigures) -> None:
        """Only the cells that changed go to the page; the legend's classes are set afresh on a
        switch of heat and every HEAT_RESCALE_S (every batch is a script the page compiles)."""
        values = dict(figures.overdue_per_cell if self._heat == "overdue" else figures.open_per_cell)
        now = time.monotonic()
        if self._heat_mode != self._heat or now - self._heat_scaled_at > HEAT_RESCALE_S:
            self._heat_mode, self._heat_scaled_at = self._heat, now
            if self._heat == "overdue":
                self.map.set_cell_values(values, self.tr("Overdue cases per grid"), "overdue")
            else:
                self.map.set_cell_values(values, self.tr("Open cases per grid"), "load")
        else:
            changed = {code: float(values.get(code, 0)) for code in set(values) | set(self._heat_values)
                       if values.get(code, 0) != self._heat_values.get(code, 0)}
            if changed:
                self.map.update_cell_values(changed)
        self._heat_values = values

    def _apply_markers(self, figures: WallFigures) -> None:
        markers = {m.case_id: marker_of(m, self.context) for m in figures.markers}
        changed = [m for case_id, m in markers.items() if self._markers.get(case_id) != m]
        removed = [case_id for case_id in self._markers if case_id not in markers]
        if changed or removed:
            self.map.update_markers(changed, removed)
        self._markers = markers

    def _ticker_words(self) -> dict[str, str]:
        return {"warning": self.tr("Early warning"), "urgent": self.tr("Urgent"), "overdue": self.tr("Overdue"),
                "warning_text": self.tr("{place}: {count} reports in {hours} h, usually {expected}"),
                "grid": self.tr("grid {grid}")}

    def _show_health(self) -> None:
        # before the feed's first healthy poll, the data is as current as the picture's last load
        last_ok = self._picture.feed_ok_at or self._loaded_at
        self.header.freshness.set_health(self._picture.feed_ok, last_ok)

    # Private API: the tour ----------------------------------------------------------------
    def _focus_new_urgent(self, change: CasesChanged) -> None:
        now = self._picture.now()
        fresh = []
        for case_id in change.case_ids:
            case = self._picture.cases.get(case_id)
            if case is None or not (case.is_open and is_highlighted(case)) or case_id in self._highlighted:
                continue
            self._highlighted.add(case_id)
            if (now - case.created_at).total_seconds() < NEW_CASE_WINDOW_S:
                fresh.append(case)
        if fresh:
            newest = max(fresh, key=lambda c: c.created_at)
            stop = self._tour.focus(case_stop(newest.id, newest.lon, newest.lat), time.monotonic())
            if stop is not None:
                self._show_stop(stop)

    def _on_tour_tick(self) -> None:
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
            self.map.fit_district()
        else:
            self.map.fit_bounds(*stop.bounds)
        self.map.select_case(stop.case_id)
        self._update_map_title()

    def _update_map_title(self) -> None:
        stop = self._tour.current
        if stop.case_id is not None:
            case = self._picture.cases.get(stop.case_id)
            where = self.tr("Urgent case {number}").format(number=case.number if case else stop.case_id)
        elif stop.bounds is None:
            where = self.tr("Whole district")
        else:
            where = self.context.street_name(stop.key)
        heat = self.tr("open cases") if self._heat == "open" else self.tr("overdue cases")
        state = self.tr("pinned") if self._tour.pinned else self.tr("touring")
        title = self.tr("District map")
        self.panels["map"].set_title(f"{title} · {where} · {heat} · {state}")


def build_wall(session, args) -> WallWindow:
    """The wall over ``session`` (used by ``wall`` and ``snapshot wall``), sized and placed by the
    caller, who starts the session; personal data never enters the wall's picture."""
    from ui.basemap import apply_basemap
    from ui.wall.cli import settings_from_args

    settings = settings_from_args(args, window_size=False)
    session.show_to(None, public=True)
    window = WallWindow(session, session.context(public=True), session.data.geography, settings)
    apply_basemap(window.map, session.data.basemap)
    return window
