"""``case duplicate``, ``case merge`` and ``case attach`` from the command line: signed in, the
same checks as the desk, bad input exit 2 with the file or case named and nothing written."""
from __future__ import annotations

import json

import pytest

from commandcenter.case import Status
from db.backend import backend  # noqa: F401 - the world below needs the backend registered
from tests.cli.helpers import run
from tests.domain.test_attachments import photo_bytes
from tests.world import PASSWORD, build_world, cell_point


@pytest.fixture
def rt(sqlite_url, monkeypatch):
    monkeypatch.setenv("CC_PW", PASSWORD)
    return build_world(sqlite_url)


def _report(rt, cell):
    lon, lat = cell_point(cell)
    return rt.service.report("taker", source="hotline", class_code="E0102", lon=lon, lat=lat, description="垃圾")


def _as(who, url):
    return ("--as", who, "--password-env", "CC_PW", "--db", url)


def test_duplicate_merge_and_attach(capsys, rt, sqlite_url, tmp_path):
    a, b = _report(rt, 0), _report(rt, 1)
    code, out, err = run(capsys, "case", "duplicate", a.number, "--description", "又一位市民", "--source", "app",
                         "--reporter-phone", "13800001111", *_as("taker", sqlite_url))
    assert code == 0, err
    assert json.loads(out)["duplicate_count"] == 1
    code, out, err = run(capsys, "case", "merge", a.number, b.number, "--reason", "同一问题", *_as("leader", sqlite_url))
    assert code == 0, err
    assert rt.store.case(b.id).status is Status.MERGED
    photo = tmp_path / "scene.jpg"
    photo.write_bytes(photo_bytes())
    code, out, err = run(capsys, "case", "attach", a.number, photo, "--phase", "report", *_as("sup", sqlite_url))
    assert code == 0, err
    assert json.loads(out)["type"] == "image/jpeg"
    code, out, _ = run(capsys, "replay", "--verify", "--db", sqlite_url)
    assert code == 0 and "2 cases verified" in out


def test_bad_input_names_what_and_writes_nothing(capsys, rt, sqlite_url, tmp_path):
    a, b = _report(rt, 0), _report(rt, 1)
    good, bad = tmp_path / "good.png", tmp_path / "broken.jpg"
    good.write_bytes(photo_bytes(fmt="PNG", taken=None))
    bad.write_bytes(photo_bytes()[:200])
    code, _, err = run(capsys, "case", "attach", a.number, good, bad, *_as("sup", sqlite_url))
    assert code == 2 and "broken.jpg" in err
    code, _, err = run(capsys, "case", "merge", a.number, b.number, *_as("taker", sqlite_url))
    assert code == 2 and "taker" in err
    code, _, err = run(capsys, "case", "duplicate", a.number, "--description", "x", "--reporter-phone", "12ab",
                       *_as("taker", sqlite_url))
    assert code == 2 and "12ab" in err
    assert [c.version for c in rt.store.load_cases()] == [1, 1]
