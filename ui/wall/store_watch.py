"""Which database file the wall is reading, and whether it is still the one it opened.

A wall runs for days. When its SQLite file is restored from a backup (a new file moved over the
old), moved away, or overwritten in place, the wall's open connection keeps reading the old file
(or garbage) while its badge stays green. :class:`StoreIdentity` is what the wall compares every
few seconds: the file's device and inode, and the history in it — the first event's hash (which
database this is) and the last sequence number (a restore to an older copy goes back in time)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreIdentity:
    file: tuple[int, int] | None    # (device, inode); None: the file is not there
    first_hash: str | None          # the hash of the first event: which history this is
    last_seq: int                   # how far the history goes

    def replaced_by(self, other: "StoreIdentity") -> str | None:
        """Why ``other`` is not the database this identity was taken from (None: it is)."""
        if other.file is None:
            return "missing"
        if other.file != self.file:
            return "replaced"
        if other.first_hash != self.first_hash or other.last_seq < self.last_seq:
            return "rewritten"
        return None


def sqlite_path(store) -> Path | None:
    """The file of a SQLite store (None for PostgreSQL or an in-memory database)."""
    url = getattr(getattr(store, "engine", None), "url", None)
    if url is None or url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database.startswith("file:"):   # the immutable read-only form: file:/path?mode=ro…
        database = database[5:].split("?", 1)[0]
    return Path(database) if database and database != ":memory:" else None


def file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def identity_of(store, path: Path) -> StoreIdentity:
    """Read the identity through a fresh connection (never a pooled one that may hold the
    old file open). Raises when the database cannot be read."""
    import sqlite3

    fid = file_identity(path)
    if fid is None:
        return StoreIdentity(None, None, -1)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    try:
        first = conn.execute("SELECT hash FROM case_events ORDER BY seq LIMIT 1").fetchone()
        last = conn.execute("SELECT last_seq FROM feed_counter WHERE id = 1").fetchone()
    finally:
        conn.close()
    return StoreIdentity(fid, first[0] if first else None, int(last[0]) if last else 0)
