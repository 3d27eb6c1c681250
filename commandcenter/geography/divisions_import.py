"""Replace a district's derived street/community partition with the real one from a file.

A generated district's streets and communities are grown by us (derived). When the city hands
over its community boundaries (Shapefile, GeoPackage, GeoJSON: one polygon per community, with
its code and name; streets follow from the codes), every unit grid goes to the community that
holds most of its area, and the grids are renumbered west→east, north→south inside their new
community. The cells themselves stay as they are, so a community border that cuts through a
cell follows the cell edge: the report says how many cells straddle a border.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import shapely

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography.codes import normalize_community_code, normalize_street_code
from commandcenter.geography.datum import geometry_to_wgs84
from commandcenter.geography.fields import expected, resolve_fields
from commandcenter.geography.gridgen import _number_cells, assemble_map
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.projection import LocalProjection
from commandcenter.geography.shapes import multipolygon_from_rings, polygon_parts
from commandcenter.geography.survey_import import GridImportErrors, _text_code
from commandcenter.geography.vector_files import VectorLayer

_ROLES = ("community_code", "community", "street_code", "street")
_MAJORITY = 0.5


@dataclass(frozen=True)
class DivisionsImport:
    district_map: DistrictMap
    communities: int
    streets: int
    recoded: int                       # grids whose code changed
    straddling: int                    # grids with less than half their area in their community
    empty_communities: tuple[str, ...]  # in the file but holding no grid (left out)


def apply_divisions(district_map: DistrictMap, layer: VectorLayer,
                    fields: Mapping[str, str] | None = None) -> DivisionsImport:
    source = layer.source
    roles = resolve_fields(layer.fields, fields or {}, source, roles=_ROLES)
    if "community_code" not in roles:
        raise InputFileError(source, "", f"no community-code field among {', '.join(layer.fields) or 'no fields'}; "
                             f"expected one of {expected('community_code')} or --field community_code=FIELD")
    district_code = district_map.district.code
    problems: list[str] = []
    shapes: dict[str, list] = {}
    names: dict[str, str] = {}
    for feature in layer.features:
        where = f"feature {feature.index}"
        raw = feature.properties.get(roles["community_code"])
        try:
            code = normalize_community_code(_text_code(raw), roles["community_code"])
        except ValidationError as exc:
            problems.append(f"{where} ({roles['community_code']}): {exc.value!r}: {exc.problem}")
            continue
        if not code.startswith(district_code):
            problems.append(f"{where} ({roles['community_code']}): {code} is not in district {district_code}")
            continue
        if "street_code" in roles and feature.properties.get(roles["street_code"]) not in (None, ""):
            try:
                street = normalize_street_code(_text_code(feature.properties[roles["street_code"]]))
            except ValidationError as exc:
                problems.append(f"{where} ({roles['street_code']}): {exc.value!r}: {exc.problem}")
                continue
            if street != code[:9]:
                problems.append(f"{where} ({roles['street_code']}): {street} contradicts community {code}")
                continue
        geometry = feature.geometry
        if feature.problem or geometry is None or not polygon_parts(geometry):
            problems.append(f"{where} (geometry): {feature.problem or 'no polygon'}")
            continue
        if not shapely.is_valid(geometry):
            problems.append(f"{where} (geometry): invalid polygon: {shapely.is_valid_reason(geometry)}")
            continue
        shapes.setdefault(code, []).extend(polygon_parts(geometry))
        for role, length in (("community", 12), ("street", 9)):
            value = feature.properties.get(roles.get(role, ""))
            if value not in (None, ""):
                names.setdefault(code[:length], str(value).strip())
    if not shapes and not problems:
        problems.append("the file has no community polygons")
    if problems:
        raise GridImportErrors(problems, source)
    return _regroup(district_map, shapes, names, layer.datum, source)


def _regroup(district_map: DistrictMap, shapes, names, datum: str, source: str) -> DivisionsImport:
    codes = sorted(shapes)
    areas_ll = geometry_to_wgs84(np.array([shapely.union_all(shapes[c]) for c in codes], dtype=object), datum)
    boundary = multipolygon_from_rings(district_map.district.boundary)
    projection = LocalProjection.centred_on(boundary)
    regions_m = projection.to_metric(areas_ll)
    cells_m = projection.to_metric(np.array([g.polygon for g in district_map.grids], dtype=object))
    cell_index, region_index = shapely.STRtree(regions_m).query(cells_m, predicate="intersects")
    shared = shapely.area(shapely.intersection(cells_m[cell_index], regions_m[region_index]))
    best_area = np.zeros(len(cells_m))
    owner = np.full(len(cells_m), -1)
    for cell, region, area in zip(cell_index.tolist(), region_index.tolist(), shared.tolist()):
        if area > best_area[cell]:
            best_area[cell], owner[cell] = area, region
    orphans = np.flatnonzero(owner < 0)
    if len(orphans):
        listed = ", ".join(district_map.grids[i].code for i in orphans[:8]) + (" …" if len(orphans) > 8 else "")
        raise GridImportErrors([f"{len(orphans)} grid(s) lie in no community of the file: {listed}"], source)
    straddling = int(np.sum(best_area < _MAJORITY * shapely.area(cells_m)))
    community_of_cell = np.array([codes[r] for r in owner.tolist()], dtype=object)
    centroids = shapely.get_coordinates(shapely.centroid(cells_m))
    top = float(shapely.total_bounds(cells_m)[3])
    new_codes = _number_cells(community_of_cell, centroids, top)
    used = sorted(set(community_of_cell.tolist()))
    streets: dict[str, list[tuple[str, str]]] = {}
    for code in used:
        streets.setdefault(code[:9], []).append((code, names.get(code, code)))
    divisions = [(street, names.get(street, _old_name(district_map, street)), members)
                 for street, members in sorted(streets.items())]
    new_map = assemble_map(district_map.district.code, district_map.district.name, boundary, divisions, projection,
                           cells_m, new_codes, derived=False)
    recoded = sum(1 for old, new in zip((g.code for g in district_map.grids), new_codes) if old != new)
    return DivisionsImport(new_map, len(used), len(streets), recoded, straddling,
                           tuple(c for c in codes if c not in set(used)))


def _old_name(district_map: DistrictMap, street_code: str) -> str:
    known = {s.code: s.name for s in district_map.streets}
    return known.get(street_code, street_code)
