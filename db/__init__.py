"""The shared database: SQLite file (embedded default) or PostgreSQL (shared deployment)."""
from __future__ import annotations

from .engine import default_url, make_engine
from .store import SqlStore


def open_store(url: str | None = None, *, read_only: bool = False, upgrade: bool = True) -> SqlStore:
    """Open the database at ``url`` (default: the embedded SQLite file), migrating it to the
    current schema first unless ``read_only`` (then a schema this code cannot read is refused
    at once, with what to do)."""
    from .migrate import require_current, upgrade as apply_migrations

    engine = make_engine(url, read_only=read_only)
    if upgrade and not read_only:
        apply_migrations(engine)
    elif read_only:
        require_current(engine)
    return SqlStore(engine)


__all__ = ["SqlStore", "default_url", "make_engine", "open_store"]
