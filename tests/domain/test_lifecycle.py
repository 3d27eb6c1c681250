"""The closed loop through the real services on a real SQLite file: every path of domain.md."""
from __future__ import annotations

from datetime import timedelta

import pytest

from commandcenter.case import PendingRequest, Status
from commandcenter.errors import ConflictError, IllegalTransition, PermissionDenied, ValidationError
from commandcenter.workflow import available_actions, fold
from tests.world import FakeClock, build_world, cell_point


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def rt(sqlite_url, clock):
    return build_world(sqlite_url, clock=clock)


def report(rt, who="sup", cls="E0102", cell=0, **kw):
    lon, lat = cell_point(cell)
    return rt.service.report(who, source=kw.pop("source", "supervisor"), class_code=cls, lon=lon, lat=lat,
                             description=kw.pop("description", "路边暴露垃圾"), **kw)


def to_handling(rt, case, dept="szsr"):
    s = rt.service
    case = s.act("taker", case.id, "accept")
    case = s.act("leader", case.id, "register")
    return s.act("disp", case.id, "dispatch", department=dept)


def stored_state(rt, case_id):
    return rt.store.case(case_id), rt.store.events_of_case(case_id)


def test_happy_path_closes_the_loop(rt, clock):
    case = report(rt)
    assert case.status is Status.REPORTED and case.number.endswith(f"{case.id:06d}")
    assert case.grid_code == rt.district_map.grids[0].code
    case = to_handling(rt, case)
    assert case.status is Status.HANDLING and case.department_code == "szsr"
    clock.advance(minutes=30)
    case = rt.service.act("sz", case.id, "report_done", note="已清运")
    case = rt.service.act("sup", case.id, "check", passed=True)
    case = rt.service.act("leader", case.id, "close")
    assert case.status is Status.CLOSED and case.closed_on_time and case.handled_on_time
    stored, events = stored_state(rt, case.id)
    assert [e.type for e in events] == ["report", "accept", "register", "dispatch", "report_done", "check", "close"]
    assert fold(events) == stored == case
    assert [e.seq for e in events] == sorted(e.seq for e in events)


def test_public_report_is_verified_on_site_or_rejected(rt):
    a = report(rt, who="taker", source="hotline", reporter_name="王小明", reporter_phone="13812345678")
    a = rt.service.act("taker", a.id, "request_verify")
    assert a.status is Status.VERIFYING
    a = rt.service.act("sup", a.id, "verify", confirmed=False, note="现场未发现")
    assert a.status is Status.REJECTED
    b = report(rt, who="taker", source="hotline")
    b = rt.service.act("taker", b.id, "reject", reason="重复举报")
    assert b.status is Status.REJECTED and not b.is_open


def test_rework_return_extension_suspension_cancel(rt, clock):
    case = to_handling(rt, report(rt))
    case = rt.service.act("sz", case.id, "report_done")
    case = rt.service.act("sup", case.id, "check", passed=False, note="仍有垃圾")
    assert case.status is Status.HANDLING and case.rework_count == 1

    case = rt.service.act("sz", case.id, "return_case", reason="不属于本部门")
    assert case.status is Status.DISPATCHING and case.return_count == 1 and case.department_code is None
    with pytest.raises(ValidationError) as refused:   # straight back without a word: refused
        rt.service.act("disp", case.id, "dispatch", department="szsr")
    assert refused.value.field == "reason"
    case = rt.service.act("disp", case.id, "dispatch", department="szsr", reason="属市政设施维护职责")
    assert case.unjustified_returns == 1, "dispatched back to the same department: passing the buck (推诿)"

    before = case.stage_deadline
    case = rt.service.act("sz", case.id, "request_extension", limit="4wh", reason="需协调")
    assert case.pending_request is PendingRequest.EXTENSION
    with pytest.raises(IllegalTransition):
        rt.service.act("sz", case.id, "report_done")
    case = rt.service.act("leader", case.id, "decide_extension", approve=True)
    assert case.extension_count == 1 and case.stage_deadline > before and case.pending_request is None

    case = rt.service.act("sz", case.id, "request_suspension", reason="需市级资金")
    case = rt.service.act("leader", case.id, "decide_suspension", approve=True)
    assert case.status is Status.SUSPENDED and case.stage_deadline is None
    case = rt.service.act("leader", case.id, "resume")
    assert case.status is Status.HANDLING and case.stage_deadline is not None
    case = rt.service.act("disp", case.id, "redispatch", department="cgzf", reason="职责调整")
    assert case.department_code == "cgzf" and case.dispatch_count == 3
    case = rt.service.act("leader", case.id, "cancel", reason="重复案件")
    assert case.status is Status.CANCELLED
    stored, events = stored_state(rt, case.id)
    assert fold(events) == stored


def test_late_stage_is_counted_overdue(rt, clock):
    case = to_handling(rt, report(rt))
    clock.advance(days=3)
    case = rt.service.act("sz", case.id, "report_done")
    assert case.handled_on_time is False and case.overdue_stages == 1
    case = rt.service.act("sup", case.id, "check", passed=True)
    case = rt.service.act("leader", case.id, "close")
    assert not case.closed_on_time


def test_unauthorised_step_is_refused_and_changes_nothing(rt):
    case = report(rt)
    case = rt.service.act("taker", case.id, "accept")
    before = stored_state(rt, case.id)
    with pytest.raises(PermissionDenied) as err:
        rt.service.act("disp", case.id, "register")
    assert "dispatcher" in str(err.value) and "shift_leader" in str(err.value)
    with pytest.raises(IllegalTransition):
        rt.service.act("leader", case.id, "close")
    handling = to_handling(rt, report(rt, cell=3))
    with pytest.raises(PermissionDenied, match="department"):
        rt.service.act("cg", handling.id, "report_done")  # cgzf operator, case is with szsr
    assert stored_state(rt, case.id) == before


def test_stale_version_is_a_conflict_naming_the_winner(rt, clock):
    case = report(rt)
    seen = case.version
    rt.service.act("taker", case.id, "accept")
    with pytest.raises(ConflictError) as err:
        rt.service.act("taker", case.id, "request_verify", expected_version=seen)
    assert err.value.changed_by == "taker" and "taker" in str(err.value)
    assert len(rt.store.events_of_case(case.id)) == 2


@pytest.mark.parametrize("field,kwargs", [
    ("class_code", dict(cls="9999")),
    ("location", dict(cell=None)),
    ("lon", dict(lon="east")),
    ("description", dict(description="  ")),
    ("source", dict(source="rumour")),
    ("tier", dict(tier="vip")),
    ("reporter_phone", dict(reporter_phone="call me")),
])
def test_bad_report_names_the_field_and_writes_nothing(rt, field, kwargs):
    counts_before = rt.backend.counts(rt.store)
    lon, lat = cell_point(0)
    if kwargs.pop("cell", 0) is None:
        lon, lat = 117.5, 40.5
    lon = kwargs.pop("lon", lon)
    with pytest.raises(ValidationError) as err:
        rt.service.report("sup", source=kwargs.pop("source", "supervisor"), class_code=kwargs.pop("cls", "E0102"),
                          lon=lon, lat=lat, description=kwargs.pop("description", "x"), **kwargs)
    assert err.value.field == field
    assert rt.backend.counts(rt.store) == counts_before


def test_unknown_user_and_wrong_role_are_refused(rt):
    with pytest.raises(ValidationError) as err:
        report(rt, who="nobody")
    assert err.value.field == "user"
    with pytest.raises(PermissionDenied):
        report(rt, who="disp")
    assert rt.backend.counts(rt.store)["cases"] == 0


def test_missing_reason_and_unknown_department(rt):
    case = report(rt)
    with pytest.raises(ValidationError) as err:
        rt.service.act("taker", case.id, "reject")
    assert err.value.field == "reason"
    case = rt.service.act("taker", case.id, "accept")
    case = rt.service.act("leader", case.id, "register")
    with pytest.raises(ValidationError) as err:
        rt.service.act("disp", case.id, "dispatch", department="mars")
    assert err.value.field == "department" and err.value.value == "mars"
    assert rt.store.case(case.id) == case


def test_actions_offered_follow_the_workflow(rt):
    case = report(rt)
    users = {u.name: u for u in rt.store.users()}
    assert [t.command for t in available_actions(case, users["taker"])] == [
        "accept", "request_verify", "reject", "note"]
    assert [t.command for t in available_actions(case, users["disp"])] == ["note"]
    assert [t.command for t in available_actions(case, users["leader"])] == ["cancel", "note"]
    case = to_handling(rt, case)
    assert [t.command for t in available_actions(case, users["sz"])] == [
        "return_case", "report_done", "request_extension", "request_suspension"]
    assert available_actions(case, users["cg"]) == []
    assert [t.command for t in available_actions(case, users["boss"])] == []


def test_urgent_classes_run_on_natural_hours(rt, clock):
    clock.now = clock.now.replace(hour=14)  # 22:00 Beijing time: outside office hours
    case = report(rt, cls="E0503" if rt.catalog.small_classes(big="E05") else "E0102")
    assert case.tier.value == "urgent"
    assert case.stage_deadline - case.created_at <= timedelta(hours=1)


def test_service_keeps_working_past_the_official_calendar(sqlite_url):
    from datetime import datetime, timezone

    clock = FakeClock(datetime(2027, 3, 5, 1, 0, tzinfo=timezone.utc))  # a Friday, 09:00 in Beijing
    rt = build_world(sqlite_url, clock=clock)
    case = to_handling(rt, report(rt))
    assert case.stage_deadline > clock.now
    assert "2027" in rt.calendar.calendar_warning(clock.now)
