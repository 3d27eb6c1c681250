"""A components inventory (部件普查) as surveys deliver it: points in a Shapefile (loose or
zipped), a GeoPackage, GeoJSON, or a CSV/XLSX table with X/Y columns, carrying the attributes
of CJ/T 214 (数字化城市管理信息系统 管理部件和事件): 标识码 ObjID (16 digits: district 6 + big
class 2 + small class 2 + serial 6), 部件名称, 主管/权属/养护 departments (code and name), the
unit grid BGID, state, initial and change dates, data source and note.

Every component is checked — its code, its class in the catalog, its district, its point in
one of the district's grids and that grid against its BGID, its dates — and every problem is
listed with its feature or row number and field; a file with any problem imports nothing.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from commandcenter.catalog import Catalog
from commandcenter.clock import local
from commandcenter.errors import DomainError, InputFileError, ValidationError
from commandcenter.geography import crs as crs_module
from commandcenter.geography.codes import parse_component_code, parse_grid_code
from commandcenter.geography.datum import geometry_to_wgs84
from commandcenter.geography.fields import resolve_fields
from commandcenter.geography.locator import GridLocator
from commandcenter.geography.model import DistrictMap
from commandcenter.geography.vector_files import SUFFIXES as VECTOR_SUFFIXES
from commandcenter.geography.vector_files import read_vector_file
from commandcenter.hotline.orders import parse_when
from commandcenter.hotline.table import csv_rows, normalize_header, xlsx_rows

TABLE_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
#: role → field names of the usual deliveries: CJ/T 214's own first, then pinyin initials and Chinese
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("ObjID", "BSM", "标识码", "部件标识码", "部件编码", "BJBM", "BJBSM", "component_code", "code"),
    "name": ("ObjName", "部件名称", "BJMC", "名称", "name"),
    "main_dept_code": ("DeptCode1", "ZGBM", "ZGBMDM", "主管部门代码", "主管部门编码"),
    "main_dept_name": ("DeptName1", "ZGBMMC", "主管部门名称", "主管部门"),
    "owner_dept_code": ("DeptCode2", "QSDWDM", "QSBM", "权属单位代码", "权属单位编码"),
    "owner_dept_name": ("DeptName2", "QSDWMC", "QSDW", "权属单位名称", "权属单位"),
    "upkeep_dept_code": ("DeptCode3", "YHDWDM", "YHBM", "养护单位代码", "养护单位编码"),
    "upkeep_dept_name": ("DeptName3", "YHDWMC", "YHDW", "养护单位名称", "养护单位"),
    "grid": ("BGID", "BGBM", "WGBM", "所在单元网格", "单元网格编码", "网格编码"),
    "state": ("ObjState", "状态", "部件状态", "ZT", "BJZT"),
    "initial_date": ("ORDate", "初始日期", "CSRQ", "建档日期"),
    "change_date": ("CHDate", "变更日期", "BGRQ"),
    "source": ("DataSource", "数据来源", "SJLY"),
    "note": ("Note", "备注", "BZ"),
    "x": ("X", "XZB", "横坐标", "经度", "lon", "lng", "longitude"),
    "y": ("Y", "YZB", "纵坐标", "纬度", "lat", "latitude"),
}
ROLES = tuple(SYNONYMS)
#: the text attributes stored, with the longest value the database keeps
TEXT_ROLES = {"name": 100, "main_dept_code": 32, "main_dept_name": 100, "owner_dept_code": 32,
              "owner_dept_name": 100, "upkeep_dept_code": 32, "upkeep_dept_name": 100, "state": 32,
              "source": 100, "note": 200}
_MAX_LISTED = 200
#: a number this large, held as a float, has lost digits of a 16-digit code
_EXACT_FLOAT_DIGITS = 1e15


class ComponentImportErrors(DomainError):
    """All problems found in a components file; ``problems`` has one line per problem."""

    def __init__(self, problems: list[str], path: str = ""):
        self.path = path
        self.problems = list(problems)
        shown = self.problems[:_MAX_LISTED] + ([f"… and {len(self.problems) - _MAX_LISTED} more"]
                                              if len(self.problems) > _MAX_LISTED else [])
        lines = "\n".join(f"- {p}" for p in shown)
        super().__init__(f"{path + ': ' if path else ''}{len(self.problems)} problem(s) in the components "
                         f"file, nothing imported:\n{lines}")


@dataclass(frozen=True)
class SurveyedComponent:
    """One component (部件) of the inventory with its CJ/T 214 attributes; lon/lat in WGS84."""

    code: str
    class_code: str
    grid_code: str
    lon: float
    lat: float
    name: str | None = None
    main_dept_code: str | None = None      # 主管部门
    main_dept_name: str | None = None
    owner_dept_code: str | None = None     # 权属单位
    owner_dept_name: str | None = None
    upkeep_dept_code: str | None = None    # 养护单位
    upkeep_dept_name: str | None = None
    state: str | None = None
    initial_date: date | None = None
    change_date: date | None = None
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ComponentInventory:
    components: tuple[SurveyedComponent, ...]
    source: str
    crs: str
    encoding: str | None
    fields: Mapping[str, str]

    def by_big_class(self) -> dict[str, int]:
        return dict(sorted(Counter(c.class_code[:2] for c in self.components).items()))


@dataclass
class _Record:
    label: str                      # "feature 3" / "row 5", as the user finds it in the file
    values: dict[str, Any]
    point: Any = None               # shapely geometry in WGS84 lon/lat, or None
    problem: str | None = None


def read_components(path: str | Path, district_map: DistrictMap, catalog: Catalog, *, crs: str | None = None,
                    encoding: str | None = None, layer: str | None = None, sheet: str | None = None,
                    fields: Mapping[str, str] | None = None) -> ComponentInventory:
    """Read and check a components file; raises :class:`ComponentImportErrors` listing every problem."""
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputFileError(source, "", "file not found")
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        records, names, how, text = _table_records(path, crs, sheet, fields or {})
    elif suffix in VECTOR_SUFFIXES:
        records, names, how, text = _vector_records(path, crs, encoding, layer, fields or {})
    else:
        raise InputFileError(source, "", f"unsupported file type {suffix or '(none)'!r}: expected a Shapefile "
                             "(.shp or a .zip holding one), a GeoPackage (.gpkg), GeoJSON, or a .csv/.xlsx table "
                             "with X and Y columns")
    components, problems = _check(records, names, district_map, catalog)
    problems.sort(key=lambda line: int(line.split(" ", 2)[1]))     # in file order: "feature 3 (…)", "row 5 (…)"
    if not components and not problems:
        problems.append("no components in the file")
    if problems:
        raise ComponentImportErrors(problems, source)
    return ComponentInventory(tuple(components), source, how, text, names)


# Reading


def _vector_records(path: Path, crs: str | None, encoding: str | None, layer: str | None,
                    explicit: Mapping[str, str]):
    vector = read_vector_file(path, crs=crs, encoding=encoding, layer=layer, geometry="POINT")
    names = resolve_fields(vector.fields, explicit, vector.source, ROLES, SYNONYMS)
    _require_code(names, vector.fields, vector.source)
    present = [f for f in vector.features if f.geometry is not None]
    moved = geometry_to_wgs84(np.array([f.geometry for f in present], dtype=object), vector.datum) \
        if present else []
    points = {f.index: g for f, g in zip(present, moved)}
    records = [_Record(f"feature {f.index}", {role: f.properties.get(name) for role, name in names.items()},
                       points.get(f.index), f.problem) for f in vector.features]
    return records, names, vector.crs.description, vector.encoding


def _table_records(path: Path, crs: str | None, sheet: str | None, explicit: Mapping[str, str]):
    source = str(path)
    rows = csv_rows(path) if path.suffix.lower() in (".csv", ".txt") else xlsx_rows(path, sheet)
    header_row, names, columns = _header(rows, explicit, source)
    records = []
    for number, cells in rows:
        if number <= header_row or not any(str(c if c is not None else "").strip() for c in cells):
            continue
        values = {role: (cells[i] if i < len(cells) else None) for role, i in columns.items()}
        if isinstance(values.get("code"), int) and not isinstance(values["code"], bool):
            # an XLSX cell holds a number as a double even when it reads back as an integer: a
            # 16-digit code typed in as a number has lost its last digits (marked by being a float)
            values["code"] = float(values["code"])
        records.append(_Record(f"row {number}", values))
    declared = crs_module.parse_crs_option(crs) if crs else None
    located = []
    for record in records:
        if _number(record.values.get("x")) is None or _number(record.values.get("y")) is None:
            record.problem = (f"{names['x']}/{names['y']}: {record.values.get('x')!r}, {record.values.get('y')!r} "
                              "are not coordinates")
        else:
            located.append(record)
    if not located:
        return records, names, declared.description if declared else "none", None
    coords = np.array([[_number(r.values["x"]), _number(r.values["y"])] for r in located])
    resolved = crs_module.resolve(declared, coords, source)
    points = crs_module.to_lonlat(shapely.points(coords), resolved)
    if resolved.datum != "gcj02":
        crs_module.check_in_china(points, resolved, source)
    points = geometry_to_wgs84(points, resolved.datum)
    for record, point in zip(located, points):
        record.point = point
    return records, names, resolved.description, "utf-8 or gb18030" if path.suffix.lower() != ".xlsx" else None


def _header(rows, explicit: Mapping[str, str], source: str):
    for number, cells in rows[:30]:
        headers = [normalize_header(c) for c in cells]
        available = [h for h in headers if h]
        try:
            names = resolve_fields(available, explicit, source, ROLES, SYNONYMS)
        except InputFileError:
            continue
        if "code" in names and "x" in names and "y" in names:
            return number, names, {role: headers.index(name) for role, name in names.items()}
    raise InputFileError(source, "rows 1–30", "no header row naming the code and the coordinates "
                         "(ObjID/标识码, X/经度, Y/纬度); name them with --field code=NAME --field x=NAME "
                         "--field y=NAME")


def _require_code(names: Mapping[str, str], available, source: str) -> None:
    if "code" not in names:
        raise InputFileError(source, "", f"no field for the component code ({', '.join(SYNONYMS['code'][:4])} …) "
                             f"among {', '.join(available) or 'no fields'}; name it with --field code=NAME")


# Checking


def _check(records: list[_Record], names: Mapping[str, str], district_map: DistrictMap, catalog: Catalog):
    from ..districts import district_codes

    district = district_map.district.code
    districts = set(district_codes(district_map)) | {district}   # a city: any of its districts
    component_classes = {c.code for c in catalog.small_classes(kind="component")}
    problems: list[str] = []
    first_of: dict[str, str] = {}
    good: list[tuple[_Record, str, dict]] = []
    for record in records:
        where = record.label
        found = []
        raw_code = record.values.get("code")
        code = _code_text(raw_code)
        if not code:
            found.append(f"{where} ({names['code']}): empty")
        elif isinstance(raw_code, float) and abs(raw_code) >= _EXACT_FLOAT_DIGITS:
            found.append(f"{where} ({names['code']}): {code} is stored as a number, which keeps only 15 digits "
                         "(Excel) or 53 bits: the last digits cannot be trusted; store the column as text")
        else:
            try:
                parts = parse_component_code(code, names["code"])
            except ValidationError as exc:
                found.append(f"{where} ({names['code']}): {code}: {exc.problem}")
            else:
                if parts.district_code not in districts:
                    found.append(f"{where} ({names['code']}): {code} belongs to district {parts.district_code}, "
                                 f"not {district} ({district_map.district.name})")
                if parts.class_code not in component_classes:
                    found.append(f"{where} ({names['code']}): {code}: class {parts.class_code} is not a component "
                                 f"class of the catalog ({catalog.source})")
                if code in first_of:
                    found.append(f"{where} ({names['code']}): {code} again (first at {first_of[code]})")
                else:
                    first_of[code] = where
        attributes = {}
        for role, longest in TEXT_ROLES.items():
            text = _text(record.values.get(role))
            if text is not None and len(text) > longest:
                found.append(f"{where} ({names[role]}): longer than {longest} characters")
            attributes[role] = text
        for role in ("initial_date", "change_date"):
            value = record.values.get(role)
            attributes[role] = None
            if _text(value) is not None:
                moment = parse_when(value)
                if moment is None:
                    found.append(f"{where} ({names[role]}): {value!r} is not a date")
                else:
                    attributes[role] = local(moment).date()
        if attributes["initial_date"] and attributes["change_date"] \
                and attributes["change_date"] < attributes["initial_date"]:
            found.append(f"{where} ({names['change_date']}): {attributes['change_date']} is before the initial "
                         f"date {attributes['initial_date']}")
        point = record.point
        if record.problem:
            found.append(f"{where} (geometry): {record.problem}")
        elif point is None or point.is_empty:
            found.append(f"{where} (geometry): no point")
        else:
            if point.geom_type == "MultiPoint" and len(point.geoms) == 1:
                point = point.geoms[0]
            if point.geom_type != "Point":
                found.append(f"{where} (geometry): a {point.geom_type}, expected a point")
                point = None
        problems.extend(found)
        if not found:
            good.append((record, code, attributes | {"point": point}))
    return _place(good, names, district_map, problems), problems


def _place(good, names, district_map: DistrictMap, problems: list[str]) -> list[SurveyedComponent]:
    """Each point's grid; a point outside the grids, or in another grid than its BGID, is a problem."""
    if not good:
        return []
    lons = np.array([a["point"].x for _, _, a in good])
    lats = np.array([a["point"].y for _, _, a in good])
    cells = GridLocator(district_map).locate_many(lons, lats)
    components = []
    for (record, code, attributes), cell, lon, lat in zip(good, cells, lons.tolist(), lats.tolist()):
        where = record.label
        if cell is None:
            problems.append(f"{where} (geometry): ({lon:.6f}, {lat:.6f}) lies outside the district's unit grids")
            continue
        stated = _code_text(record.values.get("grid"))
        if stated:
            try:
                stated = parse_grid_code(stated, names["grid"])
            except ValidationError as exc:
                problems.append(f"{where} ({names['grid']}): {stated}: {exc.problem}")
                continue
            if stated != cell:
                problems.append(f"{where} ({names['grid']}): {stated}, but the point lies in grid {cell}")
                continue
        attributes.pop("point")
        components.append(SurveyedComponent(code, code[6:10], cell, lon, lat, **attributes))
    return components


def _code_text(value: Any) -> str:
    """A code as digits: numeric fields (dbf N, XLSX numbers) hold it as a number."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
