"""``import-district --add``: Dongcheng and a second district (its twin moved 0.2° east, coded
110105) in one database; a second import without --add, or the same district twice, is refused
with the database unchanged; ``user add --district`` assigns a user to one district."""
from __future__ import annotations

import csv
import json

import pytest

from tests.cli.helpers import BOUNDARY, DIVISIONS, info, needs_data, run

pytestmark = needs_data


@pytest.fixture(scope="module")
def second_district(tmp_path_factory):
    folder = tmp_path_factory.mktemp("east")
    data = json.loads(BOUNDARY.read_text(encoding="utf-8"))

    def shift(c):
        return [c[0] + 0.2, c[1]] if isinstance(c[0], (int, float)) else [shift(x) for x in c]

    for feature in data["features"]:
        feature["geometry"]["coordinates"] = shift(feature["geometry"]["coordinates"])
        feature["properties"].update(adcode="110105", name="东郊区")
    boundary = folder / "east.geojson"
    boundary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with DIVISIONS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    divisions = folder / "east.csv"
    with divisions.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("110105" + v[6:] if k.endswith("code") else "东郊" + v) for k, v in row.items()})
    return boundary, divisions


def test_two_districts_in_one_database(capsys, tmp_path, second_district):
    url = f"sqlite:///{tmp_path / 'city.sqlite'}"
    boundary, divisions = second_district
    code, _, err = run(capsys, "import-district", BOUNDARY, "--divisions", DIVISIONS, "--district-code", "110101",
                       "--datum", "gcj02", "--db", url)
    assert code == 0, err
    one = info(capsys, url)
    code, _, err = run(capsys, "import-district", boundary, "--divisions", divisions, "--district-code", "110105",
                       "--datum", "gcj02", "--db", url)
    assert code == 2 and "--add" in err and "东城区 (110101" in err
    assert info(capsys, url) == one
    code, out, err = run(capsys, "import-district", boundary, "--divisions", divisions, "--district-code", "110105",
                         "--datum", "gcj02", "--add", "--db", url)
    assert code == 0, err
    assert "110105" in out
    both = info(capsys, url)
    assert both["districts"] == 2 and both["streets"] == 34 and both["communities"] == 338
    assert both["grids"] > 1.9 * one["grids"] and both["area_km2"] == pytest.approx(2 * one["area_km2"], rel=0.01)
    code, _, err = run(capsys, "import-district", boundary, "--divisions", divisions, "--district-code", "110105",
                       "--datum", "gcj02", "--add", "--db", url)
    assert code == 2 and "110105 is already in this database" in err
    assert info(capsys, url) == both


def test_user_add_assigns_a_district_and_refuses_an_unknown_one(capsys, tmp_path, monkeypatch):
    from tests.world import build_world

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    build_world(url)
    monkeypatch.setenv("NEWPW", "Gridwork-2026")
    code, out, err = run(capsys, "user", "add", "dpw", "--role", "dispatcher", "--district", "990101",
                         "--new-password-env", "NEWPW", "--local-admin", "--db", url)
    assert code == 0, err
    assert "for district 990101" in out
    code, out, _ = run(capsys, "user", "list", "--db", url)
    assert "dpw" in out and "(district 990101)" in out
    code, _, err = run(capsys, "user", "add", "dpx", "--role", "dispatcher", "--district", "110199",
                       "--new-password-env", "NEWPW", "--local-admin", "--db", url)
    assert code == 2 and "unknown district" in err
