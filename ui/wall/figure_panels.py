"""The wall's panels of figures: today's KPI tiles, reports per hour against the usual, the
on-time closing trend, the departments' on-time handling, the areas' open cases, the ticker and
the now list of urgent cases and early warnings. A chart is redrawn only when what it shows
changed: most refreshes only move the clock."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.wall.panels import Panel
from ui.wall.parts import KpiStrips, Tickers
from ui.wall.presenter import WallFigures
from ui.wall.render import now_entries, ranking_rows, street_rows, ticker_entries
from widgets.charts import HBarChart, HourlyIntakeChart, RateTrendChart
from widgets.now_list import NowList

translate = QCoreApplication.translate


class FigurePanels:
    """The widgets, their ``panels`` by placement name (all but the map) on ``parent``."""

    def __init__(self, context, parent: QWidget):
        self._context = context
        self._drawn: dict = {}
        self.kpis = KpiStrips(context.lang, parent)
        self.hourly = HourlyIntakeChart()
        self.trend = RateTrendChart()
        self.ranking = HBarChart()
        self.ranking.keep_last = True
        self.streets = HBarChart()
        self.ticker = Tickers(translate("WallWindow", "No overdue or urgent cases, no early warnings"), parent)
        self.now = NowList()
        self.now.set_words(translate("WallWindow", "Nothing urgent, no early warnings"),
                           translate("WallWindow", "+{count} more"))
        self.panels = {
            "hourly": Panel(translate("WallWindow", "Reports per hour"), self.hourly, parent),
            "trend": Panel(translate("WallWindow", "On-time closing rate, last 30 days"), self.trend, parent),
            "ranking": Panel(translate("WallWindow", "Departments: on-time handling (red: cases overdue now)"),
                             self.ranking, parent),
            "streets": Panel(translate("WallWindow", "Streets: open cases (red: overdue)"), self.streets, parent),
            "now": Panel(translate("WallWindow", "Now: urgent cases and early warnings"), self.now, parent),
        }

    def redraw(self) -> None:
        """Draw every chart again with the next figures (line widths and marks follow the unit)."""
        self._drawn.clear()

    def show_charts(self, figures: WallFigures) -> None:
        """The tiles and the charts."""
        self.kpis.show_tiles(figures.kpis)
        self._draw("hourly", self.hourly.set_data, figures.hourly_today, figures.hourly_usual,
                   (translate("WallWindow", "Today"),
                    translate("WallWindow", "Usual for this weekday ({weeks} weeks)").format(weeks=figures.usual_weeks)))
        trend = [(p.day, p.rate, p.provisional) for p in figures.on_time_trend]
        today_shown = bool(trend) and trend[-1][1] is not None
        self._draw("trend", self.trend.set_data, trend,
                   translate("WallWindow", "today so far") if today_shown else
                   translate("WallWindow", "today: too few closed yet"),
                   translate("WallWindow", "today so far") if today_shown else
                   translate("WallWindow", "today: too few"))
        ranking = ranking_rows(figures.departments, self._context, "{count}")   # the title says red is overdue
        self._draw("ranking", self.ranking.set_rows, ranking, 100, 0.42)
        self._draw("streets", self.streets.set_rows,
                   street_rows(figures.streets, self._context, figures.area_level))

    def show_alerts(self, figures: WallFigures) -> dict[str, int]:
        """The ticker and the now list; returns the counts of urgent cases and early warnings."""
        words = self._ticker_words()
        self._draw("ticker", self.ticker.set_entries, ticker_entries(figures.ticker, self._context, words))
        self.now.set_entries(now_entries(figures.ticker, self._context, words, figures.now))
        return dict(urgent=sum(1 for t in figures.ticker if t.kind == "urgent"),
                    warnings=sum(1 for t in figures.ticker if t.kind == "warning"))

    def _draw(self, chart, setter, *args) -> None:
        if self._drawn.get(chart) != args:
            self._drawn[chart] = args
            setter(*args)

    @staticmethod
    def _ticker_words() -> dict[str, str]:
        return {"warning": translate("WallWindow", "Early warning"), "urgent": translate("WallWindow", "Urgent"),
                "overdue": translate("WallWindow", "Overdue"),
                "warning_text": translate("WallWindow", "{place}: {count} reports in {hours} h, usually {expected}"),
                "grid": translate("WallWindow", "grid {grid}"), "overdue_text": translate("WallWindow", "{hours} h over"),
                "just_overdue": translate("WallWindow", "just overdue"),
                "minutes_ago": translate("WallWindow", "{minutes} min ago"),
                "hours_ago": translate("WallWindow", "{hours} h ago"), "reports": translate("WallWindow", "reports"),
                "burst": translate("WallWindow", "{what} ×{count} · {place}")}
