"""The wall's parts per screen and where every widget goes: a header segment and a ticker per
screen of a row, the KPI strips over the screens that show them, spare panels on screens with
nothing else to show; each widget on whole cells of its screen's grid, so bezels fall between
panels."""
from __future__ import annotations

from typing import Callable, Mapping

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from ui.wall.arrangement import Rect, placement_rect
from ui.wall.panels import Header, Panel
from ui.wall.parts import KpiStrips, Tickers
from ui.wall.screens import WallLayout


class ScreenParts:
    """The header segments and spare panels of ``parent`` (a wall named ``centre``, its clock
    reading ``now``), as many as the last layout arranged (``built``: its name)."""

    def __init__(self, parent: QWidget, centre: str, now: Callable):
        self._parent = parent
        self.centre = centre
        self._now = now
        self.headers: list[Header] = []
        self.spares: list[Panel] = []
        self.built: str | None = None
        self._new_header()

    def arrange(self, layout: WallLayout, kpis: KpiStrips, ticker: Tickers) -> None:
        """Header segments, tickers and KPI strips: one per screen that shows them."""
        while len(self.headers) < layout.columns:
            self._new_header().show()
        for header, parts in zip(self.headers, layout.header_parts):
            header.show_parts(parts)
        for header in self.headers[layout.columns:]:
            header.hide()
        ticker.ensure(layout.columns)
        kpis.arrange(layout.kpi_parts)
        spares = [name for name in layout.placements if name.startswith("spare.")]
        while len(self.spares) < len(spares):
            self.spares.append(Panel("", QWidget(), self._parent))
        for panel in self.spares[len(spares):]:
            panel.hide()
        self.built = layout.name

    def widgets(self, layout: WallLayout, kpis: KpiStrips, ticker: Tickers,
                panels: Mapping[str, Panel]) -> dict[str, QWidget]:
        """Every placed widget by its placement name (``header.0``, ``kpis.1``, ``map`` …)."""
        widgets: dict[str, QWidget] = {}
        spares = iter(self.spares)
        for name in layout.placements:
            kind, _, index = name.partition(".")
            if kind == "header":
                widgets[name] = self.headers[int(index)]
            elif kind == "ticker":
                widgets[name] = ticker.tickers[int(index)]
            elif kind == "kpis":
                widgets[name] = kpis.strips[int(index)]
            elif kind == "spare":
                widgets[name] = next(spares)
            else:
                widgets[name] = panels[name]
        return widgets

    @staticmethod
    def place(layout: WallLayout, screens: list[list[Rect]], widgets: Mapping[str, QWidget], unit: float,
              text_px: int) -> None:
        """Each widget on its cells, a gap inside its edges (the header and ticker run edge to
        edge), its type set from ``unit`` (1 % of a screen's height) and ``text_px``."""
        gap = max(4, round(screens[0][0].h / 100 * 0.9))
        for name, widget in widgets.items():
            r = placement_rect(layout.placements[name], screens)
            inset = 0 if name.startswith(("header", "ticker")) else gap // 2
            widget.setGeometry(QRect(r.x + inset, r.y + inset, r.w - 2 * inset, r.h - 2 * inset))
            widget.show()
            if hasattr(widget, "set_unit"):
                widget.set_unit(unit, text_px)

    def _new_header(self) -> Header:
        header = Header(self.centre, self._now, self._parent)
        self.headers.append(header)
        return header
