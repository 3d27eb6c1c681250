"""The helper process of :mod:`db.prefetch`: reads every case row of a SQLite database in one
read transaction and streams them to its parent, batch by batch, while the parent starts its
screen. Standard library only and run without ``site`` (``python -S``), so it is reading within
a few tens of milliseconds of being started.

Request (one JSON line on stdin): ``{"path", "heads", "columns", "batch"}``. Answer on stdout: a
stream of length-prefixed pickles, ``("total", n)``, ``("batch", columns_of_rows)`` …,
``("seq", last_seq)``; or ``("refused", why)`` when the database is not one this version reads
(another schema, no cases table yet). Nothing is ever written to the database."""
from __future__ import annotations

import json
import pickle
import sqlite3
import struct
import sys

_LENGTH = struct.Struct("<Q")


def _send(out, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(data)))
    out.write(data)


def _quoted(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a column name: {name!r}")
    return f'"{name}"'


def _shared_texts(batch: list, shared: dict) -> list:
    """The columns of few distinct texts (status, class, street, department …) with each text one
    object: pickle then writes it once and refers to it after, which halves the work of both ends
    and leaves the cases sharing their texts. A column is judged on the first 500 values seen."""
    for i, column in enumerate(batch):
        if i not in shared:
            sample = [v for v in column[:500] if v is not None]
            few = bool(sample) and isinstance(sample[0], str) and len(set(sample)) <= len(sample) // 4
            shared[i] = {} if few else None
        texts = shared[i]
        if texts is not None:
            batch[i] = [texts.setdefault(v, v) for v in column]
    return batch


def read(request: dict, out) -> None:
    path, columns = request["path"], [_quoted(c) for c in request["columns"]]
    uri = "file:" + path.replace("?", "%3f").replace("#", "%23") + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)
    try:
        conn.execute("BEGIN")   # one read transaction: the rows and the sequence number agree
        try:
            applied = {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
        except sqlite3.DatabaseError:
            applied = set()
        if applied != set(request["heads"]):
            _send(out, ("refused", f"schema {sorted(applied)} is not {sorted(request['heads'])}"))
            return
        seq = conn.execute("SELECT last_seq FROM feed_counter WHERE id = 1").fetchone()[0]
        total = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        _send(out, ("total", total))
        cursor = conn.execute(f"SELECT {', '.join(columns)} FROM cases ORDER BY id")
        shared: dict[int, dict | None] = {}
        while True:
            rows = cursor.fetchmany(request["batch"])
            if not rows:
                break
            _send(out, ("batch", _shared_texts(list(zip(*rows)), shared)))
        _send(out, ("seq", seq))
        conn.execute("COMMIT")
    finally:
        conn.close()


def main() -> int:
    out = sys.stdout.buffer
    try:
        read(json.loads(sys.stdin.readline()), out)
    except BrokenPipeError:      # the parent closed, or gave up waiting
        return 1
    except Exception as exc:     # told to the parent, which then reads the database itself
        try:
            _send(out, ("refused", f"{type(exc).__name__}: {exc}"))
        except BrokenPipeError:
            return 1
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
