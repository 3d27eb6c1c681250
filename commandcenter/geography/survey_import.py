"""Import surveyed unit grids (GeoJSON) after checking them all, reporting every problem at once.

A survey file is the district's real grid. We refuse it whole if any cell is broken,
overlapping, leaving a gap, or coded inconsistently, because each of those becomes a "who owns
this corner" dispute later; the user gets the complete list to fix in one go.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely

from commandcenter.errors import DomainError, InputFileError, ValidationError
from commandcenter.geography.codes import normalize_community_code, parse_grid_code
from commandcenter.geography.datum import check_datum, from_wgs84, geometry_to_wgs84, in_plausible_box
from commandcenter.geography.gridgen import PRECISION_M, Divisions, assemble_map
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.readers import feature_geometry, geojson_features, load_geojson
from commandcenter.geography.shapes import polygon_parts

CODE_PROPERTIES = ("code", "grid_code", "网格编码")
DEFAULT_TOLERANCE_M2 = 1.0
_MAX_LISTED_NEIGHBOURS = 6


class GridImportErrors(DomainError):
    """All problems found in a survey grid file; ``problems`` has one line per problem."""

    def __init__(self, problems: list[str], path: str = ""):
        self.path = path
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{len(self.problems)} problem(s) in the grid file:\n{lines}")


def import_survey_grids(path: str | Path, datum: str, *, district_name: str | None = None,
                        divisions: Divisions | None = None,
                        tolerance_m2: float = DEFAULT_TOLERANCE_M2) -> DistrictMap:
    """Read and check a survey grid file in ``datum``; the DistrictMap is stored in WGS84.

    Streets and communities come from the codes; their names from ``divisions`` or the
    features' ``street_name``/``community_name`` properties, else the code itself.
    Raises InputFileError if the file is not GeoJSON at all, GridImportErrors for bad cells.
    """
    datum = check_datum(datum)
    data = load_geojson(path)
    return survey_map_from_geojson(data, datum, str(path), district_name=district_name, divisions=divisions,
                                   tolerance_m2=tolerance_m2)


def survey_map_from_geojson(data: dict, datum: str, source: str = "<grids>", *, district_name: str | None = None,
                            divisions: Divisions | None = None,
                            tolerance_m2: float = DEFAULT_TOLERANCE_M2) -> DistrictMap:
    """``import_survey_grids`` for GeoJSON already parsed (``source`` names it in messages)."""
    datum = check_datum(datum)
    features = geojson_features(data, source)
    problems: list[str] = []
    cells: list[tuple[int, str, shapely.Polygon]] = []
    names: dict[str, str] = {}
    first_feature_of: dict[str, int] = {}
    for index, feature in enumerate(features):
        found = _check_feature(feature, index, datum, source, problems)
        if found is None:
            continue
        code, polygon = found
        if code in first_feature_of:
            problems.append(f"feature {index} (code): duplicate code {code}, "
                            f"also used by feature {first_feature_of[code]}")
            continue
        first_feature_of[code] = index
        properties = feature.get("properties")
        for key, length in (("community_name", 12), ("street_name", 9)):
            if properties.get(key):
                names.setdefault(code[:length], str(properties[key]).strip())
        cells.append((index, code, polygon))
    if not features:
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
    return _district_map(codes, cells_m, union, projection, district_name, divisions, names)


def _check_feature(feature, index: int, datum: str, source: str, problems: list[str]):
    """(code, polygon) of a usable feature; otherwise its problems are appended and None returned."""
    before = len(problems)
    try:
        geometry = feature_geometry(feature, index, source)
    except InputFileError as exc:
        problems.append(f"feature {index} (geometry): {exc.problem}")
        return None
    properties = feature.get("properties")
    code = _code_of(properties if isinstance(properties, dict) else {}, index, problems)
    polygon = None
    if geometry is None or geometry.is_empty:
        problems.append(f"feature {index} (geometry): no geometry")
    elif len(polygon_parts(geometry)) != 1 or shapely.get_type_id(geometry) not in (3, 6):
        problems.append(f"feature {index} (geometry): a unit grid must be one polygon, got {geometry.geom_type} "
                        f"with {len(polygon_parts(geometry))} polygon part(s)")
    else:
        polygon = polygon_parts(geometry)[0]
        coords = shapely.get_coordinates(polygon)
        inside = in_plausible_box(coords[:, 0], coords[:, 1], datum)
        if not inside.all():
            lon, lat = coords[int(np.argmin(inside))]
            problems.append(f"feature {index} (geometry): coordinate ({lon:g}, {lat:g}) is outside China's plausible "
                            f"box for {datum} (projected metres or swapped lat/lon?)")
        elif not polygon.is_valid:
            problems.append(f"feature {index} (geometry): invalid polygon: {shapely.is_valid_reason(polygon)}")
    if len(problems) > before or code is None:
        return None
    return code, polygon


def _code_of(properties: dict, index: int, problems: list[str]) -> str | None:
    key = next((k for k in CODE_PROPERTIES if properties.get(k) not in (None, "")), None)
    if key is None:
        problems.append(f"feature {index} (code): no grid code; expected one of the properties "
                        f"{', '.join(CODE_PROPERTIES)}")
        return None
    try:
        code = parse_grid_code(properties[key], key)
    except ValidationError as exc:
        problems.append(f"feature {index} ({key}): {exc.value!r}: {exc.problem}")
        return None
    claimed = properties.get("community_code")
    if claimed not in (None, ""):
        try:
            community = normalize_community_code(claimed)
        except ValidationError as exc:
            problems.append(f"feature {index} (community_code): {exc.value!r}: {exc.problem}")
            return None
        if community != code[:12]:
            problems.append(f"feature {index} (community_code): {community} contradicts grid code {code}, "
                            f"whose community is {code[:12]}")
            return None
    return code


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
