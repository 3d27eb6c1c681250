"""Notes, urging, reminders and canned phrases as a user types them at the command line."""
from __future__ import annotations

import json

from tests.cli.test_core_commands import run, world_url  # noqa: F401 - the shared fixture
from tests.world import cell_point


def _handling_case(capsys, url) -> str:
    lon, lat = cell_point(1)
    code, out, err = run(capsys, "case", "report", "--db", url, "--as", "sup", "--password-env", "CC_PW",
                         "--class", "E0102", "--lon", str(lon), "--lat", str(lat), "--description", "暴露垃圾")
    assert code == 0, err
    number = json.loads(out)["number"]
    for step, who, extra in (("accept", "taker", []), ("register", "leader", []),
                             ("dispatch", "disp", ["--set", "department=szsr"])):
        code, _, err = run(capsys, "case", "act", number, step, "--as", who, "--password-env", "CC_PW",
                           "--db", url, *extra)
        assert code == 0, err
    return number


def test_note_and_urge_show_in_the_history(capsys, world_url):  # noqa: F811
    number = _handling_case(capsys, world_url)
    code, out, err = run(capsys, "case", "note", number, "已电话联系反映人", "--as", "taker",
                         "--password-env", "CC_PW", "--db", world_url)
    assert code == 0, err
    code, out, err = run(capsys, "case", "act", number, "note", "--set", "note=第二条备注", "--as", "disp",
                         "--password-env", "CC_PW", "--db", world_url)
    assert code == 0, err
    code, out, err = run(capsys, "case", "urge", number, "请尽快处置", "--as", "disp",
                         "--password-env", "CC_PW", "--db", world_url)
    assert code == 0 and json.loads(out)["urge_count"] == 1, err
    code, out, err = run(capsys, "case", "urge", number, "请尽快处置", "--as", "taker",
                         "--password-env", "CC_PW", "--db", world_url)
    assert code != 0 and ("催办" in err or "urge" in err.lower())
    code, out, _ = run(capsys, "case", "show", number, "--db", world_url)
    assert "已电话联系反映人" in out and "第二条备注" in out and "请尽快处置" in out
    code, out, _ = run(capsys, "case", "remind", "--db", world_url)
    assert code == 0 and out.strip().endswith("reminders sent")
    code, out, _ = run(capsys, "replay", "--verify", "--db", world_url)
    assert code == 0 and "cases verified" in out


def test_phrases_own_and_centre(capsys, world_url):  # noqa: F811
    code, out, err = run(capsys, "phrases", "--centre", "--set", "请尽快处置", "--as", "disp",
                         "--password-env", "CC_PW", "--db", world_url)
    assert code != 0 and err
    code, out, err = run(capsys, "phrases", "--centre", "--set", "请尽快处置", "--set", "已转交",
                         "--as", "root", "--password-env", "CC_ADMIN_PW", "--db", world_url)
    assert code == 0, err
    code, out, err = run(capsys, "phrases", "--set", "我的惯用语", "--as", "disp", "--password-env", "CC_PW",
                         "--db", world_url)
    assert code == 0 and out.splitlines() == ["我的惯用语", "请尽快处置", "已转交"]
