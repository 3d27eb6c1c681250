"""One engine factory for the embedded SQLite file and a shared PostgreSQL server."""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from commandcenter.errors import ValidationError

DB_ENV = "COMMANDCENTER_DB"


def default_url() -> str:
    """``$COMMANDCENTER_DB``, else the embedded SQLite file in the user's data folder."""
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("commandcenter", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'commandcenter.sqlite'}"


def normalise_url(url: str) -> str:
    """Accept a bare file path and ``postgresql://`` (psycopg 3 is the driver)."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    try:
        parsed = make_url(url)
    except Exception:
        raise ValidationError("--db", url, "not a database URL (sqlite:///FILE or postgresql://USER@HOST/DB)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if not parsed.drivername.startswith(("sqlite", "postgresql")):
        raise ValidationError("--db", url, "only SQLite and PostgreSQL are supported")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str | None = None, *, read_only: bool = False) -> Engine:
    url = normalise_url(url or default_url())
    if url.startswith("sqlite"):
        return _sqlite_engine(url, read_only)
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                           connect_args={"connect_timeout": 5})
    if read_only:
        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record):
            with dbapi_connection.cursor() as cur:
                cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
    return engine


def _sqlite_engine(url: str, read_only: bool) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        # We issue BEGIN ourselves (below): pysqlite's implicit transactions would let two
        # writers both read first and then deadlock on the upgrade to a write lock.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The engine to use for a write transaction (SQLite takes the write lock at BEGIN)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_immediate=True)
    return engine
