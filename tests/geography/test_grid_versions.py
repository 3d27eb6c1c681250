"""Grid versions: a changed survey imported into Dongcheng after cases were reported there makes
a new version of the grids instead of deleting grids in use. Old cases keep their grid, new
reports land in the new grids, and KPIs of a window before the change still list the old grid."""
from __future__ import annotations

import json
import zipfile
from datetime import datetime, timezone

import pytest
import shapefile
import shapely

from commandcenter.catalog import load_catalog
from commandcenter.ports import Department
from commandcenter.runtime import build_runtime
from db import open_store
from db.backend import backend
from tests.cli.helpers import run
from tests.hotline.world import SURVEY, dongcheng_db  # noqa: F401
from tests.world import PASSWORD, FakeClock


def _split_survey(tmp_path, code: str) -> tuple[str, str]:
    """The shared survey with grid ``code`` cut in two along its middle (EPSG:4548 metres): the
    west half keeps the code, the east half becomes the community's next grid. Returns the new
    zip and the new grid's code."""
    reader = shapefile.Reader(str(SURVEY))
    fields = reader.fields[1:]
    records = [r.as_dict() for r in reader.iterRecords()]
    shapes = [shapely.Polygon(s.points) for s in reader.iterShapes()]
    index = next(i for i, r in enumerate(records) if r["BGID"] == code)
    community = records[index]["SQDM"]
    sequence = max(int(r["BGID"][12:]) for r in records if r["SQDM"] == community) + 1
    new_code = f"{community}{sequence:03d}"
    cell = shapes[index]
    x0, y0, x1, y1 = cell.bounds
    middle = (x0 + x1) / 2
    west = shapely.clip_by_rect(cell, x0, y0, middle, y1)
    east = shapely.clip_by_rect(cell, middle, y0, x1, y1)
    folder = tmp_path / "v2"
    folder.mkdir()
    with shapefile.Writer(str(folder / "dongcheng_grids"), shapeType=shapefile.POLYGON, encoding="utf-8") as writer:
        for f in fields:
            writer.field(*f)
        for i, (record, shape) in enumerate(zip(records, shapes)):
            if i == index:
                shape, record = west, record | {"MJ": round(west.area, 2)}
            writer.poly([list(shapely.orient_polygons(shape, exterior_cw=True).exterior.coords)])
            writer.record(**record)
        writer.poly([list(shapely.orient_polygons(east, exterior_cw=True).exterior.coords)])
        writer.record(**(records[index] | {"BGID": new_code, "MJ": round(east.area, 2)}))
    with zipfile.ZipFile(SURVEY) as original:
        prj = next(n for n in original.namelist() if n.endswith(".prj"))
        (folder / "dongcheng_grids.prj").write_bytes(original.read(prj))
    (folder / "dongcheng_grids.cpg").write_text("UTF-8", encoding="ascii")
    target = tmp_path / "dongcheng_grids_v2.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for part in folder.iterdir():
            archive.write(part, part.name)
    return str(target), new_code


def _runtime(url, clock):
    store = open_store(url)
    return build_runtime(store, backend, clock=clock)


def test_a_changed_survey_becomes_a_new_grid_version(dongcheng_db, capsys, tmp_path, monkeypatch):
    url = dongcheng_db
    store = open_store(url)
    catalog = load_catalog()
    backend.save_departments(store, [Department(k, d.zh, d.en) for k, d in catalog.departments.items()])
    monkeypatch.setenv("NEWPW", PASSWORD)
    assert run(capsys, "user", "add", "sup", "--role", "supervisor", "--new-password-env", "NEWPW",
               "--local-admin", "--db", url)[0] == 0
    district = backend.load_district_map(store)
    grid = next(g for g in district.grids if g.area_m2 > 8000 and g.code.endswith("001"))
    west_point = ((grid.polygon.bounds[0] * 3 + grid.polygon.bounds[2]) / 4, grid.centroid[1])
    east_point = ((grid.polygon.bounds[0] + grid.polygon.bounds[2] * 3) / 4, grid.centroid[1])
    assert grid.polygon.contains(shapely.Point(*west_point)) and grid.polygon.contains(shapely.Point(*east_point))
    clock = FakeClock(datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc))
    old_case = _runtime(url, clock).service.report("sup", source="supervisor", class_code="E0102",
                                                   lon=east_point[0], lat=east_point[1], description="暴露垃圾")
    assert old_case.grid_code == grid.code

    path, new_code = _split_survey(tmp_path, grid.code)
    code, out, err = run(capsys, "import-grids", path, "--db", url, "--district-name", "东城区", "--local-admin")
    assert code == 2 and "--replace" in err                              # replacing still asks
    code, out, err = run(capsys, "import-grids", path, "--db", url, "--district-name", "东城区", "--local-admin",
                         "--replace")
    assert code == 0, err
    assert "4328 grids unchanged, 1 changed, 1 added, 0 retired" in out and f"changed: {grid.code}" in out

    # the old case keeps the grid of its time; the map and the locator use the new version
    assert open_store(url).case(old_case.id).grid_code == grid.code
    current = backend.load_district_map(open_store(url))
    assert len(current.grids) == 4330
    by_code = {g.code: g for g in current.grids}
    assert by_code[grid.code].area_m2 == pytest.approx(grid.area_m2 / 2, rel=0.02)
    clock.now = datetime.now(timezone.utc)
    rt = _runtime(url, clock)
    east_case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=east_point[0],
                                  lat=east_point[1], description="暴露垃圾")
    west_case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=west_point[0],
                                  lat=west_point[1], description="暴露垃圾")
    assert (east_case.grid_code, west_case.grid_code) == (new_code, grid.code)

    # KPIs of the window before the change list the old grid, in its version of then
    code, out, err = run(capsys, "kpi", "--db", url, "--from", "2026-11-24", "--to", "2026-11-24", "--by", "grid",
                         "--format", "json")
    assert code == 0, err
    rows = {r["grid"]: r for r in json.loads(out)["rows"]}
    assert rows[grid.code]["reported"] == 1 and new_code not in rows
    assert rows[grid.code]["grid_valid_to"] is not None                  # that version has since been retired
    before = backend.grids_in_force(open_store(url), datetime(2026, 11, 24, 12, tzinfo=timezone.utc))
    now = backend.grids_in_force(open_store(url), datetime.now(timezone.utc))
    assert new_code not in before and new_code in now
    assert before[grid.code].area_m2 == pytest.approx(grid.area_m2)
    assert now[grid.code].area_m2 == pytest.approx(grid.area_m2 / 2, rel=0.02)
