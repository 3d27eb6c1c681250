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
from commandcenter.districts import district_codes
from commandcenter.kpi_asof import StoreKpis
from commandcenter.situation import CasesChanged
from ui.wall.panels import Header, Panel, stylesheet, wall_font
from ui.wall.presenter import WallFigures, WallPresenter, is_highlighted
from ui.wall.render import (area_name, district_labels, marker_of, now_entries, ordered_areas, ranking_rows, street_rows,
                            ticker_entries)
from ui.wall.selection import CODE_LENGTH, Selection, child_selection, drill_into_grid
from ui.wall.arrangement import placement_rect, screen_rects
from ui.wall.heat import aggregate, heat_level
from ui.wall.legibility import min_text_px
from ui.wall.pager import Pager
from ui.wall.parts import KpiStrips, Tickers
from ui.wall.screens import WallLayout, WallSettings
from ui.wall.tour import Tour, TourStop, case_stop
from ui.wall.watchdog import Watchdog
from widgets.charts import HBarChart, HourlyIntakeChart, RateTrendChart
from widgets.now_list import NowList
from widgets.map_view import MapView
from widgets.ops import CommandRunner

log = logging.getLogger(__name__)

REFRESH_DEBOUNCE_MS = 1000

REFRESH_EVERY_MS = 30_000
HEAT_RESCALE_S = 600
NEW_CASE_WINDOW_S = 3600
MAX_ALERT_STOPS = 12
LEGEND_CSS_PX = 190
"""About how wide the map's legend is at font scale 1 (resources/map/map.css)."""


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
        self._built_layout: str | None = None
        self.text_px = 0
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

        # a city of several districts opens on all of them, a district's database on the district
        self._top = Selection("city") if len(district_codes(context.district_map)) > 1 else Selection()
        self._pager = Pager()
        self._build_panels(geography)
        self._tour = Tour(self._tour_stops(geography), settings.tour_seconds)
        self._selection = self._top
        self._back: list[Selection] = []
        self._bounds = self._area_bounds(geography)
        boxes = list(self._district_boxes(geography).values())
        self._whole_box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                           max(b[3] for b in boxes)) if boxes else None
        self._map_scale = 1.0
        self._grid_codes = [code for code, _rings in geography.cells]
        self._heat_level = "grid"
        self._signals = session.signals
        self._signals.sig_reset.connect(self._refresh_now)
        self._signals.sig_cases_changed.connect(self._on_cases_changed)
        self._signals.sig_health_changed.connect(lambda _health: self._show_health())
        # another "now"; a clock moved every second must not keep restarting the debounce (no refresh)
        self._signals.sig_time_changed.connect(lambda _time: self._debounce.isActive() or self._debounce.start())
        self._runner = CommandRunner(self)
        self._closing = False
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS, timeout=self._refresh)
        self._periodic = QTimer(self, interval=REFRESH_EVERY_MS, timeout=self._refresh)
        self._tour_timer = QTimer(self, interval=1000, timeout=self._on_tour_tick)
        # a still moment (snapshot --at) has no feed to watch
        feed = session.source if hasattr(session.source, "sig_health") else None
        self.watchdog = Watchdog(self.map, feed, parent=self)
        self._install_keys()
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

    @property
    def pager(self) -> Pager:
        return self._pager

    def show_page(self, name: str) -> None:
        """Bring the panel ``name`` forward where panels take turns (a single screen)."""
        if self._pager.show(name, time.monotonic()):
            self._show_page()

    def marker_labels(self) -> list[str]:
        """The labels of the case markers on the map (shown in its tooltips)."""
        return [m.label for m in self._markers.values()]

    # Qt overrides -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout = self.settings.layout_for(self.width(), self.height())
        self._place_panels()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Esc: back up one level; Enter: into the busiest area; Home: the whole district (city)."""
        handler = {Qt.Key.Key_Escape: self.back, Qt.Key.Key_Return: self._drill_busiest,
                   Qt.Key.Key_Enter: self._drill_busiest, Qt.Key.Key_Home: self.show_whole}.get(event.key())
        if handler is None:
            super().keyPressEvent(event)
            return
        handler()
        event.accept()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.set_animated(False)
        self._closing = True   # a computation still running must not start another refresh
        for timer in (self._debounce, self._periodic, self._tour_timer):
            timer.stop()
        self._signals.detach()
        self._runner.wait_idle(5000)
        super().closeEvent(event)

    # Private API: building ----------------------------------------------------------------
    def _build_panels(self, geography) -> None:
        if self._top.level == "city":
            self._title = self.tr("City Operations Centre · {count} districts").format(
                count=len(district_codes(self.context.district_map)))
        else:
            district = self.context.district_map.district.name if self.context.district_map else ""
            self._title = self.tr("{district} City Operations Centre").format(district=district).strip()
        self.headers: list[Header] = []
        self.header = self._new_header()
        self.kpis = KpiStrips(self.context.lang, self)
        self.map = MapView(self, theme="dark")
        self.map.set_geography(geography.cells, geography.streets, geography.communities, geography.boundary,
                               derived=geography.derived, districts=district_labels(self.context.district_map))
        self.hourly = HourlyIntakeChart()
        self.trend = RateTrendChart()
        self.ranking = HBarChart()
        self.ranking.keep_last = True
        self.streets = HBarChart()
        self.ticker = Tickers(self.tr("No overdue or urgent cases, no early warnings"), self)
        self.now = NowList()
        self.now.set_words(self.tr("Nothing urgent, no early warnings"), self.tr("+{count} more"))
        self.spares: list[Panel] = []
        self.panels = {
            "map": Panel("", self.map, self),
            "hourly": Panel(self.tr("Reports per hour"), self.hourly, self),
            "trend": Panel(self.tr("On-time closing rate, last 30 days"), self.trend, self),
            "ranking": Panel(self.tr("Departments: on-time handling (red: cases overdue now)"), self.ranking,
                             self),
            "streets": Panel(self.tr("Streets: open cases (red: overdue)"), self.streets, self),
            "now": Panel(self.tr("Now: urgent cases and early warnings"), self.now, self),
        }

    def _tour_stops(self, geography) -> list[TourStop]:
        stops = [TourStop("district", None)]
        if self._top.level == "city":   # each district, then its streets
            stops += [TourStop(code, box) for code, box in self._district_boxes(geography).items()]
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

    def _new_header(self) -> Header:
        header = Header(self._title, self._picture.now, self)
        self.headers.append(header)
        return header

    def _rebuild_for_layout(self) -> None:
        """Header segments, tickers and KPI strips: one per screen that shows them."""
        layout = self._layout
        while len(self.headers) < layout.columns:
            self._new_header().show()
        for header, parts in zip(self.headers, layout.header_parts):
            header.show_parts(parts)
        for header in self.headers[layout.columns:]:
            header.hide()
        self.ticker.ensure(layout.columns)
        self.kpis.arrange(layout.kpi_parts)
        spares = [name for name in layout.placements if name.startswith("spare.")]
        while len(self.spares) < len(spares):
            self.spares.append(Panel("", QWidget(), self))
        for panel in self.spares[len(spares):]:
            panel.hide()
        self._built_layout = layout.name
        if self._figures is not None:
            self.header.freshness.set_health(self._picture.feed_ok, self._picture.feed_ok_at or self._loaded_at)

    def panel_widgets(self) -> dict[str, QWidget]:
        """Every placed widget by its placement name (``header.0``, ``kpis.1``, ``map`` …)."""
        widgets: dict[str, QWidget] = {}
        spares = iter(self.spares)
        for name in self._layout.placements:
            kind, _, index = name.partition(".")
            if kind == "header":
                widgets[name] = self.headers[int(index)]
            elif kind == "ticker":
                widgets[name] = self.ticker.tickers[int(index)]
            elif kind == "kpis":
                widgets[name] = self.kpis.strips[int(index)]
            elif kind == "spare":
                widgets[name] = next(spares)
            else:
                widgets[name] = self.panels[name]
        return widgets

    def screen_rects(self):
        """The pixels of each screen of the wall, as [row][column] (bezel pixels excluded)."""
        layout = self._layout
        return screen_rects(self.width(), self.height(), layout.columns, layout.rows, self.settings.bezel_px)

    def _place_panels(self) -> None:
        """Every panel on whole cells of its screen's grid: bezels fall between panels."""
        layout = self._layout
        if self._built_layout != layout.name:
            self._rebuild_for_layout()
        screens = self.screen_rects()
        screen = screens[0][0]
        # type: 1 % of one screen's height, but never below what reads from the viewing distance
        self.text_px = min_text_px(self.settings.distance_m, self.settings.diagonal_in, screen.w, screen.h)
        unit = screen.h / 100
        gap = max(4, round(screen.h / 100 * 0.9))
        self.setStyleSheet(stylesheet(unit))
        for name, widget in self.panel_widgets().items():
            r = placement_rect(layout.placements[name], screens)
            inset = 0 if name.startswith(("header", "ticker")) else gap // 2
            widget.setGeometry(QRect(r.x + inset, r.y + inset, r.w - 2 * inset, r.h - 2 * inset))
            widget.show()
            if hasattr(widget, "set_unit"):
                widget.set_unit(unit, self.text_px)
        self._pager.set_pages(layout.pages, time.monotonic())
        self._show_page()
        self.now.set_text_px(max(self.text_px, round(unit * NowList.LINE_UNITS)))
        self._map_scale = min(4.0, max(0.5, self.text_px / 30.0))
        self.map.set_font_scale(self._map_scale)
        if self._selection.is_whole and self._tour.current.bounds is None:
            self._fit_whole()   # the legend's share of the map changed with the type size
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
        selection = self._selection
        self._runner.run(lambda: self._presenter.figures(cases, now, selection),
                         lambda figures, error: self._on_figures(generation, figures, error))

    def _refresh_now(self) -> None:
        """The first picture is drawn at once, so a snapshot or a restart never shows an empty wall."""
        if self._loaded_at is None:   # the tour and the pages begin once there is a picture
            self._show_stop(self._tour.start(time.monotonic()))
            self._pager.restart(time.monotonic())
            self._show_page()
        self._loaded_at = utc_now()
        for header in self.headers:   # a picture pinned to another moment (snapshot --at) shows its time at once
            header.clock.refresh()
        self._generation += 1
        self._highlighted = {c.id for c in self._picture.cases.values() if c.is_open and is_highlighted(c)}
        self._apply(self._generation, self._presenter.figures(list(self._picture.cases.values()), self._picture.now(),
                                                              self._selection))

    def _on_figures(self, generation: int, figures: WallFigures | None, error: Exception | None) -> None:
        self._computing = False
        if error is not None:
            log.error("wall figures failed: %s", error, exc_info=error)
        else:
            self._apply(generation, figures)
        if self._dirty and not self._closing:
            self._dirty = False
            self._debounce.start()

    def _apply(self, generation: int, figures: WallFigures) -> None:
        if generation < self._applied:
            return
        self._applied = generation
        self._figures = figures
        self.kpis.show_tiles(figures.kpis)
        calendar = self.context.calendar
        estimated = calendar.official_calendar_missing(calendar.years_in_use(figures.now))
        for header in self.headers:
            header.show_calendar_warning(estimated)
        # a chart is redrawn only when what it shows changed (most refreshes only move the clock)
        self._draw("hourly", self.hourly.set_data, figures.hourly_today, figures.hourly_usual,
                   (self.tr("Today"), self.tr("Usual for this weekday ({weeks} weeks)").format(
                       weeks=figures.usual_weeks)))
        trend = [(p.day, p.rate, p.provisional) for p in figures.on_time_trend]
        today_shown = bool(trend) and trend[-1][1] is not None
        self._draw("trend", self.trend.set_data, trend,
                   self.tr("today so far") if today_shown else self.tr("today: too few closed yet"),
                   self.tr("today so far") if today_shown else self.tr("today: too few"))
        ranking = ranking_rows(figures.departments, self.context, "{count}")   # the title says red is overdue
        self._draw("ranking", self.ranking.set_rows, ranking, 100, 0.42)
        self._draw("streets", self.streets.set_rows, street_rows(figures.streets, self.context, figures.area_level))
        self._title_panels(figures.selection, figures.area_level)
        self._tour.set_extra(self._alert_stops(figures))
        self._apply_heat(figures)
        self._apply_markers(figures)
        self._forget_closed_highlights()
        if figures.flagged_cells != self._flagged:
            self._flagged = figures.flagged_cells
            self.map.set_flagged_cells(self._flagged)
        words = self._ticker_words()
        self._draw("ticker", self.ticker.set_entries, ticker_entries(figures.ticker, self.context, words))
        now_items = now_entries(figures.ticker, self.context, words, figures.now)
        self.now.set_entries(now_items)
        counts = dict(urgent=sum(1 for t in figures.ticker if t.kind == "urgent"),
                      warnings=sum(1 for t in figures.ticker if t.kind == "warning"))
        self._set_title("now", self.tr("Now: {urgent} urgent, {warnings} early warnings").format(**counts),
                        self.tr("Now: {urgent} urgent, {warnings} warnings").format(**counts))
        self._show_health()
        self.sig_refreshed.emit()

    def _draw(self, chart, setter, *args) -> None:
        if self._drawn.get(chart) != args:
            self._drawn[chart] = args
            setter(*args)

    def _apply_heat(self, figures: WallFigures) -> None:
        """Only the cells that changed go to the page; the legend's classes are set afresh on a
        switch of heat and every HEAT_RESCALE_S (every batch is a script the page compiles)."""
        raw = figures.overdue_per_cell if self._heat == "overdue" else figures.open_per_cell
        selection = self._selection
        shown = [g for g in self._grid_codes if selection.owns(g)] if selection.level != "department" else \
            self._grid_codes
        communities = len({g[:12] for g in shown})
        level = heat_level(min(self.map.width(), self.map.height()), len(shown), communities)
        values = aggregate(raw, self._grid_codes, level)
        now = time.monotonic()
        if (self._heat_mode != self._heat or now - self._heat_scaled_at > HEAT_RESCALE_S
                or level != self._heat_level):
            self._heat_mode, self._heat_scaled_at, self._heat_level = self._heat, now, level
            what = self.tr("Overdue cases per grid") if self._heat == "overdue" else self.tr("Open cases per grid")
            if level != "grid":
                what += " " + (self.tr("(community mean)") if level == "community" else self.tr("(street mean)"))
            self.map.set_cell_values(values, what, "overdue" if self._heat == "overdue" else "load")
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
                "grid": self.tr("grid {grid}"), "overdue_text": self.tr("{hours} h over"),
                "just_overdue": self.tr("just overdue"), "minutes_ago": self.tr("{minutes} min ago"),
                "hours_ago": self.tr("{hours} h ago"), "reports": self.tr("reports"),
                "burst": self.tr("{what} ×{count} · {place}")}

    def _show_health(self) -> None:
        # before the feed's first healthy poll, the data is as current as the picture's last load
        last_ok = self._picture.feed_ok_at or self._loaded_at
        for header in self.headers:
            header.freshness.set_health(self._picture.feed_ok, last_ok)

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
            self.show_page("now")   # a new emergency is in view at once, wherever the pages stood
            newest = max(fresh, key=lambda c: c.created_at)
            stop = self._tour.focus(case_stop(newest.id, newest.lon, newest.lat), time.monotonic())
            if stop is not None:
                self._show_stop(stop)

    def _show_page(self) -> None:
        for name in self._pager.pages:
            self.panels[name].setVisible(name == self._pager.current)

    def _forget_closed_highlights(self) -> None:
        """Remember only the open urgent cases already brought into focus: every urgent case
        ever seen would otherwise pile up for as long as the wall runs."""
        cases = self._picture.cases
        self._highlighted = {i for i in self._highlighted
                             if (c := cases.get(i)) is not None and c.is_open and is_highlighted(c)}

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
        if self._selection.is_whole and self._tour.current.bounds is None:
            self._fit_whole()

    def _fit_whole(self) -> None:
        """The whole district (city) left of the map's legend, which at the wall's type size
        covers a third of a single screen's map."""
        box, width = self._whole_box, self.map.width()
        if box is None or width <= 0:
            self.map.fit_district()
            return
        share = min(0.4, LEGEND_CSS_PX * self._map_scale / width)
        west, south, east, north = box
        pad_x, pad_y = (east - west) * 0.04, (north - south) * 0.04   # the map snaps its zoom: keep edges in
        west, south, east, north = west - pad_x, south - pad_y, east + pad_x, north + pad_y
        self.map.fit_bounds(west, south, east + (east - west) * share / (1 - share), north)

    def _update_map_title(self) -> None:
        stop = self._tour.current
        if not self._selection.is_whole:
            where = self.selection_name()
        elif stop.case_id is not None:
            case = self._picture.cases.get(stop.case_id)
            where = self.tr("Urgent case {number}").format(number=case.number if case else stop.case_id)
        elif stop.key.startswith("warning:"):
            where = self.tr("Early warning {place}").format(place=self.selection_name(
                Selection("grid", stop.key.partition(":")[2])))
        elif stop.bounds is None:
            where = self.selection_name(self._top)
        elif len(stop.key) == CODE_LENGTH["district"]:
            where = area_name("district", stop.key, self.context)
        else:
            where = self.context.street_name(stop.key)
        heat = self.tr("open cases") if self._heat == "open" else self.tr("overdue cases")
        state = self.tr("pinned") if self._tour.pinned else self.tr("touring")
        title = self.tr("City map") if self._top.level == "city" else self.tr("District map")
        short = self.selection_name(short=True) if not self._selection.is_whole else where
        self.panels["map"].set_title(f"{title} · {where} · {heat} · {state}", f"{where} · {heat} · {state}",
                                     f"{where} · {state}", f"{short} · {state}", short)


    # Drill-down ---------------------------------------------------------------------------
    @property
    def selection(self) -> Selection:
        return self._selection

    def select(self, selection: Selection) -> None:
        """Show ``selection``'s figures (tiles and charts follow it, titled with it), the map on
        its area; the tour holds still until Esc brings the whole district (city) back."""
        if selection == self._selection:
            return
        self._back.append(self._selection)
        self._show_selection(selection)

    def back(self) -> None:
        """Esc: one step back up (street → district → city …)."""
        if self._back:
            self._show_selection(self._back.pop())

    def show_whole(self) -> None:
        """Home: the whole district, or the whole city of a database of several districts."""
        self._back.clear()
        self._show_selection(self._top)

    def _show_selection(self, selection: Selection) -> None:
        self._selection = selection
        self._tour.pinned = not selection.is_whole
        bounds = self._bounds.get(selection.code or "") if selection.level in CODE_LENGTH else None
        if selection.is_whole:
            self._fit_whole()
        elif bounds is not None:
            self.map.fit_bounds(*bounds)
        self._update_map_title()
        self._refresh_now()

    def _on_cell_clicked(self, grid_code: str) -> None:
        self.select(drill_into_grid(self._selection, grid_code))

    def _on_area_row(self, index: int) -> None:
        figures = self._figures
        if figures is None:
            return
        areas = ordered_areas(figures.streets)
        if 0 <= index < len(areas):
            self.select(child_selection(figures.selection, areas[index].code))

    def _on_department_row(self, index: int) -> None:
        figures = self._figures
        if figures is not None and 0 <= index < len(figures.departments):
            self.select(Selection("department", figures.departments[index].code))

    def _drill_busiest(self) -> None:
        """Enter: into the area with the most open cases (the area chart's first bar)."""
        self._on_area_row(0)

    def selection_name(self, selection: Selection | None = None, *, short: bool = False) -> str:
        """The selection's name from the top ("片区03 片区03-02"); ``short``: its own name only
        (in a city, after its district's)."""
        selection = selection or self._selection
        if selection.level == "city":
            return self.tr("Whole city")
        if selection.is_whole:
            return self.tr("Whole district")
        if selection.level == "department":
            return self.context.department_name(selection.code)
        names = []
        code = selection.code or ""
        # a city's areas are named with their district first
        levels = ("district", "street", "community", "grid") if self._top.level == "city" else (
            "street", "community", "grid")
        for level in levels:
            length = CODE_LENGTH[level]
            if len(code) >= length:
                names.append(area_name(level, code[:length], self.context))
            if level == selection.level:
                break
        if short and len(names) > 1:   # its own name, after its district's in a city (names repeat there)
            names = [names[0], names[-1]] if self._top.level == "city" else names[-1:]
        return " ".join(names)

    def _title_panels(self, selection: Selection, level: str | None) -> None:
        """Each panel titled with the selection; where the full title would not fit whole, a
        shorter one (the selection's own name, shorter words) rather than a cut."""
        full = "" if selection.is_whole else f" · {self.selection_name(selection)}"
        short = "" if selection.is_whole else f" · {self.selection_name(selection, short=True)}"
        areas = {"district": (self.tr("Districts: open cases (red: overdue)"), self.tr("Districts (red: overdue)")),
                 "street": (self.tr("Streets: open cases (red: overdue)"), self.tr("Streets (red: overdue)")),
                 "community": (self.tr("Communities: open cases (red: overdue)"),
                               self.tr("Communities (red: overdue)")),
                 "grid": (self.tr("Grids: open cases (red: overdue)"), self.tr("Grids (red: overdue)"))
                 }.get(level or "", ("", ""))
        for name, (title, brief) in (
                ("hourly", (self.tr("Reports per hour"), self.tr("Reports per hour"))),
                ("trend", (self.tr("On-time closing rate, last 30 days"), self.tr("On-time closing, 30 days"))),
                ("ranking", (self.tr("Departments: on-time handling (red: cases overdue now)"),
                             self.tr("Departments (red: overdue)"))),
                ("streets", areas)):
            # drilled down, the place outlasts the panel's name (the chart shows what it is)
            self._set_title(name, title + full, title + short, brief + short, short[3:] or brief)
        plain = self.tr("City Operations Centre")   # the centre's name alone, where the district's does not fit
        for header in self.headers:
            header.set_title(self._title + full, self._title + short, full[3:] or self._title,
                             short[3:] or plain)

    def _set_title(self, name: str, *titles: str) -> None:
        """A panel's title forms, longest first; a panel taking turns adds its place ("2/5")."""
        mark = self._pager.mark(name)
        marked = [f"{t}  {mark}" for t in titles] if mark else []
        self.panels[name].set_title(*marked[:-1], *titles)   # the mark goes before the selection does

    def _area_bounds(self, geography) -> dict[str, tuple[float, float, float, float]]:
        """lon/lat boxes of every street, community and grid (the drill-down's map views)."""
        boxes = {}
        for code, rings in ([(c, r) for c, _n, r, _l in geography.streets] + [(c, r) for c, _n, r, _l in
                                                                               geography.communities]
                            + [(c, r) for c, r in geography.cells]):
            points = [p for ring in rings for p in ring]
            if points:
                lons, lats = [p[0] for p in points], [p[1] for p in points]
                boxes[code] = (min(lons), min(lats), max(lons), max(lats))
        boxes.update(self._district_boxes(geography))
        return boxes

    @staticmethod
    def _district_boxes(geography) -> dict[str, tuple[float, float, float, float]]:
        """lon/lat boxes of each district (its streets together), for a city's drill-down."""
        boxes: dict[str, tuple[float, float, float, float]] = {}
        for code, _name, rings, _label in geography.streets:
            points = [p for ring in rings for p in ring]
            if not points:
                continue
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            box = (min(lons), min(lats), max(lons), max(lats))
            old = boxes.get(code[:CODE_LENGTH["district"]], box)
            boxes[code[:CODE_LENGTH["district"]]] = (min(old[0], box[0]), min(old[1], box[1]),
                                                     max(old[2], box[2]), max(old[3], box[3]))
        return boxes

    def _alert_stops(self, figures: WallFigures) -> list[TourStop]:
        """The tour also visits the grids of early warnings and the urgent cases."""
        stops = []
        for item in figures.ticker:
            if item.kind == "warning" and item.warning.level == "grid" and item.warning.code in self._bounds:
                west, south, east, north = self._bounds[item.warning.code]
                pad_x, pad_y = (east - west) * 3, (north - south) * 3
                stops.append(TourStop(f"warning:{item.warning.code}", (west - pad_x, south - pad_y,
                                                                         east + pad_x, north + pad_y)))
            elif item.kind == "urgent":
                case = self._picture.cases.get(item.case_id)
                if case is not None:
                    stops.append(case_stop(case.id, case.lon, case.lat))
        return stops[:MAX_ALERT_STOPS]


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
