"""One engine factory for the embedded SQLite file and a shared PostgreSQL server."""
from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from commandcenter.errors import ValidationError
from commandcenter.faults import fault

DB_ENV = "COMMANDCENTER_DB"

#: PostgreSQL limits on every connection: a desk frozen inside a transaction is cut off after
#: IDLE_IN_TRANSACTION_MS (its locks go with it), a lock wait gives up after LOCK_TIMEOUT_MS
#: (and the store retries), and no statement runs away for ever.
LOCK_TIMEOUT_MS = 2000
IDLE_IN_TRANSACTION_MS = 5000
STATEMENT_TIMEOUT_MS = 60000
#: SQLite waits this long for another writer's lock before reporting busy (and retrying)
SQLITE_BUSY_MS = 5000

#: whether opening a database that does not exist may create it; commands that read say no
_may_create: ContextVar[bool] = ContextVar("may_create_database", default=True)


@contextmanager
def creating_allowed(allowed: bool) -> Iterator[None]:
    """Within this block, opening a SQLite file that does not exist creates it only if
    ``allowed``; otherwise it is a ``database_missing`` fault (a mistyped --db must not
    silently become a new, empty database)."""
    token = _may_create.set(allowed)
    try:
        yield
    finally:
        _may_create.reset(token)


def default_url() -> str:
    """``$COMMANDCENTER_DB``, else the embedded SQLite file in the user's data folder (0700)."""
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("commandcenter", appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)   # cases name citizens: only the machine's user may read them
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
    options = (f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
               f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}")
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                           connect_args={"connect_timeout": 5, "options": options})
    if read_only:
        @event.listens_for(engine, "connect")
        def _read_only(dbapi_connection, _record):
            with dbapi_connection.cursor() as cur:
                cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()
    return engine


def _on_read_only_storage(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY) or not os.access(path, os.W_OK)
    except OSError:
        return False


def _prepare_file(path: Path) -> None:
    """Refuse a missing file unless creating is allowed; create a new one 0600 in a 0700 folder."""
    if path.exists():
        return
    if not _may_create.get():
        raise fault("database_missing", where=str(path))
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_engine(url: str, read_only: bool) -> Engine:
    path_text = make_url(url).database
    frozen = False
    if path_text and path_text != ":memory:":
        path = Path(path_text)
        _prepare_file(path)
        # On read-only storage SQLite cannot even create the WAL's shared-memory file; open the
        # file as immutable, which reads without it (a command that writes then fails cleanly).
        frozen = _on_read_only_storage(path)
        if frozen:
            url = f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&immutable=1&uri=true"
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        # We issue BEGIN ourselves (below): pysqlite's implicit transactions would let two
        # writers both read first and then deadlock on the upgrade to a write lock.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if not frozen:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        # FULL: a dispatch reported as committed survives a power cut (NORMAL may lose the last
        # transactions in WAL mode); bench/bench_core.py measures what it costs.
        cur.execute("PRAGMA synchronous=FULL")
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        from .busy import retry_while_busy

        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        retry_while_busy(lambda: conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN"))

    return engine


def writer(engine: Engine) -> Engine:
    """The engine to use for a write transaction (SQLite takes the write lock at BEGIN)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_immediate=True)
    return engine
