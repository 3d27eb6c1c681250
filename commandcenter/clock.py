"""Time helpers: the domain stores UTC and shows Asia/Shanghai."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(dt: datetime) -> datetime:
    """Aware UTC; a naive value is read as UTC (the database returns naive UTC on SQLite)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def local(dt: datetime) -> datetime:
    return as_utc(dt).astimezone(LOCAL_TZ)


def parse_local(text: str) -> datetime:
    """An ISO date or date-time typed by a user, read in Asia/Shanghai unless it has an offset."""
    from .errors import ValidationError

    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise ValidationError("time", text, "not an ISO date or date-time (e.g. 2026-11-26 or 2026-11-26T08:00)") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=LOCAL_TZ)
    return dt.astimezone(timezone.utc)
