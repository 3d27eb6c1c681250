"""import-divisions: real community boundaries replace a derived partition; grids are regrouped
by where most of their area lies and renumbered inside their new community."""
from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

from commandcenter.geography.divisions_import import apply_divisions
from commandcenter.geography.survey_import import GridImportErrors
from commandcenter.geography.vector_files import read_vector_file
from db.backend import backend
from tests.cli.helpers import info, run
from tests.world import tiny_district


def _halves():
    """The tiny district cut into a west and an east community, as a city would survey them."""
    district = tiny_district()
    middle = np.median([g.centroid[0] for g in district.grids])
    west = shapely.union_all([g.polygon for g in district.grids if g.centroid[0] < middle])
    east = shapely.union_all([g.polygon for g in district.grids if g.centroid[0] >= middle])
    return district, west, east


def _geojson(tmp_path, parts, name="divisions.geojson"):
    features = [{"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(polygon)}
                for props, polygon in parts]
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), "utf-8")
    return path


def test_real_communities_regroup_and_renumber_the_grids(tmp_path):
    district, west, east = _halves()
    path = _geojson(tmp_path, [({"SQDM": "990101001001", "SQMC": "西区社区居委会", "JDMC": "西街道"}, west),
                               ({"SQDM": "990101002001", "SQMC": "东区社区居委会", "JDMC": "东街道"}, east)])
    result = apply_divisions(district, read_vector_file(path, crs="wgs84"))
    new = result.district_map
    assert (result.communities, result.streets, result.straddling) == (2, 2, 0)
    assert [(c.code, c.name, c.derived) for c in new.communities] == [
        ("990101001001", "西区社区居委会", False), ("990101002001", "东区社区居委会", False)]
    assert [s.name for s in new.streets] == ["西街道", "东街道"] and not any(s.derived for s in new.streets)
    assert len(new.grids) == len(district.grids) and new.area_km2 == pytest.approx(district.area_km2, rel=0.01)
    for grid in new.grids:
        inside_west = shapely.contains_xy(west.buffer(1e-9), *grid.centroid)
        assert grid.community_code == ("990101001001" if inside_west else "990101002001")
    west_codes = [g.code for g in new.grids_of_community("990101001001")]
    assert west_codes == [f"990101001001{i:03d}" for i in range(1, len(west_codes) + 1)]
    first = new.grid(west_codes[0])
    assert first.centroid[1] == max(g.centroid[1] for g in new.grids_of_community("990101001001"))


def test_bad_codes_invalid_polygons_and_uncovered_grids_are_refused(tmp_path):
    district, west, east = _halves()
    a, b, c, d = list(west.exterior.coords)[:4]
    path = _geojson(tmp_path, [({"SQDM": "1101010010"}, west), ({"SQDM": "110102001001"}, east),
                               ({"SQDM": "990101002001"}, shapely.Polygon([a, c, b, d]))])
    with pytest.raises(GridImportErrors) as caught:
        apply_divisions(district, read_vector_file(path, crs="wgs84"))
    problems = caught.value.problems
    assert problems[0].startswith("feature 0 (SQDM)") and "12 digits" in problems[0]
    assert problems[1].startswith("feature 1 (SQDM)") and "not in district 990101" in problems[1]
    assert problems[2].startswith("feature 2 (geometry): invalid polygon")
    only_west = _geojson(tmp_path, [({"SQDM": "990101001001"}, west)], "west.geojson")
    with pytest.raises(GridImportErrors) as caught:
        apply_divisions(district, read_vector_file(only_west, crs="wgs84"))
    assert "lie in no community" in caught.value.problems[0]


def test_import_divisions_command_replaces_the_derived_partition(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'd.sqlite'}"
    code, _, err = run(capsys, "db", "upgrade", "--db", url)
    assert code == 0, err
    backend.save_district_map(backend.open_store(url), tiny_district())
    _, west, east = _halves()
    path = _geojson(tmp_path, [({"SQDM": "990101001001", "SQMC": "西区"}, west),
                               ({"SQDM": "990101002001", "SQMC": "东区"}, east)])
    code, out, err = run(capsys, "import-divisions", path, "--db", url)
    assert code == 0, err
    assert "2 communities in 2 streets" in out and "re-coded" in out
    counts = info(capsys, url)
    assert (counts["communities"], counts["grids"]) == (2, 16)
    stored = backend.load_district_map(backend.open_store(url))
    assert not any(c.derived for c in stored.communities)
