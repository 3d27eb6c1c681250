"""Which history a database holds, for a wall that must notice a restore: the first event's hash,
the newest sequence number, the hashes stored at some sequence numbers, and (PostgreSQL) the
cluster's system identifier with the database's oid — a database dropped and created again has
another oid. Read in one short transaction; read-only roles (``db grant-wall``) may run it."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import Engine, bindparam, text


def history_identity(engine: Engine, seqs: Iterable[int] = ()) -> tuple[str | None, str | None, int,
                                                                         dict[int, str | None]]:
    """(database identity or None on SQLite, first event's hash, last sequence, {seq: hash or None})."""
    wanted = sorted({int(s) for s in seqs if s and s > 0})
    with engine.connect() as conn:
        database = None
        if engine.url.get_backend_name() == "postgresql":
            database = conn.execute(text(
                "SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || d.oid::text "
                "FROM pg_database d WHERE d.datname = current_database()")).scalar()
        first = conn.execute(text("SELECT hash FROM case_events ORDER BY seq LIMIT 1")).scalar()
        last = conn.execute(text("SELECT last_seq FROM feed_counter WHERE id = 1")).scalar()
        hashes: dict[int, str | None] = {seq: None for seq in wanted}
        if wanted:
            rows = conn.execute(text("SELECT seq, hash FROM case_events WHERE seq IN :seqs")
                                .bindparams(bindparam("seqs", expanding=True)), {"seqs": wanted})
            hashes.update({int(seq): h for seq, h in rows})
    return database, first, int(last) if last is not None else 0, hashes
