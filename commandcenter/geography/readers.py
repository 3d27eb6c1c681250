"""Read the user's district boundary (GeoJSON) and divisions list (CSV).

Every problem is an InputFileError naming the file and where in it (line, column, feature),
so the user can open the file and fix it.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import shapely
import shapely.geometry

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography.codes import (
    normalize_community_code,
    normalize_district_code,
    normalize_street_code,
)
from commandcenter.geography.datum import check_datum, geometry_to_wgs84, in_plausible_box, plausible_box
from commandcenter.geography.shapes import polygon_parts

GEOJSON_SUFFIXES = (".geojson", ".json")
GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                  "GeometryCollection")
DIVISION_COLUMNS = ("street_code", "street_name", "community_code", "community_name")


@dataclass(frozen=True)
class BoundaryFile:
    """A district boundary as read: WGS84 geometry plus the name/code the file carries, if any."""

    geometry: shapely.MultiPolygon
    name: str | None
    code: str | None
    source_datum: str


class StreetDivision(NamedTuple):
    """One street and its communities, as ``generate_district`` takes them."""

    code: str
    name: str
    communities: tuple[tuple[str, str], ...]


def load_geojson(path: str | Path) -> dict:
    """Parse a GeoJSON file into a dict; wrong type, encoding or JSON syntax → InputFileError."""
    path = Path(path)
    if path.suffix.lower() not in GEOJSON_SUFFIXES:
        raise InputFileError(str(path), "", "expected a GeoJSON file (.geojson or .json), "
                             f"got {path.suffix or 'no extension'!r}")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputFileError(str(path), "", f"cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(str(path), f"byte {exc.start}", "not UTF-8 text; GeoJSON must be UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InputFileError(str(path), where, f"not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature", *GEOMETRY_TYPES):
        found = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise InputFileError(str(path), "top level",
                             f"not GeoJSON: expected a FeatureCollection, Feature or geometry, found {found!r}")
    return data


def geojson_features(data: dict, path: str) -> list[dict]:
    """The features of a parsed GeoJSON object (a bare geometry counts as one feature)."""
    if data["type"] == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise InputFileError(path, "top level", "FeatureCollection without a 'features' list")
        return features
    if data["type"] == "Feature":
        return [data]
    return [{"type": "Feature", "properties": {}, "geometry": data}]


def feature_geometry(feature: object, index: int, path: str):
    """The shapely geometry of feature ``index``, or InputFileError saying what is broken."""
    where = f"feature {index}"
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise InputFileError(path, where, "not a GeoJSON Feature object")
    geometry = feature.get("geometry")
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise InputFileError(path, where, f"geometry has no valid 'type' (found {_type_of(geometry)!r})")
    try:
        return shapely.geometry.shape(geometry)
    except Exception as exc:  # shapely raises many types for malformed coordinate arrays
        raise InputFileError(path, where, f"malformed {geometry['type']} coordinates ({exc})") from None


def check_in_box(geometry, datum: str, index: int, path: str) -> None:
    """Coordinates outside China's plausible box usually mean metres or swapped lat/lon."""
    coords = shapely.get_coordinates(geometry)
    ok = in_plausible_box(coords[:, 0], coords[:, 1], datum)
    if not ok.all():
        lon, lat = coords[int(np.argmin(ok))]
        min_lon, min_lat, max_lon, max_lat = plausible_box(datum)
        raise InputFileError(
            path, f"feature {index}",
            f"coordinate ({lon:g}, {lat:g}) is outside China (lon {min_lon}–{max_lon}, lat {min_lat}–{max_lat}); "
            "expected lon/lat in degrees, lon first (projected metres or swapped axes?)",
        )


def read_boundary(path: str | Path, datum: str) -> BoundaryFile:
    """A district boundary from GeoJSON in ``datum`` ('gcj02' or 'wgs84'), converted to WGS84.

    All Polygon/MultiPolygon features are joined; other geometries are ignored. An invalid
    polygon (a self-intersecting ring, swapped vertices) is refused with the place named:
    "repairing" it can silently drop most of the district.
    """
    datum = check_datum(datum)
    data = load_geojson(path)
    path = str(path)
    polygons: list[shapely.Polygon] = []
    name = code = None
    for index, feature in enumerate(geojson_features(data, path)):
        geometry = feature_geometry(feature, index, path)
        if geometry is None or not polygon_parts(geometry):
            continue
        check_in_box(geometry, datum, index, path)
        _check_declared_datum(feature, datum, index, path)
        refuse_invalid(geometry, f"feature {index}", path)
        polygons.extend(polygon_parts(geometry))
        properties = feature.get("properties") or {}
        name = name or _text(properties.get("name"))
        code = code or _text(properties.get("adcode") or properties.get("code"))
    if not polygons:
        raise InputFileError(path, "", "no Polygon or MultiPolygon geometry: a district boundary must be an area")
    merged = shapely.MultiPolygon(polygon_parts(shapely.union_all(polygons)))
    return BoundaryFile(geometry_to_wgs84(merged, datum), name, code, datum)


def refuse_invalid(geometry, where: str, path: str) -> None:
    """An invalid area names its problem and where it is, in the file's own coordinates."""
    if not shapely.is_valid(geometry):
        raise InputFileError(path, where, f"invalid polygon: {shapely.is_valid_reason(geometry)}; "
                             "fix the boundary (e.g. in QGIS: Vector → Geometry Tools → Check Validity)")


def read_divisions(path: str | Path, district_code: str | None = None) -> list[StreetDivision]:
    """Streets and communities from a CSV with columns street_code, street_name, community_code,
    community_name (UTF-8, BOM optional). Street codes may be 9 digits or the 12-digit
    statistical form. Without ``district_code`` the first row's district is taken.
    """
    path_text = str(path)
    if district_code is not None:
        district_code = normalize_district_code(district_code)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputFileError(path_text, "", f"cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InputFileError(path_text, f"byte {exc.start}", "not UTF-8 text; save the CSV as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in DIVISION_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputFileError(path_text, "line 1", f"missing column(s) {', '.join(missing)}; "
                             f"the header must name {', '.join(DIVISION_COLUMNS)}")
    streets: dict[str, tuple[str, dict[str, str]]] = {}
    for row in reader:
        where = f"line {reader.line_num}"
        values = {c: (row.get(c) or "").strip() for c in DIVISION_COLUMNS}
        if not any(values.values()):
            continue
        street_code, community_code = _row_codes(values, path_text, where)
        if district_code is None:
            district_code = street_code[:6]
        if not community_code.startswith(district_code):
            raise InputFileError(path_text, where, f"community {community_code} is outside district {district_code}")
        if not community_code.startswith(street_code):
            raise InputFileError(path_text, where,
                                 f"community {community_code} does not belong to street {street_code} (prefix differs)")
        for column in ("street_name", "community_name"):
            if not values[column]:
                raise InputFileError(path_text, where, f"{column} is empty")
        street_name, communities = streets.setdefault(street_code, (values["street_name"], {}))
        if street_name != values["street_name"]:
            raise InputFileError(path_text, where, f"street {street_code} is named {values['street_name']!r} here "
                                 f"but {street_name!r} before")
        if community_code in communities:
            raise InputFileError(path_text, where, f"community {community_code} is listed twice")
        communities[community_code] = values["community_name"]
    if not streets:
        raise InputFileError(path_text, "", "no rows: the file lists no street or community")
    return [StreetDivision(code, name, tuple(sorted(members.items())))
            for code, (name, members) in sorted(streets.items())]


def _row_codes(values: dict[str, str], path: str, where: str) -> tuple[str, str]:
    try:
        street_code = normalize_street_code(values["street_code"])
        community_code = normalize_community_code(values["community_code"])
    except ValidationError as exc:
        raise InputFileError(path, f"{where}, column {exc.field}", f"{exc.value!r}: {exc.problem}") from None
    return street_code, community_code


def _check_declared_datum(feature: dict, datum: str, index: int, path: str) -> None:
    """Files that say which datum they are in (a 'datum' property) must agree with the user:
    a boundary read in the wrong datum lands a few hundred metres off, unnoticed."""
    declared = _text((feature.get("properties") or {}).get("datum"))
    if declared is None:
        return
    simple = declared.lower().replace("-", "").replace("_", "").replace(" ", "")
    said = "gcj02" if simple.startswith("gcj02") else "wgs84" if simple.startswith(("wgs84", "cgcs2000")) else None
    if said is not None and said != datum:
        raise InputFileError(path, f"feature {index}", f"the file says its datum is {declared!r}, but it is being "
                             f"read as {datum}; choose {said} (a wrong datum shifts the map by ~500 m)")


def _text(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def _type_of(value: object) -> object:
    return value.get("type") if isinstance(value, dict) else type(value).__name__
