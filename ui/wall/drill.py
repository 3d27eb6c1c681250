"""A leader's drill-down on the wall: from the whole district (city) into a street, a community,
a grid or a department by a click on the map or on a chart's bar (Enter: the busiest area), one
step back with Esc, home with Home (plain Python)."""
from __future__ import annotations

from ui.wall.presenter import WallFigures
from ui.wall.render import ordered_areas
from ui.wall.selection import Selection, child_selection


class DrillDown:
    """``current``: what the wall shows, starting at ``top``; the way back up is remembered."""

    def __init__(self, top: Selection):
        self.top = top
        self.current = top
        self._back: list[Selection] = []

    def select(self, selection: Selection) -> bool:
        """Go to ``selection``; False when it is already shown."""
        if selection == self.current:
            return False
        self._back.append(self.current)
        self.current = selection
        return True

    def back(self) -> bool:
        """One step back up (street → district → city …); False at the top."""
        if not self._back:
            return False
        self.current = self._back.pop()
        return True

    def home(self) -> None:
        self._back.clear()
        self.current = self.top


def area_row(figures: WallFigures | None, index: int) -> Selection | None:
    """The area of the area chart's bar ``index`` (bars busiest first), one level down."""
    if figures is None:
        return None
    areas = ordered_areas(figures.streets)
    return child_selection(figures.selection, areas[index].code) if 0 <= index < len(areas) else None


def department_row(figures: WallFigures | None, index: int) -> Selection | None:
    """The department of the department chart's bar ``index``."""
    if figures is not None and 0 <= index < len(figures.departments):
        return Selection("department", figures.departments[index].code)
    return None
