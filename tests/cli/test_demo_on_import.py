"""A real district (Dongcheng) brought to life with demo departments, staff and history."""
from __future__ import annotations

from tests.cli.helpers import BOUNDARY, DIVISIONS, info, needs_data, run


@needs_data
def test_demo_keeps_an_imported_district(capsys, sqlite_url):
    code, _, err = run(capsys, "import-district", BOUNDARY, "--divisions", DIVISIONS, "--district-code", "110101",
                       "--datum", "gcj02", "--db", sqlite_url)
    assert code == 0, err
    code, out, err = run(capsys, "demo", "--keep-district", "--days", "2", "--db", sqlite_url)
    assert code == 0, err
    counts = info(capsys, sqlite_url)
    assert counts["streets"] == 17 and counts["communities"] == 169
    assert 4200 <= counts["grids"] <= 4500
    assert counts["cases"] > 500 and counts["users"] > 100 and counts["components"] == 20000
    assert "东城区" in out


def test_keep_district_needs_a_district(capsys, sqlite_url):
    code, _, err = run(capsys, "demo", "--keep-district", "--days", "1", "--db", sqlite_url)
    assert code == 2 and "import one first" in err
    assert info(capsys, sqlite_url)["cases"] == 0
