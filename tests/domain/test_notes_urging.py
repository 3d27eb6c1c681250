"""Notes, canned phrases, urging and the escalation ladder through the real services on a real
SQLite file: who may do what, what the log and the case keep, idempotent reminders, counting."""
from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.case import Status
from commandcenter.auth import AdminRequired
from commandcenter.errors import IllegalTransition, PermissionDenied, ValidationError
from commandcenter.kpi import compute, total
from commandcenter.phrases import MAX_PHRASES, PhraseBook
from commandcenter.urging import Escalation, load_ladder
from commandcenter.verify import verify_chain, verify_history
from commandcenter.workflow import fold
from db.kpi_sql import compute_in_db
from tests.world import FakeClock, build_world, cell_point


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def rt(sqlite_url, clock):
    return build_world(sqlite_url, clock=clock)


def report(rt, cls="E0102", **kw):
    lon, lat = cell_point(0)
    return rt.service.report("sup", source="supervisor", class_code=cls, lon=lon, lat=lat,
                             description="路边暴露垃圾", **kw)


def to_handling(rt, case, dept="szsr"):
    s = rt.service
    case = s.act("taker", case.id, "accept")
    case = s.act("leader", case.id, "register")
    return s.act("disp", case.id, "dispatch", department=dept)


# Notes ------------------------------------------------------------------------------------------
def test_a_note_is_an_event_that_changes_no_stage(rt):
    case = report(rt)
    noted = rt.service.act("taker", case.id, "note", note="反映人称下午还会再打来")
    assert noted.status is Status.REPORTED and noted.stage_deadline == case.stage_deadline
    assert noted.version == case.version + 1
    events = rt.store.events_of_case(case.id)
    assert [e.type for e in events] == ["report", "note"]
    assert events[-1].payload == {"note": "反映人称下午还会再打来"} and events[-1].actor == "taker"
    assert fold(events) == rt.store.case(case.id) == noted
    assert verify_chain(rt.store).ok and verify_history(rt.store).ok


def test_notes_on_closed_cases_and_who_may_write_them(rt):
    case = to_handling(rt, report(rt))
    with pytest.raises(PermissionDenied):
        rt.service.act("boss", case.id, "note", note="领导批示")       # leaders take no case steps
    with pytest.raises(PermissionDenied):
        rt.service.act("sz", case.id, "note", note="处置中")           # departments answer urges instead
    case = rt.service.act("leader", case.id, "cancel", reason="重复上报")
    assert rt.service.act("disp", case.id, "note", note="已告知反映人").status is Status.CANCELLED


def test_an_empty_or_too_long_note_is_refused_and_nothing_written(rt):
    case = report(rt)
    with pytest.raises(ValidationError) as empty:
        rt.service.act("taker", case.id, "note", note="   ")
    assert empty.value.field == "note"
    with pytest.raises(ValidationError) as long:
        rt.service.act("taker", case.id, "note", note="字" * 2001)
    assert long.value.reason == "too_long"
    assert [e.type for e in rt.store.events_of_case(case.id)] == ["report"]


# Canned phrases ---------------------------------------------------------------------------------
def test_centre_phrases_by_an_administrator_own_phrases_by_anyone(rt):

    rt.backend.add_users_bulk(rt.store, [dict(name="root", display_name="root", role="admin",
                                              department_code=None, password_hash="x")])
    book = PhraseBook(rt.store)
    with pytest.raises(AdminRequired):
        book.set_centre("disp", ["请尽快处置"])
    assert book.set_centre("root", [" 请尽快处置 ", "", "已电话联系责任单位", "请尽快处置"]) == (
        "请尽快处置", "已电话联系责任单位")
    book.set_own("disp", ["已电话联系责任单位", "现场确认无误"])
    assert book.for_user("disp").all == ("已电话联系责任单位", "现场确认无误", "请尽快处置")
    assert book.for_user("taker").all == ("请尽快处置", "已电话联系责任单位")
    with pytest.raises(ValidationError) as many:
        book.set_own("disp", [f"短语{i}" for i in range(MAX_PHRASES + 1)])
    assert many.value.reason == "too_many_phrases"
    assert book.for_user("disp").own == ("已电话联系责任单位", "现场确认无误")   # unchanged
    with pytest.raises(ValidationError):
        book.set_own("nobody", ["x"])


# Urging -----------------------------------------------------------------------------------------
def test_dispatchers_and_shift_leaders_urge_departments_reply(rt):
    case = to_handling(rt, report(rt))
    for who in ("taker", "sup", "sz", "boss", "cg"):
        with pytest.raises(PermissionDenied):
            rt.service.act(who, case.id, "urge", message="请尽快处置")
    with pytest.raises(IllegalTransition):
        rt.service.act("sz", case.id, "urge_reply", reply="已到场")          # nobody urged yet
    urged = rt.service.act("disp", case.id, "urge", message="请尽快处置")
    assert urged.urge_count == 1 and urged.escalation_level == 0 and urged.status is Status.HANDLING
    assert urged.stage_deadline == case.stage_deadline
    event = rt.store.events_of_case(case.id)[-1]
    assert event.payload == {"message": "请尽快处置", "department": "szsr", "level": 0}
    supervised = rt.service.act("leader", case.id, "urge", message="督办：今日必须完成")
    assert supervised.urge_count == 2 and supervised.escalation_level == 1
    with pytest.raises(PermissionDenied):
        rt.service.act("cg", case.id, "urge_reply", reply="不是我们的")     # not its department
    replied = rt.service.act("sz", case.id, "urge_reply", reply="已派人到场")
    assert replied.urge_count == 2 and replied.status is Status.HANDLING
    assert fold(rt.store.events_of_case(case.id)) == rt.store.case(case.id)
    assert verify_history(rt.store).ok


def test_only_a_case_at_a_department_can_be_urged(rt):
    case = report(rt)
    with pytest.raises(IllegalTransition):
        rt.service.act("disp", case.id, "urge", message="快")


def _handle_deadline(rt, case):
    return rt.store.case(case.id).stage_deadline


def test_the_ladder_reminds_at_risk_then_overdue_then_escalates_once_each(rt, clock):
    escalation = Escalation(rt.store, rt.catalog, rt.calendar, clock=clock)
    case = to_handling(rt, report(rt))               # E0102: a general case, handle limit on working time
    assert escalation.tick() == []
    deadline = case.stage_deadline
    clock.now = deadline - timedelta(minutes=1)     # less than a fifth of the limit left: at risk
    first = escalation.tick()
    assert [(e.type, e.payload["level"], e.payload["state"]) for e in first] == [("remind", 0, "at_risk")]
    assert escalation.tick() == []                  # idempotent: one reminder per case, stage and rung
    clock.now = deadline + timedelta(minutes=1)
    assert [(e.payload["level"], e.payload["state"]) for e in escalation.tick()] == [(0, "overdue")]
    clock.now = rt.calendar.add(deadline, load_ladder().for_tier(case.tier)[2].after) + timedelta(minutes=1)
    assert [e.payload["level"] for e in escalation.tick()] == [1]
    assert escalation.tick() == []
    stored = rt.store.case(case.id)
    assert stored.urge_count == 2 and stored.escalation_level == 1
    # a second desk ticking the same moment sends nothing more
    assert Escalation(rt.store, rt.catalog, rt.calendar, clock=clock).tick() == []
    assert fold(rt.store.events_of_case(case.id)) == stored and verify_history(rt.store).ok


def test_a_long_run_of_reminders_is_stamped_as_written_so_the_log_never_goes_back_in_time(rt, clock):
    """A desk's reminder run over thousands of cases takes a while; meanwhile an operator's event
    is written at its own moment. Each reminder carries the moment it was written, never the run's
    start, so times follow the log's order."""
    cases = [to_handling(rt, report(rt)) for _ in range(3)]
    ticking = FakeClock()
    ticking.now = max(c.stage_deadline for c in cases) + timedelta(minutes=1)
    began = ticking.now

    def clock_that_moves():
        ticking.now += timedelta(seconds=20)          # each write comes a little later
        return ticking.now

    written = Escalation(rt.store, rt.catalog, rt.calendar, clock=clock_that_moves).tick()
    assert len(written) == 3
    times = [e.at for e in written]
    assert times == sorted(times) and len(set(times)) == 3 and times[0] > began
    seqs = [e for e in rt.store.events_after(0) if e.type == "remind"]
    assert [e.at for e in sorted(seqs, key=lambda e: e.seq)] == times


def test_a_reworked_stage_is_reminded_again(rt, clock):
    escalation = Escalation(rt.store, rt.catalog, rt.calendar, clock=clock)
    case = to_handling(rt, report(rt))
    clock.now = case.stage_deadline - timedelta(minutes=1)
    assert len(escalation.tick()) == 1
    case = rt.service.act("sz", case.id, "report_done")
    case = rt.service.act("sup", case.id, "check", passed=False)        # rework: a new handle stage
    clock.now = case.stage_deadline - timedelta(minutes=1)
    assert len(escalation.tick()) == 1


@pytest.fixture
def rt_any(db_url, clock):
    return build_world(db_url, clock=clock)


def test_urges_and_supervised_cases_counted_by_department_in_python_and_sql(rt_any, clock):
    rt = rt_any
    start = clock.now - timedelta(hours=1)
    a = to_handling(rt, report(rt), dept="szsr")
    b = to_handling(rt, report(rt), dept="cgzf")
    rt.service.act("disp", a.id, "urge", message="请尽快处置")
    rt.service.act("disp", a.id, "urge", message="再次催办")
    rt.service.act("leader", b.id, "urge", message="督办")
    clock.advance(minutes=5)
    end = clock.now + timedelta(minutes=1)
    in_python = compute(rt.store.load_cases(), start, end, by="department", now=clock.now)
    in_sql = compute_in_db(rt.store, start, end, by="department", now=clock.now)
    assert in_python == in_sql
    assert (in_python["szsr"].urges, in_python["szsr"].supervised) == (2, 0)
    assert (in_python["cgzf"].urges, in_python["cgzf"].supervised) == (1, 1)
    assert total(in_python).urges == 3
