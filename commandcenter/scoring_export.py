"""The training score report as files: CSV (UTF-8 with BOM, for Excel) and an A4 landscape PDF,
each naming the scenario, the trainer and the period, with the trainees' table (roles in words)
and the per-case breakdown."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence

from .clock import local
from .scoring import ATTENDANCE, REPORT_COLUMNS, ScoreReport
from .scoring_cases import CASE_COLUMNS, TIMED_STEPS
from .vocabulary import name, role_name

TITLE = "培训考核报告 Training score report"
CJK_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
PDF_HEADINGS = {
    "trainee": "学员 Trainee", "role": "岗位 Role", "accept": "受理 Accept", "register": "立案 Register",
    "dispatch": "派遣 Dispatch", "other": "其他 Other", "right_department": "派对部门 Right dept.",
    "overdue_missed": "超期未办 Missed", "score": "得分 Score", "attendance": "出勤 Attendance",
}
CASE_HEADINGS = ("案件 Case", "类别 Class", "应派部门 Expected", "实派部门 Chosen", "受理 Accept",
                 "立案 Register", "派遣 Dispatch", "超期未办 Missed")


def period_text(report: ScoreReport) -> str:
    return f"{local(report.started_at):%Y-%m-%d %H:%M} – {local(report.ended_at):%H:%M} (Asia/Shanghai)"


def role_words(role: str) -> str:
    """``值班长 Shift leader``: the role in both languages."""
    return f"{role_name(role, 'zh')} {role_name(role, 'en')}".strip()


def step_text(outcome, step: str) -> str:
    timed = outcome.steps.get(step)
    if timed is None:
        return "—"
    return f"{timed.minutes:.0f} min{' 超期 late' if timed.late else ''} ({timed.actor})"


def attendance_words(trainee) -> str:
    """``未参加 absent`` (and whether they signed in): the attendance in both languages."""
    if not trainee.attendance:
        return ""
    zh, en = ATTENDANCE[trainee.attendance]
    if trainee.absent:
        zh, en = (zh + "（已登录未操作）", en + " (signed in, no action)") if trainee.signed_in else (
            zh + "（未登录）", en + " (never signed in)")
    return f"{zh} {en}"


def roster_text(report: ScoreReport) -> str:
    if not report.roster:
        return "—"
    absent = sum(1 for t in report.trainees if t.absent)
    return f"{', '.join(report.roster)} ({len(report.roster)}; 未参加 absent: {absent})"


def write_csv(report: ScoreReport, path: str | Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([TITLE])
        writer.writerow(["scenario 演练", report.scenario])
        writer.writerow(["trainer 培训员", report.trainer])
        writer.writerow(["period 时段", period_text(report)])
        writer.writerow(["injected 注入案件", report.injected])
        writer.writerow(["expected trainees 应到学员", roster_text(report)])
        writer.writerow([])
        writer.writerow(REPORT_COLUMNS)
        for row in report.rows():
            writer.writerow([row[c] if row[c] is not None else "" for c in REPORT_COLUMNS])
        writer.writerow([])
        writer.writerow(CASE_COLUMNS + ("class_name", "expected_department_name", "chosen_department_name"))
        for outcome in report.cases:
            row = outcome.as_row()
            writer.writerow([row[c] for c in CASE_COLUMNS] + [
                report.class_names.get(outcome.class_code, ""),
                report.department_names.get(outcome.expected_department or "", ""),
                report.department_names.get(outcome.chosen_department or "", "")])


def write_pdf(report: ScoreReport, path: str | Path, *, title: str = TITLE,
              fonts: Sequence[tuple[str, int]] = CJK_FONTS) -> bool:
    """Write the report as an A4 landscape PDF. Returns True when a CJK font was embedded; without
    one, Chinese text is replaced by '?' but the numbers are all there."""
    from fpdf import FPDF, FontFace

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    family, cjk = _pdf_font(pdf, fonts)

    def text(value: object) -> str:
        s = "—" if value is None or value == "" else str(value)
        if cjk:
            return s
        return s.replace("—", "-").replace("–", "-").encode("latin-1", "replace").decode("latin-1")

    pdf.set_font(family, size=16)
    pdf.cell(0, 10, text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    for line in (f"演练 Scenario: {report.scenario or '—'}", f"培训员 Trainer: {report.trainer or '—'}",
                 f"时段 Period: {period_text(report)}   注入案件 Injected cases: {report.injected}   "
                 f"学员 Trainees: {len(report.trainees)}",
                 f"应到学员 Expected trainees: {roster_text(report)}"):
        pdf.cell(0, 6, text(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    headings = ["trainee", "role", "accept", "register", "dispatch", "other", "right_department",
                "overdue_missed", "score", "attendance"]
    pdf.set_font(family, size=9)
    with pdf.table(col_widths=(40, 30, 29, 29, 29, 18, 24, 22, 16, 40), line_height=6,
                   text_align=("LEFT", "LEFT", "CENTER", "CENTER", "CENTER", "CENTER", "CENTER", "CENTER",
                               "RIGHT", "LEFT"),
                   headings_style=FontFace(fill_color=(232, 236, 242))) as table:
        table.row([text(PDF_HEADINGS[key]) for key in headings])
        for t in report.trainees:
            cells = [f"{t.display_name} ({t.trainee})" if t.display_name != t.trainee else t.trainee,
                     role_words(t.role)]
            for group in ("accept", "register", "dispatch"):
                s = t.steps[group]
                mean = "" if s.mean_minutes is None else f", {s.mean_minutes} min"
                cells.append(f"{s.on_time}/{s.count}{mean}")
            cells += [f"{t.steps['other'].on_time}/{t.steps['other'].count}", t.right_department,
                      t.overdue_missed, f"{t.score:.1f}", attendance_words(t)]
            table.row([text(value) for value in cells])
    pdf.ln(2)
    pdf.set_font(family, size=8)
    pdf.multi_cell(0, 4.5, text("按期/步数，平均环节用时 on time / steps, mean minutes in the stage. Score = 100 × "
                                "(on time + right departments) ÷ (steps + dispatches) − 5 per overdue case missed."))
    pdf.ln(3)
    pdf.set_font(family, size=12)
    pdf.cell(0, 8, text("逐案复盘 Per case"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=8)
    with pdf.table(col_widths=(30, 30, 38, 38, 30, 30, 30, 24), line_height=5,
                   headings_style=FontFace(fill_color=(232, 236, 242))) as table:
        table.row([text(h) for h in CASE_HEADINGS])
        for o in report.cases:
            chosen = report.department_names.get(o.chosen_department or "", o.chosen_department or "")
            if o.right_department is False:
                chosen += "（错派 wrong）"
            table.row([text(v) for v in (
                o.number, report.class_names.get(o.class_code, o.class_code),
                report.department_names.get(o.expected_department or "", o.expected_department or ""),
                chosen, *(step_text(o, step) for step in TIMED_STEPS),
                name("stage", o.missed_stage, "zh") if o.missed_stage else "")])
    pdf.output(str(path))
    return cjk


def _pdf_font(pdf, fonts: Sequence[tuple[str, int]]) -> tuple[str, bool]:
    for path, index in fonts:
        if Path(path).exists():
            try:
                pdf.add_font("cjk", "", path, collection_font_number=index)
            except Exception:  # an unreadable font file: try the next one
                continue
            return "cjk", True
    return "helvetica", False
