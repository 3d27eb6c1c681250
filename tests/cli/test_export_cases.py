"""``commandcenter export cases``: the cases of a period as XLSX or CSV with Chinese headers,
the period and the judgement columns explained in the file, personal data masked by default."""
from __future__ import annotations

import csv
from datetime import datetime, timezone

import openpyxl
import pytest

from tests.cli.helpers import run
from tests.world import PASSWORD, FakeClock, build_world, cell_point


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPORT_TEST_PASSWORD", PASSWORD)
    url = f"sqlite:///{tmp_path / 'export.sqlite'}"
    clock = FakeClock(datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc))
    rt = build_world(url, clock=clock)
    lon, lat = cell_point(3)
    for i in range(3):
        rt.service.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat,
                          description=f"暴露垃圾 {i}", reporter_name="王小明", reporter_phone="13812345678")
    clock.advance(days=10)           # 2026-12-04: outside a November export
    rt.service.report("sup", source="supervisor", class_code="E0104", lon=lon, lat=lat, description="道路不洁")
    return url


def _export(capsys, url, out, *extra):
    return run(capsys, "export", "cases", "--from", "2026-11-01", "--to", "2026-11-30", "--db", url,
               "--out", out, *extra)


def test_an_xlsx_names_its_period_and_masks_reporters(world, capsys, tmp_path):
    out = tmp_path / "cases.xlsx"
    code, printed, err = _export(capsys, world, out)
    assert code == 0, err
    assert "3 cases" in printed and "masked" in printed
    workbook = openpyxl.load_workbook(out, read_only=True)
    rows = list(workbook["案件"].iter_rows(values_only=True))
    assert "2026-11-01 至 2026-11-30" in rows[0][0]
    header = rows[1]
    assert header[:3] == ("案件编号", "来源", "热线工单号") and "按期结案" in header and "上报人电话" in header
    body = [dict(zip(header, r)) for r in rows[2:]]
    assert len(body) == 3 and {r["来源"] for r in body} == {"12345热线"}
    assert {r["类别"] for r in body} == {"暴露垃圾"} and {r["状态"] for r in body} == {"待受理"}
    assert {r["上报人"] for r in body} == {"王**"} and {r["上报人电话"] for r in body} == {"*******5678"}
    notes = [r for r in workbook["说明"].iter_rows(values_only=True)]
    assert any(r[0] == "按期结案" for r in notes) and "2026-11-01" in notes[0][0]


def test_personal_data_only_for_roles_that_call_citizens_back(world, capsys, tmp_path):
    out = tmp_path / "p.csv"
    code, _, err = _export(capsys, world, out, "--with-personal-data")
    assert code == 2 and "--as" in err
    code, _, err = _export(capsys, world, out, "--with-personal-data", "--as", "disp", "--password-env",
                           "EXPORT_TEST_PASSWORD")
    assert code == 2 and "dispatcher" in err
    code, _, err = _export(capsys, world, out, "--with-personal-data", "--as", "taker", "--password-env",
                           "EXPORT_TEST_PASSWORD")
    assert code == 0, err
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[1], rows[2:]
    assert {r[header.index("上报人电话")] for r in body} == {"13812345678"}


def test_filters_and_the_period(world, capsys, tmp_path):
    out = tmp_path / "f.csv"
    code, printed, _ = run(capsys, "export", "cases", "--from", "2026-11-01", "--to", "2026-12-31", "--db", world,
                           "--out", out, "--source", "supervisor")
    assert code == 0 and "1 cases" in printed
    code, printed, _ = _export(capsys, world, out, "--status", "closed")
    assert code == 0 and printed.startswith("0 cases")
    code, _, err = run(capsys, "export", "cases", "--from", "2026-11-30", "--to", "2026-11-01", "--db", world,
                       "--out", out)
    assert code == 2 and "--to" in err
    code, _, err = _export(capsys, world, tmp_path / "x.pdf")
    assert code == 2 and "--format" in err
