"""Today's KPI tiles (:func:`commandcenter.kpi_asof.today_tiles`) in a grid: the wall's dark
strip and the trainer's light one are this one widget with another theme. Names come from the
KPI table in :mod:`commandcenter.kpi`, so a tile is called the same on every screen."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QGridLayout, QWidget

from commandcenter.kpi import KPI_BY_KEY
from commandcenter.kpi_asof import TODAY_TILES, Tile
from widgets.kpi_tile import KpiTile

THEMES = ("wall", "light")
SHORT_TITLES = {"on_time_closing_rate": ("按期结案率", "on-time rate")}
"""Tile titles for tiles too narrow for the KPI's name at the wall's type size: (zh, en)."""


class KpiStrip(QWidget):
    """One :class:`KpiTile` per key; ``show_tiles`` fills them, ``arrange`` lays them out in
    ``columns`` × ``rows``, ``set_unit`` sizes their type."""

    def __init__(self, keys: Sequence[str] = TODAY_TILES, *, lang: str = "zh", theme: str = "wall",
                 parent: QWidget | None = None):
        super().__init__(parent)
        if theme not in THEMES:
            raise ValueError(f"unknown theme {theme!r}")
        self.setObjectName("kpi_strip_" + theme)
        self.lang = lang
        self.tiles: dict[str, KpiTile] = {}
        for key in keys:
            kpi = KPI_BY_KEY[key]
            title = kpi.label_zh if lang == "zh" else kpi.label_en
            short = SHORT_TITLES.get(key, (None, None))[0 if lang == "zh" else 1]
            self.tiles[key] = KpiTile(title, is_rate=kpi.is_rate, worse_when_up=kpi.worse_when_up, short_title=short,
                                      parent=self)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.arrange(len(self.tiles), 1)

    # Public API ---------------------------------------------------------------------------
    def show_tiles(self, tiles: Sequence[Tile]) -> None:
        for tile in tiles:
            widget = self.tiles.get(tile.key)
            if widget is not None:
                widget.show_tile(tile, self.lang)

    def arrange(self, columns: int, rows: int) -> None:
        for tile in self.tiles.values():
            self._grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self._grid.addWidget(tile, i // columns, i % columns)
        # a stretch left on a column of an earlier arrangement would keep an empty column's room
        for c in range(max(columns, self._grid.columnCount())):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)
        for r in range(max(rows, self._grid.rowCount())):
            self._grid.setRowStretch(r, 1 if r < rows else 0)

    def set_unit(self, px: float, floor: int = 8) -> None:
        self._grid.setSpacing(round(px * 1.2))
        for tile in self.tiles.values():
            tile.set_unit(px, floor)
