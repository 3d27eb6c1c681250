"""Open cases found by place: their ids in squares of a few tens of metres, kept current case by
case, so "which open cases lie within 50 m of here" reads a handful of squares instead of every
open case of a city (the case panel asks it each time the operator moves to the next case)."""
from __future__ import annotations

import math
from typing import Iterable

from .case import Case

_M_PER_DEGREE = 111_000.0
"""A degree of latitude is 110.6–111.7 km: the smaller figure keeps the squares on the safe side."""


class NearbyCases:
    """Open cases with a position, by square of ``size_m`` (in degrees of latitude, the same
    number of degrees of longitude: the squares narrow to the north, and a look-up reaches as
    many more of them east and west as that needs)."""

    def __init__(self, cases: Iterable[Case] = (), size_m: float = 50.0):
        self._size = size = size_m / _M_PER_DEGREE
        floor = math.floor
        self._square_of: dict[int, tuple[int, int]] = {
            case.id: (floor(case.lat / size), floor(case.lon / size))
            for case in cases if case.is_open and case.lat is not None and case.lon is not None}
        self._squares: dict[tuple[int, int], set[int]] = {}
        squares = self._squares
        for case_id, square in self._square_of.items():
            members = squares.get(square)
            if members is None:
                squares[square] = {case_id}
            else:
                members.add(case_id)

    def __len__(self) -> int:
        return len(self._square_of)

    def put(self, case: Case) -> None:
        """Take ``case`` as it is now (moved, closed or reopened)."""
        self.discard(case.id)
        if not case.is_open or case.lat is None or case.lon is None:
            return
        square = (math.floor(case.lat / self._size), math.floor(case.lon / self._size))
        self._square_of[case.id] = square
        members = self._squares.get(square)
        if members is None:
            self._squares[square] = {case.id}
        else:
            members.add(case.id)

    def discard(self, case_id: int) -> None:
        square = self._square_of.pop(case_id, None)
        if square is not None:
            members = self._squares[square]
            members.discard(case_id)
            if not members:
                del self._squares[square]

    def around(self, lon: float, lat: float, radius_m: float) -> set[int]:
        """The ids of every open case within ``radius_m`` of the point (and some a little further:
        measure them)."""
        dlat = radius_m / _M_PER_DEGREE
        dlon = dlat / max(0.05, math.cos(math.radians(min(89.0, abs(lat) + dlat))))
        size, squares = self._size, self._squares
        found: set[int] = set()
        for row in range(math.floor((lat - dlat) / size), math.floor((lat + dlat) / size) + 1):
            for col in range(math.floor((lon - dlon) / size), math.floor((lon + dlon) / size) + 1):
                members = squares.get((row, col))
                if members:
                    found |= members
        return found
