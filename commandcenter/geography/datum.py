"""GCJ-02 ("Mars coordinates", used by AMap/Tencent tiles) <-> WGS84, with the public algorithm.

The forward transform is the widely published one (Krasovsky ellipsoid constants); it is only
applied inside the crude China box the algorithm itself uses, as every implementation does.
The inverse has no closed form, so it is found by fixed-point iteration to < 1e-9 degrees
(about 0.1 mm), far below the 1 cm we promise.
"""
from __future__ import annotations

import numpy as np
import shapely

from commandcenter.errors import ValidationError

DATUMS = ("wgs84", "gcj02")

_A = 6378245.0
_EE = 0.00669342162296594323
_INVERSE_TOLERANCE_DEG = 1e-9
_MAX_ITERATIONS = 30

# The box inside which GCJ-02 offsets are applied (as in the published algorithm).
_GCJ_BOX = (72.004, 0.8293, 137.8347, 55.8271)
# Where a coordinate of a Chinese district can plausibly be (down to the southern islands of
# Sansha). Same for both datums, whose offsets are a few hundred metres. It catches projected
# metres and swapped lat/lon, the usual mistakes.
_CHINA_BOX = (73.4, 3.5, 135.1, 53.6)


def check_datum(datum: str, field: str = "datum") -> str:
    name = str(datum).strip().lower().replace("-", "").replace("_", "")
    if name not in DATUMS:
        raise ValidationError(field, datum, f"unknown datum; use one of {', '.join(DATUMS)}")
    return name


def plausible_box(datum: str) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) where a Chinese district's coordinates can lie."""
    check_datum(datum)
    return _CHINA_BOX


def in_plausible_box(lons, lats, datum: str) -> np.ndarray:
    min_lon, min_lat, max_lon, max_lat = plausible_box(datum)
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    return (lons >= min_lon) & (lons <= max_lon) & (lats >= min_lat) & (lats <= max_lat)


def _offset_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _offset_lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def _in_gcj_box(lons, lats):
    min_lon, min_lat, max_lon, max_lat = _GCJ_BOX
    return (lons >= min_lon) & (lons <= max_lon) & (lats >= min_lat) & (lats <= max_lat)


def wgs84_to_gcj02(lons, lats) -> tuple[np.ndarray, np.ndarray]:
    """Forward transform of arrays (or scalars) of WGS84 lon/lat; returns GCJ-02 arrays."""
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    dlat = _offset_lat(lons - 105.0, lats - 35.0)
    dlon = _offset_lon(lons - 105.0, lats - 35.0)
    radlat = lats / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    inside = _in_gcj_box(lons, lats)
    return np.where(inside, lons + dlon, lons), np.where(inside, lats + dlat, lats)


def gcj02_to_wgs84(lons, lats) -> tuple[np.ndarray, np.ndarray]:
    """Inverse transform by iteration: find WGS84 points whose forward image is the input."""
    gcj_lons = np.asarray(lons, dtype=float)
    gcj_lats = np.asarray(lats, dtype=float)
    wgs_lons, wgs_lats = gcj_lons.copy(), gcj_lats.copy()
    for _ in range(_MAX_ITERATIONS):
        fwd_lons, fwd_lats = wgs84_to_gcj02(wgs_lons, wgs_lats)
        err_lons, err_lats = fwd_lons - gcj_lons, fwd_lats - gcj_lats
        wgs_lons = wgs_lons - err_lons
        wgs_lats = wgs_lats - err_lats
        if max(np.max(np.abs(err_lons), initial=0.0), np.max(np.abs(err_lats), initial=0.0)) < _INVERSE_TOLERANCE_DEG:
            break
    return wgs_lons, wgs_lats


def to_wgs84(lons, lats, datum: str) -> tuple[np.ndarray, np.ndarray]:
    """Bring coordinates stored in ``datum`` to WGS84 (the datum the domain stores)."""
    if check_datum(datum) == "gcj02":
        return gcj02_to_wgs84(lons, lats)
    return np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)


def from_wgs84(lons, lats, datum: str) -> tuple[np.ndarray, np.ndarray]:
    """Express WGS84 coordinates in ``datum`` (e.g. to draw them on GCJ-02 tiles)."""
    if check_datum(datum) == "gcj02":
        return wgs84_to_gcj02(lons, lats)
    return np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)


def geometry_to_wgs84(geometry, datum: str):
    """A shapely geometry (any type, or an array of them) moved from ``datum`` to WGS84."""
    if check_datum(datum) == "wgs84":
        return geometry

    def _convert(coords: np.ndarray) -> np.ndarray:
        out_lons, out_lats = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
        return np.column_stack([out_lons, out_lats])

    return shapely.transform(geometry, _convert)
