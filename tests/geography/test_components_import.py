"""``import-components``: a components inventory (部件普查) with its CJ/T 214 attributes, from
a Shapefile in a Gauss-Krüger zone with a GBK .dbf, or a CSV in WGS84 lon/lat; every problem
named by feature or row and field, nothing imported on error; the components are then what
the desk's map shows from zoom 16."""
from __future__ import annotations

import csv
from datetime import date

import pyproj
import pytest
import shapefile

from db import open_store
from db.backend import backend
from tests.cli.helpers import run
from tests.world import PASSWORD, build_world, cell_point, tiny_district

GRIDS = tiny_district().grids
CJT214 = (("ObjID", "C", 16), ("ObjName", "C", 40), ("DeptCode1", "C", 12), ("DeptName1", "C", 40),
          ("DeptCode2", "C", 12), ("DeptName2", "C", 40), ("DeptCode3", "C", 12), ("DeptName3", "C", 40),
          ("BGID", "C", 15), ("ObjState", "C", 10), ("ORDate", "D", 8), ("CHDate", "D", 8),
          ("DataSource", "C", 40), ("Note", "C", 60))


@pytest.fixture
def url(sqlite_url, monkeypatch):
    build_world(sqlite_url)
    monkeypatch.setenv("CC_PW", PASSWORD)
    monkeypatch.delenv("COMMANDCENTER_LOCAL_ADMIN", raising=False)
    return sqlite_url


def _record(serial: int, cell: int, **changes) -> dict:
    record = {"ObjID": f"9901010101{serial:06d}", "ObjName": "上水井盖", "DeptCode1": "110101001",
              "DeptName1": "区水务局", "DeptCode2": "110101002", "DeptName2": "自来水集团",
              "DeptCode3": "110101003", "DeptName3": "东城养护中心", "BGID": GRIDS[cell].code, "ObjState": "完好",
              "ORDate": date(2024, 6, 30), "CHDate": date(2025, 3, 1), "DataSource": "2024年部件普查",
              "Note": "人行道上"}
    return record | changes


def _shapefile(path, records_and_cells, *, epsg=4548):
    to_gk = pyproj.Transformer.from_crs("EPSG:4490", f"EPSG:{epsg}", always_xy=True)
    with shapefile.Writer(str(path.with_suffix("")), shapeType=shapefile.POINT, encoding="gbk") as writer:
        for name, kind, size in CJT214:
            writer.field(name, kind, size=size)
        for record, point in records_and_cells:
            writer.point(*to_gk.transform(*point))
            writer.record(*[record.get(name) for name, *_ in CJT214])
    path.with_suffix(".prj").write_text(pyproj.CRS.from_epsg(epsg).to_wkt("WKT1_ESRI"), encoding="ascii")
    return path                                                      # no .cpg: GBK is detected


def _import(capsys, url, path, *extra):
    return run(capsys, "import-components", path, "--local-admin", "--db", url, *extra)


def test_a_gbk_shapefile_in_gauss_kruger_is_imported_with_its_attributes(url, capsys, tmp_path):
    path = _shapefile(tmp_path / "部件.shp", [(_record(1, 5), cell_point(5)), (_record(2, 9), cell_point(9))])
    code, out, err = _import(capsys, url, path)
    assert code == 0, err
    assert "2 components" in out and "3-degree Gauss-Kruger CM 117E" in out and "gb18030" in out
    assert "code=ObjID" in out and "main_dept_name=DeptName1" in out
    stored = sorted(backend.components(open_store(url)))
    assert [(c[0], c[1], c[2]) for c in stored] == [("9901010101000001", "0101", GRIDS[5].code),
                                                    ("9901010101000002", "0101", GRIDS[9].code)]
    assert stored[0][3:] == pytest.approx(cell_point(5), abs=1e-7)   # back from EPSG:4548 to lon/lat
    with open_store(url).engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT name, main_dept_name, owner_dept_name, upkeep_dept_name, state, "
                                   "initial_date, change_date, data_source, note FROM components "
                                   "WHERE code = '9901010101000001'").one()
    assert tuple(row) == ("上水井盖", "区水务局", "自来水集团", "东城养护中心", "完好", "2024-06-30", "2025-03-01",
                          "2024年部件普查", "人行道上")


def test_a_csv_in_wgs84_with_chinese_headers(url, capsys, tmp_path):
    path = tmp_path / "components.csv"
    with open(path, "w", encoding="gbk", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["东城区部件普查成果表"])                                 # a title row above the header
        writer.writerow(["标识码", "部件名称", "主管部门名称", "所在单元网格", "状态", "初始日期", "经度", "纬度"])
        for serial, cell in ((1, 0), (2, 15)):
            lon, lat = cell_point(cell)
            writer.writerow([f"9901010302{serial:06d}", "垃圾箱", "区环卫中心", GRIDS[cell].code, "完好",
                             "2024/6/30", lon, lat])
    code, out, err = _import(capsys, url, path)
    assert code == 0, err
    assert "2 components" in out and "03: 2" in out
    stored = sorted(backend.components(open_store(url)))
    assert [(c[0], c[2]) for c in stored] == [("9901010302000001", GRIDS[0].code),
                                              ("9901010302000002", GRIDS[15].code)]


def test_every_problem_is_named_and_nothing_is_imported(url, capsys, tmp_path):
    before = backend.components(open_store(url))
    outside = (cell_point(0)[0] - 0.01, cell_point(0)[1])
    rows = [
        (_record(1, 0), cell_point(0)),                                   # feature 0: good
        (_record(2, 1, ObjID="99010101010000"), cell_point(1)),          # 1: 14 digits
        (_record(3, 2, ObjID="9901020101000003"), cell_point(2)),        # 2: another district
        (_record(4, 3, ObjID="9901010199000004"), cell_point(3)),        # 3: no such class
        (_record(1, 4), cell_point(4)),                                   # 4: ObjID repeated
        (_record(6, 5), outside),                                         # 5: outside the grids
        (_record(7, 6, BGID=GRIDS[7].code), cell_point(6)),              # 6: BGID contradicts the point
        (_record(8, 8, ORDate=date(2025, 1, 1), CHDate=date(2024, 1, 1)), cell_point(8)),   # 7: dates
    ]
    code, _, err = _import(capsys, url, _shapefile(tmp_path / "bad.shp", rows))
    assert code == 2
    assert "7 problem(s)" in err and "nothing imported" in err
    assert "feature 1 (ObjID): 99010101010000: a component code has 16 digits" in err
    assert "feature 2 (ObjID): 9901020101000003 belongs to district 990102, not 990101" in err
    assert "feature 3 (ObjID): 9901010199000004: class 0199 is not a component class" in err
    assert "feature 4 (ObjID): 9901010101000001 again (first at feature 0)" in err
    assert "feature 5 (geometry):" in err and "outside the district's unit grids" in err
    assert f"feature 6 (BGID): {GRIDS[7].code}, but the point lies in grid {GRIDS[6].code}" in err
    assert "feature 7 (CHDate): 2024-01-01 is before the initial date 2025-01-01" in err
    assert "- feature 0 " not in err
    listed = [line.split(" ")[2] for line in err.splitlines() if line.startswith("- feature")]
    assert listed == sorted(listed)                                      # in file order
    assert backend.components(open_store(url)) == before


def test_a_bad_date_and_missing_coordinates_in_a_table_are_named_by_row(url, capsys, tmp_path):
    path = tmp_path / "c.csv"
    lon, lat = cell_point(2)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["ObjID", "ORDate", "X", "Y"], ["9901010101000001", "去年", lon, lat],
                                 ["9901010101000002", "2024-01-01", "", lat]])
    code, _, err = _import(capsys, url, path)
    assert code == 2
    assert "row 2 (ORDate): '去年' is not a date" in err and "row 3 (geometry): X/Y:" in err


def test_only_an_administrator_imports_components(url, capsys, tmp_path):
    path = _shapefile(tmp_path / "p.shp", [(_record(1, 5), cell_point(5))])
    code, _, err = run(capsys, "import-components", path, "--as", "disp", "--password-env", "CC_PW", "--db", url)
    assert code == 2 and "administrator" in err
    assert backend.components(open_store(url)) == []


def test_a_geopackage_point_layer_and_an_xlsx_table(url, capsys, tmp_path):
    import numpy as np
    import openpyxl
    import pyogrio.raw
    import shapely

    gpkg = tmp_path / "components.gpkg"
    points = [shapely.Point(*cell_point(i)) for i in (1, 2)]
    pyogrio.raw.write(gpkg, geometry=np.array(shapely.to_wkb(points), dtype=object),
                      field_data=[np.array(["9901010401000001", "9901010401000002"], dtype=object),
                                  np.array(["行道树", "行道树"], dtype=object)],
                      fields=["BSM", "BJMC"], crs="EPSG:4490", geometry_type="Point", layer="部件",
                      driver="GPKG")
    code, out, err = _import(capsys, url, gpkg)
    assert code == 0, err
    assert "2 components" in out and "code=BSM" in out and "name=BJMC" in out
    assert {c[2] for c in backend.components(open_store(url))} == {GRIDS[1].code, GRIDS[2].code}

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["部件编码", "X坐标", "Y坐标"])
    lon, lat = cell_point(12)
    sheet.append([9901010302000009, lon, lat])                  # a code typed in as a number: digits lost
    code, _, err = _import(capsys, url, _save(book, tmp_path / "部件.xlsx"), "--field", "x=X坐标",
                           "--field", "y=Y坐标")
    assert code == 2 and "row 2 (部件编码):" in err and "store the column as text" in err
    sheet["A2"] = "9901010302000009"
    code, out, err = _import(capsys, url, _save(book, tmp_path / "部件.xlsx"), "--field", "x=X坐标",
                             "--field", "y=Y坐标")
    assert code == 0, err
    assert [(c[0], c[2]) for c in backend.components(open_store(url))] == [("9901010302000009", GRIDS[12].code)]


def _save(book, path):
    book.save(path)
    return path
