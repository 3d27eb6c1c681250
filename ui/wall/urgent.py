"""Urgent cases and early warnings on the wall: a new emergency is brought into view at once
(its page forward, the map on it), and the tour visits the warned grids and the urgent cases
(plain Python)."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Mapping

from commandcenter.case import Case
from ui.wall.bounds import around
from ui.wall.presenter import TickerItem, is_highlighted
from ui.wall.tour import Bounds, TourStop, case_stop

NEW_CASE_WINDOW_S = 3600
MAX_ALERT_STOPS = 12


class UrgentFocus:
    """The open urgent cases already brought into focus (each only once)."""

    def __init__(self):
        self.highlighted: set[int] = set()

    def reset(self, cases: Mapping[int, Case]) -> None:
        """A fresh picture: what it holds is not news."""
        self.highlighted = {c.id for c in cases.values() if c.is_open and is_highlighted(c)}

    def newest_fresh(self, case_ids: Iterable[int], cases: Mapping[int, Case], now: datetime) -> Case | None:
        """Of the changed cases, the newest urgent one reported within the last hour and not
        yet brought into focus (None when there is none)."""
        fresh = []
        for case_id in case_ids:
            case = cases.get(case_id)
            if case is None or not (case.is_open and is_highlighted(case)) or case_id in self.highlighted:
                continue
            self.highlighted.add(case_id)
            if (now - case.created_at).total_seconds() < NEW_CASE_WINDOW_S:
                fresh.append(case)
        return max(fresh, key=lambda c: c.created_at) if fresh else None

    def forget_closed(self, cases: Mapping[int, Case]) -> None:
        """Remember only the open urgent cases already brought into focus: every urgent case
        ever seen would otherwise pile up for as long as the wall runs."""
        self.highlighted = {i for i in self.highlighted
                            if (c := cases.get(i)) is not None and c.is_open and is_highlighted(c)}


def alert_stops(ticker: Iterable[TickerItem], bounds: Mapping[str, Bounds],
                cases: Mapping[int, Case]) -> list[TourStop]:
    """The tour's extra stops: the grids of early warnings (with their surroundings) and the
    urgent cases."""
    stops = []
    for item in ticker:
        if item.kind == "warning" and item.warning.level == "grid" and item.warning.code in bounds:
            stops.append(TourStop(f"warning:{item.warning.code}", around(bounds[item.warning.code])))
        elif item.kind == "urgent":
            case = cases.get(item.case_id)
            if case is not None:
                stops.append(case_stop(case.id, case.lon, case.lat))
    return stops[:MAX_ALERT_STOPS]
