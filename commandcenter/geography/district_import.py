"""The whole "import a district" command: boundary file + divisions file → DistrictMap.

The CLI only parses its arguments and stores the result; every decision is made here.
"""
from __future__ import annotations

from pathlib import Path

from commandcenter.errors import ValidationError
from commandcenter.geography.codes import normalize_district_code
from commandcenter.geography.gridgen import generate_district
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.readers import read_boundary, read_divisions


def import_district(boundary_path: str | Path, divisions_path: str | Path, datum: str, *,
                    district_code: str | None = None, district_name: str | None = None,
                    seed: int = 0) -> DistrictMap:
    """Generate unit grids and derived streets/communities for a real district.

    The district code is taken from the argument, else the boundary file's ``adcode``/``code``
    property, else the divisions file; the name from the argument, else the file's ``name``.
    """
    boundary = read_boundary(boundary_path, datum)
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
    return generate_district(boundary.geometry, district_code, name, divisions, seed=seed)
