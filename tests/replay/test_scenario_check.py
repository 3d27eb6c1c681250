"""`scenario check` against the database: places in the district, actors on the staff list,
events in life-cycle and time order, deadlines the catalog and calendar give. Each mistake is
named with its line."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from commandcenter.scenario import export_period, load_located
from commandcenter.scenario_check import check_scenario
from main import main
from tests.world import FakeClock, build_world, cell_point


@pytest.fixture
def recorded(sqlite_url, tmp_path):
    """A real morning (report → accept → register → dispatch, and a second report) exported to a file."""
    clock = FakeClock()
    runtime = build_world(sqlite_url, clock=clock)
    start = clock.now
    s = runtime.service
    case = s.report("sup", source="supervisor", class_code="E0102", lon=cell_point(0)[0], lat=cell_point(0)[1],
                    description="暴露垃圾")
    clock.advance(minutes=12)
    s.act("taker", case.id, "accept")
    clock.advance(minutes=50)
    s.act("leader", case.id, "register")
    clock.advance(minutes=7)
    s.act("disp", case.id, "dispatch", department="szsr")
    clock.advance(minutes=3)
    s.report("sup2", source="supervisor", class_code="E0401", lon=cell_point(9)[0], lat=cell_point(9)[1],
             description="游商")
    path = tmp_path / "morning.jsonl"
    export_period(runtime.store, start, clock.now + timedelta(minutes=30), path, district_code="990101")
    return runtime, path


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def rewrite(path, records) -> None:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")


def problems(runtime, path) -> list[str]:
    return [str(p) for p in check_scenario(
        load_located(path, runtime.catalog), district_map=runtime.district_map, locate=runtime.locate,
        users=runtime.store.users(), catalog=runtime.catalog, calendar=runtime.calendar,
        departments=[d.code for d in runtime.store.departments()])]


def test_a_recorded_period_passes(recorded):
    runtime, path = recorded
    assert problems(runtime, path) == []


def test_a_grid_code_the_district_does_not_have(recorded):
    runtime, path = recorded
    records = lines_of(path)
    records[1]["payload"]["grid_code"] = "123"
    rewrite(path, records)
    assert problems(runtime, path) == ["line 2: grid_code '123' is not a unit grid of district 990101"]


def test_a_report_outside_the_district(recorded):
    runtime, path = recorded
    records = lines_of(path)
    records[1]["payload"].update(lon=116.5, lat=39.9)
    rewrite(path, records)
    assert problems(runtime, path)[0] == "line 2: report at 116.500000,39.900000 is outside the district's unit grids"


def test_an_actor_not_on_the_staff_list(recorded):
    runtime, path = recorded
    records = lines_of(path)
    records[2]["actor"] = "ghost"
    rewrite(path, records)
    assert problems(runtime, path) == ["line 3: actor 'ghost' is not on the staff list"]


def test_an_actor_in_the_wrong_role(recorded):
    runtime, path = recorded
    records = lines_of(path)
    records[3]["actor"] = "taker"     # register by a call-taker
    rewrite(path, records)
    found = problems(runtime, path)
    assert found[0] == "line 4: actor 'taker' is a call_taker, not a shift_leader"


def test_an_accept_dated_before_its_report(recorded):
    runtime, path = recorded
    records = lines_of(path)
    report_at = records[1]["at"]
    from datetime import datetime
    records[2]["at"] = (datetime.fromisoformat(report_at) - timedelta(minutes=5)).isoformat()
    rewrite(path, records)
    found = problems(runtime, path)
    assert found[0].startswith("line 3: accept of case 1 at ") and "before the case's previous event (line 2)" in found[0]


def test_a_step_the_role_may_not_take(recorded):
    runtime, path = recorded
    records = lines_of(path)
    records[4].update(actor="sup", role="supervisor")   # a supervisor dispatching
    rewrite(path, records)
    assert any(p.startswith("line 5: dispatch of case 1: ") and "sup" in p for p in problems(runtime, path))


def test_a_hand_computed_deadline_that_the_calendar_does_not_give(recorded):
    runtime, path = recorded
    records = lines_of(path)
    from datetime import datetime
    deadline = datetime.fromisoformat(records[3]["payload"]["stage_deadline"])
    records[3]["payload"]["stage_deadline"] = (deadline + timedelta(hours=1)).isoformat()
    rewrite(path, records)
    found = problems(runtime, path)
    assert found[0].startswith("line 4: stage_deadline after register is ")
    assert "the catalog's limit on the working calendar gives" in found[0]


def test_an_injection_outside_the_district(recorded):
    runtime, path = recorded
    records = lines_of(path)
    records.append({"kind": "inject", "at": records[1]["at"], "class_code": "E0102", "lon": 116.5, "lat": 39.9,
                    "description": "区外"})
    records.append({"kind": "inject", "at": records[1]["at"], "class_code": "E0102", "lon": cell_point(3)[0],
                    "lat": cell_point(3)[1], "description": "区内"})
    rewrite(path, records)
    assert problems(runtime, path) == [
        f"line {len(records) - 1}: injection at 116.500000,39.900000 is outside the district's unit grids"]


def test_the_command_lists_every_mistake_with_its_line(recorded, sqlite_url, capsys):
    runtime, path = recorded
    records = lines_of(path)
    records[1]["payload"]["grid_code"] = "123"
    records[2]["actor"] = "ghost"
    rewrite(path, records)
    assert main(["scenario", "check", "--db", sqlite_url, str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: line 2: grid_code '123'" in err and f"{path}: line 3: actor 'ghost'" in err
    assert "2 problems" in err
