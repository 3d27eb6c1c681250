"""``import-grids`` and ``import-district`` with real deliveries: Shapefiles, zips, GeoPackages;
an existing district is replaced only with --replace; an invalid boundary is refused, named."""
from __future__ import annotations

import json

import numpy as np
import pyproj
import pytest
import shapefile
import shapely

from tests.cli.helpers import BOUNDARY_WGS84, DATA, DIVISIONS, info, needs_data, run
from tests.geography.survey_files import tiny_cells, write_shapefile, zip_shapefile

SAMPLE = DATA / "dongcheng_grids_cgcs2000_cm117.zip"


@pytest.fixture
def tiny_db(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'tiny.sqlite'}"
    shp = write_shapefile(tmp_path / "grids.shp", tiny_cells(), encoding="gbk", cpg=False, epsg=4527)
    code, out, err = run(capsys, "import-grids", zip_shapefile(shp, tmp_path / "网格.zip"), "--db", url)
    assert code == 0, err
    return url, out


def test_a_zipped_gbk_shapefile_in_zone_39_is_imported_and_says_how_it_was_read(tiny_db, capsys):
    url, printed = tiny_db
    counts = info(capsys, url)
    assert (counts["grids"], counts["streets"], counts["communities"]) == (16, 2, 4)
    assert "zone 39" in printed and "gb18030" in printed and "code=BGID" in printed
    assert "areas agree with field MJ" in printed


def test_a_second_district_needs_replace_and_is_refused_whole_without_it(tiny_db, capsys, tmp_path):
    url, _ = tiny_db
    before = info(capsys, url)
    again = write_shapefile(tmp_path / "again.shp", tiny_cells()[:8])
    code, _, err = run(capsys, "import-grids", again, "--db", url)
    assert code == 2 and "--replace" in err and "990101" in err
    assert info(capsys, url) == before
    code, _, err = run(capsys, "import-grids", again, "--db", url, "--replace")
    assert code == 0, err
    assert info(capsys, url)["grids"] == 8


def test_field_crs_and_encoding_options_reach_the_reader(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'o.sqlite'}"
    cells = [({"BH": r["BGID"], "JD": r["JDMC"]}, p) for r, p in tiny_cells()]
    path = write_shapefile(tmp_path / "odd.shp", cells, fields=(("BH", "C", 15, 0), ("JD", "C", 40, 0)),
                           encoding="gbk", cpg=False)
    path.with_suffix(".prj").unlink()
    code, _, err = run(capsys, "import-grids", path, "--db", url)
    assert code == 2 and "--crs" in err
    code, _, err = run(capsys, "import-grids", path, "--db", url, "--crs", "EPSG:4548", "--field", "code=BH",
                       "--field", "street=JD", "--encoding", "gbk")
    assert code == 0, err
    assert info(capsys, url)["grids"] == 16
    code, _, err = run(capsys, "import-grids", path, "--db", url, "--field", "codeBH")
    assert code == 2 and "ROLE=FIELD_NAME" in err


@needs_data
def test_the_dongcheng_sample_through_the_command_line(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'dc.sqlite'}"
    code, out, err = run(capsys, "import-grids", SAMPLE, "--db", url, "--district-name", "东城区")
    assert code == 0, err
    counts = info(capsys, url)
    assert (counts["grids"], counts["streets"], counts["communities"]) == (4329, 17, 169)
    assert "EPSG:4548" in out and "WARNING" not in out


def _bow_tie_boundary(tmp_path):
    data = json.loads(BOUNDARY_WGS84.read_text(encoding="utf-8"))
    ring = data["features"][0]["geometry"]["coordinates"][0]
    ring[10], ring[200] = ring[200], ring[10]          # two vertices swapped: the ring crosses itself
    path = tmp_path / "swapped.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@needs_data
def test_an_invalid_boundary_is_refused_with_the_place_and_nothing_is_replaced(tiny_db, capsys, tmp_path):
    url, _ = tiny_db
    before = info(capsys, url)
    code, _, err = run(capsys, "import-district", _bow_tie_boundary(tmp_path), "--divisions", DIVISIONS,
                       "--datum", "wgs84", "--db", url, "--replace")
    assert code == 2 and "swapped.geojson" in err and "feature 0" in err and "Self-intersection[116." in err, err
    assert info(capsys, url) == before


@needs_data
def test_a_shapefile_boundary_in_cm117_and_replace(tiny_db, capsys, tmp_path):
    url, _ = tiny_db
    data = json.loads(BOUNDARY_WGS84.read_text(encoding="utf-8"))
    polygon = shapely.geometry.shape(data["features"][0]["geometry"])
    to_cm117 = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4548", always_xy=True)
    projected = shapely.transform(polygon, lambda c: np.column_stack(to_cm117.transform(*c.T)))
    with shapefile.Writer(str(tmp_path / "东城区界"), shapeType=shapefile.POLYGON, encoding="utf-8") as writer:
        writer.field("XZQDM", "C", 6)
        writer.field("XZQMC", "C", 20)
        writer.poly([list(shapely.orient_polygons(projected, exterior_cw=True).exterior.coords)])
        writer.record("110101", "东城区")
    (tmp_path / "东城区界.prj").write_text(pyproj.CRS.from_epsg(4548).to_wkt("WKT1_ESRI"))
    boundary = tmp_path / "东城区界.shp"
    code, _, err = run(capsys, "import-district", boundary, "--divisions", DIVISIONS, "--db", url)
    assert code == 2 and "--replace" in err
    code, out, err = run(capsys, "import-district", boundary, "--divisions", DIVISIONS, "--db", url, "--replace")
    assert code == 0, err
    counts = info(capsys, url)
    assert (counts["streets"], counts["communities"]) == (17, 169) and 4200 <= counts["grids"] <= 4500
    assert "东城区 (110101)" in out
