"""Import surveyed unit grids after checking them all, reporting every problem at once.

A survey file is the district's real grid. We refuse it whole if any cell is broken,
overlapping, leaving a gap, or coded inconsistently, because each of those becomes a "who owns
this corner" dispute later; the user gets the complete list to fix in one go. Streets and
communities come from the file (their outlines are the union of their cells), so they are real,
not derived.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from commandcenter.errors import DomainError, InputFileError, ValidationError
from commandcenter.geography.codes import normalize_community_code, normalize_street_code, parse_grid_code
from commandcenter.geography.datum import from_wgs84, geometry_to_wgs84, in_plausible_box
from commandcenter.geography.fields import expected, resolve_fields
from commandcenter.geography.gridgen import PRECISION_M, Divisions, assemble_map
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.shapes import polygon_parts
from commandcenter.geography.vector_files import VectorFeature, VectorLayer, read_vector_file

CODE_PROPERTIES = ("code", "grid_code", "网格编码")
DEFAULT_TOLERANCE_M2 = 1.0
_MAX_LISTED_NEIGHBOURS = 6
_AREA_WARNING_SHARE = 0.01


class GridImportErrors(DomainError):
    """All problems found in a survey grid file; ``problems`` has one line per problem."""

    def __init__(self, problems: list[str], path: str = "", count: int | None = None):
        self.path = path
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        where = f"{path}: " if path else ""
        total = len(self.problems) if count is None else count   # when only the first ones are listed
        super().__init__(f"{where}{total} problem(s) in the grid file:\n{lines}")


@dataclass(frozen=True)
class SurveyGrids:
    """An accepted survey file: the district and how the file was read."""

    district_map: DistrictMap
    crs: str
    encoding: str | None
    fields: Mapping[str, str]
    area_field: str | None = None
    area_max_deviation: float | None = None    # largest |ours − file's| / file's over the cells
    area_worst_feature: int | None = None
    feature_of: Mapping[str, int] = field(default_factory=dict)   # grid code → its feature in the file


def read_survey_grids(path: str | Path, *, crs: str | None = None, encoding: str | None = None,
                      layer: str | None = None, fields: Mapping[str, str] | None = None,
                      district_name: str | None = None, divisions: Divisions | None = None,
                      tolerance_m2: float = DEFAULT_TOLERANCE_M2) -> SurveyGrids:
    """Read and check a survey grid file (Shapefile, zip, GeoPackage or GeoJSON); see
    :func:`commandcenter.geography.vector_files.read_vector_file` for ``crs``/``encoding``."""
    return survey_grids_from_layer(read_vector_file(path, crs=crs, encoding=encoding, layer=layer),
                                   fields=fields, district_name=district_name, divisions=divisions,
                                   tolerance_m2=tolerance_m2)


def import_survey_grids(path: str | Path, datum: str, *, district_name: str | None = None,
                        divisions: Divisions | None = None,
                        tolerance_m2: float = DEFAULT_TOLERANCE_M2) -> DistrictMap:
    """A GeoJSON (or any supported) file in lon/lat ``datum``; the DistrictMap is in WGS84.

    Streets and communities come from the codes; their names from ``divisions`` or the
    features' street/community name fields, else the code itself.
    """
    return read_survey_grids(path, crs=datum, district_name=district_name, divisions=divisions,
                             tolerance_m2=tolerance_m2).district_map


def survey_grids_from_layer(layer: VectorLayer, *, fields: Mapping[str, str] | None = None,
                            district_name: str | None = None, divisions: Divisions | None = None,
                            tolerance_m2: float = DEFAULT_TOLERANCE_M2) -> SurveyGrids:
    source, datum = layer.source, layer.datum
    roles = resolve_fields(layer.fields, fields or {}, source)
    if "code" not in roles and layer.features:
        raise InputFileError(source, "", f"no grid-code field: the fields are {', '.join(layer.fields) or 'none'}; "
                             f"expected one of {expected('code')}, or name it with --field code=FIELD")
    problems: list[str] = []
    cells: list[tuple[int, str, shapely.Polygon]] = []
    names: dict[str, str] = {}
    first_feature_of: dict[str, int] = {}
    shapes = _ShapeChecks(layer.features, datum)
    for feature in layer.features:
        found = _check_feature(feature, roles, shapes, problems)
        if found is None:
            continue
        code, polygon = found
        index = feature.index
        if code in first_feature_of:
            problems.append(f"feature {index} ({roles['code']}): duplicate code {code}, "
                            f"also used by feature {first_feature_of[code]}")
            continue
        first_feature_of[code] = index
        for role, length in (("community", 12), ("street", 9)):
            value = feature.properties.get(roles.get(role, ""))
            if value not in (None, ""):
                names.setdefault(code[:length], str(value).strip())
        cells.append((index, code, polygon))
    if not layer.features:
        problems.append("the file has no features")
    problems.extend(_mixed_districts(cells))
    if cells:
        indices = np.array([i for i, _, _ in cells])
        polygons = geometry_to_wgs84(np.array([p for _, _, p in cells], dtype=object), datum)
        projection = LocalProjection.centred_on(polygons)
        cells_m = projection.to_metric(polygons)
        union = shapely.union_all(cells_m, grid_size=PRECISION_M)
        problems.extend(_overlaps(cells_m, indices, tolerance_m2))
        problems.extend(_gaps(union, cells_m, indices, projection, datum, tolerance_m2))
    if problems:
        raise GridImportErrors(problems, source)
    codes = [code for _, code, _ in cells]
    district_map = _district_map(codes, cells_m, union, projection, district_name, divisions, names)
    by_index = {f.index: f for f in layer.features}
    area = _area_check(roles.get("area"), [by_index[i].properties for i in indices.tolist()], cells_m)
    return SurveyGrids(district_map, layer.crs.description, layer.encoding, roles, roles.get("area"), *area,
                       feature_of=first_feature_of)


def _area_check(field: str | None, properties: list[dict], cells_m) -> tuple[float | None, int | None]:
    """How far our areas are from the file's own area field: a sanity check of the CRS."""
    if field is None:
        return None, None
    claimed = np.array([_number(p.get(field)) for p in properties], dtype=float)
    ours = shapely.area(cells_m)
    usable = np.isfinite(claimed) & (claimed > 0)
    if not usable.any():
        return None, None
    deviation = np.full(len(ours), -1.0)
    deviation[usable] = np.abs(ours[usable] - claimed[usable]) / claimed[usable]
    worst = int(np.argmax(deviation))
    return float(deviation[worst]), worst


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


class _ShapeChecks:
    """Type, parts, plausible box and validity of every feature's geometry, computed for all
    features at once (per-feature shapely calls dominate a 50,000-cell import otherwise)."""

    def __init__(self, features, datum: str):
        self._row = {}
        self._datum = datum
        present = [f for f in features if f.problem is None and f.geometry is not None]
        geometries = np.array([f.geometry for f in present], dtype=object)
        if not len(geometries):
            return
        empty = shapely.is_empty(geometries)
        type_id = shapely.get_type_id(geometries)
        parts = shapely.get_num_geometries(geometries)
        single = ~empty & ((type_id == 3) | ((type_id == 6) & (parts == 1)))
        polygons = np.where(type_id == 6, shapely.get_geometry(geometries, 0), geometries)
        coords, owner = shapely.get_coordinates(polygons, return_index=True)
        inside = in_plausible_box(coords[:, 0], coords[:, 1], datum)
        first_outside = np.full(len(geometries), -1)
        outside_at = np.flatnonzero(~inside)
        first_outside[owner[outside_at][::-1]] = outside_at[::-1]
        valid = np.zeros(len(geometries), dtype=bool)
        valid[single] = shapely.is_valid(polygons[single])
        for k, feature in enumerate(present):
            self._row[feature.index] = (bool(empty[k]), bool(single[k]), polygons[k], int(first_outside[k]),
                                        bool(valid[k]), coords)

    def problem(self, feature) -> tuple[str | None, object]:
        """(problem or None, the cell's polygon)."""
        index, geometry = feature.index, feature.geometry
        if index not in self._row:
            return "no geometry", None
        empty, single, polygon, outside, valid, coords = self._row[index]
        if empty:
            return "no geometry", None
        if not single:
            return (f"a unit grid must be one polygon, got {geometry.geom_type} "
                    f"with {len(polygon_parts(geometry))} polygon part(s)"), None
        if outside >= 0:
            lon, lat = coords[outside]
            return (f"coordinate ({lon:g}, {lat:g}) is outside China's plausible box for {self._datum} "
                    "(projected metres or swapped lat/lon?)"), None
        if not valid:
            return f"invalid polygon: {shapely.is_valid_reason(polygon)}", None
        return None, polygon


def _check_feature(feature: VectorFeature, roles: Mapping[str, str], shapes: _ShapeChecks, problems: list[str]):
    """(code, polygon) of a usable feature; otherwise its problems are appended and None returned."""
    index = feature.index
    if feature.problem is not None:
        problems.append(f"feature {index} (geometry): {feature.problem}")
        return None
    code = _code_of(feature.properties, roles, index, problems)
    problem, polygon = shapes.problem(feature)
    if problem is not None:
        problems.append(f"feature {index} (geometry): {problem}")
        return None
    return (code, polygon) if code is not None else None


def _code_of(properties: dict, roles: Mapping[str, str], index: int, problems: list[str]) -> str | None:
    key = roles.get("code")
    if key is None or properties.get(key) in (None, ""):
        problems.append(f"feature {index} ({key or 'code'}): no grid code; expected one of the fields "
                        f"{expected('code')}")
        return None
    try:
        code = parse_grid_code(_text_code(properties[key]), key)
    except ValidationError as exc:
        problems.append(f"feature {index} ({key}): {exc.value!r}: {exc.problem}")
        return None
    for role, length, normalize in (("community_code", 12, normalize_community_code),
                                    ("street_code", 9, normalize_street_code)):
        field = roles.get(role)
        claimed = properties.get(field) if field else None
        if claimed in (None, ""):
            continue
        try:
            value = normalize(_text_code(claimed), field)
        except ValidationError as exc:
            problems.append(f"feature {index} ({field}): {exc.value!r}: {exc.problem}")
            return None
        if value != code[:length]:
            what = "community" if length == 12 else "street"
            problems.append(f"feature {index} ({field}): {value} contradicts grid code {code}, "
                            f"whose {what} is {code[:length]}")
            return None
    return code


def _text_code(value):
    """A code stored in a numeric field comes back as int or float; its digits are the code."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _mixed_districts(cells) -> list[str]:
    if not cells:
        return []
    district = cells[0][1][:6]
    return [f"feature {index} (code): {code} is in district {code[:6]}, not {district} like feature {cells[0][0]}"
            for index, code, _ in cells if code[:6] != district]


def _overlaps(cells_m: np.ndarray, indices: np.ndarray, tolerance_m2: float) -> list[str]:
    left, right = shapely.STRtree(cells_m).query(cells_m, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    # Neighbours only touch; the few pairs whose interiors meet are measured.
    inner = shapely.relate_pattern(cells_m[left], cells_m[right], "T********")
    left, right = left[inner], right[inner]
    # Without a precision grid: exact overlaps of neighbours are ~1e-10 m², far below any tolerance.
    overlap = shapely.area(shapely.intersection(cells_m[left], cells_m[right]))
    return [f"features {indices[a]} and {indices[b]} (geometry): overlap by {area:.1f} m²"
            for a, b, area in zip(left.tolist(), right.tolist(), overlap.tolist()) if area > tolerance_m2]


def _gaps(union, cells_m, indices, projection: LocalProjection, datum: str, tolerance_m2: float) -> list[str]:
    """Holes in the union of the cells: areas enclosed by cells but owned by none."""
    envelope = shapely.envelope(union)
    outside = shapely.difference(envelope, union, grid_size=PRECISION_M)
    tree = shapely.STRtree(cells_m)
    problems = []
    for gap in polygon_parts(outside):
        if gap.area <= tolerance_m2 or gap.intersects(envelope.exterior):
            continue
        around = sorted(indices[tree.query(gap.buffer(PRECISION_M * 10), predicate="intersects")].tolist())
        listed = ", ".join(map(str, around[:_MAX_LISTED_NEIGHBOURS]))
        if len(around) > _MAX_LISTED_NEIGHBOURS:
            listed += ", …"
        point = shapely.point_on_surface(gap)
        lon, lat = projection.lonlat(point.x, point.y)
        lon, lat = from_wgs84(lon, lat, datum)
        problems.append(f"features {listed} (geometry): gap of {gap.area:.1f} m² between them, "
                        f"around ({float(lon):.6f}, {float(lat):.6f})")
    return problems


def _district_map(codes, cells_m, union, projection, district_name, divisions, names) -> DistrictMap:
    # The official divisions list wins over names written into the survey features.
    for street_code, street_name, communities in divisions or ():
        names[str(street_code)[:9]] = street_name
        for community_code, community_name in communities:
            names[str(community_code)] = community_name
    district_code = codes[0][:6]
    streets: dict[str, dict[str, str]] = {}
    for code in codes:
        streets.setdefault(code[:9], {})[code[:12]] = names.get(code[:12], code[:12])
    found = [(street, names.get(street, street), sorted(members.items()))
             for street, members in sorted(streets.items())]
    return assemble_map(district_code, district_name or district_code, projection.to_lonlat(union), found,
                        projection, cells_m, codes, derived=False)
