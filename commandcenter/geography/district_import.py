"""The whole "import a district" command: boundary file + divisions file → DistrictMap.

The CLI only parses its arguments and stores the result; every decision is made here.
"""
from __future__ import annotations

from pathlib import Path

import shapely

from commandcenter.errors import InputFileError, ValidationError
from commandcenter.geography.codes import normalize_district_code
from commandcenter.geography.datum import geometry_to_wgs84
from commandcenter.geography.gridgen import generate_district
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.readers import (GEOJSON_SUFFIXES, BoundaryFile, StreetDivision, read_boundary,
                                             read_divisions, refuse_invalid)
from commandcenter.geography.shapes import polygon_parts

#: where boundary files keep the district's code and name (GeoJSON from AMap; surveys' XZQ fields)
_CODE_FIELDS = ("adcode", "code", "XZQDM", "QXDM", "XZQHDM", "行政区代码", "区划代码")
_NAME_FIELDS = ("name", "XZQMC", "QXMC", "行政区名称", "名称")


def import_district(boundary_path: str | Path, divisions_path: str | Path, datum: str | None, *,
                    district_code: str | None = None, district_name: str | None = None,
                    seed: int = 0, crs: str | None = None, encoding: str | None = None,
                    layer: str | None = None) -> DistrictMap:
    """Generate unit grids and derived streets/communities for a real district.

    The district code is taken from the argument, else the boundary file's code field, else
    the divisions file; the name from the argument, else the file's name field.
    """
    boundary = read_boundary_file(boundary_path, datum, crs=crs, encoding=encoding, layer=layer)
    if district_code is not None:
        district_code = normalize_district_code(district_code)
        if boundary.code is not None and boundary.code != district_code:
            raise ValidationError("district_code", district_code,
                                  f"the boundary file {boundary_path} is for district {boundary.code}")
    elif boundary.code is not None:
        district_code = normalize_district_code(boundary.code, f"{boundary_path}: adcode")
    divisions = read_divisions(divisions_path, district_code)
    district_code = district_code or divisions[0].code[:6]
    name = district_name or boundary.name or district_code
    return generate_district(boundary.geometry, district_code, name, neutral_names(divisions), seed=seed)


def neutral_names(divisions: list[StreetDivision]) -> list[StreetDivision]:
    """The divisions file's codes and membership with neutral names: 片区01 … for streets,
    片区01-01 … for their communities (in code order).

    The partition is grown by us, so a real name would sit where the real street is not (the 17
    names of Dongcheng in code order put 和平里 in the middle and 建国门 in the west). Real names
    come with real boundaries: ``import-divisions`` (or ``import-grids``) replaces these."""
    named = []
    for s, street in enumerate(sorted(divisions, key=lambda d: d.code), start=1):
        communities = tuple((code, f"{NEUTRAL_AREA}{s:02d}-{c:02d}")
                            for c, (code, _real) in enumerate(sorted(street.communities), start=1))
        named.append(StreetDivision(street.code, f"{NEUTRAL_AREA}{s:02d}", communities))
    return named


#: the neutral name of a derived street (片区 = "area"); its communities add "-NN"
NEUTRAL_AREA = "片区"


def read_boundary_file(path: str | Path, datum: str | None, *, crs: str | None = None,
                       encoding: str | None = None, layer: str | None = None) -> BoundaryFile:
    """A GeoJSON boundary in ``datum``, or a Shapefile/GeoPackage in its declared CRS (or ``crs``)."""
    if Path(path).suffix.lower() in GEOJSON_SUFFIXES and crs is None:
        return read_boundary(path, datum or "wgs84")
    from commandcenter.geography.vector_files import read_vector_file

    vector = read_vector_file(path, crs=crs or datum, encoding=encoding, layer=layer)
    polygons, code, name = [], None, None
    for feature in vector.features:
        if feature.problem is not None:
            raise InputFileError(vector.source, f"feature {feature.index}", feature.problem)
        if feature.geometry is None or not polygon_parts(feature.geometry):
            continue
        refuse_invalid(feature.geometry, f"feature {feature.index}", vector.source)
        polygons.extend(polygon_parts(feature.geometry))
        code = code or _first(feature.properties, _CODE_FIELDS)
        name = name or _first(feature.properties, _NAME_FIELDS)
    if not polygons:
        raise InputFileError(vector.source, "", "no polygon: a district boundary must be an area")
    merged = shapely.MultiPolygon(polygon_parts(shapely.union_all(polygons)))
    return BoundaryFile(geometry_to_wgs84(merged, vector.datum), name, code, vector.datum)


def _first(properties: dict, names: tuple[str, ...]) -> str | None:
    by_lower = {str(k).lower(): v for k, v in properties.items()}
    for name in names:
        value = by_lower.get(name.lower())
        if value not in (None, ""):
            return str(int(value) if isinstance(value, float) and value.is_integer() else value).strip()
    return None
