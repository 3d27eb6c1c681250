"""Short-form scenario cases: class, place, time and steps written by hand; codes, numbers,
actors and deadlines derived on load through the workflow. The documented example
(docs/examples/morning_drill.jsonl) loads and replays on the demo district."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from commandcenter.catalog import load_catalog
from commandcenter.clock import local
from commandcenter.demo import demo_world
from commandcenter.errors import InputFileError
from commandcenter.geography.locator import GridLocator
from commandcenter.replay import Replay
from commandcenter.scenario import load, load_located
from commandcenter.scenario_authoring import World
from commandcenter.scenario_check import check_scenario
from commandcenter.situation import SituationPicture
from commandcenter.worktime import WorkCalendar

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "morning_drill.jsonl"


@pytest.fixture(scope="module")
def demo() -> World:
    world = demo_world(0)
    locator = GridLocator(world.district_map)

    def locate(lon, lat):
        code = locator.locate(lon, lat)
        if code is None:
            return None
        grid = world.district_map.grid(code)
        return grid.code, grid.community_code, grid.street_code

    return World(world.district_map, locate, tuple(world.users), load_catalog(), WorkCalendar(),
                 frozenset(d.code for d in world.departments))


def test_the_documented_example_loads_and_replays(demo):
    scenario = load(EXAMPLE, world=demo)
    district = demo.district_map
    cases = Replay(scenario, SituationPicture()).state_at(scenario.start)
    rubbish, vendor = cases[1], cases[2]
    community = next(c for c in district.communities if c.name == "吉祥桥社区")
    assert rubbish.community_code == community.code and rubbish.grid_code.startswith(community.code)
    assert rubbish.number == "20261125000001" and rubbish.class_code == "E0102"
    assert rubbish.status.value == "dispatching"                 # accepted 08:40, registered 08:55
    assert vendor.status.value == "registering" and vendor.grid_code == "990101006014029"
    assert vendor.reported_by == "ct02" and vendor.updated_by == "ct02"
    # every deadline is the catalog's limit on the working calendar, counted from the step
    report = scenario.events[0]
    assert report.payload["stage_deadline"] == demo.calendar.add(
        report.at, demo.catalog.limit("E0102", "general", "intake")).isoformat()
    at_end = Replay(scenario, SituationPicture()).state_at(scenario.end)
    flood = at_end[3]
    assert flood.tier.value == "urgent" and flood.grid_code == "990101001005003"
    assert at_end[2].department_code == "cgzf" and at_end[2].status.value == "handling"
    assert [local(e.at).strftime("%H:%M") for e in scenario.events] == [
        "08:30", "08:40", "08:50", "08:55", "08:55", "09:20", "09:30", "09:40"]
    assert [e.seq for e in scenario.events] == list(range(1, 9))
    assert len(scenario.injections) == 1


def test_the_documentation_shows_the_exact_example_file():
    doc = (EXAMPLE.parents[1] / "scenario.md").read_text(encoding="utf-8")
    shown = doc.split("## Writing a scenario by hand", 1)[1].split("```jsonl\n", 1)[1].split("```", 1)[0]
    assert shown == EXAMPLE.read_text(encoding="utf-8")


def test_the_example_passes_the_check(demo):
    located = load_located(EXAMPLE, world=demo)
    assert check_scenario(located, district_map=demo.district_map, locate=demo.locate, users=demo.users,
                          catalog=demo.catalog, calendar=demo.calendar, departments=demo.departments) == []
    assert located.event_lines[:2] == (2, 2)


def _short(tmp_path, case: dict) -> Path:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()[:1] + [json.dumps(case, ensure_ascii=False)]
    path = tmp_path / "short.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CASE = {"kind": "case", "at": "2026-11-25T09:10:00+08:00", "class": "E0102", "place": {"grid": "990101001005003"},
        "description": "垃圾"}


@pytest.mark.parametrize("change, words", [
    ({"class": "不存在的类"}, "class '不存在的类' is not a class code or name"),
    ({"place": {"community": "无名社区"}}, "community '无名社区' is not a community of district 990101"),
    ({"place": {"grid": "123"}}, "grid '123' is not a unit grid"),
    ({"place": {"lon": 116.5, "lat": 39.9}}, "outside the district's unit grids"),
    ({"steps": [{"step": "register", "after": "5m"}]}, "step 1 (register)"),
    ({"steps": [{"step": "accept", "after": "5m", "by": "ghost"}]}, "by 'ghost' is not an active member of staff"),
    ({"steps": [{"step": "accept"}]}, 'give "after"'),
    ({"steps": [{"step": "accept", "after": "5h"}]}, "after the scenario end"),
])
def test_a_bad_short_case_is_named_at_its_line(demo, tmp_path, change, words):
    with pytest.raises(InputFileError) as err:
        load(_short(tmp_path, dict(CASE, **change)), world=demo)
    assert err.value.where == "line 2" and words in err.value.problem


def test_a_short_case_without_a_database_says_what_it_needs(tmp_path):
    with pytest.raises(InputFileError, match="needs the district and staff"):
        load(_short(tmp_path, CASE))


def test_dispatch_defaults_to_the_class_department(demo, tmp_path):
    case = dict(CASE, steps=[{"step": "accept", "after": "1m"}, {"step": "register", "after": "1m"},
                             {"step": "dispatch", "after": "1m"}])
    scenario = load(_short(tmp_path, case), world=demo)
    assert scenario.events[-1].payload["department"] == "szsr"
    assert scenario.events[-1].at - scenario.events[0].at == timedelta(minutes=3)
    assert isinstance(scenario.events[0].at, datetime)
