"""Statutory holidays (法定节假日) for years the official calendar does not know yet.

``chinese-calendar`` carries the State Council's published arrangement (days off and swapped
working days, 调休) and stops at the last year announced. For later years the days off are
computed by the ``holidays`` package's China calendar, which derives the lunar festivals
(Spring Festival, Qingming, Dragon Boat, Mid-Autumn) from the lunar calendar for any year and
adds the solar ones (New Year, Labour Day, National Day) with their usual bridging days.
What it cannot know is the swapped working weekends, so such a year stays *estimated* until an
administrator enters and confirms the published arrangement (``holiday import``/``holiday confirm``).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache


@lru_cache(maxsize=64)
def estimated_days_off(year: int) -> dict[date, str]:
    """The computed statutory days off of ``year``, each with the festival's name."""
    # Imported here: the package loads every country's module (~0.2 s), and years the
    # official calendar knows never need it.
    from holidays.countries.china import China

    return dict(China(years=year, categories=("public",)).items())


def is_estimated_day_off(day: date) -> bool:
    return day in estimated_days_off(day.year)
