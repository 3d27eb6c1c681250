"""Scoring of trainees (培训考核): how fast each one accepted, registered and dispatched against
the stage limits, whether dispatches went to the right department, and which cases were left
open and overdue at the end. Everything is read from the sandbox's event log.

Score = 100 × (steps on time + right departments) ÷ (timed steps + dispatches)
        − 5 per overdue case missed, never below 0.
A step is on time when it was taken before its stage's deadline (the ``late`` flag the
workflow writes into the event). A missed overdue case counts against every trainee who holds
the role that had to act on it (its department's operators for a case being handled).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .case import Case, CaseEvent
from .clock import local
from .roles import Role, User
from .workflow import evolve

MISSED_PENALTY = 5.0
STEP_GROUPS = ("accept", "register", "dispatch", "other")
"""accept = the intake decision (accept, send to verify, reject); other = every other step that
ends a timed stage (verify, report done, check, close)."""
_OTHER_STEPS = frozenset({"verify", "reject", "report_done", "check", "close"})
_STAGE_ROLE = {"intake": Role.CALL_TAKER, "verify": Role.SUPERVISOR, "register": Role.SHIFT_LEADER,
               "dispatch": Role.DISPATCHER, "handle": Role.DEPARTMENT, "check": Role.SUPERVISOR,
               "close": Role.SHIFT_LEADER}


@dataclass
class StepStats:
    """Steps of one kind: how many, how many before the deadline, minutes spent in the stage."""

    count: int = 0
    on_time: int = 0
    minutes: float = 0.0

    @property
    def mean_minutes(self) -> float | None:
        return round(self.minutes / self.count, 1) if self.count else None

    def add(self, minutes: float, on_time: bool) -> None:
        self.count += 1
        self.on_time += 1 if on_time else 0
        self.minutes += minutes


@dataclass
class TraineeScore:
    trainee: str
    display_name: str
    role: str
    steps: dict[str, StepStats] = field(default_factory=lambda: {g: StepStats() for g in STEP_GROUPS})
    right_department: int = 0
    overdue_missed: int = 0

    @property
    def timed_steps(self) -> int:
        return sum(s.count for s in self.steps.values())

    @property
    def on_time_steps(self) -> int:
        return sum(s.on_time for s in self.steps.values())

    @property
    def score(self) -> float:
        possible = self.timed_steps + self.steps["dispatch"].count
        base = 100.0 * (self.on_time_steps + self.right_department) / possible if possible else 0.0
        return round(max(0.0, base - MISSED_PENALTY * self.overdue_missed), 1)

    def as_row(self) -> dict:
        """One flat row for the on-screen table and the CSV."""
        row: dict = {"trainee": self.trainee, "name": self.display_name, "role": self.role}
        for group in ("accept", "register", "dispatch"):
            stats = self.steps[group]
            row[f"{group}_count"] = stats.count
            row[f"{group}_on_time"] = stats.on_time
            row[f"{group}_mean_min"] = stats.mean_minutes
        row["other_count"] = self.steps["other"].count
        row["other_on_time"] = self.steps["other"].on_time
        row["steps_total"] = self.timed_steps
        row["steps_on_time"] = self.on_time_steps
        row["right_department"] = self.right_department
        row["overdue_missed"] = self.overdue_missed
        row["score"] = self.score
        return row


REPORT_COLUMNS = tuple(TraineeScore("", "", "").as_row())


@dataclass
class ScoreReport:
    started_at: datetime
    ended_at: datetime
    trainees: list[TraineeScore]
    injected: int = 0

    def rows(self) -> list[dict]:
        return [t.as_row() for t in self.trainees]


def score_session(events: Sequence[CaseEvent], users: Iterable[User], start: datetime, end: datetime, *,
                  expected: Mapping[int, str] | None = None, trainees: Iterable[str] | None = None,
                  injected: int = 0) -> ScoreReport:
    """Score every trainee on the log of a session's sandbox (all of it, in log order).

    Only steps taken after ``start`` and until ``end`` count. ``expected`` maps case ids to the department the
    scenario wants; other cases are right when sent to their class's default department.
    Without ``trainees``, everyone who acted in the session except trainers is scored.
    """
    by_name = {u.name: u for u in users}
    expected = expected or {}
    cases: dict[int, Case] = {}
    scores: dict[str, TraineeScore] = {}

    def trainee(name: str) -> TraineeScore:
        if name not in scores:
            user = by_name.get(name)
            scores[name] = TraineeScore(name, user.display_name if user else name,
                                        user.role.value if user else "")
        return scores[name]

    wanted = set(trainees) if trainees is not None else None
    for name in wanted or ():
        trainee(name)
    for event in events:
        before = cases.get(event.case_id)
        cases[event.case_id] = evolve(before, event)
        if before is None or not start < event.at <= end or event.role == Role.TRAINER.value:
            continue
        if wanted is not None and event.actor not in wanted:
            continue
        group = _group(event, before)
        if group is None:
            continue
        score = trainee(event.actor)
        minutes = (event.at - before.stage_started_at).total_seconds() / 60
        score.steps[group].add(minutes, not event.payload.get("late", False))
        if group == "dispatch":
            right = expected.get(event.case_id) or event.payload.get("default_department")
            score.right_department += 1 if event.payload.get("department") == right else 0
    for case in cases.values():
        for score in scores.values():
            if _missed_by(case, by_name.get(score.trainee), end):
                score.overdue_missed += 1
    return ScoreReport(start, end, sorted(scores.values(), key=lambda s: (s.role, s.trainee)), injected)


def _group(event: CaseEvent, before: Case) -> str | None:
    if before.stage == "intake" and event.type in ("accept", "request_verify", "reject"):
        return "accept"
    if event.type in ("register", "dispatch"):
        return event.type
    if event.type in _OTHER_STEPS:
        return "other"
    return None


def _missed_by(case: Case, user: User | None, end: datetime) -> bool:
    """Was ``case`` open and overdue at ``end`` with ``user``'s role the one to act on it?"""
    if user is None or not case.is_overdue(end):
        return False
    role = Role.SHIFT_LEADER if case.pending_request is not None else _STAGE_ROLE.get(case.stage or "")
    if role is not user.role:
        return False
    return role is not Role.DEPARTMENT or case.department_code == user.department_code


# Export ----------------------------------------------------------------------------------------
def write_csv(report: ScoreReport, path: str | Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(REPORT_COLUMNS))
        writer.writeheader()
        writer.writerows(report.rows())


CJK_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
)
PDF_HEADINGS = {
    "trainee": "学员 Trainee", "role": "岗位 Role", "accept": "受理 Accept", "register": "立案 Register",
    "dispatch": "派遣 Dispatch", "other": "其他 Other", "right_department": "派对部门 Right department",
    "overdue_missed": "超期未办 Overdue missed", "score": "得分 Score",
}


def write_pdf(report: ScoreReport, path: str | Path, *, title: str = "培训考核报告 Training score report",
              fonts: Sequence[tuple[str, int]] = CJK_FONTS) -> bool:
    """Write the report as an A4 landscape PDF. Returns True when a CJK font was embedded; without
    one, Chinese text is replaced by '?' but the numbers are all there."""
    from fpdf import FPDF, FontFace

    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    family, cjk = _pdf_font(pdf, fonts)

    def text(value: object) -> str:
        s = "—" if value is None else str(value)
        if cjk:
            return s
        return s.replace("—", "-").replace("–", "-").encode("latin-1", "replace").decode("latin-1")

    pdf.set_font(family, size=16)
    pdf.cell(0, 10, text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=10)
    period = f"{local(report.started_at):%Y-%m-%d %H:%M} – {local(report.ended_at):%H:%M} (Asia/Shanghai)"
    pdf.cell(0, 7, text(f"{period}   injected cases: {report.injected}   trainees: {len(report.trainees)}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    headings = ["trainee", "role", "accept", "register", "dispatch", "other", "right_department",
                "overdue_missed", "score"]
    pdf.set_font(family, size=9)
    with pdf.table(col_widths=(46, 28, 34, 34, 34, 22, 26, 26, 20), line_height=6,
                   text_align=("LEFT", "LEFT", "CENTER", "CENTER", "CENTER", "CENTER", "CENTER", "CENTER",
                               "RIGHT"),
                   headings_style=FontFace(fill_color=(232, 236, 242))) as table:
        table.row([text(PDF_HEADINGS[name]) for name in headings])
        for t in report.trainees:
            cells = [f"{t.display_name} ({t.trainee})" if t.display_name != t.trainee else t.trainee, t.role]
            for group in ("accept", "register", "dispatch"):
                s = t.steps[group]
                mean = "" if s.mean_minutes is None else f", {s.mean_minutes} min"
                cells.append(f"{s.on_time}/{s.count}{mean}")
            cells += [f"{t.steps['other'].on_time}/{t.steps['other'].count}", t.right_department,
                      t.overdue_missed, f"{t.score:.1f}"]
            table.row([text(value) for value in cells])
    pdf.ln(4)
    pdf.set_font(family, size=8)
    pdf.multi_cell(0, 4.5, text("on time / steps, mean minutes in the stage before the step. Score = 100 × (on "
                                "time + right departments) ÷ (steps + dispatches) − 5 per overdue case missed."))
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
