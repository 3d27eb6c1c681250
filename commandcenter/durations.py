"""Durations as operators read them, in their language: "2:05" under one day of the clock,
"3天4小时" / "3d 4h" above it; a minus sign once a deadline has passed."""
from __future__ import annotations

import math

_DAYS_HOURS = {"zh": "{days}天{hours}小时", "en": "{days}d {hours}h"}


def format_remaining(seconds: float, day_seconds: int = 86400, lang: str = "zh") -> str:
    """Time left on a clock whose day is ``day_seconds`` long (a working day for working time)."""
    sign = "-" if seconds < 0 else ""
    # Overdue time rounds up, so a case one second late never reads "-0:00".
    left = math.ceil(-seconds / 60) * 60 if seconds < 0 else int(seconds)
    if left < day_seconds:
        return f"{sign}{left // 3600}:{left % 3600 // 60:02d}"
    days, rest = divmod(left, day_seconds)
    return sign + _days_hours(days, rest // 3600, lang)


def format_age(seconds: float, lang: str = "zh") -> str:
    """Natural time since something happened: "0:35", "5:10", "3天4小时"."""
    left = max(0, int(seconds))
    if left < 86400:
        return f"{left // 3600}:{left % 3600 // 60:02d}"
    days, rest = divmod(left, 86400)
    return _days_hours(days, rest // 3600, lang)


def _days_hours(days: int, hours: int, lang: str) -> str:
    return _DAYS_HOURS.get(lang, _DAYS_HOURS["en"]).format(days=days, hours=hours)
