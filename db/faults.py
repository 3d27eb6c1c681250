"""Recognise database and storage faults in the drivers' exceptions: SQLite's result codes,
PostgreSQL's SQLSTATE, the OS's errno; the faults themselves are :mod:`commandcenter.faults`."""
from __future__ import annotations

import errno
import os
import sqlite3

from commandcenter.faults import DatabaseFault, fault

_SQLITE = {"SQLITE_NOTADB": "not_a_database", "SQLITE_CORRUPT": "database_corrupt", "SQLITE_FULL": "disk_full",
           "SQLITE_READONLY": "read_only_storage", "SQLITE_BUSY": "database_busy", "SQLITE_LOCKED": "database_busy",
           "SQLITE_CANTOPEN": "read_only_storage", "SQLITE_PERM": "read_only_storage"}
_SQLSTATE = {"55P03": "database_busy", "40P01": "database_busy", "57014": "database_busy",
             "25P03": "database_busy", "53100": "disk_full", "25006": "read_only_storage",
             "42501": "database_permission", "57P01": "server_unreachable", "57P02": "server_unreachable",
             "57P03": "server_unreachable", "08000": "server_unreachable", "08003": "server_unreachable",
             "08006": "server_unreachable", "08001": "server_unreachable", "3D000": "database_missing"}
_ERRNO = {errno.ENOSPC: "disk_full", errno.EDQUOT: "disk_full", errno.EROFS: "read_only_storage",
          errno.EACCES: "read_only_storage", errno.EPERM: "read_only_storage"}


def _causes(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__


def fault_code(exc: BaseException) -> str | None:
    """Which fault ``exc`` (or what caused it) is, or None when it is none of ours."""
    for cause in _causes(exc):
        if isinstance(cause, sqlite3.Error):
            name = getattr(cause, "sqlite_errorname", "") or ""
            code = _SQLITE.get(name) or ("storage_error" if name.startswith("SQLITE_IOERR") else None)
            if code:
                return code
            if "readonly" in str(cause) or "read-only" in str(cause):
                return "read_only_storage"
        sqlstate = getattr(cause, "sqlstate", None)
        if sqlstate in _SQLSTATE:
            return _SQLSTATE[sqlstate]
        if type(cause).__module__.startswith("psycopg") and type(cause).__name__ == "OperationalError":
            return "database_missing" if "does not exist" in str(cause) else "server_unreachable"
        if isinstance(cause, OSError) and cause.errno in _ERRNO:
            return _ERRNO[cause.errno]
    return None


def explain(exc: BaseException, where: str) -> DatabaseFault | None:
    """``exc`` as the fault a person is told about, or None when it is not a known fault."""
    if isinstance(exc, DatabaseFault):
        return exc
    code = fault_code(exc)
    if code == "storage_error" and _disk_full(where):
        code = "disk_full"   # SQLite says "disk I/O error" when the WAL index finds no room
    if code is None:
        return None
    detail = _first_line(exc)
    # a file the command reads or writes (an export, a snapshot) is the place, not the database
    filename = next((c.filename for c in _causes(exc) if isinstance(c, OSError) and c.filename), None)
    return fault(code, where=str(filename) if filename else where, detail=detail)


def _disk_full(where: str) -> bool:
    if not where.startswith("sqlite:///"):
        return False
    try:
        stats = os.statvfs(os.path.dirname(where[len("sqlite:///"):]) or ".")
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 64 * 1024


def _first_line(exc: BaseException) -> str:
    for cause in _causes(exc):
        if type(cause).__module__.startswith(("psycopg", "sqlite3")) or isinstance(cause, OSError):
            text = str(cause).strip().splitlines()
            return text[0] if text else type(cause).__name__
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
