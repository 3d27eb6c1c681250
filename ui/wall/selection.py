"""What the wall is showing: the whole district, or a leader's drill-down into a street, a
community, a grid or a department (plain Python). Area codes nest: a grid's code starts with its
community's, a community's with its street's (GB/T 30428)."""
from __future__ import annotations

from dataclasses import dataclass

from commandcenter.case import Case

AREA_LEVELS = ("district", "street", "community", "grid")
CODE_LENGTH = {"street": 9, "community": 12, "grid": 15}
FIELD = {"street": "street_code", "community": "community_code", "grid": "grid_code",
         "department": "department_code"}


@dataclass(frozen=True)
class Selection:
    level: str = "district"
    code: str | None = None

    @property
    def is_district(self) -> bool:
        return self.level == "district"

    @property
    def child_level(self) -> str | None:
        """The areas the wall's area chart lists for this selection (None: a grid has none)."""
        if self.level == "department":
            return "street"
        i = AREA_LEVELS.index(self.level)
        return AREA_LEVELS[i + 1] if i + 1 < len(AREA_LEVELS) else None

    def contains(self, case: Case) -> bool:
        return self.is_district or getattr(case, FIELD[self.level]) == self.code

    def owns(self, area_code: str) -> bool:
        """Whether an area code lies inside this selection (a department's cases come from all)."""
        return self.is_district or self.level == "department" or (
            self.level in CODE_LENGTH and area_code.startswith(self.code or ""))


def drill_into_grid(current: Selection, grid_code: str) -> Selection:
    """A click on the map's grid: one level further down towards it (district → its street →
    its community → the grid); a click outside the current area starts from its street."""
    if current.level in ("district", "department") or not current.owns(grid_code):
        return Selection("street", grid_code[:CODE_LENGTH["street"]])
    if current.level == "street":
        return Selection("community", grid_code[:CODE_LENGTH["community"]])
    return Selection("grid", grid_code)


def child_selection(current: Selection, code: str) -> Selection:
    """A click on a bar of the area chart: that area, one level down."""
    level = current.child_level
    return Selection(level, code) if level else current
