"""Synthetic districts for the map's preview, tests and benchmark.

`square_grid` makes a rectangle of 100 m cells cut into rectangular streets and communities, with no
other module needed (the tests use it). `preview_district` takes the product's demo district from
commandcenter.geography. Grid codes follow the Beijing shape: 6-digit district + 3-digit street +
3-digit community + 3-digit sequence. Cases are clustered around a few hot spots.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from widgets.map_view import CaseMarker

DISTRICT = "110101"
METRES_PER_DEGREE = 111_320.0
STREET_NAMES = ("东华门街道", "景山街道", "交道口街道", "安定门街道", "北新桥街道", "东四街道")
EVENTS = ("暴露垃圾", "无照经营游商", "道路不洁", "违法建设", "井盖丢失", "占道经营", "非法小广告", "绿地脏乱")
STAGES = ("派遣", "处置", "反馈", "核查结案")

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class SampleDistrict:
    """Everything MapView.set_geography() takes, plus plausible values, cases and warnings."""

    cells: list[tuple[str, list[Ring]]]
    streets: list[tuple[str, str, list[Ring], tuple[float, float]]]
    communities: list[tuple[str, str, list[Ring], tuple[float, float]]]
    boundary: list[Ring]
    open_cases: dict[str, float]
    markers: list[CaseMarker]
    flagged: list[str]

    def centroid(self, code: str) -> tuple[float, float]:
        """Mean of the cell's outer ring corners (the centre of a square cell)."""
        return _mean_corner(self._rings[code][0])

    @cached_property
    def _rings(self) -> dict[str, list[Ring]]:
        return dict(self.cells)


def square_grid(cols: int = 60, rows: int = 70, west: float = 116.37, north: float = 39.95,
                cell_m: float = 100.0, markers: int = 600, seed: int = 7) -> SampleDistrict:
    """A cols x rows grid of square cells; 3 x 2 streets of 2 x 3 communities each."""
    dlat = cell_m / METRES_PER_DEGREE
    dlon = cell_m / (METRES_PER_DEGREE * math.cos(math.radians(north)))
    xs, ys = (west + np.arange(cols + 1) * dlon).tolist(), (north - np.arange(rows + 1) * dlat).tolist()
    cells, street_cells, community_cells, sequence = [], defaultdict(list), defaultdict(list), defaultdict(int)
    for r in range(rows):
        for c in range(cols):
            street = (r * 2 // rows) * 3 + c * 3 // cols + 1
            community = ((r * 6 // rows) % 3) * 2 + (c * 6 // cols) % 2 + 1
            key = f"{DISTRICT}{street:03d}{community:03d}"
            sequence[key] += 1
            ring = [(xs[c], ys[r]), (xs[c + 1], ys[r]), (xs[c + 1], ys[r + 1]), (xs[c], ys[r + 1])]
            cells.append((f"{key}{sequence[key]:03d}", [ring]))
            street_cells[key[:9]].append(ring)
            community_cells[key].append(ring)
    streets = [(code, STREET_NAMES[i], *_rectangle(rings)) for i, (code, rings) in enumerate(street_cells.items())]
    communities = [
        (code, f"{STREET_NAMES[int(code[6:9]) - 1][:-2]}{int(code[9:])}社区", *_rectangle(rings))
        for code, rings in community_cells.items()
    ]
    boundary = [[(xs[0], ys[0]), (xs[-1], ys[0]), (xs[-1], ys[-1]), (xs[0], ys[-1])]]
    return _with_cases(cells, streets, communities, boundary, markers, seed)


def preview_district(seed: int = 0) -> SampleDistrict:
    """The product's own demo district (云河区, ~4,000 cells, derived streets and communities)
    with synthetic cases: what the desk shows on first start."""
    from commandcenter.geography.demo_district import build_demo_district

    district = build_demo_district(seed)

    def division(code: str, name: str, outline) -> tuple[str, str, list[Ring], tuple[float, float]]:
        return code, name, [ring for polygon in outline for ring in polygon], district.label_point(code)

    return _with_cases(
        [(g.code, g.rings) for g in district.grids],
        [division(s.code, s.name, district.street_outline(s.code)) for s in district.streets],
        [division(c.code, c.name, district.community_outline(c.code)) for c in district.communities],
        [ring for polygon in district.district.boundary for ring in polygon],
        markers=350, seed=seed + 11,
    )


def _mean_corner(ring: Ring) -> tuple[float, float]:
    return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def _rectangle(rings: list[Ring]) -> tuple[list[Ring], tuple[float, float]]:
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    return [[(w, n), (e, n), (e, s), (w, s)]], ((w + e) / 2, (s + n) / 2)


def _with_cases(cells, streets, communities, boundary, markers: int, seed: int) -> SampleDistrict:
    """Open cases clustered around a few hot spots; markers drawn from the same density."""
    rng = np.random.default_rng(seed)
    centres = np.array([_mean_corner(rings[0]) for _code, rings in cells])
    spots = centres[rng.choice(len(centres), size=6, replace=False)]
    spread = np.ptp(centres, axis=0).mean() / 9
    density = sum(np.exp(-((centres - s) ** 2).sum(axis=1) / (2 * spread**2)) for s in spots)
    counts = rng.poisson(0.3 + 9 * density)
    open_cases = {code: float(n) for (code, _rings), n in zip(cells, counts)}
    picks = rng.choice(len(cells), size=markers, p=(counts + 0.05) / (counts + 0.05).sum())
    states = rng.choice(["overdue", "at_risk", "on_time", "closed"], size=markers, p=[0.12, 0.18, 0.6, 0.1])
    case_markers = [
        CaseMarker(case_id=1000 + n, lon=float(centres[i, 0] + rng.normal(0, 0.0003)),
                   lat=float(centres[i, 1] + rng.normal(0, 0.0002)), state=str(state),
                   urgent=bool(rng.random() < 0.08), stage=str(rng.choice(STAGES)),
                   label=f"{20240000 + n} {rng.choice(EVENTS)}")
        for n, (i, state) in enumerate(zip(picks, states))
    ]
    flagged = [cells[i][0] for i in np.argsort(-counts)[:8]]
    return SampleDistrict(cells, streets, communities, boundary, open_cases, case_markers, flagged)
