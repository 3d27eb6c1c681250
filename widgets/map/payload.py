"""Compact payloads for the map page: geometry and values as base64 typed arrays, rows as plain JSON.

Base64 of little-endian arrays is a fraction of the size of JSON numbers for coordinates and decodes
in JavaScript without parsing a number at a time; coordinates go as float32 offsets from an origin.
"""
from __future__ import annotations

import base64
import math
from itertools import chain
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

import numpy as np

from commandcenter.errors import ValidationError

LonLat = tuple[float, float]
Rings = Sequence[Sequence[LonLat]]

MARKER_STATES = ("overdue", "at_risk", "on_time", "closed")
COMPONENT_CLASSES = ("01", "02", "03", "04", "05", "06")


class MarkerLike(Protocol):
    case_id: int
    lon: float
    lat: float
    state: str
    urgent: bool
    stage: str
    label: str


def b64(values: Iterable[float] | np.ndarray, dtype: str) -> str:
    """Base64 of the values as a little-endian array of `dtype` ('<f8', '<f4', '<u4', 'u1')."""
    return base64.b64encode(np.asarray(values, dtype=dtype).tobytes()).decode("ascii")


def lonlat_payload(coords: np.ndarray | Sequence) -> dict:
    """Lon/lat pairs as float32 offsets from the middle of their box: half the bytes of float64
    and still exact to a few millimetres across a city (the page adds the origin back)."""
    array = np.asarray(coords, dtype="<f8").reshape(-1, 2)
    if not len(array):
        return {"origin": [0.0, 0.0], "coords": ""}
    origin = (array.min(axis=0) + array.max(axis=0)) / 2
    return {"origin": origin.tolist(), "coords": b64((array - origin).ravel(), "<f4")}


def polygon_payload(field: str, names: Sequence[str], polygons: Sequence[Rings]) -> dict:
    """Polygons as flat arrays: part i owns rings parts[i]..parts[i+1]; ring r owns vertices
    rings[r]..rings[r+1] of the lon/lat array (see `lonlat_payload`). `names` only label errors."""
    uniform = _uniform_payload(polygons)
    if uniform is not None:
        return uniform
    parts, rings, coords = [0], [0], []
    for name, polygon in zip(names, polygons):
        for ring in polygon:
            if len(ring) < 3:
                raise ValidationError(field, name, "a ring needs at least 3 points")
            coords.extend(ring)
            rings.append(len(coords))
        parts.append(len(rings) - 1)
    return {"parts": b64(parts, "<u4"), "rings": b64(rings, "<u4"), **lonlat_payload(coords)}


def _uniform_payload(polygons: Sequence[Rings]) -> dict | None:
    """The same arrays in one numpy step when every polygon is one ring of the same length (>= 3),
    as nearly all unit grids are: at 46,000 cells the loop below took half a second."""
    if not polygons or any(len(polygon) != 1 for polygon in polygons):
        return None
    size = len(polygons[0][0])
    if size < 3 or any(len(polygon[0]) != size for polygon in polygons):
        return None
    count = len(polygons)
    if any(len(point) != 2 for polygon in polygons for point in polygon[0]):
        return None
    coords = np.fromiter(chain.from_iterable(chain.from_iterable(polygon[0] for polygon in polygons)),
                         dtype="<f8", count=count * size * 2)
    return {"parts": b64(np.arange(count + 1), "<u4"), "rings": b64(np.arange(count + 1) * size, "<u4"),
            **lonlat_payload(coords)}


def division_payload(field: str, divisions: Sequence[tuple[str, str, Rings, LonLat]]) -> dict:
    """Streets or communities: (code, name, outline rings, label point) each."""
    codes = [code for code, _name, _rings, _label in divisions]
    payload = polygon_payload(field, codes, [rings for _code, _name, rings, _label in divisions])
    payload["codes"] = codes
    payload["names"] = [name for _code, name, _rings, _label in divisions]
    payload["labels"] = [c for _code, _name, _rings, label in divisions for c in label]
    return payload


def cell_payload(cells: Sequence[tuple[str, Rings]]) -> dict:
    codes = [code for code, _rings in cells]
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValidationError("cells", code, "grid code appears twice")
        seen.add(code)
    payload = polygon_payload("cells", codes, [rings for _code, rings in cells])
    payload["codes"] = codes
    return payload


def value_array(values: Mapping[str, float], cell_index: Mapping[str, int]) -> np.ndarray:
    """Values by cell index; cells without a value are NaN (drawn unfilled)."""
    array = np.full(len(cell_index), np.nan, dtype="<f4")
    for code, value in values.items():
        index = cell_index.get(code)
        if index is not None:
            array[index] = value
    return array


def marker_rows(markers: Iterable[MarkerLike]) -> list[list]:
    return [[m.case_id, m.lon, m.lat, m.state, int(m.urgent), m.stage, m.label] for m in markers]


def component_payload(points: Sequence[tuple[str, float, float, str]]) -> dict:
    classes = []
    for code, _lon, _lat, big_class in points:
        if big_class not in COMPONENT_CLASSES:
            raise ValidationError("component big class", big_class, f"component {code}: expected 01..06")
        classes.append(COMPONENT_CLASSES.index(big_class))
    coords = [c for _code, lon, lat, _cls in points for c in (lon, lat)]
    return {"coords": b64(coords, "<f8"), "classes": b64(classes, "u1")}


def class_breaks(values: Iterable[float]) -> list[float]:
    """Upper bounds of the first four of five equal-width classes over the positive values.

    Equal, round steps read at a glance from across the room; the width comes from the 95th
    percentile so one hot spot does not wash out every other cell. Counts get whole-number steps.
    """
    positive = np.array([v for v in values if v > 0 and math.isfinite(v)], dtype=float)
    top = float(np.percentile(positive, 95)) if positive.size else 5.0
    integral = bool(np.all(positive == np.round(positive)))
    step = _nice_step(top / 5, integral)
    return [step * k for k in range(1, 5)]


def class_labels(breaks: Sequence[float]) -> list[str]:
    """Legend text of the five classes bounded by `breaks`: whole ranges when the steps are whole."""
    if all(float(b).is_integer() for b in breaks):
        lows = [1] + [int(b) + 1 for b in breaks]
        highs = [int(b) for b in breaks]
        labels = [str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in zip(lows, highs)]
        return labels + [f"≥{lows[-1]}"]
    text = [f"{b:g}" for b in breaks]
    return [f"≤{text[0]}"] + [f"{a}–{b}" for a, b in zip(text, text[1:])] + [f">{text[-1]}"]


def _nice_step(raw: float, integral: bool) -> float:
    if integral and raw <= 1:
        return 1.0
    exponent = math.floor(math.log10(raw)) if raw > 0 else 0
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * 10**exponent
        if step >= raw and (not integral or float(step).is_integer()):
            return float(step)
    return float(10 ** (exponent + 1))
