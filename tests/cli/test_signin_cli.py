"""Who acts is proven on the command line: passwords, administrators, lockout, account changes,
local administrator mode and the bootstrap of an empty database."""
from __future__ import annotations

import json

import pytest

from commandcenter.auth import SignInFailed, sign_in
from db import open_store
from db.backend import backend
from tests.cli.helpers import run
from tests.world import PASSWORD, build_world, cell_point

ADMIN_PASSWORD = "admin-pass-42"
ADMIN = ("--as", "root", "--password-env", "CC_ADMIN_PW")


@pytest.fixture
def url(db_url, monkeypatch):
    rt = build_world(db_url)
    backend.add_user(rt.store, "root", "admin", ADMIN_PASSWORD)
    monkeypatch.setenv("CC_PW", PASSWORD)
    monkeypatch.setenv("CC_ADMIN_PW", ADMIN_PASSWORD)
    monkeypatch.setenv("CC_WRONG", "not-the-password")
    monkeypatch.delenv("COMMANDCENTER_LOCAL_ADMIN", raising=False)
    return db_url


def report(capsys, url, *identity):
    lon, lat = cell_point(1)
    return run(capsys, "case", "report", "--db", url, *identity, "--class", "E0102", "--lon", lon, "--lat", lat,
               "--description", "暴露垃圾")


def events(url, kind=None):
    return [e for e in open_store(url).accounts.events() if kind is None or e[1] == kind]


def test_acting_as_a_user_needs_that_users_password(capsys, url):
    code, _, err = report(capsys, url, "--as", "sup")
    assert code == 2 and "--password-env" in err
    code, _, err = report(capsys, url, "--as", "sup", "--password-env", "CC_WRONG")
    assert code == 2 and "wrong password" in err.lower()
    code, out, err = report(capsys, url, "--as", "sup", "--password-env", "CC_PW")
    assert code == 0, err
    number = json.loads(out)["number"]
    code, _, err = run(capsys, "case", "act", number, "accept", "--as", "taker", "--password-env", "CC_WRONG",
                       "--db", url)
    assert code == 2 and open_store(url).case_by_number(number).status.value == "reported"
    kinds = [e[1] for e in events(url)]
    assert "sign_in" in kinds and "sign_in_failed" in kinds


def test_administrator_commands_refuse_anyone_but_an_administrator(capsys, url, monkeypatch):
    monkeypatch.setenv("NEWPW", "mallory-pass-1")
    code, _, err = run(capsys, "user", "add", "mallory", "--role", "admin", "--new-password-env", "NEWPW",
                       "--db", url)
    assert code == 2 and "--local-admin" in err
    code, _, err = run(capsys, "user", "add", "mallory", "--role", "admin", "--new-password-env", "NEWPW",
                       "--as", "disp", "--password-env", "CC_PW", "--db", url)
    assert code == 2 and "administrator" in err
    code, _, err = run(capsys, "holiday", "set", "2027-02-17", "--as", "leader", "--password-env", "CC_PW",
                       "--db", url)
    assert code == 2 and "administrator" in err
    code, _, err = run(capsys, "db", "basemap", "--none", "--as", "disp", "--password-env", "CC_PW", "--db", url)
    assert code == 2
    assert "mallory" not in {u.name for u in open_store(url).users()}
    code, out, err = run(capsys, "user", "add", "mallory", "--role", "dispatcher", "--new-password-env", "NEWPW",
                         *ADMIN, "--db", url)
    assert code == 0, err
    assert ("user_added", "mallory", "root") in {(e[1], e[2], e[3]) for e in events(url)}


def test_repeated_failures_lock_the_account_with_back_off_and_are_logged(capsys, url):
    for _ in range(5):
        code, _, _ = report(capsys, url, "--as", "sup", "--password-env", "CC_WRONG")
        assert code == 2
    code, _, err = report(capsys, url, "--as", "sup", "--password-env", "CC_PW")     # even the right one
    assert code == 2 and "try again in" in err
    assert [e[3] for e in events(url, "locked")] == ["sup"]
    assert events(url, "sign_in_locked")
    code, out, _ = run(capsys, "user", "log", "sup", *ADMIN, "--db", url)
    assert code == 0 and "locked" in out and "5 failed sign-ins" in out
    assert run(capsys, "user", "log", "--as", "sup", "--password-env", "CC_PW", "--db", url)[0] == 2


def test_a_disabled_or_removed_user_cannot_sign_in_and_removal_keeps_the_name(capsys, url, monkeypatch):
    assert run(capsys, "user", "disable", "sup", *ADMIN, "--db", url)[0] == 0
    code, _, err = report(capsys, url, "--as", "sup", "--password-env", "CC_PW")
    assert code == 2 and "disabled" in err
    assert run(capsys, "user", "enable", "sup", *ADMIN, "--db", url)[0] == 0
    assert report(capsys, url, "--as", "sup", "--password-env", "CC_PW")[0] == 0
    assert run(capsys, "user", "remove", "sup", *ADMIN, "--db", url)[0] == 0
    assert report(capsys, url, "--as", "sup", "--password-env", "CC_PW")[0] == 2
    code, _, err = run(capsys, "user", "enable", "sup", *ADMIN, "--db", url)
    assert code == 2 and "removed" in err
    _, out, _ = run(capsys, "user", "list", "--db", url)
    assert any(line.startswith("sup ") and "[removed]" in line for line in out.splitlines())
    monkeypatch.setenv("NEWPW", "another-pass-9")
    code, _, err = run(capsys, "user", "add", "sup", "--role", "supervisor", "--new-password-env", "NEWPW",
                       *ADMIN, "--db", url)
    assert code == 2 and "exists" in err
    assert {"disabled", "enabled", "removed"} <= {e[1] for e in events(url)}


def test_passwords_change_by_their_owner_or_an_admin_and_follow_the_rules(capsys, url, monkeypatch):
    monkeypatch.setenv("NEWPW", "12345678")
    code, _, err = run(capsys, "user", "passwd", "disp", "--new-password-env", "NEWPW", "--as", "disp",
                       "--password-env", "CC_PW", "--db", url)
    assert code == 2 and "simple" in err
    monkeypatch.setenv("NEWPW", "short1")
    assert run(capsys, "user", "passwd", "disp", "--new-password-env", "NEWPW", *ADMIN, "--db", url)[0] == 2
    monkeypatch.setenv("NEWPW", "fresh-pass-77")
    code, _, err = run(capsys, "user", "passwd", "disp", "--new-password-env", "NEWPW", "--as", "disp",
                       "--password-env", "CC_PW", "--db", url)
    assert code == 0, err
    code, _, _ = run(capsys, "user", "passwd", "disp", "--new-password-env", "NEWPW", "--as", "taker",
                     "--password-env", "CC_PW", "--db", url)
    assert code == 2                                                     # not an admin, not the owner
    accounts = open_store(url).accounts
    with pytest.raises(SignInFailed):
        sign_in(accounts, "disp", PASSWORD)
    assert sign_in(accounts, "disp", "fresh-pass-77").name == "disp"
    assert [e[3] for e in events(url, "password_changed")] == ["disp"]


def test_local_administrator_mode_is_explicit_and_logged(capsys, url, monkeypatch):
    monkeypatch.setenv("NEWPW", "script-pass-3")
    code, _, _ = run(capsys, "user", "add", "bot", "--role", "dispatcher", "--new-password-env", "NEWPW",
                     "--db", url)
    assert code == 2                                                     # off by default
    code, _, err = run(capsys, "user", "add", "bot", "--role", "dispatcher", "--new-password-env", "NEWPW",
                       "--local-admin", "--db", url)
    assert code == 0, err
    monkeypatch.setenv("COMMANDCENTER_LOCAL_ADMIN", "1")
    assert run(capsys, "holiday", "set", "2027-02-17", "--db", url)[0] == 0
    logged = events(url, "local_admin")
    assert len(logged) == 2 and all(e[3].startswith("local-admin:") for e in logged)
    assert {e[4] for e in logged} == {"user add", "holiday set"}
    # local administrator mode never stands in for a user's password
    assert report(capsys, url, "--as", "sup")[0] == 2


def test_an_empty_database_is_bootstrapped_and_logged(capsys, sqlite_url, monkeypatch):
    monkeypatch.delenv("COMMANDCENTER_LOCAL_ADMIN", raising=False)
    monkeypatch.setenv("NEWPW", "first-admin-1")
    open_store(sqlite_url)                                               # a new, migrated database
    code, _, err = run(capsys, "user", "add", "chief", "--role", "admin", "--new-password-env", "NEWPW",
                       "--db", sqlite_url)
    assert code == 0, err
    assert [e[1] for e in events(sqlite_url)] == ["user_added", "bootstrap"]
    code, _, _ = run(capsys, "user", "add", "second", "--role", "admin", "--new-password-env", "NEWPW",
                     "--db", sqlite_url)
    assert code == 2                                                     # now there is someone to sign in as


def test_a_terminal_session_signs_in_once(capsys, url, monkeypatch, tmp_path):
    (tmp_path / "run").mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    code, out, err = run(capsys, "signin", "--as", "sup", "--password-env", "CC_PW", "--db", url)
    assert code == 0 and "30 minutes" in out, err
    session_file = next((tmp_path / "run" / "commandcenter").glob("session-*.json"))
    assert session_file.stat().st_mode & 0o077 == 0
    assert report(capsys, url)[0] == 0                                   # no --as, no password
    assert report(capsys, url, "--as", "taker")[0] == 2                  # the session is sup's only
    assert run(capsys, "signout", "--db", url)[0] == 0
    assert report(capsys, url)[0] == 2
    # an administrator's session serves administrator commands
    assert run(capsys, "signin", *ADMIN, "--db", url)[0] == 0
    assert run(capsys, "holiday", "set", "2027-02-17", "--db", url)[0] == 0
    assert run(capsys, "signout", "--db", url)[0] == 0
