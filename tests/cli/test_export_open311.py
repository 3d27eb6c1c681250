"""``commandcenter export open311``: the cases of a period as Open311 GeoReport v2 ``requests``
(a bare array, as the standard has it), the catalog as ``services``, the period and the
definitions in a sidecar; no personal data leaves the centre."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import jsonschema
import pytest

from commandcenter.catalog import load_catalog
from tests.cli.helpers import run
from tests.world import FakeClock, build_world, cell_point

_TEXT = {"type": ["string", "null"]}
_TIME = {"type": ["string", "null"], "format": "date-time"}
#: GeoReport v2's ``requests`` response (http://wiki.open311.org/GeoReport_v2), as JSON Schema
REQUESTS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object", "additionalProperties": False,
        "required": ["service_request_id", "status", "service_code", "requested_datetime", "lat", "long"],
        "properties": {
            "service_request_id": {"type": "string", "minLength": 1},
            "status": {"enum": ["open", "closed"]},
            "status_notes": _TEXT, "service_name": _TEXT, "service_code": {"type": "string"},
            "description": _TEXT, "agency_responsible": _TEXT, "service_notice": _TEXT,
            "requested_datetime": _TIME, "updated_datetime": _TIME, "expected_datetime": _TIME,
            "address": _TEXT, "address_id": _TEXT, "zipcode": _TEXT,
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180},
            "media_url": _TEXT,
        },
    },
}
SERVICES_SCHEMA = {
    "type": "array", "minItems": 1,
    "items": {
        "type": "object", "additionalProperties": False,
        "required": ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
        "properties": {
            "service_code": {"type": "string"}, "service_name": {"type": "string"}, "description": {"type": "string"},
            "metadata": {"type": "boolean"}, "type": {"enum": ["realtime", "batch", "blackbox"]},
            "keywords": {"type": "string"}, "group": {"type": "string"},
        },
    },
}


@pytest.fixture
def world(tmp_path):
    """Nov 24: a hotline case whose caller wrote their number into the complaint, closed on the
    same day, and a supervisor's case dispatched and being handled; Dec 4: one outside November."""
    url = f"sqlite:///{tmp_path / 'open311.sqlite'}"
    clock = FakeClock(datetime(2026, 11, 24, 1, 30, tzinfo=timezone.utc))
    rt = build_world(url, clock=clock)
    s = rt.service
    lon, lat = cell_point(5)
    hotline = s.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat,
                       description="楼下垃圾没人清，请回电13812345678", reporter_name="王小明",
                       reporter_phone="13912345678")
    handling = s.report("sup", source="supervisor", class_code="E0104", lon=lon, lat=lat, description="道路不洁")
    for case in (hotline, handling):
        s.act("taker", case.id, "accept")
        s.act("leader", case.id, "register")
        s.act("disp", case.id, "dispatch", department="szsr")
    clock.advance(minutes=40)
    s.act("sz", hotline.id, "report_done", note="已清运")
    s.act("sup", hotline.id, "check", passed=True)
    s.act("leader", hotline.id, "close")
    clock.advance(days=10)
    s.report("sup", source="supervisor", class_code="E0104", lon=lon, lat=lat, description="十二月的案件")
    return url


def _export(capsys, url, tmp_path, *extra):
    return run(capsys, "export", "open311", "--from", "2026-11-01", "--to", "2026-11-30", "--db", url,
               "--out", tmp_path / "requests.json", *extra)


def test_requests_and_services_follow_georeport_v2(world, capsys, tmp_path):
    code, printed, err = _export(capsys, world, tmp_path, "--services", tmp_path / "services.json")
    assert code == 0, err
    assert "2 requests" in printed and "no personal data" in printed
    requests = json.loads((tmp_path / "requests.json").read_text(encoding="utf-8"))
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    jsonschema.validate(requests, REQUESTS_SCHEMA, format_checker=checker)
    jsonschema.validate(services, SERVICES_SCHEMA, format_checker=checker)
    assert all(set(r) == set(REQUESTS_SCHEMA["items"]["properties"]) for r in requests)   # every field, always
    closed, handling = requests
    assert (closed["status"], closed["status_notes"]) == ("closed", "已结案")
    assert (handling["status"], handling["status_notes"]) == ("open", "处置中")
    assert closed["service_name"] == "暴露垃圾" and closed["agency_responsible"] == "市政市容委"
    assert closed["address"] == "测试区测试1街道测试1-2社区" and closed["address_id"].startswith("990101001002")
    assert closed["lat"] == pytest.approx(cell_point(5)[1]) and closed["long"] == pytest.approx(cell_point(5)[0])
    requested = datetime.fromisoformat(closed["requested_datetime"])
    assert requested.utcoffset() == timedelta(hours=8) and requested == datetime(2026, 11, 24, 1, 30,
                                                                                 tzinfo=timezone.utc)
    assert datetime.fromisoformat(closed["updated_datetime"]) > requested
    assert handling["expected_datetime"] is not None            # the handling deadline of a case being handled
    assert {s["service_code"] for s in services} == {c.code for c in load_catalog().small_classes()}
    assert {r["service_code"] for r in requests} <= {s["service_code"] for s in services}
    about = json.loads((tmp_path / "requests.about.json").read_text(encoding="utf-8"))
    assert about["period"]["from"] == "2026-11-01" and about["period"]["to"] == "2026-11-30"
    assert about["requests"] == 2 and about["services_file"] == "services.json"
    assert "status" in about["definitions"] and "personal data" in about["definitions"]


def test_no_personal_data_leaves_the_centre(world, capsys, tmp_path):
    assert _export(capsys, world, tmp_path)[0] == 0
    text = (tmp_path / "requests.json").read_text(encoding="utf-8")
    assert "王小明" not in text and "13912345678" not in text and "13812345678" not in text
    assert "请回电*******5678" in text   # at most the last four digits, as everywhere
    assert not (tmp_path / "services.json").exists()


@pytest.mark.parametrize("argv, named", [
    (("--from", "2026-11-31"), "--from"),
    (("--to", "2026-10-01"), "--to"),
    (("--out", "requests.csv"), "--out"),
])
def test_bad_options_are_named_and_write_nothing(world, capsys, tmp_path, argv, named):
    base = {"--from": "2026-11-01", "--to": "2026-11-30", "--out": "requests.json"}
    base.update(dict(zip(argv[::2], argv[1::2])))
    base["--out"] = tmp_path / base["--out"]
    code, _, err = run(capsys, "export", "open311", "--db", world, *[x for kv in base.items() for x in kv])
    assert code == 2 and named in err
    assert list(tmp_path.glob("requests*")) == []
