"""Every fault of the database or the disk is one ``error: …`` line saying what to do, with its
own exit code and no traceback (``--debug`` adds it); read commands work on read-only storage;
a mistyped --db is refused instead of becoming a new, empty database."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from commandcenter.faults import FAULTS
from tests.cli.helpers import run
from tests.world import PASSWORD, build_world, cell_point

ROOT = Path(__file__).resolve().parents[2]
READ_COMMANDS = (("info",), ("kpi", "--from", "2026-01-01"), ("replay", "--verify"), ("case", "show", "1"),
                 ("user", "list"))


def _exit(code: str) -> int:
    return FAULTS[code].exit_code


def test_the_fault_exit_codes_are_distinct():
    codes = {f.exit_code for name, f in FAULTS.items() if name != "schema_older"}
    assert len(codes) == len(FAULTS) - 1 and not codes & {0, 1, 2, 70, 130}


@pytest.fixture
def world_file(tmp_path) -> Path:
    path = tmp_path / "world.sqlite"
    rt = build_world(f"sqlite:///{path}")
    lon, lat = cell_point(0)
    rt.service.report("sup", source="hotline", class_code="E0102", lon=lon, lat=lat, description="井盖缺失")
    rt.store.engine.dispose()   # checkpoints the WAL into the file
    return path


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_a_read_command_refuses_a_database_that_does_not_exist(capsys, tmp_path, command):
    missing = tmp_path / "typo.sqlite"
    code, out, err = run(capsys, *command, "--db", missing)
    assert code == _exit("database_missing")
    assert err.startswith("error: there is no database at") and "db upgrade" in err
    assert "Traceback" not in err and not missing.exists()


def test_db_upgrade_creates_a_database_0600(capsys, tmp_path):
    new = tmp_path / "new" / "cc.sqlite"
    code, out, err = run(capsys, "db", "upgrade", "--db", new)
    assert code == 0 and new.exists()
    assert new.stat().st_mode & 0o777 == 0o600 and new.parent.stat().st_mode & 0o777 == 0o700


def test_not_a_database(capsys, tmp_path):
    junk = tmp_path / "notes.sqlite"
    junk.write_text("这不是数据库\n" * 200)
    code, _, err = run(capsys, "info", "--db", junk)
    assert code == _exit("not_a_database") and "is not a command-centre database" in err
    assert "Traceback" not in err


def test_a_truncated_file(capsys, world_file):
    size = world_file.stat().st_size
    with world_file.open("r+b") as f:
        f.truncate(size // 3)
    code, _, err = run(capsys, "case", "show", "1", "--db", world_file)
    assert code == _exit("database_corrupt") and "damaged or truncated" in err and "backup" in err


def test_a_schema_newer_than_the_code(capsys, world_file):
    with sqlite3.connect(world_file) as conn:
        conn.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    for command in (("info",), ("replay", "--verify")):
        code, _, err = run(capsys, *command, "--db", world_file)
        assert code == _exit("schema_newer"), err
        assert "newer version" in err and "9999_from_the_future" in err


def test_a_locked_database_says_busy_retrying_then_gives_up(capsys, world_file, monkeypatch):
    import db.busy
    import db.engine

    monkeypatch.setattr(db.engine, "SQLITE_BUSY_MS", 100)
    monkeypatch.setattr(db.busy, "RETRY_FOR_S", 0.5)
    monkeypatch.setenv("CC_PASSWORD", PASSWORD)
    holder = sqlite3.connect(world_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        lon, lat = cell_point(1)
        code, _, err = run(capsys, "case", "report", "--as", "sup", "--class", "E0102", "--lon", lon,
                           "--lat", lat, "--description", "锁住了", "--db", world_file, "--password-env", "CC_PASSWORD")
    finally:
        holder.rollback()
        holder.close()
    assert "database busy, retrying" in err
    assert code == _exit("database_busy") and "nothing was changed, try again" in err


def test_postgresql_down(capsys):
    code, _, err = run(capsys, "info", "--db", "postgresql://cc:secret@127.0.0.1:9/cc")
    assert code == _exit("server_unreachable")
    assert "cannot reach the database server" in err and "PostgreSQL is running" in err
    assert "secret" not in err and "Traceback" not in err


def test_debug_shows_the_traceback(capsys, tmp_path):
    code, _, err = run(capsys, "--debug", "info", "--db", tmp_path / "typo.sqlite")
    assert code == _exit("database_missing") and "Traceback" in err and "error: there is no database" in err


def test_the_error_speaks_chinese(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMANDCENTER_LANG", "zh")
    code, _, err = run(capsys, "info", "--db", tmp_path / "typo.sqlite")
    assert code == _exit("database_missing") and "处没有数据库" in err


# Real storage faults, in a private mount namespace (needs root, as the suite's machine has) ----
def _in_namespace(script: str, folder: Path) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) where ``$M`` is a fresh tmpfs of 1 MiB that only this process sees."""
    shell = f'set -e; M="{folder}"; mount -t tmpfs -o size=1m tmpfs "$M"; {script}'
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", shell], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "COMMANDCENTER_LANG": "en", "HOME": str(folder.parent),
                               "CC_PASSWORD": PASSWORD})


def _cli(*argv: str) -> str:
    return " ".join([sys.executable, "main.py", *argv])


def test_read_commands_work_on_a_read_only_file_system(world_file, tmp_path):
    mnt = tmp_path / "ro"
    mnt.mkdir()
    reads = "; ".join(f'{_cli(*c, "--db", "$M/world.sqlite")} > /dev/null; echo "{c[0]} $?"'
                      for c in READ_COMMANDS)
    lon, lat = cell_point(2)
    write = _cli("case", "report", "--as", "sup", "--class", "E0102", "--lon", str(lon), "--lat", str(lat),
                 "--description", "x", "--db", "$M/world.sqlite", "--password-env", "CC_PASSWORD")
    result = _in_namespace(f'cp "{world_file}" "$M/"; mount -o remount,ro "$M"; set +e; {reads}; '
                           f'{write}; echo "write $?"', mnt)
    lines = result.stdout.splitlines()
    assert [line for line in lines if not line.endswith(" 0") and not line.startswith("write")] == [], \
        result.stdout + result.stderr
    assert f"write {_exit('read_only_storage')}" in lines, result.stdout + result.stderr
    assert "read-only storage" in result.stderr and "Traceback" not in result.stderr


def test_a_full_disk(world_file, tmp_path):
    mnt = tmp_path / "full"
    mnt.mkdir()
    lon, lat = cell_point(3)
    report = _cli("case", "report", "--as", "sup", "--class", "E0102", "--lon", str(lon), "--lat", str(lat),
                  "--description", "磁盘满了" * 400, "--db", "$M/world.sqlite", "--password-env", "CC_PASSWORD")
    # the WAL file exists before the disk fills, so the write itself is what finds no space
    result = _in_namespace(f'cp "{world_file}" "$M/"; {_cli("info", "--db", "$M/world.sqlite")} > /dev/null; '
                           f'(dd if=/dev/zero of="$M/filler" bs=4k || true) 2>/dev/null; set +e; '
                           f'{report}; echo "report $?"; {_cli("info", "--db", "$M/world.sqlite")} > /dev/null; '
                           f'echo "info $?"', mnt)
    assert f"report {_exit('disk_full')}" in result.stdout.splitlines(), result.stdout + result.stderr
    assert "is full; nothing was changed" in result.stderr and "Traceback" not in result.stderr


def test_unshare_is_available():
    """The storage tests above need a mount namespace; fail loudly rather than skip."""
    assert shutil.which("unshare"), "util-linux's unshare is needed for the storage fault tests"


def test_an_injected_disk_full_names_the_file(capsys, world_file, tmp_path, monkeypatch):
    """A disk that fills while a scenario file is written: the file is named, no traceback."""
    import errno

    import commandcenter.scenario as scenario

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "day.jsonl"))

    monkeypatch.setattr(scenario, "export_period", full)
    code, _, err = run(capsys, "scenario", "export", "--from", "2026-01-01", "--to", "2026-01-02",
                       "--out", tmp_path / "day.jsonl", "--db", world_file)
    assert code == _exit("disk_full") and f"the disk holding {tmp_path / 'day.jsonl'} is full" in err
    assert "Traceback" not in err
