"""Import and export timings: 50,000 survey grids from a Shapefile, 10,000 hotline rows from an
XLSX, 100,000 cases out as XLSX and as Open311 JSON.

Run: ``python bench/bench_import.py`` (or ``python bench/run.py import``). Prints JSON lines.
The files are generated in a temporary folder each run; nothing is read from ../shared/data.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyproj
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commandcenter.geography.survey_import import read_survey_grids  # noqa: E402

STREETS, COMMUNITIES, GRIDS = 50, 10, 100          # 50,000 cells of 100 m, 500 km²
HOTLINE_ROWS = 10_000
NAIVE_ROWS = 200
SCALED_ROWS = 1_000
EXPORT_CASES = 100_000
COMPONENTS = 20_000
_CELL_M = 100.0
_ORIGIN = (440_000.0, 4_400_000.0)                # EPSG:4548, south-west of Beijing's centre


def _line(name, value, unit, baseline, note) -> dict:
    return {"name": name, "value": value, "unit": unit, "baseline": baseline, "note": note}


def _grid_shapefile(folder: Path) -> Path:
    """50 streets × 10 communities × 100 cells; each community a 10 × 10 block of squares."""
    import shapefile

    path = folder / "grids_50k"
    with shapefile.Writer(str(path), shapeType=shapefile.POLYGON, encoding="utf-8") as writer:
        for name, size in (("BGID", 15), ("JDMC", 40), ("SQMC", 40)):
            writer.field(name, "C", size=size)
        writer.field("MJ", "N", 12, 2)
        for street in range(1, STREETS + 1):
            for community in range(1, COMMUNITIES + 1):
                block = (street - 1) * COMMUNITIES + community - 1
                bx, by = _ORIGIN[0] + (block % 25) * 10 * _CELL_M, _ORIGIN[1] + (block // 25) * 10 * _CELL_M
                for cell in range(GRIDS):
                    x, y = bx + (cell % 10) * _CELL_M, by + (9 - cell // 10) * _CELL_M
                    writer.poly([[(x, y), (x, y + _CELL_M), (x + _CELL_M, y + _CELL_M), (x + _CELL_M, y), (x, y)]])
                    writer.record(f"990101{street:03d}{community:03d}{cell + 1:03d}", f"第{street}街道",
                                  f"第{street}-{community}社区居委会", _CELL_M * _CELL_M)
    path.with_suffix(".prj").write_text(pyproj.CRS.from_epsg(4548).to_wkt("WKT1_ESRI"), encoding="ascii")
    path.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
    return path.with_suffix(".shp")


def _same_cells_as_geojson(shp: Path) -> Path:
    """The Shapefile's cells and attributes as GeoJSON (CGCS2000 lon/lat, as RFC 7946 wants)."""
    import shapefile

    reader = shapefile.Reader(str(shp))
    to_lonlat = pyproj.Transformer.from_crs("EPSG:4548", "EPSG:4490", always_xy=True)
    features = []
    for shape, record in zip(reader.iterShapes(), reader.iterRecords()):
        xs, ys = zip(*shape.points)
        lons, lats = to_lonlat.transform(xs, ys)
        features.append({"type": "Feature", "properties": record.as_dict(),
                         "geometry": {"type": "Polygon", "coordinates": [list(zip(lons, lats))]}})
    path = shp.with_suffix(".geojson")
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def _shapefile_lines(folder: Path) -> list[dict]:
    import pyogrio.raw

    path = _grid_shapefile(folder)
    geojson = _same_cells_as_geojson(path)
    start = time.perf_counter()
    survey = read_survey_grids(path)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    from_geojson = read_survey_grids(geojson)
    geojson_seconds = time.perf_counter() - start
    start = time.perf_counter()
    _, _, wkb, _ = pyogrio.raw.read(path)
    shapely.from_wkb(wkb)
    raw_read = time.perf_counter() - start
    assert len(from_geojson.district_map.grids) == len(survey.district_map.grids)
    return [_line("import.shapefile_50k_s", round(seconds, 2), "s", round(geojson_seconds, 2),
                  f"{len(survey.district_map.grids)} cells, {len(survey.district_map.communities)} communities, "
                  "EPSG:4548 → WGS84, every cell checked (validity, overlaps, gaps); baseline = the same cells "
                  f"imported from GeoJSON in lon/lat; GDAL/pyogrio only reading the Shapefile's geometries "
                  f"(the floor, no checks) took {raw_read:.2f} s")]


def _components_lines(folder: Path, shp: Path) -> list[dict]:
    """20,000 components as CJ/T 214 points (EPSG:4548, GBK .dbf) over the 50,000 cells."""
    import shapefile

    from commandcenter.catalog import load_catalog
    from commandcenter.geography.components_import import read_components
    from db.backend import backend

    survey = read_survey_grids(shp)
    store = backend.open_store(f"sqlite:///{folder / 'components.sqlite'}")
    backend.save_district_map(store, survey.district_map)
    rng = np.random.default_rng(5)
    path = folder / "components_20k"
    cells = rng.integers(STREETS * COMMUNITIES * GRIDS, size=COMPONENTS)
    with shapefile.Writer(str(path), shapeType=shapefile.POINT, encoding="gbk") as writer:
        for name, size in (("ObjID", 16), ("ObjName", 20), ("DeptName1", 20), ("BGID", 15), ("ObjState", 8)):
            writer.field(name, "C", size=size)
        writer.field("ORDate", "D")
        for serial, cell in enumerate(cells.tolist(), start=1):
            street, rest = divmod(cell, COMMUNITIES * GRIDS)
            community, grid = divmod(rest, GRIDS)
            block = street * COMMUNITIES + community
            x = _ORIGIN[0] + (block % 25) * 10 * _CELL_M + (grid % 10) * _CELL_M + rng.uniform(5, 95)
            y = _ORIGIN[1] + (block // 25) * 10 * _CELL_M + (9 - grid // 10) * _CELL_M + rng.uniform(5, 95)
            writer.point(x, y)
            writer.record(f"9901010101{serial:06d}", "上水井盖", "区水务局",
                          f"990101{street + 1:03d}{community + 1:03d}{grid + 1:03d}", "完好", "20240630")
    path.with_suffix(".prj").write_text(pyproj.CRS.from_epsg(4548).to_wkt("WKT1_ESRI"), encoding="ascii")
    start = time.perf_counter()
    inventory = read_components(path.with_suffix(".shp"), survey.district_map, load_catalog())
    backend.save_component_inventory(store, inventory.components)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    backend.save_components(store, [(c.code, c.class_code, c.grid_code, c.lon, c.lat) for c in inventory.components])
    bare = time.perf_counter() - start
    return [_line("import.components_20k_s", round(seconds, 2), "s", round(bare, 2),
                  f"{len(inventory.components)} CJ/T 214 points (GBK .dbf detected, EPSG:4548 → WGS84, code, class, "
                  "district, grid and BGID checked) over 50,000 cells, stored with their attributes; baseline = "
                  "storing the same components bare, as the demo does")]


def _hotline_lines(folder: Path) -> list[dict]:
    import openpyxl

    from commandcenter.runtime import build_runtime
    from db.backend import backend
    from tests.world import build_world

    url = f"sqlite:///{folder / 'hotline.sqlite'}"
    rt = build_world(url)
    names = [(s.name, [c.name for c in rt.district_map.communities_of_street(s.code)]) for s in rt.district_map.streets]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["12345工单导出"])
    sheet.append(["工单编号", "问题分类", "主要内容", "派单时间", "被反映街乡镇", "村/社区", "来电人", "来电人电话"])
    rng = np.random.default_rng(3)
    kinds = ["城市管理->市容环境->暴露垃圾", "市政->道路->道路破损", "城市管理->街面秩序->店外经营"]
    for i in range(HOTLINE_ROWS):
        street, communities = names[int(rng.integers(len(names)))]
        sheet.append([f"2611{i:09d}", kinds[i % 3], f"第{i}号反映：路边有垃圾", 46351 + i / HOTLINE_ROWS,
                      street, communities[int(rng.integers(len(communities)))], "王先生", "138****5678"])
    path = folder / "hotline_10k.xlsx"
    workbook.save(path)
    small = folder / "hotline_1k.xlsx"
    _first_rows(path, small, SCALED_ROWS)
    seconds, summary = _import_orders(path, url)
    small_url = f"sqlite:///{folder / 'hotline_1k.sqlite'}"
    build_world(small_url)
    small_seconds, _ = _import_orders(small, small_url)
    runtime = build_runtime(backend.open_store(url), backend)
    lon, lat = runtime.district_map.grids[0].centroid
    start = time.perf_counter()
    for i in range(NAIVE_ROWS):
        runtime.service.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat,
                               description=f"naive {i}", external_number=f"N{i}")
    naive = (time.perf_counter() - start) * HOTLINE_ROWS / NAIVE_ROWS
    scaled = small_seconds * HOTLINE_ROWS / SCALED_ROWS
    return [_line("import.hotline_10k_rows_s", round(seconds, 2), "s", round(scaled, 1),
                  f"{summary.created} cases created from an XLSX of {HOTLINE_ROWS} rows (read, classify, place, "
                  f"report with events) in transactions of 500, SQLite; baseline = the first {SCALED_ROWS} rows "
                  f"imported alone ({small_seconds:.1f} s) scaled to {HOTLINE_ROWS}; one transaction per report "
                  f"would take {naive:.0f} s (measured on {NAIVE_ROWS}, scaled)")]


def _first_rows(path: Path, out: Path, rows: int) -> None:
    import openpyxl

    source = openpyxl.load_workbook(path, read_only=True)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for number, row in enumerate(source.worksheets[0].iter_rows(values_only=True)):
        if number >= rows + 2:           # the title row and the header
            break
        sheet.append(row)
    source.close()
    workbook.save(out)


def _import_orders(path: Path, url: str):
    from commandcenter.hotline.classes import load_complaint_classes
    from commandcenter.hotline.importer import import_hotline
    from commandcenter.runtime import build_runtime
    from commandcenter.services import CaseService
    from db.backend import backend

    runtime = build_runtime(backend.open_store(url), backend)
    classes = load_complaint_classes(None, runtime.catalog)
    start = time.perf_counter()
    summary = import_hotline(path, store=runtime.store, district_map=runtime.district_map, actor="taker",
                             classes=classes, service_for=lambda s: CaseService(s, runtime.catalog, runtime.calendar,
                                                                                 runtime.locate))
    return time.perf_counter() - start, summary


def _export_lines(folder: Path) -> list[dict]:
    from dataclasses import replace
    from datetime import date, datetime, timedelta, timezone

    from commandcenter.case import Case, Source, Status, Tier
    from commandcenter.case_export import CaseFilter, Names, export_cases
    from db.backend import backend

    url = f"sqlite:///{folder / 'export.sqlite'}"
    store = backend.open_store(url)
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    base = Case(id=0, number="", version=5, status=Status.CLOSED, source=Source.HOTLINE, kind="event",
                class_code="E0102", tier=Tier.GENERAL, description="路边有暴露垃圾，希望尽快清理", lon=116.8,
                lat=39.6, grid_code="990101001001001", community_code="990101001001", street_code="990101001",
                created_at=start, stage_started_at=start, stage_deadline=None, updated_at=start, updated_by="x",
                reported_by="taker", reporter_name="王先生", reporter_phone="13812345678")
    cases = [replace(base, id=i, number=f"B{i:09d}", created_at=start + timedelta(seconds=20 * i),
                     closed_at=start + timedelta(seconds=20 * i, hours=5), external_number=f"H{i:012d}")
             for i in range(1, EXPORT_CASES + 1)]
    backend.bulk_load_history(store, cases, [])
    names = Names({}, lambda code: "暴露垃圾", {})
    case_filter = CaseFilter(date(2026, 11, 1), date(2026, 12, 31))
    timings = {}
    for fmt in ("xlsx", "csv"):
        began = time.perf_counter()
        count = export_cases(store.load_cases(), case_filter, names, folder / f"cases.{fmt}", fmt,
                             now=start + timedelta(days=40))
        timings[fmt] = time.perf_counter() - began
    from commandcenter.catalog import load_catalog
    from commandcenter.open311 import Places, request_list, write_json

    began = time.perf_counter()
    requests = request_list(store.load_cases(), case_filter, load_catalog(), Places("测试区", {}), {})
    write_json(folder / "requests.json", requests)
    open311 = time.perf_counter() - began
    return [_line("export.cases_100k_s", round(timings["xlsx"], 2), "s", round(timings["csv"], 2),
                  f"{count} cases read from SQLite and written as XLSX (xlsxwriter, constant memory, 30 columns, "
                  "personal data masked); baseline = the same export as CSV"),
            _line("export.open311_100k_s", round(open311, 2), "s", round(timings["csv"], 2),
                  f"{len(requests)} cases read from SQLite and written as Open311 GeoReport v2 requests JSON "
                  "(descriptions scrubbed of phone numbers); baseline = the same cases as CSV")]


def run() -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        lines = _shapefile_lines(Path(folder))
        lines.extend(_components_lines(Path(folder), Path(folder) / "grids_50k.shp"))
        lines.extend(_hotline_lines(Path(folder)))
        lines.extend(_export_lines(Path(folder)))
    return lines


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for entry in run():
        print(json.dumps(entry, ensure_ascii=False))
