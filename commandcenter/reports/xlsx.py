"""The evaluation report as a workbook: one sheet per part, a trend chart, the definitions."""
from __future__ import annotations

from pathlib import Path

from ..clock import local
from .evaluation import DEFINITIONS, FIGURES, GROUP_FIGURES, EvaluationReport, figure_text, label


def write_xlsx(report: EvaluationReport, out: str | Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    try:
        bold = book.add_format({"bold": True})
        heading = (f"{report.title} 统计期间 {report.period.describe()}"
                   f"（口径时点 {local(report.as_of):%Y-%m-%d %H:%M}）")
        summary = book.add_worksheet("总体情况")
        summary.write_row(0, 0, [heading], bold)
        summary.write_row(1, 0, ["指标", "数值"], bold)
        for row, key in enumerate(FIGURES, start=2):
            summary.write_row(row, 0, [label(key), figure_text(key, report.total)])
        summary.set_column(0, 0, 16)
        for name, rows in (("各街道", report.by_street), ("各部门", report.by_department)):
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, [heading], bold)
            sheet.write_row(1, 0, ["名称", *(label(k) for k in GROUP_FIGURES)], bold)
            for number, group in enumerate(rows, start=2):
                sheet.write_row(number, 0, [group.name, *(figure_text(k, group.values) for k in GROUP_FIGURES)])
            sheet.set_column(0, 0, 20)
        overdue = book.add_worksheet("超期案件")
        overdue.write_row(0, 0, [heading], bold)
        overdue.write_row(1, 0, ["案件编号", "类别", "类别代码", "街道", "处置部门", "当前环节时限"], bold)
        for number, case in enumerate(report.overdue, start=2):
            overdue.write_row(number, 0, [
                case.number, report.class_name(case.class_code), case.class_code, report.places.get(case.street_code, case.street_code),
                report.departments.get(case.department_code or "", case.department_code or ""),
                f"{local(case.stage_deadline):%Y-%m-%d %H:%M}"])
        _trend_sheet(book, report, heading, bold)
        notes = book.add_worksheet("指标口径")
        notes.write_row(0, 0, [heading], bold)
        for number, definition in enumerate(DEFINITIONS, start=1):
            notes.write_row(number, 0, list(definition))
        notes.set_column(1, 1, 90)
    finally:
        book.close()


def _trend_sheet(book, report: EvaluationReport, heading: str, bold) -> None:
    sheet = book.add_worksheet("趋势")
    sheet.write_row(0, 0, [heading], bold)
    sheet.write_row(1, 0, ["日期", "上报数", "结案率"], bold)
    percent = book.add_format({"num_format": "0.0%"})
    for number, (day, values) in enumerate(report.trend, start=2):
        sheet.write(number, 0, day.isoformat())
        sheet.write_number(number, 1, values.reported)
        if values.closing_rate is not None:
            sheet.write_number(number, 2, values.closing_rate, percent)
    last = len(report.trend) + 1
    bars = book.add_chart({"type": "column"})
    bars.add_series({"name": "上报数", "categories": ["趋势", 2, 0, last, 0], "values": ["趋势", 2, 1, last, 1]})
    line = book.add_chart({"type": "line"})
    line.add_series({"name": "结案率", "categories": ["趋势", 2, 0, last, 0], "values": ["趋势", 2, 2, last, 2],
                     "y2_axis": True})
    bars.combine(line)
    bars.set_title({"name": "近期趋势"})
    sheet.insert_chart("E2", bars, {"x_scale": 1.6, "y_scale": 1.3})
