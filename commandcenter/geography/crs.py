"""Which coordinate reference system a delivered file is in, and how to get it to lon/lat.

Planning departments deliver CGCS2000: geographic (EPSG:4490) or Gauss-Krüger 3°/6° zones
(EPSG:4491–4554), the easting with the zone number in front (39 446 175 m) or without
(446 175 m). The ``.prj`` often says one while the coordinates do the other, so the easting
is compared with the declared false easting and the prefix added or removed, provided it
agrees with the declared central meridian. All projection maths is pyproj's.

The result is lon/lat in the stored datum: CGCS2000 and WGS84 differ by centimetres, far
below a unit grid's survey accuracy, and are stored alike as ``wgs84``; GCJ-02 lon/lat is
passed on as ``gcj02`` for :func:`commandcenter.geography.datum.geometry_to_wgs84`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyproj
import shapely
from pyproj.exceptions import CRSError

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography.datum import DATUMS, in_plausible_box

CGCS2000_GEOGRAPHIC = "EPSG:4490"
_ZONE_3_DEGREE = range(25, 46)     # 3° zones 25…45 cover China: CM = 3 × zone
_ZONE_6_DEGREE = range(13, 24)     # 6° zones 13…23: CM = 6 × zone − 3
_PREFIX_UNIT_M = 1_000_000.0
_NAMED = {"wgs84": "wgs84", "gcj02": "gcj02", "cgcs2000": CGCS2000_GEOGRAPHIC, "4326": "wgs84"}


@dataclass(frozen=True)
class SourceCrs:
    """How a file's coordinates are read: ``crs`` (pyproj) or a lon/lat ``datum`` name."""

    description: str
    crs: pyproj.CRS | None = None
    datum: str = "wgs84"
    easting_shift_m: float = 0.0


def parse_crs_option(text: str, field: str = "--crs") -> SourceCrs:
    """``--crs``: EPSG:NNNN, a bare number, WKT/PROJ text, or wgs84 / gcj02 / cgcs2000."""
    key = str(text).strip().lower().replace("-", "").replace("_", "")
    named = _NAMED.get(key)
    if named in DATUMS:
        return SourceCrs(f"{named} lon/lat", None, named)
    try:
        crs = pyproj.CRS.from_user_input(named or (f"EPSG:{key}" if key.isdigit() else text))
    except CRSError as exc:
        raise ValidationError(field, text, f"not a coordinate reference system pyproj knows ({exc})") from None
    return SourceCrs(_describe(crs), crs)


def crs_from_wkt(wkt: str, source: str) -> SourceCrs:
    """The CRS a ``.prj`` (ESRI WKT1) or GeoPackage (OGC WKT) declares."""
    try:
        crs = pyproj.CRS.from_wkt(wkt.strip())
    except CRSError as exc:
        raise InputFileError(source, "", f"the projection file cannot be read ({exc}); "
                             "give the CRS with --crs EPSG:NNNN") from None
    return SourceCrs(_describe(crs), crs)


def resolve(declared: SourceCrs | None, coords: np.ndarray, source: str) -> SourceCrs:
    """The CRS to read ``coords`` (N×2, as stored in the file) with.

    Undeclared: lon/lat inside China is taken as CGCS2000; eastings with a zone prefix give
    their zone; anything else is refused, since a Gauss-Krüger easting without a prefix could
    belong to any central meridian.
    """
    xs, ys = coords[:, 0], coords[:, 1]
    if declared is None:
        if in_plausible_box(xs, ys, "wgs84").all():
            return SourceCrs("CGCS2000 lon/lat (EPSG:4490, assumed: no CRS in the file)",
                             pyproj.CRS.from_user_input(CGCS2000_GEOGRAPHIC))
        zone = _zone_prefix(xs)
        if zone is None:
            raise InputFileError(source, "", "projected coordinates without a .prj and without a zone number in "
                                 "front of the easting: the central meridian is unknown; give --crs EPSG:NNNN "
                                 "(e.g. EPSG:4548 for CGCS2000 3-degree Gauss-Kruger CM 117E)")
        declared = _zone_crs(zone, source)
    if declared.crs is None or declared.crs.is_geographic:
        # Only a file with no coordinate in China has the wrong CRS; a few stray features
        # are reported one by one by the importer.
        inside = in_plausible_box(xs, ys, "wgs84")
        if not inside.any():
            bad = 0
            raise InputFileError(source, "", f"the file says {declared.description} (degrees) but coordinate "
                                 f"({xs[bad]:.3f}, {ys[bad]:.3f}) is not lon/lat in China: the .prj or --crs is "
                                 "wrong (projected metres?); give --crs EPSG:NNNN")
        return declared
    return _align_zone_prefix(declared, xs, source)


def to_lonlat(geometries: np.ndarray, source_crs: SourceCrs) -> np.ndarray:
    """Shapely geometries from the file's coordinates to lon/lat in ``source_crs.datum``."""
    if source_crs.crs is None:
        return geometries
    target = CGCS2000_GEOGRAPHIC if source_crs.crs.datum is None or "2000" in source_crs.crs.datum.name \
        else "EPSG:4326"
    transformer = pyproj.Transformer.from_crs(source_crs.crs, target, always_xy=True)
    shift = source_crs.easting_shift_m

    def transform(c: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(c[:, 0] + shift, c[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometries, transform)


def check_in_china(geometries: np.ndarray, source_crs: SourceCrs, source: str) -> None:
    """After conversion the coordinates must be in China, or the CRS was wrong (a stray
    feature is left to the importer, which names it)."""
    coords = shapely.get_coordinates(geometries)
    inside = in_plausible_box(coords[:, 0], coords[:, 1], "wgs84")
    if len(coords) and not inside.any():
        lon, lat = coords[int(np.argmin(inside))]
        raise InputFileError(source, "", f"read as {source_crs.description}, coordinates land at "
                             f"({lon:.3f}, {lat:.3f}), outside China: the .prj or --crs is wrong")


# Private helpers


def _describe(crs: pyproj.CRS) -> str:
    code = crs.to_epsg(min_confidence=70)
    return f"{crs.name} (EPSG:{code})" if code else crs.name


def _tm_parameters(crs: pyproj.CRS) -> tuple[float, float] | None:
    """(central meridian, false easting) of a transverse Mercator CRS, else None."""
    operation = crs.coordinate_operation
    if operation is None or "transverse mercator" not in operation.method_name.lower():
        return None
    params = {p.name.lower(): p.value for p in operation.params}
    return params.get("longitude of natural origin"), params.get("false easting")


def _zone_prefix(xs: np.ndarray) -> int | None:
    """The zone number written in front of every easting, or None if there is none (or a mix)."""
    zones = np.unique(np.floor(xs / _PREFIX_UNIT_M))
    if len(zones) != 1 or not (zones[0] in _ZONE_3_DEGREE or zones[0] in _ZONE_6_DEGREE):
        return None
    return int(zones[0])


def _zone_crs(zone: int, source: str) -> SourceCrs:
    code = 4513 + zone - 25 if zone in _ZONE_3_DEGREE else 4491 + zone - 13
    crs = pyproj.CRS.from_epsg(code)
    return SourceCrs(f"{crs.name} (EPSG:{code}, from the zone number in front of the eastings)", crs)


def _central_meridian(zone: int) -> float:
    return 3.0 * zone if zone in _ZONE_3_DEGREE else 6.0 * zone - 3.0


def _align_zone_prefix(declared: SourceCrs, xs: np.ndarray, source: str) -> SourceCrs:
    parameters = _tm_parameters(declared.crs)
    if parameters is None:
        return declared
    meridian, false_easting = parameters
    declared_zone = int(false_easting // _PREFIX_UNIT_M)
    data_zone = _zone_prefix(xs)
    if data_zone is not None and abs(_central_meridian(data_zone) - meridian) > 1e-9:
        raise InputFileError(source, "", f"the eastings carry zone number {data_zone} (central meridian "
                             f"{_central_meridian(data_zone):g}°E) but the file says {declared.description}, "
                             f"central meridian {meridian:g}°E: fix the .prj or give --crs")
    if data_zone is not None and declared_zone == 0:
        return SourceCrs(f"{declared.description}, eastings with zone number {data_zone} in front",
                         declared.crs, easting_shift_m=-data_zone * _PREFIX_UNIT_M)
    if data_zone is None and declared_zone > 0 and (xs < _PREFIX_UNIT_M).all():
        return SourceCrs(f"{declared.description}, eastings without the zone number",
                         declared.crs, easting_shift_m=declared_zone * _PREFIX_UNIT_M)
    return declared
