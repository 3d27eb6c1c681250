"""What the wall draws over its map's areas: the heat of open or overdue cases (per grid, or the
community's or street's mean where grids would be too small to see), the markers of urgent cases
and the grids of early warnings. Only what changed goes to the page: every batch is a script the
page compiles."""
from __future__ import annotations

import time
from typing import Sequence

from PySide6.QtCore import QCoreApplication

from ui.wall.heat import aggregate, heat_level
from ui.wall.presenter import WallFigures
from ui.wall.render import marker_of
from ui.wall.selection import Selection
from widgets.map_view import MapView

translate = QCoreApplication.translate

HEAT_RESCALE_S = 600


class MapLayers:
    """The heat, markers and flagged grids last sent to ``map_view`` (``grid_codes``: every grid
    of the wall's geography)."""

    def __init__(self, map_view: MapView, grid_codes: Sequence[str]):
        self._map = map_view
        self._grid_codes = list(grid_codes)
        self._heat_values: dict[str, float] = {}
        self._heat_mode: str | None = None
        self._heat_scaled_at = 0.0
        self._heat_level = "grid"
        self._markers: dict = {}
        self._flagged: tuple[str, ...] = ()

    def marker_labels(self) -> list[str]:
        return [m.label for m in self._markers.values()]

    def show_heat(self, figures: WallFigures, mode: str, selection: Selection) -> None:
        """``mode``: 'open' or 'overdue'. The legend's classes are set afresh on a switch of heat
        or of level and every HEAT_RESCALE_S; otherwise only the cells whose value changed."""
        raw = figures.overdue_per_cell if mode == "overdue" else figures.open_per_cell
        shown = [g for g in self._grid_codes if selection.owns(g)] if selection.level != "department" else \
            self._grid_codes
        communities = len({g[:12] for g in shown})
        level = heat_level(min(self._map.width(), self._map.height()), len(shown), communities)
        values = aggregate(raw, self._grid_codes, level)
        now = time.monotonic()
        if self._heat_mode != mode or now - self._heat_scaled_at > HEAT_RESCALE_S or level != self._heat_level:
            self._heat_mode, self._heat_scaled_at, self._heat_level = mode, now, level
            what = translate("WallWindow", "Overdue cases per grid") if mode == "overdue" else \
                translate("WallWindow", "Open cases per grid")
            if level != "grid":
                what += " " + (translate("WallWindow", "(community mean)") if level == "community" else
                               translate("WallWindow", "(street mean)"))
            self._map.set_cell_values(values, what, "overdue" if mode == "overdue" else "load")
        else:
            changed = {code: float(values.get(code, 0)) for code in set(values) | set(self._heat_values)
                       if values.get(code, 0) != self._heat_values.get(code, 0)}
            if changed:
                self._map.update_cell_values(changed)
        self._heat_values = values

    def show_markers(self, figures: WallFigures, context) -> None:
        markers = {m.case_id: marker_of(m, context) for m in figures.markers}
        changed = [m for case_id, m in markers.items() if self._markers.get(case_id) != m]
        removed = [case_id for case_id in self._markers if case_id not in markers]
        if changed or removed:
            self._map.update_markers(changed, removed)
        self._markers = markers

    def show_flagged(self, cells: tuple[str, ...]) -> None:
        """The grids of early warnings, outlined."""
        if cells != self._flagged:
            self._flagged = cells
            self._map.set_flagged_cells(cells)
