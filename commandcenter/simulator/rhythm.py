"""When reports arrive: a city's daily rhythm (quiet nights, a morning peak while the
supervisors walk their grids, a smaller afternoon peak) and fewer reports on days off."""
from __future__ import annotations

import math
import random
from datetime import date, timedelta

LOCAL_OFFSET_S = 8 * 3600          # Asia/Shanghai has no daylight saving: local hours = UTC hours + 8
HOUR_S = 3600.0

_RAW_PROFILE = (
    0.15, 0.10, 0.08, 0.08, 0.10, 0.20,     # 00–05 night
    0.45, 1.05, 2.10, 2.55, 2.45, 1.90,     # 06–11 morning peak 08–11
    1.05, 1.20, 1.70, 1.85, 1.60, 1.20,     # 12–17 lunch dip, afternoon peak
    0.85, 0.65, 0.55, 0.45, 0.30, 0.20,     # 18–23 evening
)
#: relative arrival rate per local hour (0–23); mean 1.0
HOURLY_PROFILE: tuple[float, ...] = tuple(x * 24 / sum(_RAW_PROFILE) for x in _RAW_PROFILE)
DAY_OFF_FACTOR = 0.7   # weekends and holidays: fewer patrols, fewer calls


def local_hour(ts: float) -> int:
    return int((ts + LOCAL_OFFSET_S) // HOUR_S) % 24


def local_date(ts: float) -> date:
    return date(1970, 1, 1) + timedelta(days=int((ts + LOCAL_OFFSET_S) // 86400))


class ArrivalRhythm:
    """A Poisson process whose rate follows :data:`HOURLY_PROFILE` and the working calendar.

    ``daily_volume`` is the expected number of reports on a working day.
    """

    def __init__(self, daily_volume: float, calendar):
        self.daily_volume = daily_volume
        self._calendar = calendar
        self._day_factor: dict[date, float] = {}

    def rate_per_s(self, ts: float) -> float:
        day = local_date(ts)
        factor = self._day_factor.get(day)
        if factor is None:
            factor = 1.0 if self._calendar.is_working_day(day) else DAY_OFF_FACTOR
            self._day_factor[day] = factor
        return self.daily_volume * factor * HOURLY_PROFILE[local_hour(ts)] / 86400.0

    def next_arrival(self, ts: float, rng: random.Random) -> float:
        """The next arrival after ``ts``: exact for a rate that is constant within each hour."""
        need = rng.expovariate(1.0)
        while True:
            hour_end = (math.floor(ts / HOUR_S) + 1) * HOUR_S
            rate = self.rate_per_s(ts)
            room = rate * (hour_end - ts)
            if need <= room:
                return ts + need / rate
            need -= room
            ts = hour_end

    def start_of_last(self, end_ts: float, expected: float) -> float:
        """The moment from which ``expected`` reports are expected until ``end_ts`` (quiet
        hours make the stretch longer: ~15 minutes at the morning peak, hours at night)."""
        ts, need = end_ts, expected
        while True:
            hour_start = (math.ceil(ts / HOUR_S) - 1) * HOUR_S
            rate = self.rate_per_s(hour_start)
            room = rate * (ts - hour_start)
            if need <= room:
                return ts - need / rate
            need -= room
            ts = hour_start
