"""Apply the Alembic migrations (``commandcenter db upgrade``, and at every start)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .engine import writer

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    cfg = _config()
    with writer(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


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
