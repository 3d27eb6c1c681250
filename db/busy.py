"""Waiting for another desk's lock, within a bound (数据库繁忙，正在重试).

A write transaction first takes the log's lock (SQLite: BEGIN IMMEDIATE, for every writer;
PostgreSQL: the feed counter row FOR UPDATE, for the service's commands), so the wait happens
before the command has done anything and can be retried whole. Each try waits at most the
busy / lock timeout of db.engine; when a try fails the desk is told, once, that the database is
busy and that it is retrying. A frozen desk on PostgreSQL is cut off by the server after
``IDLE_IN_TRANSACTION_MS``, so the retries then get through; on SQLite the lock clears when the
frozen process goes on or ends."""
from __future__ import annotations

import sys
import time
from typing import Callable, TypeVar

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import DBAPIError

from .faults import fault_code

T = TypeVar("T")

#: how long a command keeps retrying before it gives up with a database_busy fault
RETRY_FOR_S = 30.0


def say_busy() -> None:
    from commandcenter.messages import cli_language, message

    print(message("database_busy_retrying", cli_language()), file=sys.stderr, flush=True)


#: what a waiting command tells its user; a screen replaces it with its status line
notice: Callable[[], None] = say_busy


def retry_while_busy(attempt: Callable[[], T]) -> T:
    """``attempt()``, tried again while it fails because the database is busy, for up to
    ``RETRY_FOR_S``; then the busy error goes up (the CLI says database_busy)."""
    give_up = time.monotonic() + RETRY_FOR_S
    pause, told = 0.1, False
    while True:
        try:
            return attempt()
        except DBAPIError as exc:
            if fault_code(exc) != "database_busy" or time.monotonic() >= give_up:
                raise
            if not told:
                notice()
                told = True
            time.sleep(pause)   # lets the holder finish; the lock wait itself is the server's
            pause = min(pause * 2, 1.0)


def begin_writing(engine: Engine) -> Connection:
    """A connection inside a write transaction holding the log's lock; retries while busy."""
    from .engine import writer
    from .models import FeedCounter

    def attempt() -> Connection:
        conn = writer(engine).connect()
        try:
            conn.begin()
            if conn.dialect.name == "postgresql":
                conn.execute(select(FeedCounter.id).where(FeedCounter.id == 1).with_for_update())
            return conn
        except BaseException:
            conn.close()
            raise

    # SQLite's BEGIN retries by itself (db.engine), for every writer
    return attempt() if engine.dialect.name == "sqlite" else retry_while_busy(attempt)
