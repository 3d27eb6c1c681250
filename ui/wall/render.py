"""Figures into what the wall's widgets take: chart rows, ticker entries and map markers, named
in the wall's language. Only case numbers, classes and places are ever written: no reporter."""
from __future__ import annotations

from datetime import datetime
from typing import Mapping, Sequence

from commandcenter.districts import district_codes
from widgets.short_names import short_department_name, without_district
from ui.wall.presenter import DepartmentFigure, MarkerFigure, StreetFigure, TickerItem
from widgets.charts import BarRow
from widgets.map_view import CaseMarker
from widgets.context import DeskContext
from widgets.now_list import NowEntry
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
        # "云河区水务局" reads "水务局" on the district's own wall; short where the full name does not fit
        name = without_district(context.department_name(d.code), district)
        short = short_department_name(d.code, name, context.catalog, context.lang, district)
        rows.append(BarRow(name, ((0.0 if rate is None else rate * 100, rate_colour(rate)),), tuple(notes),
                           short if short != name else ""))
    return rows


def district_names(district_map) -> dict[str, str]:
    """Each district's name by code. A city's map (:func:`commandcenter.districts.merge`) is named
    by its districts' names joined with "、" in code order; one district is named itself."""
    codes = district_codes(district_map)
    if district_map is None or not codes:
        return {}
    names = district_map.district.name.split("、") if len(codes) > 1 else [district_map.district.name]
    return dict(zip(codes, names)) if len(names) == len(codes) else {code: code for code in codes}


def district_labels(district_map) -> list[tuple[str, str, tuple[float, float]]]:
    """A city's districts for the map's names: (code, name, label point) each, the point the
    centre of the grid nearest the mean of the district's grid centres (inside the district
    even where it is not convex). Nothing for one district (its name is in the title)."""
    names = district_names(district_map)
    if len(names) < 2:
        return []
    labels = []
    for code, name in names.items():
        centres = [g.centroid for g in district_map.grids if g.code.startswith(code)]
        if not centres:
            continue
        mean = (sum(x for x, _y in centres) / len(centres), sum(y for _x, y in centres) / len(centres))
        point = min(centres, key=lambda c: (c[0] - mean[0]) ** 2 + (c[1] - mean[1]) ** 2)
        labels.append((code, name, (float(point[0]), float(point[1]))))
    return labels


def area_name(level: str | None, code: str, context: DeskContext) -> str:
    if level == "district":
        return district_names(context.district_map).get(code, code)
    if level == "community":
        return context.community_name(code)
    if level == "grid":
        return context.grid_label(code)
    return context.street_name(code)


def ordered_areas(streets: Sequence[StreetFigure]) -> list[StreetFigure]:
    """Areas with the most open cases first (the order of the area chart's bars)."""
    return sorted(streets, key=lambda s: (-s.open, s.code))


def street_rows(streets: Sequence[StreetFigure], context: DeskContext, level: str | None = "street") -> list[BarRow]:
    """Areas (streets, or the communities or grids of a selection) with the most open cases
    first; the red part of a bar is overdue."""
    return [BarRow(area_name(level, s.code, context), ((s.overdue, POOR), (s.open - s.overdue, OPEN)),
                   ((str(s.open), TEXT),)) for s in ordered_areas(streets)]


def marker_of(figure: MarkerFigure, context: DeskContext) -> CaseMarker:
    return CaseMarker(figure.case_id, figure.lon, figure.lat, figure.state, True,
                      context.stage_name(figure.stage), f"{figure.number} {context.class_name(figure.class_code)}")


def overdue_words(hours: float, words: Mapping[str, str], in_words=None) -> str:
    """"超期 1天2小时" (``in_words``: the desk's duration words on the case's own clock) or
    "超期 2.5 小时"; under three minutes "刚超期" (never "超期 -0.0 小时")."""
    if hours < 0.05:
        return words["just_overdue"]
    if in_words is not None:
        return in_words(hours)
    return words["overdue_text"].format(hours=f"{hours:.1f}")


def elapsed_words(seconds: float, words: Mapping[str, str]) -> str:
    """How long ago: "12 分钟前", "3.5 小时前"."""
    minutes = max(0, int(seconds // 60))
    if minutes < 90:
        return words["minutes_ago"].format(minutes=minutes)
    return words["hours_ago"].format(hours=f"{seconds / 3600:.1f}")


def place_name(street_code: str, community_code: str, context: DeskContext) -> str:
    """"片区12 片区12-09"; in a city of several districts the district first ("东郊区 片区12 …"):
    derived street names repeat from one district to the next."""
    districts = district_names(context.district_map)
    parts = [districts.get((street_code or "")[:6], "")] if len(districts) > 1 else []
    parts += [context.street_name(street_code) if street_code else "",
              context.community_name(community_code) if community_code else ""]
    return " ".join(p for p in parts if p)


def warning_place(w, context: DeskContext, words: Mapping[str, str]) -> str:
    if w.level == "grid":
        grid = context.district_map.grid(w.code) if context.district_map else None
        return " ".join(p for p in (place_name(grid.street_code, grid.community_code, context) if grid else "",
                                    words["grid"].format(grid=context.grid_label(w.code))) if p)
    return place_name(w.code, "", context)


def now_entries(items: Sequence[TickerItem], context: DeskContext, words: Mapping[str, str],
                now: datetime) -> list[NowEntry]:
    """The "now" panel: early warnings and urgent cases, newest first, each with its class,
    place, how long ago it began and (a warning) how many reports."""
    entries = []
    for item in items:
        if item.kind not in ("warning", "urgent") or item.since is None:
            continue
        ago = elapsed_words((now - item.since).total_seconds(), words)
        what = context.class_name(item.class_code) if item.class_code else ""
        if item.kind == "warning":
            text = words["burst"].format(what=what or words["reports"], place=warning_place(item.warning, context,
                                                                                              words),
                                         count=item.count)
            entries.append((item.since, NowEntry(words["warning"], WARNING, text, ago)))
        else:
            place = place_name(item.street_code, item.community_code, context)
            entries.append((item.since, NowEntry(words["urgent"], POOR, f"{what} · {place} · {item.number}", ago)))
    entries.sort(key=lambda pair: pair[0], reverse=True)
    return [entry for _since, entry in entries]


def ticker_entries(items: Sequence[TickerItem], context: DeskContext, words: Mapping[str, str]) -> list[TickerEntry]:
    """Warnings first, then urgent cases, then the longest overdue; ``words`` are the translated
    tags and sentence patterns of the window."""
    entries = []
    for item in items:
        if item.kind == "warning":
            w = item.warning
            hours = f"{(w.window_end - w.window_start).total_seconds() / 3600:g}"
            text = words["warning_text"].format(place=warning_place(w, context, words), count=w.count, hours=hours,
                                                expected=f"{w.expected:.1f}")
            if item.class_code:
                text = f"{context.class_name(item.class_code)} · {text}"
            entries.append(TickerEntry(words["warning"], text, WARNING))
            continue
        place = place_name(item.street_code, item.community_code, context)
        text = f"{item.number} {context.class_name(item.class_code)} · {place}"
        if item.kind == "urgent":
            entries.append(TickerEntry(words["urgent"], text, FAIR))
        else:
            late = overdue_words(item.overdue_hours, words, lambda hours, unit=item.clock_unit:
                                 context.format_remaining(-hours * 3600, unit))
            entries.append(TickerEntry(words["overdue"], f"{text} · {late}", POOR))
    return entries
