"""Grid heat that stays readable at district scale (plain Python): when a grid would be drawn
smaller than a few pixels, single grids are salt and pepper, so every grid shows the mean per grid
of its community (or, smaller still, of its street) — the same unit, per grid, over a larger area."""
from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable, Mapping

MIN_CELL_PX = 8.0
"""A grid drawn smaller than this (across) is aggregated."""


def heat_level(map_px: int, grids: int, communities: int) -> str:
    """'grid', 'community' or 'street': the finest level whose areas are at least MIN_CELL_PX
    across when ``grids`` grids (``communities`` communities) fill ``map_px`` pixels."""
    if grids <= 0 or map_px <= 0:
        return "grid"
    if map_px / math.sqrt(grids) >= MIN_CELL_PX:
        return "grid"
    if communities and map_px / math.sqrt(communities) >= MIN_CELL_PX * 2:
        return "community"
    return "street"


def aggregate(values: Mapping[str, float], grids: Iterable[str], level: str) -> dict[str, float]:
    """Every grid of ``grids`` with the mean per grid of its area at ``level`` (codes nest: a
    community is the grid code's first 12 digits, a street its first 9)."""
    grids = list(grids)
    if level == "grid":
        return {g: float(values.get(g, 0)) for g in grids if values.get(g, 0)}
    length = 12 if level == "community" else 9
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for g in grids:
        totals[g[:length]] += values.get(g, 0)
        counts[g[:length]] += 1
    means = {area: round(totals[area] / counts[area], 2) for area in totals}
    return {g: means[g[:length]] for g in grids if means[g[:length]]}
