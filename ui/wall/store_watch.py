"""Which database file the wall is reading, and whether it is still the one it opened.

A wall runs for days. When its SQLite file is restored from a backup (a new file moved over the
old), moved away, or overwritten in place, the wall's open connection keeps reading the old file
(or garbage) while its badge stays green. On PostgreSQL a restore from an earlier dump (or a
database dropped and created again) goes unnoticed the same way: the feed asks for events after the
last one it saw, and a history rewound below that point, or rewritten from it, never answers.

:class:`StoreIdentity` is what the wall compares every few seconds, on either database: the
history — the first event's hash (which database this is), the last sequence number (a restore to an
older copy goes back in time), and the hash of the event at the last sequence the wall has shown
(the log is hash-chained, :mod:`commandcenter.chain`: a history rewritten from that point on has
another hash there) — and where it lives: the SQLite file's device and inode, or PostgreSQL's
cluster identifier and database oid (a database dropped and created again has another oid)."""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path



@dataclass(frozen=True)
class StoreIdentity:
    file: tuple[int, int] | None    # (device, inode); None: the file is not there (PostgreSQL: none)
    first_hash: str | None          # the hash of the first event: which history this is
    last_seq: int                   # how far the history goes
    database: str | None = None     # PostgreSQL: "system identifier/database oid"; SQLite: None
    hashes: Mapping[int, str | None] = field(default_factory=dict, compare=False)
    """The hash stored for each sequence number asked about (None: no such event)."""

    def replaced_by(self, other: "StoreIdentity") -> str | None:
        """Why ``other`` is not the database this identity was taken from (None: it is)."""
        if other.file is None and self.database is None:
            return "missing"
        if other.file != self.file or other.database != self.database:
            return "replaced"
        if other.first_hash != self.first_hash or other.last_seq < self.last_seq:
            return "rewritten"
        if any(seq in other.hashes and other.hashes[seq] != known for seq, known in self.hashes.items()):
            return "rewritten"
        return None

    def behind(self, shown_seq: int) -> bool:
        """The database's history ends before the last event the wall has shown: it went back."""
        return self.last_seq < shown_seq


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


def is_postgresql(store) -> bool:
    url = getattr(getattr(store, "engine", None), "url", None)
    return url is not None and url.get_backend_name() == "postgresql"


_FIRST = "SELECT hash FROM case_events ORDER BY seq LIMIT 1"
_LAST = "SELECT last_seq FROM feed_counter WHERE id = 1"


def _seqs(seqs: Iterable[int]) -> list[int]:
    return sorted({int(s) for s in seqs if s and s > 0})


def identity_of(store, path: Path, seqs: Iterable[int] = ()) -> StoreIdentity:
    """Read the identity through a fresh connection (never a pooled one that may hold the
    old file open), with the hashes of the events ``seqs``. Raises when the database cannot
    be read."""
    import sqlite3

    fid = file_identity(path)
    if fid is None:
        return StoreIdentity(None, None, -1)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2)
    try:
        first = conn.execute(_FIRST).fetchone()
        last = conn.execute(_LAST).fetchone()
        hashes = {seq: None for seq in _seqs(seqs)}
        for seq in hashes:
            row = conn.execute("SELECT hash FROM case_events WHERE seq = ?", (seq,)).fetchone()
            hashes[seq] = row[0] if row else None
    finally:
        conn.close()
    return StoreIdentity(fid, first[0] if first else None, int(last[0]) if last else 0, hashes=hashes)


def pg_identity_of(store, seqs: Iterable[int] = ()) -> StoreIdentity:
    """The identity of a PostgreSQL store (one short read-only transaction through the store; a
    connection a dropped database left dead raises, and the pool replaces it)."""
    database, first, last, hashes = store.history_identity(_seqs(seqs))
    return StoreIdentity(None, first, last, database=database, hashes=hashes)
