"""The wall's tour (巡检): the whole district, then each street in turn, at a fixed pace; a new
urgent case interrupts it for a while; a leader can pin the current view or step by hand.

Plain Python driven by the caller's clock (seconds), so it is tested without waiting.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from commandcenter.errors import ValidationError

Bounds = tuple[float, float, float, float]   # west, south, east, north
CASE_HALF_SPAN = (0.0045, 0.0035)            # ≈ 0.8 km × 0.8 km around a focused case


@dataclass(frozen=True)
class TourStop:
    """A view of the map: the whole district (bounds None), a street, or one case."""

    key: str
    bounds: Bounds | None
    case_id: int | None = None


def case_stop(case_id: int, lon: float, lat: float) -> TourStop:
    dx, dy = CASE_HALF_SPAN
    return TourStop(f"case:{case_id}", (lon - dx, lat - dy, lon + dx, lat + dy), case_id)


class Tour:
    """``tick(t)`` returns the stop to show when the view must change, else None."""

    def __init__(self, stops: Sequence[TourStop], dwell_s: float, hold_s: float | None = None):
        if not stops:
            raise ValidationError("tour", "[]", "needs at least the whole district")
        if dwell_s <= 0:
            raise ValidationError("tour_seconds", dwell_s, "must be positive")
        self._stops = list(stops)
        self._extra: list[TourStop] = []
        self._dwell = dwell_s
        self._hold = hold_s if hold_s is not None else 3 * dwell_s
        self._index = 0
        self._focus: TourStop | None = None
        self._since = 0.0
        self.pinned = False

    # Public API ---------------------------------------------------------------------------
    @property
    def current(self) -> TourStop:
        return self._focus or (self._stops + self._extra)[self._index]

    @property
    def stops(self) -> tuple[TourStop, ...]:
        """The district, its streets, then the warned grids and urgent cases of the moment."""
        return tuple(self._stops + self._extra)

    def set_extra(self, stops: Sequence[TourStop]) -> None:
        """The alerts the tour visits after the streets (replaced at every refresh)."""
        current = self.current
        self._extra = [s for s in stops if s not in self._stops]
        rotation = self._stops + self._extra
        self._index = rotation.index(current) if current in rotation else min(self._index, len(rotation) - 1)

    def start(self, t: float) -> TourStop:
        self._since = t
        return self.current

    def tick(self, t: float) -> TourStop | None:
        if self.pinned:
            return None
        if self._focus is not None:
            if t - self._since < self._hold:
                return None
            self._focus = None
            return self._move(1, t)
        if t - self._since < self._dwell:
            return None
        return self._move(1, t)

    def step(self, delta: int, t: float) -> TourStop:
        """Arrow keys: the next or previous stop of the tour, even while pinned."""
        self._focus = None
        return self._move(delta, t)

    def toggle_pin(self, t: float) -> bool:
        self.pinned = not self.pinned
        self._since = t
        return self.pinned

    def focus(self, stop: TourStop, t: float) -> TourStop | None:
        """Show ``stop`` (a new urgent case) for the hold time, then go on with the tour.
        A pinned view stays: the leader chose it."""
        if self.pinned:
            return None
        self._focus = stop
        self._since = t
        return stop

    # Private API --------------------------------------------------------------------------
    def _move(self, delta: int, t: float) -> TourStop:
        rotation = self._stops + self._extra
        self._index = (self._index + delta) % len(rotation)
        self._since = t
        return rotation[self._index]
