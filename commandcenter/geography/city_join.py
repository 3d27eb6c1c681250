"""A district joining a city: before a second (third, …) district is added to a database, its
unit grids must not cover ground that a district already there owns. Two districts claiming the
same corner would send one report to two centres; the import is refused whole, naming every
overlapping feature (or grid) with the grid and district it overlaps."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import shapely

from commandcenter.geography.model import DistrictMap
from commandcenter.geography.projection import LocalProjection

#: overlaps below this are drawing noise along a shared border, not a claim on the same ground
TOLERANCE_M2 = 1.0
#: an error listing more overlapping cells than this names the first ones and counts the rest
MAX_LISTED = 20


def overlaps_with_city(new: DistrictMap, existing: Iterable[DistrictMap], *,
                       feature_of: Mapping[str, int] | None = None,
                       tolerance_m2: float = TOLERANCE_M2) -> list[str]:
    """One line per cell of ``new`` whose area overlaps a grid of an ``existing`` district by more
    than ``tolerance_m2``; cells are named by their feature in the file (``feature_of``: grid
    code → feature index) or by their code. Touching along a border is fine."""
    existing = [m for m in existing if m.grids]
    if not new.grids or not existing:
        return []
    theirs = [(g, m.district) for m in existing for g in m.grids]
    ours = np.array([g.polygon for g in new.grids], dtype=object)
    other = np.array([g.polygon for g, _ in theirs], dtype=object)
    left, right = shapely.STRtree(other).query(ours, predicate="intersects")
    if not len(left):
        return []
    projection = LocalProjection.centred_on(ours)
    mine_m = projection.to_metric(ours[left])
    theirs_m = projection.to_metric(other[right])
    inner = shapely.relate_pattern(mine_m, theirs_m, "T********")   # interiors meet, not just borders
    area = np.zeros(len(left))
    area[inner] = shapely.area(shapely.intersection(mine_m[inner], theirs_m[inner]))
    worst: dict[int, tuple[float, int, float]] = {}   # our cell → (largest overlap, their cell, total)
    for a, b, m2 in zip(left.tolist(), right.tolist(), area.tolist()):
        if m2 <= tolerance_m2:
            continue
        largest, where, total = worst.get(a, (0.0, b, 0.0))
        worst[a] = (m2, b, total + m2) if m2 > largest else (largest, where, total + m2)
    lines = []
    for a in sorted(worst, key=lambda a: (feature_of or {}).get(new.grids[a].code, a)):
        largest, b, total = worst[a]
        code = new.grids[a].code
        grid, district = theirs[b]
        feature = (feature_of or {}).get(code)
        who = f"feature {feature} (geometry)" if feature is not None else f"grid {code}"
        lines.append(f"{who}: overlaps grid {grid.code} of district {district.name} ({district.code}) "
                     f"already in this database by {largest:.1f} m²"
                     + (f" ({total:.1f} m² in all)" if total > largest + tolerance_m2 else ""))
    return lines


def listed(problems: list[str]) -> list[str]:
    """The first :data:`MAX_LISTED` problems and a line counting the rest."""
    if len(problems) <= MAX_LISTED:
        return problems
    return problems[:MAX_LISTED] + [f"… and {len(problems) - MAX_LISTED} more cells overlapping the districts "
                                    "already in this database"]


__all__ = ["MAX_LISTED", "TOLERANCE_M2", "listed", "overlaps_with_city"]
