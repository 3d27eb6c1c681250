"""``commandcenter import-district`` on the real Dongcheng data, and every kind of bad input:
a message that names the file and the line or feature, exit code 2, the database unchanged."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.helpers import BOUNDARY, BOUNDARY_WGS84, DIVISIONS, info, needs_data, run

pytestmark = needs_data
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dongcheng(tmp_path_factory):
    """A database holding the Dongcheng import, made by the real entry point."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dongcheng') / 'dc.sqlite'}"
    done = subprocess.run(
        [sys.executable, "main.py", "import-district", str(BOUNDARY), "--divisions", str(DIVISIONS),
         "--district-code", "110101", "--datum", "gcj02", "--db", url],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run([sys.executable, "main.py", "info", "--db", url, "--format", "json"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    return url, done.stdout, json.loads(shown.stdout)


def test_dongcheng_gets_its_streets_communities_and_about_4300_cells(dongcheng):
    _, printed, counts = dongcheng
    assert counts["districts"] == 1 and counts["streets"] == 17 and counts["communities"] == 169
    assert 4200 <= counts["grids"] <= 4500
    assert counts["area_km2"] == pytest.approx(42.0, rel=0.01)
    assert counts["datum"] == "wgs84"
    assert "17 streets" in printed and "169 communities" in printed and "km²" in printed and " s" in printed


def test_the_wgs84_copy_of_the_boundary_gives_the_same_district(capsys, tmp_path, dongcheng):
    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    code, out, err = run(capsys, "import-district", BOUNDARY_WGS84, "--divisions", DIVISIONS, "--datum", "wgs84",
                         "--district-name", "东城", "--db", url)
    assert code == 0, err
    counts = info(capsys, url)
    assert {k: counts[k] for k in ("streets", "communities", "grids")} == \
        {k: dongcheng[2][k] for k in ("streets", "communities", "grids")}
    assert "东城 (110101)" in out


def _boundary_text() -> str:
    return BOUNDARY.read_text(encoding="utf-8")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _csv_with(line_number: int, replace: tuple[str, str]) -> str:
    lines = DIVISIONS.read_text(encoding="utf-8").splitlines()
    lines[line_number - 1] = lines[line_number - 1].replace(*replace)
    return "\n".join(lines) + "\n"


def _metres() -> str:
    data = json.loads(_boundary_text())
    ring = [[446000.0, 4420000.0], [447000.0, 4420000.0], [447000.0, 4421000.0], [446000.0, 4420000.0]]
    data["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    del data["features"][0]["properties"]["datum"]
    return json.dumps(data)


BAD_INPUTS = {
    "wrong file type": (lambda t: ("boundary.txt", _boundary_text(), DIVISIONS, "gcj02"),
                        ("boundary.txt", "GeoJSON")),
    "broken GeoJSON": (lambda t: ("broken.geojson", '{"type": "FeatureCollection",\n"features": [\n{"type": "Fea',
                                  DIVISIONS, "gcj02"), ("broken.geojson", "line 3")),
    "no area in it": (lambda t: ("point.geojson", json.dumps({"type": "Feature", "properties": {},
                                 "geometry": {"type": "Point", "coordinates": [116.4, 39.9]}}), DIVISIONS, "gcj02"),
                      ("point.geojson", "Polygon")),
    "coordinates in metres": (lambda t: ("metres.geojson", _metres(), DIVISIONS, "gcj02"),
                              ("metres.geojson", "feature 0")),
    "CSV with missing columns": (lambda t: (None, None, _write(t, "short.csv", "street_code,street_name,community_code\n"
                                                            "110101001000,东华门街道,110101001001\n"), "gcj02"),
                                 ("short.csv", "line 1", "community_name")),
    "community outside the district": (lambda t: (None, None, _write(t, "outside.csv", _csv_with(
        5, ("110101001006", "110102001006"))), "gcj02"), ("outside.csv", "line 5", "outside district 110101")),
    "wrong datum": (lambda t: (None, None, DIVISIONS, "wgs84"),
                    ("dongcheng_boundary.geojson", "feature 0", "GCJ-02")),
    "unknown datum": (lambda t: (None, None, DIVISIONS, "bd09"), ("--datum", "bd09")),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_named_and_changes_nothing(case, capsys, tmp_path, dongcheng):
    url, _, before = dongcheng
    make, expected = BAD_INPUTS[case]
    name, text, divisions, datum = make(tmp_path)
    boundary = _write(tmp_path, name, text) if name else BOUNDARY
    code, out, err = run(capsys, "import-district", boundary, "--divisions", divisions, "--district-code",
                         "110101", "--datum", datum, "--db", url)
    assert code == 2
    assert err.startswith("error: ") and all(part in err for part in expected), err
    assert info(capsys, url) == before


def test_a_district_code_the_boundary_contradicts_is_refused(capsys, dongcheng):
    url, _, before = dongcheng
    code, _, err = run(capsys, "import-district", BOUNDARY, "--divisions", DIVISIONS, "--district-code", "110102",
                       "--datum", "gcj02", "--db", url)
    assert code == 2 and "dongcheng_boundary.geojson" in err and "110101" in err
    assert info(capsys, url) == before


def test_a_missing_file_is_named(capsys, tmp_path, dongcheng):
    url, _, before = dongcheng
    code, _, err = run(capsys, "import-district", tmp_path / "nowhere.geojson", "--divisions", DIVISIONS,
                       "--datum", "gcj02", "--db", url)
    assert code == 2 and "nowhere.geojson" in err
    assert info(capsys, url) == before
