"""The command line as a user types it: info, user add, kpi, case, holiday."""
from __future__ import annotations

import json

import pytest

from commandcenter.cli import main
from db.backend import backend
from tests.world import PASSWORD, build_world, cell_point


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv), backend)
    out = capsys.readouterr()
    return code, out.out, out.err


ADMIN_PASSWORD = "admin-pass-42"


@pytest.fixture
def world_url(sqlite_url, monkeypatch):
    rt = build_world(sqlite_url)
    backend.add_user(rt.store, "root", "admin", ADMIN_PASSWORD)
    monkeypatch.setenv("CC_PW", PASSWORD)
    monkeypatch.setenv("CC_ADMIN_PW", ADMIN_PASSWORD)
    return sqlite_url


def test_info_json_has_every_count(capsys, world_url):
    code, out, _ = run(capsys, "info", "--db", world_url, "--format", "json")
    info = json.loads(out)
    assert code == 0
    for key in ("districts", "streets", "communities", "grids", "area_km2", "components", "departments",
                "users", "cases", "events"):
        assert key in info
    assert info["grids"] == 16 and info["area_km2"] == pytest.approx(0.16)


def test_user_add_hashes_and_refuses_bad_role(capsys, world_url, monkeypatch):
    monkeypatch.setenv("NEWPW", "s3cret-pass")
    admin = ("--as", "root", "--password-env", "CC_ADMIN_PW")
    code, out, _ = run(capsys, "user", "add", "zhang", "--role", "dispatcher", "--new-password-env", "NEWPW",
                       *admin, "--db", world_url)
    assert code == 0 and "zhang" in out
    code, _, err = run(capsys, "user", "add", "li", "--role", "emperor", "--new-password-env", "NEWPW",
                       *admin, "--db", world_url)
    assert code == 2 and "role" in err and "emperor" in err
    assert "s3cret-pass" not in out + err


def test_case_report_act_show_and_kpi(capsys, world_url):
    lon, lat = cell_point(2)
    code, out, _ = run(capsys, "case", "report", "--db", world_url, "--as", "sup", "--password-env", "CC_PW",
                       "--class", "E0102",
                       "--lon", str(lon), "--lat", str(lat), "--description", "暴露垃圾")
    number = json.loads(out)["number"]
    assert code == 0
    for step, who, extra in (("accept", "taker", []), ("register", "leader", []),
                             ("dispatch", "disp", ["--set", "department=szsr"])):
        code, out, err = run(capsys, "case", "act", number, step, "--as", who, "--password-env", "CC_PW",
                             "--db", world_url, *extra)
        assert code == 0, err
    code, out, _ = run(capsys, "case", "show", number, "--db", world_url)
    assert "dispatch" in out and "disp" in out
    code, out, _ = run(capsys, "kpi", "--db", world_url, "--by", "department", "--format", "json")
    rows = {r["department"]: r for r in json.loads(out)["rows"]}
    assert rows["szsr"]["dispatched"] == 1 and rows["total"]["registered"] == 1
    code, out, _ = run(capsys, "kpi", "--db", world_url, "--by", "street", "--format", "csv")
    assert out.splitlines()[0].startswith("street,reported,")
    code, out, _ = run(capsys, "kpi", "--db", world_url, "--format", "table")
    assert "on_time_closing_rate" in out


def test_bad_step_and_bad_window_are_clear(capsys, world_url):
    code, _, err = run(capsys, "case", "act", "999", "accept", "--as", "taker", "--password-env", "CC_PW",
                       "--db", world_url)
    assert code == 2 and "999" in err
    code, _, err = run(capsys, "kpi", "--db", world_url, "--from", "2026-11-20", "--to", "2026-11-19")
    assert code == 2 and "--to" in err
    code, _, err = run(capsys, "kpi", "--db", world_url, "--from", "yesterday")
    assert code == 2 and "yesterday" in err


def test_holiday_table_and_2027_warning(capsys, world_url):
    admin = ("--as", "root", "--password-env", "CC_ADMIN_PW")
    code, out, _ = run(capsys, "holiday", "set", "2027-02-17", *admin, "--db", world_url, "--note", "春节")
    assert code == 0
    code, out, _ = run(capsys, "holiday", "list", "--db", world_url, "--year", "2027")
    assert "2027-02-17  off  春节" in out and "2027-02-06  off" in out and "(estimated)" in out
    code, _, err = run(capsys, "holiday", "set", "2027-02-30", *admin, "--db", world_url)
    assert code == 2 and "2027-02-30" in err


def test_a_refusal_reads_in_chinese_when_the_cli_speaks_chinese(capsys, world_url, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_LANG", "zh")
    lon, lat = cell_point(2)
    code, _, err = run(capsys, "case", "report", "--db", world_url, "--as", "sup", "--password-env", "CC_PW",
                       "--class", "E0102", "--lon", "abc", "--lat", str(lat), "--description", "暴露垃圾")
    assert code == 2 and "经度「abc」：不是数字" in err
