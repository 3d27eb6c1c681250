"""How fast people act and how often things go wrong.

The control room is staffed day and night but thinner at night; supervisors walk their grids
08:00–18:00 and verify or check the rest next morning; departments and the shift leader's
approvals run on the working-time clock. Durations are log-normal, as waiting and handling
times are in practice. The exception rates are the ones city reports publish (rework ~5 %,
returns ~3 %, extensions ~5 %, suspensions ~1 %, rejects and cancels a few %).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timezone

from ..worktime import NATURAL_HOURS, WORK_HOURS, TimeLimit
from .people import shift_of
from .rhythm import HOUR_S, LOCAL_OFFSET_S

MINUTE_S = 60.0
PATROL_START_H, PATROL_END_H = 8, 18


@dataclass(frozen=True)
class Rates:
    """Probabilities of the exception paths (each drawn once per case, when it is reported)."""

    reject_supervisor_report: float = 0.012   # 不受理 of a supervisor's own report
    reject_public_report: float = 0.035       # 不受理 of a hotline / video / referral report
    verify_public_report: float = 0.75        # public reports sent for on-site verification (核实)
    unconfirmed_on_site: float = 0.07         # the supervisor finds nothing there
    cancel: float = 0.012                     # 作废: a duplicate noticed by the shift leader
    difficult: float = 0.15                   # registered as 疑难, for classes that take days anyway
    wrong_dispatch: float = 0.03              # sent to a department that is not responsible
    dispatcher_corrects: float = 0.3          # ... and the dispatcher notices it first (二次派遣)
    unjustified_return: float = 0.008         # 推诿: a department returns a case that is its own
    suspension: float = 0.012                 # 挂账 requested
    suspension_approved: float = 0.8
    rush_when_late: float = 0.4               # a department that would be late finishes just in time
    extension_when_late: float = 0.42         # ... otherwise asks for more time (延期)
    extension_approved: float = 0.9
    rework: float = 0.05                      # 返工: the check on site fails
    rework_again: float = 0.02


@dataclass(frozen=True)
class Pace:
    """Medians (minutes or working hours) and spreads of the people's reaction times."""

    control_room_min: tuple[float, float, float] = (4.0, 6.0, 12.0)   # day, evening, night shift
    urgent_factor: float = 0.4
    verify_min: float = 18.0
    check_min: float = 35.0
    urgent_field_min: float = 20.0
    decision_wh: float = 1.2
    department_notice_wh: float = 0.7
    resume_wh: float = 28.0
    handling_sigma: float = 0.5
    reaction_sigma: float = 0.8
    rework_factor: float = 0.4


class Timing:
    """Turns the pace into concrete times (epoch seconds) on the right clock."""

    def __init__(self, calendar, pace: Pace = Pace()):
        self._calendar = calendar
        self.pace = pace

    def control_room(self, ts: float, urgent: bool, rng: random.Random) -> float:
        median = self.pace.control_room_min[shift_of(ts)] * (self.pace.urgent_factor if urgent else 1.0)
        return ts + _lognormal(rng, median, self.pace.reaction_sigma) * MINUTE_S

    def field(self, ts: float, urgent: bool, median_min: float, rng: random.Random) -> float:
        """When a supervisor is on the spot: soon during patrol hours, next morning otherwise;
        urgent cases get the on-call supervisor at any hour."""
        if urgent:
            return ts + _lognormal(rng, self.pace.urgent_field_min, 0.6) * MINUTE_S
        if _in_patrol(ts):
            at = ts + _lognormal(rng, median_min, 0.6) * MINUTE_S
            if _in_patrol(at):
                return at
        return _next_patrol(ts) + _lognormal(rng, median_min * 1.3, 0.8) * MINUTE_S

    def working(self, ts: float, hours: float) -> float:
        """``hours`` of working time after ``ts`` (the clock stops at night, lunch and days off)."""
        return self._add(ts, TimeLimit(max(hours, 0.01), WORK_HOURS))

    def decision(self, ts: float, rng: random.Random) -> float:
        return self.working(ts, _lognormal(rng, self.pace.decision_wh, 0.7))

    def department_notice(self, ts: float, rng: random.Random) -> float:
        return self.working(ts, _lognormal(rng, self.pace.department_notice_wh, 0.7))

    def resume(self, ts: float, rng: random.Random) -> float:
        return self.working(ts, _lognormal(rng, self.pace.resume_wh, 0.6))

    def handling_done(self, ts: float, small, tier: str, limit_hours: float, rework: bool,
                      rng: random.Random) -> float:
        """When the department finishes: log-normal around the class's median in working hours;
        urgent cases on the natural clock, around half their limit."""
        factor = self.pace.rework_factor if rework else 1.0
        if tier == "urgent":
            hours = _lognormal(rng, 0.5 * limit_hours * factor, self.pace.handling_sigma)
            return ts + hours * HOUR_S
        median = small.handle_hours_median * (2.0 if tier == "difficult" else 1.0) * factor
        return self.working(ts, _lognormal(rng, median, self.pace.handling_sigma))

    def extension_text(self, deadline: float, done: float, tier: str) -> str:
        """The extension a department asks for: enough to cover the work left, with a margin,
        in working days once it is more than a day's work."""
        if tier == "urgent":
            return f"{math.ceil((done - deadline) / HOUR_S * 1.3 + 0.5)}h"
        needed = self._calendar.working_seconds_between(_dt(deadline), _dt(done)) / HOUR_S * 1.3 + 0.5
        day = self._calendar.working_day_seconds / HOUR_S
        return f"{math.ceil(needed / day)}wd" if needed > day else f"{math.ceil(needed)}wh"

    def limit_hours(self, limit: TimeLimit) -> float:
        return self._calendar.limit_seconds(limit) / HOUR_S if limit.unit != NATURAL_HOURS else limit.amount

    def _add(self, ts: float, limit: TimeLimit) -> float:
        return self._calendar.add(_dt(ts), limit).timestamp()


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0.0, sigma))


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, timezone.utc)


def _local_seconds_of_day(ts: float) -> float:
    return (ts + LOCAL_OFFSET_S) % 86400


def _in_patrol(ts: float) -> bool:
    return PATROL_START_H * HOUR_S <= _local_seconds_of_day(ts) < PATROL_END_H * HOUR_S


def _next_patrol(ts: float) -> float:
    """The next 08:00 local time after ``ts``."""
    into_day = _local_seconds_of_day(ts)
    start = ts - into_day + PATROL_START_H * HOUR_S
    return start if start > ts else start + 86400

