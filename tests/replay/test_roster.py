"""The trainer's roster of expected trainees: kept with the session in its sandbox; the debrief
(report rows, CSV, PDF) lists every expected trainee — one who never signed in, or signed in and
never acted, as 未参加 / absent with 0 — and still lists a trainee who acted without being
expected; a name that is not a trainee account is refused, naming it, with nothing changed."""
from __future__ import annotations

import csv
from datetime import timedelta

import pypdfium2
import pytest

from commandcenter.auth import sign_in
from commandcenter.errors import ValidationError
from commandcenter.messages import render
from commandcenter.scenario import Scenario
from commandcenter.scoring import write_csv, write_pdf
from commandcenter.training import TrainingSession, sandbox_url_for
from commandcenter.training_roster import ROSTER_KEY, load_roster, parse_roster
from db.backend import backend
from tests.replay.test_training import SESSION_START, _scripted_session
from tests.world import FakeClock, build_world

ROSTER = ("taker", "disp", "disp2", "sup2")   # leader acts without being expected


def rostered(tmp_path):
    session, never_accepted = _scripted_session(tmp_path)
    assert session.set_roster(ROSTER) == ROSTER
    sign_in(session.store.accounts, "disp2", session.trainee_password, now=session.started_at)   # signs in only
    return session, session.finish()


def test_every_expected_trainee_is_listed_an_absent_one_with_zero(tmp_path):
    session, report = rostered(tmp_path)
    assert load_roster(session.store) == ROSTER and session.store.meta(ROSTER_KEY)
    assert report.roster == ROSTER
    rows = {r["trainee"]: r for r in report.rows()}
    assert set(rows) == {"taker", "leader", "disp", "disp2", "sup2"}
    assert (rows["sup2"]["attendance"], rows["sup2"]["attendance_name"], rows["sup2"]["signed_in"],
            rows["sup2"]["score"], rows["sup2"]["expected"]) == ("absent", "未参加", 0, 0.0, 1)
    assert (rows["disp2"]["attendance"], rows["disp2"]["signed_in"], rows["disp2"]["score"]) == ("absent", 1, 0.0)
    assert (rows["taker"]["attendance"], rows["taker"]["score"]) == ("present", 45.0)   # as hand-computed
    assert (rows["leader"]["attendance"], rows["leader"]["expected"], rows["leader"]["score"]) == (
        "unexpected", 0, 100.0)


def test_without_a_roster_nobody_is_marked(tmp_path):
    session, _ = _scripted_session(tmp_path)
    report = session.finish()
    assert report.roster == () and {r["attendance"] for r in report.rows()} == {""}


def test_the_csv_lists_the_roster_and_each_trainees_attendance(tmp_path):
    _session, report = rostered(tmp_path)
    write_csv(report, tmp_path / "r.csv")
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    roster_line = next(r for r in rows if r and r[0] == "expected trainees 应到学员")
    assert roster_line[1].startswith("taker, disp, disp2, sup2 (4;") and "未参加 absent: 2" in roster_line[1]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "trainee")
    table = {r[0]: dict(zip(rows[header], r)) for r in rows[header + 1:header + 6]}
    assert set(table) == {"taker", "leader", "disp", "disp2", "sup2"}
    assert (table["sup2"]["attendance_name"], table["sup2"]["score"], table["sup2"]["signed_in"]) == (
        "未参加", "0.0", "0")
    assert table["leader"]["attendance_name"] == "名单外"


def test_the_pdf_marks_the_absent_trainees(tmp_path):
    _session, report = rostered(tmp_path)
    assert write_pdf(report, tmp_path / "r.pdf")
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(str(tmp_path / "r.pdf")))
    flat = text.replace("\r", "").replace("\n", "")
    assert "应到学员" in flat and "sup2" in flat and "出勤" in flat
    assert "未参加（未登录）" in flat and "未参加（已登录未操作）" in flat and "名单外" in flat


def test_an_unknown_or_trainer_name_is_refused_and_the_roster_kept(tmp_path):
    session, _ = _scripted_session(tmp_path)
    session.set_roster(("taker",))
    for bad in ("nobody", "coach"):    # coach is the trainer, not a trainee
        with pytest.raises(ValidationError) as caught:
            session.set_roster(("disp", bad))
        assert bad in render(caught.value, "en") and bad in render(caught.value, "zh")
        assert "不是在岗的学员账号" in render(caught.value, "zh") and "taker" in render(caught.value, "zh")
    assert session.roster == ("taker",)
    users = session.store.users()
    assert parse_roster("taker, disp2,taker", users) == ("taker", "disp2") and parse_roster("", users) == ()


def test_a_session_started_with_an_unknown_trainee_makes_no_sandbox(tmp_path):
    production_url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    runtime = build_world(production_url)
    sandbox_url = sandbox_url_for(production_url, SESSION_START)
    scenario = Scenario(SESSION_START, SESSION_START + timedelta(hours=1))
    with pytest.raises(ValidationError, match="ghost"):
        TrainingSession.start(runtime.store, backend, scenario, sandbox_url=sandbox_url,
                              production_url=production_url, roster=("taker", "ghost"), clock=FakeClock(SESSION_START))
    assert not (tmp_path / sandbox_url.rsplit("/", 1)[1]).exists()
    session = TrainingSession.start(runtime.store, backend, scenario, sandbox_url=sandbox_url,
                                    production_url=production_url, roster=("taker", "sup2"),
                                    clock=FakeClock(SESSION_START))
    assert session.roster == ("taker", "sup2")
    assert {t.trainee: t.attendance for t in session.finish().trainees} == {"taker": "absent", "sup2": "absent"}
