"""holiday set FROM..TO, holiday import of a published arrangement, holiday confirm: what an
administrator types when the State Council publishes next year's holidays."""
from __future__ import annotations

from datetime import date

import pytest

from db.backend import backend
from tests.cli.helpers import run
from tests.world import build_world

ADMIN = ("--as", "root", "--password-env", "CC_ADMIN_PW")


@pytest.fixture
def url(sqlite_url, monkeypatch):
    rt = build_world(sqlite_url)
    backend.add_user(rt.store, "root", "admin", "admin-pass-42")
    monkeypatch.setenv("CC_ADMIN_PW", "admin-pass-42")
    return sqlite_url


def table(url):
    return backend.holidays(backend.open_store(url))


def test_a_range_is_set_in_one_command(capsys, url):
    code, out, err = run(capsys, "holiday", "set", "2027-02-05..2027-02-11", "--note", "春节", *ADMIN, "--db", url)
    assert code == 0, err
    assert "7 days set" in out
    assert {d for d, working in table(url).items() if not working} == {date(2027, 2, d) for d in range(5, 12)}
    code, _, err = run(capsys, "holiday", "set", "2027-02-11..2027-02-05", *ADMIN, "--db", url)
    assert code == 2 and "ends before it starts" in err
    code, _, err = run(capsys, "holiday", "set", "2027-01-01..2028-06-01", *ADMIN, "--db", url)
    assert code == 2 and "366" in err


def test_the_published_arrangement_is_imported_and_confirms_its_year(capsys, url, tmp_path):
    arrangement = tmp_path / "2027.csv"
    arrangement.write_text("date,kind,note\n"
                           "2027-01-01,off,元旦\n"
                           "2027-02-05..2027-02-11,off,春节\n"
                           "2027-02-07,working,春节调休\n",   # inside the range just declared off
                           encoding="utf-8")
    code, _, err = run(capsys, "holiday", "import", arrangement, *ADMIN, "--db", url)
    assert code == 2 and "line 4" in err and "both" in err
    assert table(url) == {}, "a refused file changes nothing"
    arrangement.write_text("date,kind,note\n2027-01-01,off,元旦\n2027-02-05..2027-02-11,off,春节\n"
                           "2027-02-20,working,春节调休\n", encoding="utf-8")
    code, out, err = run(capsys, "holiday", "import", arrangement, *ADMIN, "--db", url)
    assert code == 0, err
    assert "2027 confirmed" in out
    assert table(url)[date(2027, 2, 20)] is True
    assert backend.confirmed_years(backend.open_store(url)) == {2027}
    code, out, _ = run(capsys, "holiday", "list", "--year", "2027", "--db", url)
    assert "(estimated)" not in out and "2027-02-20  working  春节调休" in out


def test_a_bad_arrangement_file_names_the_line(capsys, url, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,kind\n2027-02-05,off\n2027-02-31,off\n", encoding="utf-8")
    code, _, err = run(capsys, "holiday", "import", bad, *ADMIN, "--db", url)
    assert code == 2 and "line 3" in err and "2027-02-31" in err
    bad.write_text("2027-02-05,maybe\n", encoding="utf-8")
    code, _, err = run(capsys, "holiday", "import", bad, *ADMIN, "--db", url)
    assert code == 2 and "line 1" in err and "maybe" in err


def test_confirming_a_year_ends_the_estimate(capsys, url):
    code, out, _ = run(capsys, "holiday", "list", "--year", "2028", "--db", url)
    assert "2028-01-26  off" in out and "(estimated)" in out            # Spring Festival 2028 computed
    assert run(capsys, "holiday", "confirm", "2028", *ADMIN, "--db", url)[0] == 0
    code, out, _ = run(capsys, "holiday", "list", "--year", "2028", "--db", url)
    assert "2028-01-26" not in out
