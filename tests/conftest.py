"""Test set-up shared by the whole suite: Qt offscreen, a real PostgreSQL server from pip,
and fresh databases of either kind."""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/runtime-commandcenter")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)

import pytest  # noqa: E402

from widgets import qtcompat  # noqa: E402
from widgets.map_view import register_tile_scheme  # noqa: E402

# PySide6 6.12.0 on Python 3.11 drops references to None/True (see widgets/qtcompat.py).
qtcompat.apply()

# Custom URL schemes must be registered before any QApplication exists, so do it here,
# before any test module can make one.
register_tile_scheme()


def new_pg_folder() -> Path:
    """A folder for a PostgreSQL data directory, outside pytest's own temporary root: run as
    root, pgserver starts the server as an unprivileged user, who cannot enter pytest's 0700
    folder. The caller removes it."""
    folder = Path(tempfile.mkdtemp(prefix="commandcenter-pg-"))
    folder.chmod(0o755)
    return folder


@pytest.fixture
def pg_folder():
    """A fresh folder for a test's own PostgreSQL server (see :func:`new_pg_folder`)."""
    folder = new_pg_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL 16 server for this test session (pgserver, from pip)."""
    import pgserver

    folder = new_pg_folder()
    server = pgserver.get_server(folder / "pgdata", cleanup_mode="stop")
    yield server
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def _pg_url(server, database: str) -> str:
    uri = server.get_uri()  # postgresql://postgres:@/postgres?host=/path
    base, query = uri.split("?", 1)
    return f"{base.rsplit('/', 1)[0]}/{database}?{query}".replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh, empty PostgreSQL database on the session's server."""
    import psycopg

    name = f"cc_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.get_uri(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return _pg_url(pg_server, name)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'commandcenter.sqlite'}"


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db_url(request) -> str:
    """Each test that takes this runs on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def shared_data():
    """The real Dongcheng data in ../shared/data (CI has it): missing data fails, never skips."""
    from pathlib import Path

    folder = Path(os.environ.get("COMMANDCENTER_SHARED_DATA",
                                 Path(__file__).resolve().parents[2] / "shared" / "data"))
    if not (folder / "dongcheng_boundary.geojson").exists():
        pytest.fail(f"the shared Dongcheng data is not at {folder} (set COMMANDCENTER_SHARED_DATA)")
    return folder
