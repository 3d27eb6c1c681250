"""The wall's titles: the centre's name in the header, each panel titled with what the wall is
showing ("各街道在办案件 · 片区03"), and the map's title with the tour's place, the heat and whether
the tour is pinned. Where a full title would not fit whole, a shorter form rather than a cut."""
from __future__ import annotations

from typing import Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from commandcenter.case import Case
from commandcenter.districts import district_codes
from ui.wall.pager import Pager
from ui.wall.panels import Header, Panel
from ui.wall.render import area_name
from ui.wall.selection import CODE_LENGTH, Selection
from ui.wall.tour import TourStop

translate = QCoreApplication.translate


def centre_title(top: Selection, context) -> str:
    """The centre's name: the city's (with its count of districts) or the district's."""
    if top.level == "city":
        return translate("WallWindow", "City Operations Centre · {count} districts").format(
            count=len(district_codes(context.district_map)))
    district = context.district_map.district.name if context.district_map else ""
    return translate("WallWindow", "{district} City Operations Centre").format(district=district).strip()


class WallTitles:
    """Titles the ``panels`` and ``headers`` (a list the window grows with its screens) of a wall
    whose whole is ``top``, named ``centre`` (:func:`centre_title`); a panel taking turns with
    others (``pager``) shows its place."""

    def __init__(self, context, top: Selection, centre: str, panels: Mapping[str, Panel],
                 headers: Sequence[Header], pager: Pager):
        self._context = context
        self._top = top
        self.centre = centre
        self._panels = panels
        self._headers = headers
        self._pager = pager

    def selection_name(self, selection: Selection, *, short: bool = False) -> str:
        """The selection's name from the top ("片区03 片区03-02"); ``short``: its own name only
        (in a city, after its district's)."""
        if selection.level == "city":
            return translate("WallWindow", "Whole city")
        if selection.is_whole:
            return translate("WallWindow", "Whole district")
        if selection.level == "department":
            return self._context.department_name(selection.code)
        names = []
        code = selection.code or ""
        # a city's areas are named with their district first
        levels = ("district", "street", "community", "grid") if self._top.level == "city" else (
            "street", "community", "grid")
        for level in levels:
            length = CODE_LENGTH[level]
            if len(code) >= length:
                names.append(area_name(level, code[:length], self._context))
            if level == selection.level:
                break
        if short and len(names) > 1:   # its own name, after its district's in a city (names repeat there)
            names = [names[0], names[-1]] if self._top.level == "city" else names[-1:]
        return " ".join(names)

    def title_map(self, selection: Selection, stop: TourStop, cases: Mapping[int, Case], heat: str,
                  pinned: bool) -> None:
        """The map's title: the selection, else the tour's stop; the heat shown; touring or pinned."""
        if not selection.is_whole:
            where = self.selection_name(selection)
        elif stop.case_id is not None:
            case = cases.get(stop.case_id)
            where = translate("WallWindow", "Urgent case {number}").format(
                number=case.number if case else stop.case_id)
        elif stop.key.startswith("warning:"):
            where = translate("WallWindow", "Early warning {place}").format(place=self.selection_name(
                Selection("grid", stop.key.partition(":")[2])))
        elif stop.bounds is None:
            where = self.selection_name(self._top)
        elif len(stop.key) == CODE_LENGTH["district"]:
            where = area_name("district", stop.key, self._context)
        else:
            where = self._context.street_name(stop.key)
        heat_words = translate("WallWindow", "open cases") if heat == "open" else \
            translate("WallWindow", "overdue cases")
        state = translate("WallWindow", "pinned") if pinned else translate("WallWindow", "touring")
        title = translate("WallWindow", "City map") if self._top.level == "city" else \
            translate("WallWindow", "District map")
        short = self.selection_name(selection, short=True) if not selection.is_whole else where
        self._panels["map"].set_title(f"{title} · {where} · {heat_words} · {state}",
                                      f"{where} · {heat_words} · {state}", f"{where} · {state}", f"{short} · {state}",
                                      short)

    def title_panels(self, selection: Selection, level: str | None) -> None:
        """Each panel and header titled with the selection (``level``: the areas the area chart
        lists)."""
        full = "" if selection.is_whole else f" · {self.selection_name(selection)}"
        short = "" if selection.is_whole else f" · {self.selection_name(selection, short=True)}"
        areas = {"district": (translate("WallWindow", "Districts: open cases (red: overdue)"),
                              translate("WallWindow", "Districts (red: overdue)")),
                 "street": (translate("WallWindow", "Streets: open cases (red: overdue)"),
                            translate("WallWindow", "Streets (red: overdue)")),
                 "community": (translate("WallWindow", "Communities: open cases (red: overdue)"),
                               translate("WallWindow", "Communities (red: overdue)")),
                 "grid": (translate("WallWindow", "Grids: open cases (red: overdue)"),
                          translate("WallWindow", "Grids (red: overdue)"))
                 }.get(level or "", ("", ""))
        for name, (title, brief) in (
                ("hourly", (translate("WallWindow", "Reports per hour"), translate("WallWindow", "Reports per hour"))),
                ("trend", (translate("WallWindow", "On-time closing rate, last 30 days"),
                           translate("WallWindow", "On-time closing, 30 days"))),
                ("ranking", (translate("WallWindow", "Departments: on-time handling (red: cases overdue now)"),
                             translate("WallWindow", "Departments (red: overdue)"))),
                ("streets", areas)):
            # drilled down, the place outlasts the panel's name (the chart shows what it is)
            self.set_title(name, title + full, title + short, brief + short, short[3:] or brief)
        plain = translate("WallWindow", "City Operations Centre")   # where the district's name does not fit
        for header in self._headers:
            header.set_title(self.centre + full, self.centre + short, full[3:] or self.centre, short[3:] or plain)

    def set_title(self, name: str, *titles: str) -> None:
        """A panel's title forms, longest first; a panel taking turns adds its place ("2/5")."""
        mark = self._pager.mark(name)
        marked = [f"{t}  {mark}" for t in titles] if mark else []
        self._panels[name].set_title(*marked[:-1], *titles)   # the mark goes before the selection does
