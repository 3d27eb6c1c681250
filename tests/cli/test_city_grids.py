"""``import-grids --add``: Dongcheng's surveyed grids (../shared/data, CGCS2000 Gauss-Krüger
CM 117°E in a zip) and a second surveyed district delivered the same way — a generated district
east of Dongcheng, written as an EPSG:4548 Shapefile — in one database (SQLite and PostgreSQL).
``districts`` lists both, points land in the right one, a district-scoped desk's runtime sees
only its own; a district overlapping one already there is refused, naming the features, with
nothing written."""
from __future__ import annotations

import json

import pytest

from commandcenter.geography.demo_district import fictional_divisions, procedural_boundary
from commandcenter.geography.gridgen import generate_district
from commandcenter.geography.locator import GridLocator
from commandcenter.runtime import build_runtime
from db.backend import backend
from tests.cli.helpers import DATA, info, needs_data, run
from tests.geography.survey_files import write_shapefile

pytestmark = needs_data

SAMPLE = DATA / "dongcheng_grids_cgcs2000_cm117.zip"
EAST_CENTRE = (116.56, 39.93)          # east of Dongcheng (which ends near 116.45°E)
INSIDE_DONGCHENG = (116.405, 39.915)   # near Tian'anmen / Wangfujing


def generated_survey(folder, code: str, name: str, centre: tuple[float, float]):
    """A ~3 km² generated district as a planning department would deliver it: a Shapefile in
    CGCS2000 3-degree Gauss-Krüger CM 117°E (EPSG:4548), BGID/JDDM/JDMC/SQDM/SQMC/MJ fields."""
    divisions = fictional_divisions(code, 3, 9, seed=7)
    district = generate_district(procedural_boundary(7, 3.0, centre=centre), code, name, divisions, seed=7)
    street_names = {s.code: s.name for s in district.streets}
    community_names = {c.code: c.name for c in district.communities}
    cells = [({"BGID": g.code, "JDDM": g.street_code, "JDMC": street_names[g.street_code],
               "SQDM": g.community_code, "SQMC": community_names[g.community_code], "MJ": round(g.area_m2, 2)},
              g.polygon) for g in district.grids]
    return write_shapefile(folder / f"{code}_grids.shp", cells, epsg=4548), district


@pytest.fixture(scope="module")
def east(tmp_path_factory):
    return generated_survey(tmp_path_factory.mktemp("east"), "110105", "东郊区", EAST_CENTRE)


@pytest.fixture(scope="module")
def overlapping(tmp_path_factory):
    return generated_survey(tmp_path_factory.mktemp("over"), "110106", "重叠区", INSIDE_DONGCHENG)


def districts(capsys, url) -> dict:
    code, out, err = run(capsys, "districts", "--db", url, "--format", "json")
    assert code == 0, err
    return {row["code"]: row for row in json.loads(out)}


def test_a_second_surveyed_district_joins_dongcheng_and_an_overlapping_one_is_refused(capsys, db_url, east,
                                                                                         overlapping):
    url = db_url
    code, _, err = run(capsys, "import-grids", SAMPLE, "--db", url, "--district-name", "东城区")
    assert code == 0, err
    one = info(capsys, url)
    east_file, east_map = east

    code, _, err = run(capsys, "import-grids", east_file, "--db", url, "--district-name", "东郊区")
    assert code == 2 and "--add" in err and "110101" in err            # without --add: refused, as before
    assert info(capsys, url) == one

    code, out, err = run(capsys, "import-grids", east_file, "--db", url, "--district-name", "东郊区", "--add")
    assert code == 0, err
    assert "EPSG:4548" in out and "2 district(s)" in out
    listed = districts(capsys, url)
    assert sorted(listed) == ["110101", "110105"]
    assert (listed["110101"]["name"], listed["110101"]["grids"], listed["110101"]["streets"],
            listed["110101"]["communities"]) == ("东城区", 4329, 17, 169)
    assert (listed["110105"]["name"], listed["110105"]["grids"]) == ("东郊区", len(east_map.grids))
    assert listed["110105"]["streets"] == 3 and listed["110105"]["communities"] == 9
    assert all(row["surveyed"] for row in listed.values())
    both = info(capsys, url)
    assert both["districts"] == 2 and both["grids"] == 4329 + len(east_map.grids)
    code, out, _ = run(capsys, "districts", "--db", url)
    assert "东城区" in out and "东郊区" in out and "surveyed grids" in out

    store = backend.open_store(url)
    city = build_runtime(store, backend)
    locator = GridLocator(city.district_map)
    east_point = east_map.grids[len(east_map.grids) // 2].centroid
    assert locator.locate(*INSIDE_DONGCHENG).startswith("110101")
    assert locator.locate(*east_point) == east_map.grids[len(east_map.grids) // 2].code
    assert locator.locate(116.50, 39.93) is None          # between the two districts: neither

    west_desk = build_runtime(store, backend, district="110101")
    east_desk = build_runtime(store, backend, district="110105")
    assert len(west_desk.district_map.grids) == 4329 and len(east_desk.district_map.grids) == len(east_map.grids)
    assert west_desk.locator.locate(*east_point) is None and east_desk.locator.locate(*INSIDE_DONGCHENG) is None
    assert east_desk.locator.locate(*east_point).startswith("110105")

    over_file, _ = overlapping
    code, _, err = run(capsys, "import-grids", over_file, "--db", url, "--add")
    assert code == 2, err
    assert "110106_grids.shp" in err and "feature 0 (geometry)" in err
    assert "overlaps grid 110101" in err and "东城区 (110101)" in err and "more cells" in err
    assert f"{len(overlapping[1].grids)} problem(s)" in err        # every cell lies inside Dongcheng
    assert info(capsys, url) == both and sorted(districts(capsys, url)) == ["110101", "110105"]

    code, _, err = run(capsys, "import-grids", east_file, "--db", url, "--add")
    assert code == 2 and "110105 is already in this database" in err
    code, _, err = run(capsys, "import-grids", east_file, "--db", url, "--add", "--replace")
    assert code == 2 and "choose one" in err
    assert info(capsys, url) == both


def test_add_into_an_empty_database_is_a_plain_import(capsys, tmp_path, east):
    url = f"sqlite:///{tmp_path / 'first.sqlite'}"
    east_file, east_map = east
    code, out, err = run(capsys, "import-grids", east_file, "--db", url, "--add", "--district-name", "东郊区")
    assert code == 0, err
    assert districts(capsys, url)["110105"]["grids"] == len(east_map.grids)
