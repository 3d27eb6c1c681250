"""A Dongcheng database with its surveyed grids and a call-taker, built once per test session
from the shared survey sample; each test gets its own copy of the file."""
from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
from pathlib import Path

import pytest

from commandcenter.cli import main
from db.backend import backend
from tests.cli.helpers import DATA
from tests.world import tiny_district

SURVEY = DATA / "dongcheng_grids_cgcs2000_cm117.zip"
HOTLINE_SAMPLE = DATA / "dongcheng_hotline_sample.csv"
CALL_TAKER = "ct01"
PASSWORD_ENV = "HOTLINE_TEST_PASSWORD"
PASSWORD = "secret123"


def cli(*argv) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main([str(a) for a in argv], backend)
        except SystemExit as exit_:
            code = exit_.code
    return code, out.getvalue()


@functools.lru_cache(maxsize=2)
def _template(folder: str, district: str) -> Path:
    path = Path(folder) / f"{district}_template.sqlite"
    if district == "dongcheng":
        if not SURVEY.exists() or not HOTLINE_SAMPLE.exists():
            pytest.fail(f"shared samples not found in {DATA} (set COMMANDCENTER_SHARED_DATA)")
        code, out = cli("import-grids", SURVEY, "--db", path, "--district-name", "东城区")
        assert code == 0, out
    else:
        code, out = cli("db", "upgrade", "--db", path)
        assert code == 0, out
        backend.save_district_map(backend.open_store(f"sqlite:///{path}"), tiny_district())
    os.environ[PASSWORD_ENV] = PASSWORD
    code, out = cli("user", "add", CALL_TAKER, "--role", "call_taker", "--new-password-env", PASSWORD_ENV,
                    "--local-admin", "--db", path)
    assert code == 0, out
    return path


@pytest.fixture
def dongcheng_db(tmp_path, tmp_path_factory) -> str:
    """A fresh copy of the Dongcheng database: ``sqlite:///…``."""
    return _copy(_template(str(tmp_path_factory.getbasetemp()), "dongcheng"), tmp_path)


@pytest.fixture
def tiny_db(tmp_path, tmp_path_factory) -> str:
    """The 16-cell test district (streets 测试1街道, 测试2街道; communities 测试1-1社区 …)."""
    return _copy(_template(str(tmp_path_factory.getbasetemp()), "tiny"), tmp_path)


def _copy(template: Path, tmp_path: Path) -> str:
    copy = tmp_path / template.name.replace("_template", "")
    for suffix in ("", "-wal", "-shm"):      # WAL mode: the last commits may still be in the -wal file
        if Path(f"{template}{suffix}").exists():
            shutil.copy(f"{template}{suffix}", f"{copy}{suffix}")
    return f"sqlite:///{copy}"
