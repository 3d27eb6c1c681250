"""Apply the Alembic migrations (``commandcenter db upgrade``, and at every start).

A database already at the current schema is not written at all, so read commands work on
read-only storage and with logins that may not change the schema. On PostgreSQL the upgrade
runs under an advisory lock: desks starting together on a fresh server take turns, and the
ones after the first find the work done."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from commandcenter.faults import fault

from .engine import writer
from .roles import refresh_grants

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: pg_advisory_xact_lock key of the schema upgrade ("cc" "mi" "gr" as bytes)
_UPGRADE_LOCK = 0x6363_6D69_6772
#: how long a starting desk waits for another one's upgrade
_UPGRADE_WAIT = "5min"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _applied(conn) -> set[str]:
    return set(MigrationContext.configure(conn).get_current_heads())


def _check_known(applied: set[str], engine: Engine) -> None:
    known = {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}
    unknown = applied - known
    if unknown:
        raise fault("schema_newer", where=engine.url.render_as_string(hide_password=True),
                    found="+".join(sorted(unknown)))


def upgrade(engine: Engine, revision: str = "heads") -> None:
    with engine.connect() as conn:
        applied = _applied(conn)
    _check_known(applied, engine)
    if revision == "heads" and applied == _heads():
        return
    cfg = _config()
    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"SET LOCAL lock_timeout = '{_UPGRADE_WAIT}'"))
            conn.execute(text(f"SET LOCAL statement_timeout = '{_UPGRADE_WAIT}'"))
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _UPGRADE_LOCK})
            if revision == "heads" and _applied(conn) == _heads():
                return   # another process upgraded while we waited for the lock
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        refresh_grants(conn)


def require_current(engine: Engine) -> None:
    """For a database opened without upgrading: refuse a schema this code does not know, and
    one older than it (reading it would fail half-way)."""
    with engine.connect() as conn:
        applied = _applied(conn)
    _check_known(applied, engine)
    if applied != _heads():
        raise fault("schema_older", where=engine.url.render_as_string(hide_password=True))


def _heads() -> set[str]:
    return set(ScriptDirectory.from_config(_config()).get_heads())


def current_revision(engine: Engine) -> str | None:
    """The applied revisions, sorted and joined by '+' (independent migrations may sit side by side)."""
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return "+".join(sorted(heads)) if heads else None


def head_revision() -> str | None:
    heads = ScriptDirectory.from_config(_config()).get_heads()
    return "+".join(sorted(heads)) if heads else None


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
