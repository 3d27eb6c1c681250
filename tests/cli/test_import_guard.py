"""Every import that rewrites the centre's reference data — the geography, the address
gazetteer, the components inventory — needs an administrator: a dispatcher is refused and
nothing changes; ``--local-admin`` and a signed-in administrator are let through."""
from __future__ import annotations

import csv
import json

import pytest

from db import open_store
from db.backend import backend
from tests.cli.helpers import run
from tests.world import PASSWORD, build_world, cell_point

ADMIN_PASSWORD = "admin-pass-42"


@pytest.fixture
def url(sqlite_url, monkeypatch):
    build_world(sqlite_url)
    backend.add_user(open_store(sqlite_url), "root", "admin", ADMIN_PASSWORD)
    monkeypatch.setenv("CC_PW", PASSWORD)
    monkeypatch.setenv("CC_ADMIN_PW", ADMIN_PASSWORD)
    monkeypatch.delenv("COMMANDCENTER_LOCAL_ADMIN", raising=False)
    return sqlite_url


def _addresses(tmp_path):
    lon, lat = cell_point(3)
    path = tmp_path / "addresses.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["地址", "经度", "纬度"], ["幸福路1号", lon, lat]])
    return path


def _divisions(tmp_path):
    import shapely

    from tests.world import DLAT, DLON, LAT0, LON0

    box = shapely.box(LON0, LAT0 - 4 * DLAT, LON0 + 4 * DLON, LAT0)
    feature = {"type": "Feature", "properties": {"SQDM": "990101001001", "SQMC": "全区社区"},
               "geometry": shapely.geometry.mapping(box)}
    path = tmp_path / "communities.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["import-addresses", "import-divisions"])
def test_a_dispatcher_cannot_import_reference_data(command, url, capsys, tmp_path):
    argv = ([command, _addresses(tmp_path), "--datum", "wgs84"] if command == "import-addresses"
            else [command, _divisions(tmp_path)])
    before = (backend.addresses(open_store(url)), backend.load_district_map(open_store(url)))
    code, _, err = run(capsys, *argv, "--db", url)
    assert code == 2 and "--local-admin" in err                          # nobody signed in
    code, _, err = run(capsys, *argv, "--as", "disp", "--password-env", "CC_PW", "--db", url)
    assert code == 2 and "administrator" in err
    assert (backend.addresses(open_store(url)), backend.load_district_map(open_store(url))) == before
    code, out, err = run(capsys, *argv, "--as", "root", "--password-env", "CC_ADMIN_PW", "--db", url)
    assert code == 0, err
    assert (backend.addresses(open_store(url)), backend.load_district_map(open_store(url))) != before
    logged = {(e[1], e[3], e[4]) for e in open_store(url).accounts.events()}
    assert any(kind == "sign_in" and who == "root" for kind, who, _ in logged)


def test_local_administrator_mode_imports_addresses_and_is_logged(url, capsys, tmp_path):
    code, out, err = run(capsys, "import-addresses", _addresses(tmp_path), "--datum", "wgs84", "--local-admin",
                         "--db", url)
    assert code == 0, err
    assert len(backend.addresses(open_store(url))) == 1
    assert ("local_admin", "import-addresses") in {(e[1], e[4]) for e in open_store(url).accounts.events()}
