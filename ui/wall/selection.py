"""What the wall is showing: the whole city (a database of several districts) or the whole
district, or a leader's drill-down into a district, a street, a community, a grid or a department
(plain Python). Area codes nest: a grid's code starts with its community's, a community's with
its street's, a street's with its district's six digits (GB/T 30428)."""
from __future__ import annotations

from dataclasses import dataclass

from commandcenter.case import Case

AREA_LEVELS = ("city", "district", "street", "community", "grid")
CODE_LENGTH = {"district": 6, "street": 9, "community": 12, "grid": 15}
FIELD = {"street": "street_code", "community": "community_code", "grid": "grid_code",
         "department": "department_code"}


@dataclass(frozen=True)
class Selection:
    """``Selection()`` is the whole of a one-district database, ``Selection("city")`` the whole of
    a city of several; ``Selection("district", "110105")`` one district of a city."""

    level: str = "district"
    code: str | None = None

    @property
    def is_whole(self) -> bool:
        """Everything the wall watches (the whole city, or the one district)."""
        return self.level == "city" or (self.level == "district" and self.code is None)

    @property
    def child_level(self) -> str | None:
        """The areas the wall's area chart lists for this selection (None: a grid has none)."""
        if self.level == "department":
            return "street"
        i = AREA_LEVELS.index(self.level)
        return AREA_LEVELS[i + 1] if i + 1 < len(AREA_LEVELS) else None

    def contains(self, case: Case) -> bool:
        if self.is_whole:
            return True
        if self.level == "district":
            return area_of(case, "district") == self.code
        return getattr(case, FIELD[self.level]) == self.code

    def owns(self, area_code: str) -> bool:
        """Whether an area code lies inside this selection (a department's cases come from all)."""
        return self.is_whole or self.level == "department" or (
            self.level in CODE_LENGTH and area_code.startswith(self.code or ""))


def area_of(case: Case, level: str) -> str:
    """The code of the case's area at ``level`` ('district': the first six digits of its grid)."""
    if level == "district":
        return (case.grid_code or case.street_code or "")[:CODE_LENGTH["district"]]
    return getattr(case, FIELD[level]) or ""


def drill_into_grid(current: Selection, grid_code: str) -> Selection:
    """A click on the map's grid: one level further down towards it (city → its district → its
    street → its community → the grid); a click outside the current area starts from its street
    (from its district when the whole city was shown)."""
    if current.level == "city":
        return Selection("district", grid_code[:CODE_LENGTH["district"]])
    if current.level in ("department", "district") or not current.owns(grid_code):
        return Selection("street", grid_code[:CODE_LENGTH["street"]])
    if current.level == "street":
        return Selection("community", grid_code[:CODE_LENGTH["community"]])
    return Selection("grid", grid_code)


def child_selection(current: Selection, code: str) -> Selection:
    """A click on a bar of the area chart: that area, one level down."""
    level = current.child_level
    return Selection(level, code) if level else current
