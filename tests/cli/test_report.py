"""``commandcenter report daily|weekly``: the evaluation report a centre sends up. Its figures
are those of ``commandcenter kpi`` for the same window; the PDF embeds a Chinese font."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import openpyxl
import pypdf
import pypdfium2
import pytest

from tests.cli.helpers import run
from tests.world import FakeClock, build_world, cell_point


@pytest.fixture
def world(tmp_path):
    """Nov 24: four reports in two streets, one closed, one dispatched, two left waiting; Nov 26: one more."""
    url = f"sqlite:///{tmp_path / 'report.sqlite'}"
    clock = FakeClock(datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc))
    rt = build_world(url, clock=clock)
    s = rt.service
    cases = [s.report("sup", source="supervisor", class_code="E0102", lon=cell_point(i)[0], lat=cell_point(i)[1],
                      description=f"暴露垃圾 {i}") for i in (0, 1, 8, 9)]
    for case in cases[:2]:
        s.act("taker", case.id, "accept")
        s.act("leader", case.id, "register")
        s.act("disp", case.id, "dispatch", department="szsr")
    clock.advance(minutes=40)
    s.act("sz", cases[0].id, "report_done", note="已清运")
    s.act("sup", cases[0].id, "check", passed=True)
    s.act("leader", cases[0].id, "close")
    clock.advance(days=2)
    s.report("sup", source="supervisor", class_code="E0104", lon=cell_point(3)[0], lat=cell_point(3)[1],
             description="道路不洁")
    return url


def _kpi(capsys, url, first, last, by):
    code, out, err = run(capsys, "kpi", "--db", url, "--from", first, "--to", last, "--by", by, "--format", "json")
    assert code == 0, err
    return {row[by]: row for row in json.loads(out)["rows"]}


def _pdf_text(path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_a_daily_pdf_says_what_kpi_says_in_chinese(world, capsys, tmp_path):
    out = tmp_path / "日报.pdf"
    code, printed, err = run(capsys, "report", "daily", "--date", "2026-11-24", "--db", world, "--out", out)
    assert code == 0, err
    kpi = _kpi(capsys, world, "2026-11-24", "2026-11-24", "street")
    assert kpi["total"]["reported"] == 4 and kpi["total"]["closed"] == 1
    assert f"{kpi['total']['overdue']} overdue" in printed and "4 reported, 1 closed" in printed
    reader = pypdf.PdfReader(out)
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("CJK" in f for f in fonts)    # the Chinese font travels with the file (subset)
    text = _pdf_text(out)
    assert "城市管理考核评价日报" in text and "统计期间：2026-11-24" in text
    assert "测试1街道" in text and "测试2街道" in text and "结案率" in text and "指标口径" in text
    assert f"超期案件清单（{kpi['total']['overdue']} 件）" in text
    overdue_section = text.split("超期案件清单")[1].split("指标口径")[0]
    assert "暴露垃圾" in overdue_section and "E0102" not in overdue_section      # the class by its name
    assert f"{kpi['total']['closing_rate'] * 100:.1f}%" in text


def test_a_weekly_xlsx_has_the_figures_of_kpi_by_street_and_department(world, capsys, tmp_path):
    out = tmp_path / "week.xlsx"
    code, _, err = run(capsys, "report", "weekly", "--date", "2026-11-25", "--db", world, "--out", out)
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    summary = {r[0]: r[1] for r in book["总体情况"].iter_rows(min_row=3, values_only=True)}
    assert "2026-11-23 至 2026-11-29" in book["总体情况"]["A1"].value    # Monday to Sunday
    kpi = _kpi(capsys, world, "2026-11-23", "2026-11-29", "street")
    assert summary["上报"] == str(kpi["total"]["reported"]) == "5"
    assert summary["结案"] == str(kpi["total"]["closed"])
    assert summary["超期案件"] == str(kpi["total"]["overdue"])
    streets = {r[0]: r for r in book["各街道"].iter_rows(min_row=3, values_only=True)}
    header = next(book["各街道"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert set(streets) == {"测试1街道", "测试2街道"}
    assert streets["测试1街道"][header.index("上报")] == str(kpi["99010100" "1"]["reported"])
    departments = _kpi(capsys, world, "2026-11-23", "2026-11-29", "department")
    names = [r[0] for r in book["各部门"].iter_rows(min_row=3, values_only=True)]
    assert len(names) == len(departments) - 1 and all(not n.isascii() for n in names if n != "—")
    overdue = list(book["超期案件"].iter_rows(min_row=3, values_only=True))
    assert len(overdue) == kpi["total"]["overdue"] > 0
    assert {(r[1], r[2]) for r in overdue} <= {("暴露垃圾", "E0102"), ("道路不洁", "E0104")}   # names, not codes
    assert any(r[0] == "按期结案率" for r in book["指标口径"].iter_rows(values_only=True))


def test_bad_input_is_named_and_writes_nothing(world, capsys, tmp_path):
    out = tmp_path / "r.docx"
    code, _, err = run(capsys, "report", "daily", "--date", "2026-11-24", "--db", world, "--out", out)
    assert code == 2 and ".pdf or .xlsx" in err and not out.exists()
    out = tmp_path / "r.pdf"
    code, _, err = run(capsys, "report", "daily", "--date", "24/11/2026", "--db", world, "--out", out)
    assert code == 2 and "--date" in err and not out.exists()
    code, _, err = run(capsys, "report", "weekly", "--date", "2099-01-01", "--db", world, "--out", out)
    assert code == 2 and "future" in err and not out.exists()


def test_the_overdue_list_is_the_state_history_at_the_reports_moment(world):
    """The list comes from the stored state history; it equals folding the whole log up to then."""
    from commandcenter.kpi_asof import cases_as_of
    from db import open_store
    from db.backend import backend

    store = open_store(world)
    for moment in (datetime(2026, 11, 24, 3, tzinfo=timezone.utc), datetime(2026, 11, 24, 16, tzinfo=timezone.utc),
                   datetime(2026, 11, 29, 16, tzinfo=timezone.utc)):
        folded = {c.number for c in cases_as_of(store.events_between(None, None), moment).values()
                  if c.is_overdue(moment)}
        assert {c.number for c in backend.overdue_at(store, moment)} == folded, moment
    assert backend.overdue_at(store, datetime(2026, 11, 29, 16, tzinfo=timezone.utc))
