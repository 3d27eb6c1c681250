"""``commandcenter import-grids``: a surveyed grid file goes in whole, or not at all with every
problem listed by feature."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.backend import backend
from tests.cli.helpers import info, run
from tests.world import tiny_district


def survey_features(code_digits: int = 15) -> list[dict]:
    """The tiny district's 16 cells as a survey file would carry them."""
    district = tiny_district()
    names = {c.code: c.name for c in district.communities} | {s.code: s.name for s in district.streets}
    features = []
    for grid in district.grids:
        code = grid.code if code_digits == 15 else grid.code[:12] + grid.code[13:]
        features.append({"type": "Feature",
                         "properties": {"code": code, "community_name": names[grid.community_code],
                                        "street_name": names[grid.street_code]},
                         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in grid.rings[0]]]}})
    return features


def write(path: Path, features: list[dict], **top) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", **top, "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


@pytest.fixture
def surveyed(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'grids.sqlite'}"
    code, out, err = run(capsys, "import-grids", write(tmp_path / "grids.geojson", survey_features()), "--db", url)
    assert code == 0, err
    return url, out


def test_a_good_survey_file_is_imported_with_its_codes_and_names(surveyed, capsys):
    url, printed = surveyed
    counts = info(capsys, url)
    assert (counts["grids"], counts["communities"], counts["streets"]) == (16, 4, 2)
    assert counts["area_km2"] == pytest.approx(0.16, rel=0.05)
    assert "16 cells" in printed and "surveyed" in printed
    stored = backend.load_district_map(backend.open_store(url))
    expected = tiny_district()
    assert [g.code for g in stored.grids] == [g.code for g in expected.grids]
    assert [c.name for c in stored.communities] == [c.name for c in expected.communities]
    assert not any(c.derived for c in stored.communities)


def test_national_14_digit_codes_are_read_as_15(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    code, _, err = run(capsys, "import-grids", write(tmp_path / "n.geojson", survey_features(14)), "--db", url)
    assert code == 0, err
    assert info(capsys, url)["grids"] == 16


def _shifted(features):
    ring = features[5]["geometry"]["coordinates"][0]
    features[5]["geometry"]["coordinates"][0] = [[x + 0.0005, y] for x, y in ring]
    return features


def _duplicate(features):
    features[3]["properties"]["code"] = features[2]["properties"]["code"]
    return features


def _contradicting(features):
    features[4]["properties"]["community_code"] = "990101002001"
    return features


def _hole(features):
    del features[3]          # an interior cell: its neighbours now enclose a gap
    return features


def _metres(features):
    features[0]["geometry"]["coordinates"][0] = [[446000.0 + x, 4420000.0 + y]
                                                 for x, y in ((0, 0), (100, 0), (100, 100), (0, 0))]
    return features


def _point(features):
    features[0]["geometry"] = {"type": "Point", "coordinates": [116.8, 39.6]}
    return features


BAD_FILES = {
    "overlap": (_shifted, ("feature", "5", "overlap")),
    "duplicate code": (_duplicate, ("feature 3 (code)", "duplicate")),
    "code contradicts its community": (_contradicting, ("feature 4 (community_code)", "contradicts")),
    "gap": (_hole, ("gap",)),
    "coordinates in metres": (_metres, ("feature 0 (geometry)", "outside China")),
    "not a polygon": (_point, ("feature 0 (geometry)", "one polygon")),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_grid_files_name_every_problem_and_import_nothing(case, surveyed, capsys, tmp_path):
    url, _ = surveyed
    before = info(capsys, url)
    spoil, expected = BAD_FILES[case]
    path = write(tmp_path / "bad.geojson", spoil(survey_features()))
    code, _, err = run(capsys, "import-grids", path, "--db", url)
    assert code == 2
    assert "bad.geojson" in err and all(part in err for part in expected), err
    assert info(capsys, url) == before


def test_broken_json_wrong_type_and_wrong_datum_are_named(surveyed, capsys, tmp_path):
    url, _ = surveyed
    before = info(capsys, url)
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection",\n "features": [\n  {"type": ]}', encoding="utf-8")
    text = tmp_path / "grids.csv"
    text.write_text("code,wkt\n", encoding="utf-8")
    declared = survey_features()
    declared[0]["properties"]["datum"] = "GCJ-02"
    gcj = write(tmp_path / "gcj.geojson", declared)
    for path, datum, expected in ((broken, "wgs84", "line 3"), (text, "wgs84", "GeoJSON"),
                                  (gcj, "wgs84", "feature 0"), (gcj, "mars", "--datum")):
        code, _, err = run(capsys, "import-grids", path, "--datum", datum, "--db", url)
        assert code == 2 and expected in err, err
        assert path.name in err or expected == "--datum"
    assert info(capsys, url) == before
