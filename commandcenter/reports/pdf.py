"""The evaluation report as a PDF a leader can forward: A4, a CJK font embedded (subset),
the period and the definitions on the last page."""
from __future__ import annotations

import os
from pathlib import Path

from ..clock import local
from ..errors import ValidationError
from .evaluation import DEFINITIONS, FIGURES, GROUP_FIGURES, EvaluationReport, figure_text, label

#: (file, index in a collection) tried in order; COMMANDCENTER_CJK_FONT names another one
_CJK_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
_FONT = "cjk"


def cjk_font() -> tuple[Path, int]:
    """The font the PDF embeds: one that has Chinese characters, found on this machine."""
    chosen = os.environ.get("COMMANDCENTER_CJK_FONT")
    if chosen:
        if not Path(chosen).is_file():
            raise ValidationError("COMMANDCENTER_CJK_FONT", chosen, "no such font file")
        return Path(chosen), 0
    for path, index in _CJK_FONTS:
        if Path(path).is_file():
            return Path(path), index
    raise ValidationError("--out", "pdf", "no Chinese font on this machine: install fonts-noto-cjk or set "
                                          "COMMANDCENTER_CJK_FONT to a .ttf/.otf file (or write .xlsx)")


def write_pdf(report: EvaluationReport, out: str | Path) -> None:
    from fpdf import FPDF

    font, index = cjk_font()
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.add_font(_FONT, "", str(font), collection_font_number=index)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(f"{report.title} {report.period.describe()}")
    pdf.add_page()
    pdf.set_font(_FONT, size=18)
    pdf.cell(0, 12, report.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, size=10)
    pdf.cell(0, 6, f"统计期间：{report.period.describe()}    口径时点：{local(report.as_of):%Y-%m-%d %H:%M}"
                   f"    出报时间：{local(report.generated_at):%Y-%m-%d %H:%M}", align="C",
             new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "一、总体情况")
    _table(pdf, [["指标", "数值"] * 2] + _pairs([[label(k), figure_text(k, report.total)] for k in FIGURES]))
    _heading(pdf, f"二、近{len(report.trend)}日趋势（柱：上报数；线：结案率）")
    _trend_chart(pdf, report)
    for heading, rows in (("三、各街道情况", report.by_street), ("四、各处置部门情况", report.by_department)):
        _heading(pdf, heading)
        header = ["名称", *(label(k) for k in GROUP_FIGURES)]
        body = [[row.name, *(figure_text(k, row.values) for k in GROUP_FIGURES)] for row in rows]
        _table(pdf, [header, *body] if body else [header, ["（无）", *[""] * len(GROUP_FIGURES)]])
    _heading(pdf, f"五、超期案件清单（{len(report.overdue)} 件）")
    header = ["案件编号", "类别", "街道", "部门", "当前环节时限"]
    body = [[c.number, report.class_name(c.class_code), report.places.get(c.street_code, c.street_code),
             report.departments.get(c.department_code or "", c.department_code or ""),
             f"{local(c.stage_deadline):%m-%d %H:%M}"] for c in report.overdue]
    _table(pdf, [header, *body] if body else [header, ["（无）", "", "", "", ""]])
    _heading(pdf, "六、指标口径")
    _table(pdf, [["指标", "口径"], *[list(d) for d in DEFINITIONS]], widths=(30, 150))
    pdf.output(str(out))


def _pairs(rows: list[list[str]]) -> list[list[str]]:
    """Two figures to a line, so the summary fits on the first page."""
    padded = rows + ([["", ""]] if len(rows) % 2 else [])
    return [padded[i] + padded[i + 1] for i in range(0, len(padded), 2)]


def _heading(pdf, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(_FONT, size=13)
    pdf.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, size=9)


def _table(pdf, rows: list[list[str]], widths=None) -> None:
    from fpdf.fonts import FontFace

    # one font face only: the header row is shaded rather than bold
    with pdf.table(col_widths=widths, text_align="CENTER" if widths is None else "LEFT", line_height=6,
                   headings_style=FontFace(emphasis="", fill_color=(225, 232, 240))) as table:
        for row in rows:
            line = table.row()
            for text in row:
                line.cell(str(text))


def _trend_chart(pdf, report: EvaluationReport) -> None:
    """Bars of the cases reported each day and a line of each day's closing rate."""
    left, width, height = pdf.l_margin + 10, pdf.epw - 20, 45
    if pdf.will_page_break(height + 15):
        pdf.add_page()
    top = pdf.get_y() + 2
    bottom = top + height
    days = report.trend
    tallest = max((v.reported for _, v in days), default=0) or 1
    step = width / max(len(days), 1)
    pdf.set_draw_color(120, 120, 120)
    pdf.line(left, bottom, left + width, bottom)
    pdf.set_font(_FONT, size=7)
    points = []
    for i, (day, values) in enumerate(days):
        x = left + i * step
        bar = height * values.reported / tallest
        pdf.set_fill_color(70, 130, 180)
        pdf.rect(x + step * 0.2, bottom - bar, step * 0.6, bar, style="F")
        pdf.text(x + step * 0.3, bottom - bar - 1, str(values.reported))
        pdf.text(x + step * 0.15, bottom + 4, f"{day:%m-%d}")
        rate = values.closing_rate
        if rate is not None:
            points.append((x + step / 2, bottom - height * rate))
    pdf.set_draw_color(200, 60, 40)
    pdf.set_line_width(0.6)
    for a, b in zip(points, points[1:]):
        pdf.line(*a, *b)
    pdf.set_fill_color(200, 60, 40)
    for x, y in points:
        pdf.circle(x, y, 0.8, style="F")
    # the tables after the chart take the current colours for their cells and rules
    pdf.set_line_width(0.2)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_y(bottom + 8)
