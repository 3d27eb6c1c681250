"""The debrief a trainer reads: every expected trainee (a passive one with 0), a per-case
breakdown (expected vs chosen department, step times, missed), the scenario and the trainer named,
roles in words — on screen, in CSV and in PDF."""
from __future__ import annotations

import csv

import pypdfium2

from commandcenter.auth import sign_in
from tests.replay.test_training import _scripted_session


def scored(tmp_path):
    session, never_accepted = _scripted_session(tmp_path)
    session.scenario_name = "暴雨早高峰演练"
    sign_in(session.store.accounts, "disp2", session.trainee_password, now=session.started_at)   # signs in, does nothing
    return session, session.finish(), never_accepted


def test_a_passive_trainee_is_listed_with_zero(tmp_path):
    _session, report, _ = scored(tmp_path)
    rows = {r["trainee"]: r for r in report.rows()}
    assert set(rows) == {"taker", "leader", "disp", "disp2"}
    assert (rows["disp2"]["steps_total"], rows["disp2"]["score"]) == (0, 0.0)
    assert rows["leader"]["role_name"] == "值班长"


def test_the_per_case_breakdown(tmp_path):
    session, report, never_accepted = scored(tmp_path)
    by_id = {o.case_id: o for o in report.cases}
    a, b = (by_id[s.case_id] for s in session.schedule[:2])
    c = by_id[never_accepted.id]
    assert (a.expected_department, a.chosen_department, a.right_department) == ("szsr", "cgzf", False)
    assert (b.expected_department, b.chosen_department, b.right_department) == ("ylyh", "ylyh", True)
    assert (a.steps["accept"].minutes, a.steps["accept"].late, a.steps["accept"].actor) == (20.0, False, "taker")
    assert (b.steps["accept"].minutes, b.steps["accept"].late) == (35.0, True)
    assert b.steps["dispatch"].minutes == 40.0 and b.steps["dispatch"].late
    assert c.steps == {} and c.missed_stage == "intake" and c.chosen_department is None
    assert report.scenario == "暴雨早高峰演练" and report.trainer == "coach"


def test_csv_names_the_session_and_breaks_down_the_cases(tmp_path):
    _session, report, never_accepted = scored(tmp_path)
    from commandcenter.scoring import write_csv

    write_csv(report, tmp_path / "s.csv")
    rows = list(csv.reader((tmp_path / "s.csv").open(encoding="utf-8-sig")))
    assert rows[1] == ["scenario 演练", "暴雨早高峰演练"] and rows[2] == ["trainer 培训员", "coach"]
    case_header = next(i for i, r in enumerate(rows) if r and r[0] == "case")
    cases = [dict(zip(rows[case_header], r)) for r in rows[case_header + 1:] if r]
    assert len(cases) == 3
    missed = next(c for c in cases if c["case"] == never_accepted.number)
    assert missed["missed_stage"] == "intake" and missed["accept_min"] == ""
    wrong = next(c for c in cases if c["chosen_department"] == "cgzf")
    assert wrong["right_department"] == "0" and wrong["expected_department_name"]


def test_pdf_names_the_session_translates_roles_and_breaks_down_the_cases(tmp_path):
    _session, report, never_accepted = scored(tmp_path)
    from commandcenter.scoring import write_pdf

    assert write_pdf(report, tmp_path / "s.pdf")
    document = pypdfium2.PdfDocument(str(tmp_path / "s.pdf"))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert "暴雨早高峰演练" in text and "coach" in text
    assert "值班长" in text and "受理员" in text and "shift_leader" not in text and "call_taker" not in text
    assert never_accepted.number in text and "逐案复盘" in text and "受理" in text
    assert "错派" in text
