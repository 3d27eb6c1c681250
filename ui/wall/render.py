"""Figures into what the wall's widgets take: chart rows, ticker entries and map markers, named
in the wall's language. Only case numbers, classes and places are ever written: no reporter."""
from __future__ import annotations

from typing import Mapping, Sequence

from ui.wall.presenter import DepartmentFigure, MarkerFigure, StreetFigure, TickerItem
from widgets.charts import BarRow
from widgets.map_view import CaseMarker
from widgets.context import DeskContext
from widgets.ticker import TickerEntry

GOOD = "#35c47c"
FAIR = "#ffb020"
POOR = "#ff4d4f"
OPEN = "#2f7cc0"
TEXT = "#c9dcf0"
WARNING = "#ffe066"
#: on-time handling rates at or above these read green / amber; below, red
GOOD_RATE, FAIR_RATE = 0.9, 0.75


def rate_colour(rate: float | None) -> str:
    if rate is None:
        return TEXT
    return GOOD if rate >= GOOD_RATE else FAIR if rate >= FAIR_RATE else POOR


def ranking_rows(departments: Sequence[DepartmentFigure], context: DeskContext, overdue_word: str) -> list[BarRow]:
    """Departments best first: the bar is the on-time handling rate in %, then the overdue count."""
    district = context.district_map.district.name if context.district_map else ""
    rows = []
    for d in departments:
        rate = d.on_time_handling_rate
        notes = [("—" if rate is None else f"{rate * 100:.0f}%", rate_colour(rate))]
        if d.overdue:
            notes.append((overdue_word.format(count=d.overdue), POOR))
        name = context.department_name(d.code)
        # "云河区水务局" reads "水务局" on the district's own wall
        name = name[len(district):] if district and name.startswith(district) and len(name) > len(district) else name
        rows.append(BarRow(name, ((0.0 if rate is None else rate * 100, rate_colour(rate)),), tuple(notes)))
    return rows


def street_rows(streets: Sequence[StreetFigure], context: DeskContext) -> list[BarRow]:
    """Streets with the most open cases first; the red part of a bar is overdue."""
    ordered = sorted(streets, key=lambda s: (-s.open, s.code))
    return [BarRow(context.street_name(s.code), ((s.overdue, POOR), (s.open - s.overdue, OPEN)),
                   ((str(s.open), TEXT),)) for s in ordered]


def marker_of(figure: MarkerFigure, context: DeskContext) -> CaseMarker:
    return CaseMarker(figure.case_id, figure.lon, figure.lat, figure.state, True,
                      context.stage_name(figure.stage), f"{figure.number} {context.class_name(figure.class_code)}")


def ticker_entries(items: Sequence[TickerItem], context: DeskContext, words: Mapping[str, str]) -> list[TickerEntry]:
    """Warnings first, then urgent cases, then the longest overdue; ``words`` are the translated
    tags and sentence patterns of the window."""
    entries = []
    for item in items:
        if item.kind == "warning":
            w = item.warning
            if w.level == "grid":
                grid = context.district_map.grid(w.code) if context.district_map else None
                place = " ".join(p for p in (context.street_name(grid.street_code) if grid else "",
                                             context.community_name(grid.community_code) if grid else "",
                                             words["grid"].format(grid=context.grid_label(w.code))) if p)
            else:
                place = context.street_name(w.code)
            hours = f"{(w.window_end - w.window_start).total_seconds() / 3600:g}"
            text = words["warning_text"].format(place=place, count=w.count, hours=hours,
                                                expected=f"{w.expected:.1f}")
            entries.append(TickerEntry(words["warning"], text, WARNING))
            continue
        place = f"{context.street_name(item.street_code)} {context.community_name(item.community_code)}"
        text = f"{item.number} {context.class_name(item.class_code)} · {place}"
        if item.kind == "urgent":
            entries.append(TickerEntry(words["urgent"], text, FAIR))
        else:
            late = context.format_remaining(-item.overdue_hours * 3600, item.clock_unit)
            entries.append(TickerEntry(words["overdue"], f"{text} · {late}", POOR))
    return entries
