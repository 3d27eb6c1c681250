"""Durations as operators read them, in their language: time left "剩 2:05" / "2:05 left" under
one day of the clock, "剩 19天11小时" / "19 d 11 h left" above it; "到期" / "due now" in the
minute of the deadline; "超期 8天1小时" / "8 d 1 h overdue" once it has passed. Time limits in
words: "7个工作日" / "7 working days"."""
from __future__ import annotations

import math

from commandcenter.worktime import NATURAL_HOURS, WORK_DAYS, WORK_HOURS, TimeLimit

_DAYS_HOURS = {"zh": "{days}天{hours}小时", "en": "{days} d {hours} h"}
_DUE_NOW = {"zh": "到期", "en": "due now"}
_LEFT = {"zh": "剩 {time}", "en": "{time} left"}
_OVERDUE = {"zh": "超期 {time}", "en": "{time} overdue"}
_LIMIT_WORDS = {
    "zh": {WORK_DAYS: "{n}个工作日", WORK_HOURS: "{n}个工作小时", NATURAL_HOURS: "{n}小时"},
    "en": {WORK_DAYS: ("{n} working day", "{n} working days"),
           WORK_HOURS: ("{n} working hour", "{n} working hours"),
           NATURAL_HOURS: ("{n} hour", "{n} hours")},
}


def format_remaining(seconds: float, day_seconds: int = 86400, lang: str = "zh") -> str:
    """Time left on a clock whose day is ``day_seconds`` long (a working day for working time)."""
    if 0 <= seconds < 60:
        return _DUE_NOW.get(lang, _DUE_NOW["en"])
    # Overdue time rounds up, so a case one second late never reads "超期 0:00".
    left = math.ceil(-seconds / 60) * 60 if seconds < 0 else int(seconds)
    if left < day_seconds:
        time = f"{left // 3600}:{left % 3600 // 60:02d}"
    else:
        days, rest = divmod(left, day_seconds)
        time = _days_hours(days, rest // 3600, lang)
    pattern = _OVERDUE if seconds < 0 else _LEFT
    return pattern.get(lang, pattern["en"]).format(time=time)


def format_age(seconds: float, lang: str = "zh") -> str:
    """Natural time since something happened: "0:35", "5:10", "3天4小时"."""
    left = max(0, int(seconds))
    if left < 86400:
        return f"{left // 3600}:{left % 3600 // 60:02d}"
    days, rest = divmod(left, 86400)
    return _days_hours(days, rest // 3600, lang)


def _days_hours(days: int, hours: int, lang: str) -> str:
    return _DAYS_HOURS.get(lang, _DAYS_HOURS["en"]).format(days=days, hours=hours)


def format_limit(limit: TimeLimit | str, lang: str = "zh") -> str:
    """A time limit in words: "7个工作日" / "7 working days", "4个工作小时", "2小时" / "2 hours".
    Accepts a :class:`TimeLimit` or its text ("7wd"); bad text raises ValidationError."""
    if isinstance(limit, str):
        limit = TimeLimit.parse(limit)
    amount = int(limit.amount) if limit.amount.is_integer() else limit.amount
    if lang == "zh":
        return _LIMIT_WORDS["zh"][limit.unit].format(n=amount)
    one, many = _LIMIT_WORDS["en"][limit.unit]
    return (one if amount == 1 else many).format(n=amount)
