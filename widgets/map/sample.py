"""Synthetic districts for the map's preview, tests and benchmark.

`square_grid` makes a rectangle of 100 m cells cut into rectangular streets and communities, with no
files needed. `preview_district` uses the real Dongcheng boundary from ../shared/data when it is there
(cells clipped to it, streets and communities DERIVED by clustering cells: no public data has their
real outlines) and falls back to the square grid otherwise. Grid codes follow the Beijing shape:
6-digit district + 3-digit street + 3-digit community + 3-digit sequence.
"""
from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from widgets.map_view import CaseMarker

DISTRICT = "110101"
METRES_PER_DEGREE = 111_320.0
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
STREET_NAMES = (
    "东华门街道", "景山街道", "交道口街道", "安定门街道", "北新桥街道", "东四街道", "朝阳门街道", "建国门街道",
    "东直门街道", "和平里街道", "前门街道", "崇文门外街道", "东花市街道", "龙潭街道", "体育馆路街道", "天坛街道",
    "永定门外街道",
)
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
        ring = dict(self.cells)[code][0]
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))


def square_grid(cols: int = 60, rows: int = 70, west: float = 116.37, north: float = 39.95,
                cell_m: float = 100.0, markers: int = 600, seed: int = 7) -> SampleDistrict:
    """A cols x rows grid of square cells; 3 x 2 streets of 2 x 3 communities each."""
    dlat = cell_m / METRES_PER_DEGREE
    dlon = cell_m / (METRES_PER_DEGREE * math.cos(math.radians(north)))
    xs, ys = west + np.arange(cols + 1) * dlon, north - np.arange(rows + 1) * dlat
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


def preview_district(boundary_file: Path = SHARED_DATA / "dongcheng_boundary_wgs84.geojson") -> SampleDistrict:
    """Dongcheng's real outline with derived streets and communities, or the square grid without it."""
    if not boundary_file.is_file():
        return square_grid()
    geometry = json.loads(boundary_file.read_text(encoding="utf-8"))["features"][0]["geometry"]
    return clipped_grid(shape(geometry), _divisions(SHARED_DATA / "dongcheng_divisions.csv"))


def clipped_grid(district, divisions: dict[tuple[str, str], list[tuple[str, str]]],
                 cell_m: float = 100.0, markers: int = 350, seed: int = 11) -> SampleDistrict:
    """100 m cells clipped to `district`, grouped into the given streets and their communities by
    k-means on cell centres, so each street and community is one compact block of whole cells."""
    west, south, east, north = district.bounds
    dlat = cell_m / METRES_PER_DEGREE
    dlon = cell_m / (METRES_PER_DEGREE * math.cos(math.radians((south + north) / 2)))
    xs, ys = west + np.arange(math.ceil((east - west) / dlon) + 1) * dlon, north - np.arange(math.ceil((north - south) / dlat) + 1) * dlat
    gx, gy = np.meshgrid(np.arange(len(xs) - 1), np.arange(len(ys) - 1))
    boxes = shapely.box(xs[gx.ravel()], ys[gy.ravel() + 1], xs[gx.ravel() + 1], ys[gy.ravel()])
    clipped = shapely.intersection(boxes, district)
    keep = shapely.area(clipped) > 0.2 * dlat * dlon
    pieces, centres = clipped[keep], np.column_stack([xs[gx.ravel()[keep]] + dlon / 2, ys[gy.ravel()[keep]] - dlat / 2])
    rng = np.random.default_rng(seed)
    street_of = _kmeans(centres, len(divisions), rng)
    cells, streets, communities = [], [], []
    for s, ((street_code, street_name), members) in enumerate(divisions.items()):
        in_street = np.flatnonzero(street_of == s)
        community_of = _kmeans(centres[in_street], len(members), rng)
        streets.append((street_code, street_name, *_outline(pieces[in_street])))
        for k, (community_code, community_name) in enumerate(members):
            in_community = in_street[community_of == k]
            communities.append((community_code, community_name, *_outline(pieces[in_community])))
            order = sorted(in_community, key=lambda i: (-round(centres[i, 1] / dlat), centres[i, 0]))
            cells += [(f"{community_code}{n:03d}", _rings(pieces[i])) for n, i in enumerate(order, 1)]
    return _with_cases(cells, streets, communities, _rings(district), markers, seed)


def _divisions(path: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(street code, name) -> [(community code, name)] from the divisions CSV, or invented names."""
    result: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    if path.is_file():
        with path.open(encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                result[(row["street_code"][:9], row["street_name"])].append((row["community_code"], row["community_name"].removesuffix("居委会")))
        return dict(result)
    return {(f"{DISTRICT}{s:03d}", name): [(f"{DISTRICT}{s:03d}{c:03d}", f"{name[:-2]}{c}社区") for c in range(1, 11)]
            for s, name in enumerate(STREET_NAMES, 1)}


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator, rounds: int = 12) -> np.ndarray:
    centres = points[rng.choice(len(points), size=k, replace=False)]
    for _ in range(rounds):
        label = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
        centres = np.array([points[label == j].mean(axis=0) if np.any(label == j) else centres[j] for j in range(k)])
    return np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)


def _rings(geometry) -> list[Ring]:
    polygons = getattr(geometry, "geoms", [geometry])
    return [list(ring.coords)[:-1] for p in polygons for ring in (p.exterior, *p.interiors)]


def _outline(pieces) -> tuple[list[Ring], tuple[float, float]]:
    merged = shapely.union_all(pieces)
    largest = max(getattr(merged, "geoms", [merged]), key=lambda p: p.area)
    label = largest.centroid if largest.contains(largest.centroid) else largest.point_on_surface()
    return _rings(merged), (label.x, label.y)


def _rectangle(rings: list[Ring]) -> tuple[list[Ring], tuple[float, float]]:
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    return [[(w, n), (e, n), (e, s), (w, s)]], ((w + e) / 2, (s + n) / 2)


def _with_cases(cells, streets, communities, boundary, markers: int, seed: int) -> SampleDistrict:
    """Open cases clustered around a few hot spots; markers drawn from the same density."""
    rng = np.random.default_rng(seed)
    centres = np.array([np.mean(rings[0], axis=0) for _code, rings in cells])
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
