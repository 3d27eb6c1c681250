"""Change-feed wake-ups: PostgreSQL LISTEN/NOTIFY wakes a desk at once; SQLite is polled."""
from __future__ import annotations

import threading

from sqlalchemy import Engine

from .store import NOTIFY_CHANNEL


class PollListener:
    """SQLite: no notifications across processes, so wake up every ``interval_s``."""

    def __init__(self, interval_s: float = 0.25):
        self._interval = interval_s
        self._closed = threading.Event()

    def wait(self, timeout_s: float) -> bool:
        self._closed.wait(min(timeout_s, self._interval))
        return not self._closed.is_set()

    def close(self) -> None:
        self._closed.set()


class PgListener:
    """PostgreSQL: a dedicated autocommit connection LISTENing on the events channel."""

    def __init__(self, engine: Engine):
        import psycopg

        url = engine.url.set(drivername="postgresql")
        self._conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True,
                                     connect_timeout=5)
        self._conn.execute(f"LISTEN {NOTIFY_CHANNEL}")

    def wait(self, timeout_s: float) -> bool:
        """True when a notification came (or several: they are drained together)."""
        got = False
        for _ in self._conn.notifies(timeout=timeout_s, stop_after=1):
            got = True
        if got:
            for _ in self._conn.notifies(timeout=0.0):
                pass
        return got

    def close(self) -> None:
        try:
            self._conn.close()
        except Exception:
            pass


def make_listener(store, poll_interval_s: float = 0.25):
    engine: Engine = store.engine
    if engine.dialect.name == "postgresql":
        return PgListener(engine)
    return PollListener(poll_interval_s)
