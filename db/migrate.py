"""Apply the Alembic migrations (``commandcenter db upgrade``, and at every start).

A database already at the current schema is not written at all, so read commands work on
read-only storage and with logins that may not change the schema. On PostgreSQL the upgrade
runs under an advisory lock: desks starting together on a fresh server take turns, and the
ones after the first find the work done."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from commandcenter.faults import fault

from .engine import writer
from .roles import refresh_grants

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: pg_advisory_xact_lock key of the schema upgrade ("cc" "mi" "gr" as bytes)
_UPGRADE_LOCK = 0x6363_6D69_6772
#: how long a starting desk waits for another one's upgrade
_UPGRADE_WAIT = "5min"


SCHEMA_HEADS = frozenset({"0003", "0004", "0005a", "0007_city", "0007_data", "0007_loop", "0010_district"})
"""The revisions a database of this code's schema has applied (the heads of
``migrations/versions``; tests/db/test_store.py checks it against Alembic's own view). Every start
compares the database's ``alembic_version`` with this in one query, and only a database that
differs loads Alembic and its scripts (over a second of imports a desk then need not pay)."""


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _applied(conn) -> set[str]:
    """The revisions applied to the database (none: a new database)."""
    if not inspect(conn).has_table("alembic_version"):
        return set()
    return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def _check_known(applied: set[str], engine: Engine) -> None:
    if applied <= SCHEMA_HEADS:
        return
    known = {rev.revision for rev in _scripts().walk_revisions()}
    unknown = applied - known
    if unknown:
        raise fault("schema_newer", where=engine.url.render_as_string(hide_password=True),
                    found="+".join(sorted(unknown)))


def upgrade(engine: Engine, revision: str = "heads") -> None:
    with engine.connect() as conn:
        applied = _applied(conn)
    _check_known(applied, engine)
    if revision == "heads" and applied == SCHEMA_HEADS:
        return
    from alembic import command

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
    if applied != SCHEMA_HEADS and applied != _heads():
        raise fault("schema_older", where=engine.url.render_as_string(hide_password=True))


def _heads() -> set[str]:
    return set(_scripts().get_heads())


def current_revision(engine: Engine) -> str | None:
    """The applied revisions, sorted and joined by '+' (independent migrations may sit side by side)."""
    with engine.connect() as conn:
        heads = _applied(conn)
    return "+".join(sorted(heads)) if heads else None


def head_revision() -> str | None:
    heads = _scripts().get_heads()
    return "+".join(sorted(heads)) if heads else None


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
