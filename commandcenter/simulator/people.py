"""Who does the next step: the user of the right role who is on duty, the supervisor of the
case's grid, an operator of the case's department."""
from __future__ import annotations

import random
from typing import Iterable

from ..roles import Role, User
from .rhythm import local_hour

CONTROL_ROOM = (Role.CALL_TAKER, Role.DISPATCHER, Role.SHIFT_LEADER)
DAY, EVENING, NIGHT = 0, 1, 2
# Of every ten control-room staff, five work days, three evenings and two nights.
_SHIFT_PATTERN = (DAY, EVENING, DAY, NIGHT, DAY, EVENING, DAY, NIGHT, EVENING, DAY)


def shift_of(ts: float) -> int:
    """Control-room shifts: day 08–16, evening 16–24, night 00–08 (local time)."""
    hour = local_hour(ts)
    return DAY if 8 <= hour < 16 else EVENING if hour >= 16 else NIGHT


def supervisor_groups(grid_codes: Iterable[str], supervisors: Iterable[str]) -> dict[str, str]:
    """Each supervisor (监督员) walks one group of neighbouring grids: the grids in code order
    cut into equal runs, which keeps a group inside one community where sizes allow."""
    codes = sorted(grid_codes)
    names = sorted(supervisors)
    if not names:
        return {}
    per = len(codes) / len(names)
    return {code: names[min(len(names) - 1, int(i / per))] for i, code in enumerate(codes)}


class Roster:
    """The active users by role, shift, department and grid group."""

    def __init__(self, users: Iterable[User], grid_codes: Iterable[str]):
        active = sorted((u for u in users if u.active), key=lambda u: u.name)
        self._by_role: dict[Role, list[str]] = {}
        for user in active:
            self._by_role.setdefault(user.role, []).append(user.name)
        self._on_shift: dict[tuple[Role, int], list[str]] = {}
        for role in CONTROL_ROOM:
            names = self._by_role.get(role, [])
            for shift in (DAY, EVENING, NIGHT):
                mine = [n for i, n in enumerate(names) if _SHIFT_PATTERN[i % len(_SHIFT_PATTERN)] == shift]
                # too few staff to fill every shift: everyone covers the empty one
                self._on_shift[(role, shift)] = mine or names
        self._operators: dict[str, list[str]] = {}
        for user in active:
            if user.role is Role.DEPARTMENT and user.department_code:
                self._operators.setdefault(user.department_code, []).append(user.name)
        self.supervisor_of = supervisor_groups(grid_codes, self._by_role.get(Role.SUPERVISOR, []))

    def on_duty(self, role: Role, ts: float, rng: random.Random) -> str | None:
        """A control-room user of ``role`` on the shift at ``ts``."""
        names = self._on_shift.get((role, shift_of(ts))) or self._by_role.get(role)
        return rng.choice(names) if names else None

    def supervisor(self, grid_code: str) -> str | None:
        return self.supervisor_of.get(grid_code)

    def operator(self, department_code: str | None, rng: random.Random) -> str | None:
        names = self._operators.get(department_code or "")
        return rng.choice(names) if names else None

    def staffed_departments(self) -> list[str]:
        return sorted(self._operators)
