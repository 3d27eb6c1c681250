"""Dongcheng test data, read from the shared data folder at test time (never copied here)."""
from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from commandcenter.geography.gridgen import generate_district
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.readers import read_boundary, read_divisions

DATA = Path(os.environ.get("COMMANDCENTER_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
BOUNDARY_GCJ02 = DATA / "dongcheng_boundary.geojson"
BOUNDARY_WGS84 = DATA / "dongcheng_boundary_wgs84.geojson"
DIVISIONS = DATA / "dongcheng_divisions.csv"


def require_data() -> None:
    if not all(p.exists() for p in (BOUNDARY_GCJ02, BOUNDARY_WGS84, DIVISIONS)):
        pytest.fail(f"shared Dongcheng data not found in {DATA} (set COMMANDCENTER_SHARED_DATA)")


@functools.lru_cache(maxsize=1)
def dongcheng_map() -> DistrictMap:
    """Generated once per test session: the import a user runs with the real files."""
    require_data()
    boundary = read_boundary(BOUNDARY_GCJ02, "gcj02")
    return generate_district(boundary.geometry, "110101", boundary.name, read_divisions(DIVISIONS, "110101"))
