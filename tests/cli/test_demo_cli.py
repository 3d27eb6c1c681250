"""``commandcenter demo`` and ``commandcenter simulate`` from the command line."""
from __future__ import annotations

import contextlib
import io

import pytest

from commandcenter.cli import main
from db.backend import backend
from tests.cli.helpers import info, run


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('demo_cli') / 'demo.sqlite'}"


@pytest.fixture(scope="module")
def demo_output(demo_url):
    """What ``demo`` printed (module scope, so captured by hand rather than with capsys)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["demo", "--days", "1", "--start", "2026-11-02", "--seed", "2", "--db", demo_url], backend)
    assert code == 0, err.getvalue()
    return out.getvalue()


def test_demo_prints_what_it_built_and_the_password(demo_output, demo_url, capsys):
    assert "云河区 (990101)" in demo_output and "150 communities" in demo_output and "km²" in demo_output
    assert "demo1234" in demo_output and "2026-11-02 00:00 → 2026-11-03 00:00" in demo_output
    counts = info(capsys, demo_url)
    assert counts["users"] == 185 and counts["components"] == 20000 and counts["cases"] > 500


def test_demo_refuses_a_database_that_is_not_empty(demo_output, demo_url, capsys):
    before = info(capsys, demo_url)
    code, _, err = run(capsys, "demo", "--days", "1", "--start", "2026-11-02", "--db", demo_url)
    assert code == 2 and "not empty" in err and "new --db" in err
    assert info(capsys, demo_url) == before


@pytest.mark.parametrize("options, expected", [
    (["--days", "0"], "--days"), (["--days", "1000"], "--days"), (["--days", "three"], "invalid int value"),
    (["--start", "2026-13-45"], "--start"), (["--start", "2999-01-01"], "future"),
    (["--seed", "-1"], "--seed"), (["--seed", "x"], "invalid int value"),
])
def test_bad_demo_options_are_named_and_write_nothing(options, expected, capsys, sqlite_url):
    assert run(capsys, "db", "upgrade", "--db", sqlite_url)[0] == 0   # info does not create databases
    before = info(capsys, sqlite_url)
    code, _, err = run(capsys, "demo", *options, "--db", sqlite_url)
    assert code == 2 and expected in err, err
    assert info(capsys, sqlite_url) == before


def test_simulate_streams_activity_into_the_demo_database(demo_output, demo_url, capsys, monkeypatch):
    from commandcenter.demo import DEMO_PASSWORD

    before = info(capsys, demo_url)
    code, _, err = run(capsys, "simulate", "--db", demo_url, "--duration-s", "0")
    assert code == 2 and "administrator" in err                  # it acts as every member of staff
    monkeypatch.setenv("CC_ADMIN_PW", DEMO_PASSWORD)
    code, out, err = run(capsys, "simulate", "--db", demo_url, "--speed", "1200", "--duration-s", "1.2",
                         "--auto-dispatch", "--seed", "1", "--as", "admin", "--password-env", "CC_ADMIN_PW")
    assert code == 0, err
    assert "seed 1" in out and "open cases taken over" in out
    assert "[sim " in out.splitlines()[-1]
    after = info(capsys, demo_url)
    assert after["events"] > before["events"] and after["cases"] >= before["cases"]


def test_simulate_needs_a_district_and_a_sane_speed(capsys, tmp_path, demo_url):
    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    code, _, err = run(capsys, "simulate", "--db", empty, "--duration-s", "0")
    assert code == 10 and "there is no database" in err          # a mistyped --db is not created
    assert run(capsys, "db", "upgrade", "--db", empty)[0] == 0
    code, _, err = run(capsys, "simulate", "--db", empty, "--duration-s", "0")
    assert code == 2 and "no district" in err
    code, _, err = run(capsys, "simulate", "--db", demo_url, "--speed", "0", "--duration-s", "0")
    assert code == 2 and "--speed" in err


def test_simulate_starts_on_the_morning_asked_and_never_before_the_log(demo_output, demo_url, capsys, monkeypatch):
    """A soak starts on a working morning so events flow; the log only ever grows forward."""
    from commandcenter.demo import DEMO_PASSWORD

    monkeypatch.setenv("CC_ADMIN_PW", DEMO_PASSWORD)
    login = ["--as", "admin", "--password-env", "CC_ADMIN_PW"]
    before = info(capsys, demo_url)
    code, _, err = run(capsys, "simulate", "--db", demo_url, "--start", "2026-11-01T08:00", "--duration-s", "0",
                       *login)
    assert code == 2 and "--start" in err and "last event" in err
    code, _, err = run(capsys, "simulate", "--db", demo_url, "--start", "tomorrow", "--duration-s", "0", *login)
    assert code == 2 and "--start" in err
    assert info(capsys, demo_url) == before
    code, out, err = run(capsys, "simulate", "--db", demo_url, "--start", "2027-03-02T08:00", "--speed", "1200",
                         "--duration-s", "1.2", "--auto-dispatch", "--seed", "1", *login)
    assert code == 0, err
    assert "from 2027-03-02 08:00" in out
    assert info(capsys, demo_url)["events"] > before["events"]
