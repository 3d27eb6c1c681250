"""Many rows into one table straight through the database driver: what the demo's bulk copy and
the state-history backfill write (hundreds of thousands of rows).

SQLAlchemy's ``insert(table)`` with a list of dicts builds every row's parameters in Python,
column by column, through each type's bind processor; that was half of the demo's build. Here
the rows arrive as tuples in column order, only the columns whose type needs it are converted,
and the driver's ``executemany`` gets them as they are. The values stored are the ones
SQLAlchemy would store (a test compares both on SQLite and PostgreSQL)."""
from __future__ import annotations

from datetime import timezone
from typing import Callable, Iterable, Sequence

from sqlalchemy import Connection, Table

from .models import UtcDateTime

CHUNK = 5000
_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def insert_many(conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence], *,
                memo: dict | None = None) -> int:
    """INSERT ``rows`` (tuples in ``columns`` order) into ``table``; returns how many. ``memo``:
    converted values kept across calls (a history's times recur in its events, states and cases)."""
    memo = {} if memo is None else memo
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    marker = _MARKERS[dialect.paramstyle]
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
           f"VALUES ({', '.join([marker] * len(columns))})")
    converters = [(i, conv) for i, name in enumerate(columns)
                  if (conv := _converter(table.c[name].type, dialect, memo)) is not None]
    count, chunk = 0, []
    for row in rows:
        if converters:
            row = list(row)
            for i, conv in converters:
                row[i] = conv(row[i])
        chunk.append(tuple(row))
        if len(chunk) >= CHUNK:
            conn.exec_driver_sql(sql, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        conn.exec_driver_sql(sql, chunk)
        count += len(chunk)
    return count


def _converter(type_, dialect, memo: dict) -> Callable | None:
    if isinstance(type_, UtcDateTime) and dialect.name == "sqlite":
        return _remembered(_sqlite_utc_text, memo)
    return type_.bind_processor(dialect)


def _remembered(convert: Callable, texts: dict) -> Callable:
    """``convert`` with its answers kept in ``texts``: an event's time comes back as its state's
    start, as the case's registration or dispatch time, as the previous state's end; formatting
    a time costs thirty times a lookup."""

    def remembered(value):
        if value is None:
            return None
        text = texts.get(value)
        if text is None:
            text = texts[value] = convert(value)
        return text
    return remembered


def _sqlite_utc_text(value):
    """UTC as SQLAlchemy's SQLite DATETIME keeps it: ``2026-11-07 13:53:27.029045``."""
    if value is None:
        return None
    zone = value.tzinfo
    if zone is timezone.utc:     # the domain's times: skip the conversion ("+00:00" cut off)
        return value.isoformat(" ", "microseconds")[:-6]
    if zone is None:
        raise ValueError(f"naive datetime {value!r} given to the database; the domain stores aware UTC")
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
