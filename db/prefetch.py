"""The picture of a big district read by a helper process while the screen starts.

A desk's process is busy on one core from its first import to its first drawn map (Python's
threads share one interpreter lock), and reading 100,000 case rows is a third of that. The other
core is idle meanwhile. So the desk and the wall start :mod:`db.prefetch_child` first thing, on a
SQLite database: it reads every case row in one read transaction and streams the rows back in
batches while this process imports, opens the database and builds its window. When the live feed
then wants its first picture it takes the rows from the pipe (turning them into cases exactly as
:func:`db.snapshot.read_cases` does, masked for the viewer) instead of reading them itself; the
feed goes on from the sequence number they were read at, as after any snapshot.

Whatever goes wrong — another schema (the start then migrates), a damaged or locked file, a helper
that dies or stops answering — the feed reads the database itself as before: the helper only ever
saves time. PostgreSQL deployments read in-process (the server does part of the work there)."""
from __future__ import annotations

import json
import logging
import os
import pickle
import select
import struct
import subprocess
import sys
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import make_url

from commandcenter.case import Case

from .convert import CASE_FIELDS
from .migrate import SCHEMA_HEADS
from .snapshot import BATCH, cases_of_batch, converters_for

log = logging.getLogger(__name__)

_LENGTH = struct.Struct("<Q")
_CHILD = Path(__file__).with_name("prefetch_child.py")


class SnapshotPrefetch:
    """A helper process reading the cases of one SQLite database; :meth:`take` once, then done."""

    #: the longest wait for the helper's next message before the feed reads the database itself
    STALL_S = 30.0

    def __init__(self, process: subprocess.Popen):
        self._process = process

    @classmethod
    def start(cls, url: str) -> "SnapshotPrefetch | None":
        """Start reading the cases of the SQLite database at ``url``; None for any other database
        (or a file that is not there yet: a first start builds the demo)."""
        try:
            parsed = make_url(url)
        except Exception:
            return None
        path = parsed.database
        if (parsed.get_backend_name() != "sqlite" or not path or path == ":memory:" or not os.path.isfile(path)
                or os.name != "posix"):   # the pipe is waited on with select(), which wants POSIX
            return None
        request = {"path": os.path.abspath(path), "heads": sorted(SCHEMA_HEADS), "columns": list(CASE_FIELDS),
                   "batch": BATCH}
        try:
            process = subprocess.Popen([sys.executable, "-S", str(_CHILD)], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            process.stdin.write((json.dumps(request) + "\n").encode())
            process.stdin.close()
        except OSError as exc:
            log.info("cases not read ahead: %s", exc)
            return None
        return cls(process)

    def take(self, progress: Callable[[int, int], None] | None = None,
             admit: Callable[[Case], Case] | None = None) -> tuple[list[Case], int] | None:
        """Every case and the sequence number they were read at, each through ``admit``; None
        when the helper could not read them (the caller reads the database itself)."""
        try:
            return self._take(progress, admit)
        except Exception as exc:   # anything at all: the database is read in-process instead
            log.info("cases read ahead not used: %s", exc)
            return None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the helper (it may still be reading) and reap it."""
        process = self._process
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.wait()

    # Private API --------------------------------------------------------------------------
    def _take(self, progress, admit):
        converters, cases, total = converters_for("sqlite"), [], 0
        while True:
            kind, value = self._next()
            if kind == "refused":
                log.info("cases not read ahead: %s", value)
                return None
            if kind == "total":
                total = value
            elif kind == "batch":
                cases.extend(cases_of_batch(value, converters, admit))
                if progress is not None:
                    progress(len(cases), max(total, len(cases)))
            elif kind == "seq":
                return cases, value
            else:
                raise ValueError(f"unexpected message {kind!r}")

    def _next(self):
        size = _LENGTH.unpack(self._read(_LENGTH.size))[0]
        return pickle.loads(self._read(size))

    def _read(self, size: int) -> bytes:
        """Exactly ``size`` bytes from the helper, waiting at most STALL_S for each part."""
        fd = self._process.stdout.fileno()
        parts, need = [], size
        while need:
            ready, _, _ = select.select([fd], [], [], self.STALL_S)
            if not ready:
                raise TimeoutError(f"the helper sent nothing for {self.STALL_S:g} s")
            chunk = os.read(fd, min(need, 1 << 20))
            if not chunk:
                raise EOFError("the helper stopped before the end")
            parts.append(chunk)
            need -= len(chunk)
        return b"".join(parts)


def prefetch_snapshot(url: str) -> SnapshotPrefetch | None:
    """:meth:`SnapshotPrefetch.start` (the backend's port)."""
    return SnapshotPrefetch.start(url)
