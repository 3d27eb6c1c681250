"""Scenario files: export → import gives the same replay, and a bad line is named."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from commandcenter.catalog import load_catalog
from commandcenter.clock import local
from commandcenter.errors import InputFileError
from commandcenter.replay import Replay
from commandcenter.scenario import Injection, export_period, from_store, load, write
from commandcenter.situation import SituationPicture
from main import main

HEADER = {"kind": "header", "format": "commandcenter-scenario", "version": 1, "district": "990101",
          "start": "2026-11-24T09:00:00+08:00", "end": "2026-11-24T18:00:00+08:00", "description": "演练"}
REPORT = {"kind": "event", "seq": 1, "case_id": 1, "type": "report", "actor": "sup", "role": "supervisor",
          "at": "2026-11-24T09:05:00+08:00",
          "payload": {"number": "20261124000001", "source": "supervisor", "kind": "event", "class_code": "E0102",
                      "tier": "general", "description": "暴露垃圾", "lon": 116.8006, "lat": 39.5995,
                      "grid_code": "990101001001001", "community_code": "990101001001",
                      "street_code": "990101001", "stage_deadline": "2026-11-24T02:05:00+00:00"}}
ACCEPT = {"kind": "event", "seq": 2, "case_id": 1, "type": "accept", "actor": "taker", "role": "call_taker",
          "at": "2026-11-24T09:20:00+08:00",
          "payload": {"late": False, "stage_deadline": "2026-11-24T05:20:00+00:00"}}
INJECT = {"kind": "inject", "at": "2026-11-24T10:00:00+08:00", "class_code": "E0503", "lon": 116.8012,
          "lat": 39.5991, "description": "道路积水", "tier": "urgent", "expected_department": "swj"}


def _write(tmp_path, *records) -> str:
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records)
                    + "\n", encoding="utf-8")
    return str(path)


def test_export_then_import_gives_the_same_replay(history, tmp_path):
    start = history.start + timedelta(hours=8)
    end = history.start + timedelta(hours=30)
    exported = export_period(history.runtime.store, start, end, tmp_path / "day.jsonl", district_code="990101",
                             description="一天的回放")
    loaded = load(tmp_path / "day.jsonl", load_catalog())
    assert loaded == exported
    direct = Replay(exported, SituationPicture())
    again = Replay(loaded, SituationPicture())
    for hours in (0, 3.5, 11, 22):
        t = start + timedelta(hours=hours)
        direct.jump(t)
        again.jump(t)
        assert direct.picture.cases == again.picture.cases and direct.picture.cases


def test_period_holds_the_cases_open_at_its_start(history):
    start = history.start + timedelta(hours=20)
    period = from_store(history.runtime.store, start, start + timedelta(hours=2))
    at_start = Replay(period, SituationPicture()).state_at(start)
    full = Replay(history.scenario(), SituationPicture()).state_at(start)
    open_in_full = {i for i, c in full.items() if c.is_open}
    assert open_in_full and open_in_full <= set(at_start)
    assert all(at_start[i] == full[i] for i in at_start)


def test_injections_round_trip(tmp_path):
    path = _write(tmp_path, HEADER, REPORT, ACCEPT, INJECT)
    scenario = load(path, load_catalog())
    assert scenario.injections == (Injection(scenario.start + timedelta(hours=1), "E0503", 116.8012, 39.5991,
                                             "道路积水", "urgent", "swj", "hotline"),)
    write(scenario, tmp_path / "again.jsonl")
    assert load(tmp_path / "again.jsonl") == scenario
    assert local(scenario.end).hour == 18 and len(scenario.events) == 2


def test_missing_seq_is_taken_from_the_line_order(tmp_path):
    report, accept = dict(REPORT), dict(ACCEPT)
    del report["seq"], accept["seq"]
    scenario = load(_write(tmp_path, HEADER, report, accept))
    assert [e.seq for e in scenario.events] == [1, 2]


@pytest.mark.parametrize("lines, line, words", [
    ([{"kind": "event"}], 1, "first line must be the header"),
    ([dict(HEADER, format="other")], 1, "format is 'other'"),
    ([dict(HEADER, version=7)], 1, "version 7 is not supported"),
    ([dict(HEADER, start="2026-11-24 09:00")], 1, "has no UTC offset"),
    ([HEADER, "{not json"], 2, "not JSON"),
    ([HEADER, REPORT, dict(ACCEPT, seq=1)], 3, "seq 1 must be a whole number above"),
    ([HEADER, REPORT, dict(ACCEPT, type="teleport")], 3, "type 'teleport' is not an event type"),
    ([HEADER, ACCEPT], 2, "accept event of case 1: event 'accept' before the case 1 was reported"),
    ([HEADER, REPORT, dict(REPORT, seq=2)], 3, "reported twice"),
    ([HEADER, dict(REPORT, payload={"number": "x"})], 2, "missing payload field"),
    ([HEADER, REPORT, dict(ACCEPT, at="2026-11-25T09:20:00+08:00")], 3, "after the scenario end"),
    ([HEADER, dict(INJECT, class_code="9999")], 2, "class_code '9999' is not in the class catalog"),
    ([HEADER, dict(INJECT, lat=95)], 2, "lat 95 must be a number between -90 and 90"),
    ([HEADER, dict(INJECT, at="2026-11-24T08:00:00+08:00")], 2, "before the scenario start"),
    ([HEADER, dict(INJECT, expected_department="nobody")], 2, "expected_department 'nobody'"),
    ([HEADER, dict(INJECT, tier="extreme")], 2, "tier 'extreme'"),
    ([HEADER, "", dict(INJECT, kind="wish")], 3, "unknown kind 'wish'"),
])
def test_a_bad_line_is_named(tmp_path, lines, line, words):
    path = _write(tmp_path, *lines)
    with pytest.raises(InputFileError) as err:
        load(path, load_catalog())
    assert err.value.where == f"line {line}"
    assert words in err.value.problem
    assert str(err.value).startswith(f"{path}: line {line}: ")


def test_empty_and_missing_files_are_named(tmp_path):
    with pytest.raises(InputFileError, match="no header"):
        load(_write(tmp_path, ""))
    with pytest.raises(InputFileError, match="file not found"):
        load(tmp_path / "nothing.jsonl")


def test_scenario_export_and_check_commands(history, tmp_path, capsys):
    out = tmp_path / "export.jsonl"
    start = local(history.start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    end = local(history.start + timedelta(hours=14)).strftime("%Y-%m-%dT%H:%M")
    assert main(["scenario", "export", "--db", history.url, "--from", start, "--to", end, "--out", str(out)]) == 0
    written = capsys.readouterr().out
    assert "events of" in written and out.exists()
    assert main(["scenario", "check", "--db", history.url, str(out)]) == 0
    summary = capsys.readouterr().out
    assert "district 990101" in summary and "0 injections" in summary


def test_scenario_check_reports_the_bad_line(tmp_path, capsys):
    path = _write(tmp_path, HEADER, REPORT, dict(ACCEPT, type="teleport"))
    assert main(["scenario", "check", path]) == 2
    assert f"{path}: line 3: type 'teleport'" in capsys.readouterr().err


def test_replay_command_shows_the_queues_at_a_moment(history, capsys):
    at = local(history.start + timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M")
    assert main(["replay", "--db", history.url, "--from", local(history.start).strftime("%Y-%m-%dT%H:%M"),
                 "--at", at]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"situation at {at.replace('T', ' ')}:00")
    assert "dispatch" in out and "overdue" in out


def test_exports_mask_reporters_unless_asked_to_keep_them(sqlite_url, tmp_path):
    from tests.world import FakeClock, build_world, cell_point

    clock = FakeClock()
    runtime = build_world(sqlite_url, clock=clock)
    start = clock.now
    lon, lat = cell_point(4)
    case = runtime.service.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat,
                                  description="垃圾", reporter_name="张三丰", reporter_phone="13812345678")
    end = clock.now + timedelta(minutes=1)
    masked_path, kept_path = tmp_path / "masked.jsonl", tmp_path / "kept.jsonl"
    export_period(runtime.store, start, end, masked_path)
    export_period(runtime.store, start, end, kept_path, keep_personal_data=True)
    masked_text = masked_path.read_text(encoding="utf-8")
    assert "13812345678" not in masked_text and "张三丰" not in masked_text
    replayed = Replay(load(masked_path), SituationPicture()).state_at(end)[case.id]
    assert (replayed.reporter_name, replayed.reporter_phone) == ("张**", "*******5678")
    assert "13812345678" in kept_path.read_text(encoding="utf-8")
    assert Replay(load(kept_path), SituationPicture()).state_at(end)[case.id] == runtime.store.case(case.id)


def test_the_documented_example_loads(tmp_path):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "scenario.md").read_text(encoding="utf-8")
    example = doc.split("## Example of full events", 1)[1].split("```jsonl\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.jsonl"
    path.write_text(example, encoding="utf-8")
    scenario = load(path, load_catalog())
    assert len(scenario.events) == 2 and len(scenario.injections) == 1
    assert scenario.injections[0].expected_department == "swj"
    assert Replay(scenario, SituationPicture()).state_at(scenario.start)[1].status.value == "registering"
