"""The order of the linkage board's departments, as pure list arithmetic: the selected case's
default department first, then the operator's pinned departments in their order, then the rest
by load (cases in hand, most first; ties in the catalogue's order)."""
from __future__ import annotations

from typing import Mapping, Sequence


def department_order(codes: Sequence[str], load: Mapping[str, int], focus: str | None,
                     pinned: Sequence[str]) -> list[str]:
    """``codes`` in the catalogue's order → the board's order, left to right."""
    position = {code: i for i, code in enumerate(codes)}
    rest = sorted((c for c in codes if c not in pinned), key=lambda c: (-load.get(c, 0), position[c]))
    head = [focus] if focus in position else []
    return list(dict.fromkeys(head + [c for c in pinned if c in position] + rest))


def pin(pinned: Sequence[str], code: str, on: bool) -> list[str]:
    """Pinned last (rightmost of the pinned), or unpinned."""
    return [c for c in pinned if c != code] + ([code] if on else [])


def move_pinned(pinned: Sequence[str], code: str, delta: int) -> list[str]:
    """One place left (-1) or right (+1) among the pinned."""
    codes = list(pinned)
    index = codes.index(code)
    target = min(max(index + delta, 0), len(codes) - 1)
    codes[index], codes[target] = codes[target], codes[index]
    return codes


def move_onto(pinned: Sequence[str], code: str, onto: str) -> list[str]:
    """A department dragged onto another column: pinned before it when that one is pinned, else
    after the pinned ones."""
    codes = [c for c in pinned if c != code]
    codes.insert(codes.index(onto) if onto in codes else len(codes), code)
    return codes
