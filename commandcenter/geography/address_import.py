"""Read an address gazetteer (地址库): CSV or XLSX rows of address text with its point.

Columns by their usual names: address (地址, 标准地址, 详细地址, 门牌地址), lon (经度, lng, X),
lat (纬度, Y), optional door number (门牌号) and building (楼栋). Geocoders used by cities hand out
GCJ-02 (AMap, Tencent) as often as WGS84/CGCS2000, so the datum is named on import. As with survey
grids, every bad row is reported and nothing is imported if there is one.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from commandcenter.errors import InputFileError
from commandcenter.geography.datum import check_datum, to_wgs84
from commandcenter.geography.gazetteer import address_precision
from commandcenter.geography.locator import GridLocator
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.survey_import import GridImportErrors
from commandcenter.hotline.table import csv_rows, normalize_header, xlsx_rows

COLUMNS = {
    "address": ("地址", "标准地址", "详细地址", "门牌地址", "地址名称", "address"),
    "lon": ("经度", "lon", "lng", "longitude", "x", "横坐标"),
    "lat": ("纬度", "lat", "latitude", "y", "纵坐标"),
    "door_number": ("门牌号", "门牌", "门址号"),
    "building": ("楼栋", "楼号", "楼栋号"),
}
_MAX_LISTED = 50


def read_addresses(path: str | Path, district_map: DistrictMap, datum: str,
                   sheet: str | None = None) -> list[tuple[str, float, float, str]]:
    """(address, lon, lat, precision) rows in WGS84, every point inside the district."""
    datum = check_datum(datum, "--datum")
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputFileError(source, "", "file not found")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise InputFileError(source, "", f"expected a .csv or .xlsx address list, got {suffix or 'no extension'!r}")
    rows = csv_rows(path) if suffix in (".csv", ".txt") else xlsx_rows(path, sheet)
    header_row, columns = _header(rows, source)
    problems: list[str] = []
    kept: list[tuple[int, str, float, float, str]] = []
    for number, cells in rows:
        if number <= header_row or not any(str(c or "").strip() for c in cells):
            continue
        value = {role: (cells[i] if i < len(cells) else None) for role, i in columns.items()}
        address = str(value["address"] or "").strip()
        lon, lat = _number(value["lon"]), _number(value["lat"])
        if not address:
            problems.append(f"row {number} (address): empty")
        elif lon is None or lat is None:
            problems.append(f"row {number} (lon/lat): {value['lon']!r}, {value['lat']!r} are not numbers")
        else:
            precision = address_precision(address, _text(value.get("door_number")), _text(value.get("building")))
            kept.append((number, address, lon, lat, precision))
    if kept:
        lons, lats = to_wgs84(np.array([k[2] for k in kept]), np.array([k[3] for k in kept]), datum)
        cells = GridLocator(district_map).locate_many(lons, lats)
        for (number, *_), cell, lon, lat in zip(kept, cells, lons.tolist(), lats.tolist()):
            if cell is None:
                problems.append(f"row {number} (lon/lat): ({lon:.6f}, {lat:.6f}) is outside the district's grids "
                                "(wrong --datum, or swapped lon/lat?)")
        kept = [(n, a, x, y, p) for (n, a, _, _, p), x, y in zip(kept, lons.tolist(), lats.tolist())]
    if not kept and not problems:
        problems.append("no address rows below the header")
    if problems:
        listed = problems[:_MAX_LISTED] + ([f"… and {len(problems) - _MAX_LISTED} more"]
                                           if len(problems) > _MAX_LISTED else [])
        raise GridImportErrors(listed, source)
    return [(address, lon, lat, precision) for _, address, lon, lat, precision in kept]


def _header(rows, source: str) -> tuple[int, dict[str, int]]:
    for number, cells in rows[:30]:
        headers = [normalize_header(c).lower() for c in cells]
        columns = {}
        for role, names in COLUMNS.items():
            index = next((headers.index(n.lower()) for n in names if n.lower() in headers), None)
            if index is not None:
                columns[role] = index
        if {"address", "lon", "lat"} <= set(columns):
            return number, columns
    raise InputFileError(source, "rows 1–30", "no header row naming the address, lon and lat columns "
                         "(地址, 经度, 纬度 or address, lon, lat)")


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _text(value) -> str | None:
    text = str(value or "").strip()
    return text or None
