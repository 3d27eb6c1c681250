"""Early warnings (早预警): a unit grid or a street whose intake in the last hours is far above
its usual level for those hours of the day.

The rule ("far above", documented for the README):

1. **Now** is the number ``k`` of reports (any source, any outcome) created in the area in the
   last ``window_hours`` (default 3 h).
2. **Usual** is the count in the *same clock hours* on each of the previous ``baseline_days``
   days (default 28; fewer if the history is shorter, no warnings at all under
   ``min_history_days`` = 7). The busiest of those days is dropped, so one past burst does not
   hide the next one, and one pseudo-report is added, so an area that never had a report still
   has a small, non-zero expected count::

       expected λ = (sum of the daily counts − the largest daily count + 1) / days

3. An area is flagged when all of these hold:

   - ``k ≥ min_count`` (3 reports for a grid, 6 for a street): a couple of reports is never news;
   - ``k ≥ min_ratio · λ`` (default 2×): far above, not merely above;
   - the Poisson upper tail ``P(X ≥ k | λ)`` is below ``alpha / number of areas`` of that level
     (``alpha`` = 0.01, a Bonferroni correction): with ~4,000 grids checked at once an ordinary
     day shows on average at most one false warning per hundred evaluations of the whole wall.

Pure functions over the situation picture's cases (any objects with ``created_at``,
``grid_code`` and ``street_code``); no Qt, no database.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable, Mapping

from .errors import ValidationError

DAY = timedelta(days=1)
LEVELS = ("grid", "street")


@dataclass(frozen=True)
class WarningRule:
    """The thresholds of the early-warning rule (see the module docstring)."""

    window_hours: float = 3.0
    baseline_days: int = 28
    min_history_days: int = 7
    min_count: Mapping[str, int] = field(default_factory=lambda: {"grid": 3, "street": 6})
    min_ratio: float = 2.0
    alpha: float = 0.01

    def __post_init__(self) -> None:
        if not 0 < self.window_hours <= 24:
            raise ValidationError("window_hours", self.window_hours, "expected more than 0 and at most 24 hours")
        if not 1 <= self.min_history_days <= self.baseline_days:
            raise ValidationError("baseline_days", self.baseline_days, "must be at least min_history_days (≥ 1)")
        if not 0 < self.alpha < 1:
            raise ValidationError("alpha", self.alpha, "expected a probability between 0 and 1")
        if self.min_ratio < 1:
            raise ValidationError("min_ratio", self.min_ratio, "expected 1 or more")

    @property
    def window(self) -> timedelta:
        return timedelta(hours=self.window_hours)


@dataclass(frozen=True)
class EarlyWarning:
    """One flagged area: ``count`` reports in [window_start, window_end) against ``expected``."""

    level: str            # 'grid' or 'street'
    code: str
    count: int
    expected: float
    p_value: float
    window_start: datetime
    window_end: datetime

    @property
    def ratio(self) -> float:
        return self.count / self.expected


def poisson_upper_tail(k: int, lam: float) -> float:
    """P(X ≥ k) for X ~ Poisson(lam), summed upwards from k so tiny tails keep their precision."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    total, i = 0.0, k
    while True:
        term = math.exp(log_term)
        total += term
        i += 1
        log_term += math.log(lam) - math.log(i)
        if i > lam and term < total * 1e-12:
            return min(1.0, total)


def expected_count(daily_counts: Iterable[int], days: int) -> float:
    """λ from the same hours of ``days`` previous days: drop the busiest, add one pseudo-report."""
    counts = list(daily_counts)
    busiest = max(counts, default=0)
    return (sum(counts) - busiest + 1) / days


def history_days(cases: Iterable, now: datetime, rule: WarningRule) -> int:
    """How many previous days' windows the history covers completely (capped at baseline_days)."""
    earliest = min((c.created_at for c in cases), default=None)
    if earliest is None:
        return 0
    covered = (now - rule.window - earliest) // DAY
    return max(0, min(rule.baseline_days, covered))


def window_counts(cases: Iterable, now: datetime, rule: WarningRule, days: int) -> dict[str, dict[str, list[int]]]:
    """Per level and area: reports in the window of day 0 (now) and of each previous day 1..days."""
    counts: dict[str, dict[str, list[int]]] = {level: defaultdict(lambda: [0] * (days + 1)) for level in LEVELS}
    window = rule.window
    for case in cases:
        age = now - case.created_at
        if age <= timedelta(0):
            continue
        # the case is in day d's window when d·24h < age ≤ d·24h + window
        day = -((-age) // DAY) - 1
        if day > days or age - day * DAY > window:
            continue
        counts["grid"][case.grid_code][day] += 1
        counts["street"][case.street_code][day] += 1
    return counts


def early_warnings(cases: Iterable, now: datetime, rule: WarningRule = WarningRule(),
                   areas: Mapping[str, int] | None = None) -> list[EarlyWarning]:
    """Every grid and street flagged at ``now``, the most surprising first.

    ``areas`` gives the number of grids and streets of the district (the Bonferroni divisor);
    without it the number of areas that had any report in the period is used.
    """
    cases = list(cases)
    days = history_days(cases, now, rule)
    if days < rule.min_history_days:
        return []
    counts = window_counts(cases, now, rule, days)
    start = now - rule.window
    found = []
    for level in LEVELS:
        by_area = counts[level]
        n_areas = max(1, (areas or {}).get(level) or len(by_area))
        threshold = rule.alpha / n_areas
        min_count = rule.min_count[level]
        for code, daily in by_area.items():
            count = daily[0]
            if count < min_count:
                continue
            lam = expected_count(daily[1:], days)
            if count < rule.min_ratio * lam:
                continue
            p_value = poisson_upper_tail(count, lam)
            if p_value <= threshold:
                found.append(EarlyWarning(level, code, count, lam, p_value, start, now))
    found.sort(key=lambda w: (w.p_value, w.level, w.code))
    return found
