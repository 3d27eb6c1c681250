"""Which screens form the wall and how its panels sit on them: plain Python, no Qt.

The wall is **one frameless window spanning the chosen screens** (one map page, one tour, one
set of numbers). The layout (``1x1`` one panel or 4K screen, ``3x1`` three monitors side by side,
``2x2`` four monitors) cuts that window into the screens' own grid, and every panel is placed on
whole cells of it, so a bezel never runs through a number: it falls in the gap between panels.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from commandcenter.errors import InputFileError, ValidationError

#: cells of the panel grid per screen: columns, rows
CELLS_PER_SCREEN = (48, 40)
HEAT_MODES = ("open", "overdue")


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Placement:
    row: int
    col: int
    rows: int
    cols: int


@dataclass(frozen=True)
class WallLayout:
    """``columns`` × ``rows`` screens, and where each panel goes on the panel grid."""

    columns: int
    rows: int
    placements: dict[str, Placement] = field(hash=False, compare=False)
    kpi_grid: tuple[int, int]   # KPI tiles as (columns, rows)

    @property
    def name(self) -> str:
        return f"{self.columns}x{self.rows}"

    @property
    def grid_size(self) -> tuple[int, int]:
        """(columns, rows) of the whole panel grid."""
        return self.columns * CELLS_PER_SCREEN[0], self.rows * CELLS_PER_SCREEN[1]


def _p(row, col, rows, cols) -> Placement:
    return Placement(row, col, rows, cols)


LAYOUTS: dict[str, WallLayout] = {
    # one 16:9 screen: KPI strip over a map flanked by two columns of charts
    "1x1": WallLayout(1, 1, {
        "header": _p(0, 0, 3, 48), "kpis": _p(3, 0, 7, 48),
        "hourly": _p(10, 0, 14, 13), "trend": _p(24, 0, 14, 13), "map": _p(10, 13, 28, 22),
        "ranking": _p(10, 35, 14, 13), "streets": _p(24, 35, 14, 13), "ticker": _p(38, 0, 2, 48),
    }, (6, 1)),
    # three screens side by side: numbers left, map centre, comparisons right
    "3x1": WallLayout(3, 1, {
        "header": _p(0, 0, 3, 144), "kpis": _p(3, 0, 19, 48), "hourly": _p(22, 0, 16, 48),
        "map": _p(3, 48, 35, 48),
        "ranking": _p(3, 96, 19, 24), "streets": _p(3, 120, 19, 24), "trend": _p(22, 96, 16, 48),
        "ticker": _p(38, 0, 2, 144),
    }, (3, 2)),
    # four screens: numbers top left, charts bottom left, the map over the right two
    "2x2": WallLayout(2, 2, {
        "header": _p(0, 0, 3, 96), "kpis": _p(3, 0, 37, 48),
        "hourly": _p(40, 0, 19, 24), "trend": _p(40, 24, 19, 24),
        "ranking": _p(59, 0, 19, 24), "streets": _p(59, 24, 19, 24),
        "map": _p(3, 48, 75, 48), "ticker": _p(78, 0, 2, 96),
    }, (3, 2)),
}


def parse_layout(text: str) -> WallLayout:
    layout = LAYOUTS.get(str(text).strip().lower())
    if layout is None:
        raise ValidationError("--layout", text, f"expected one of {', '.join(LAYOUTS)}")
    return layout


def layout_for_size(width: int, height: int) -> WallLayout:
    """The layout a window of this shape most likely is: very wide means three screens."""
    return LAYOUTS["3x1"] if width >= 4 * height else LAYOUTS["1x1"]


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in str(text).lower().split("x"))
    except ValueError:
        raise ValidationError("--size", text, "expected WIDTHxHEIGHT, e.g. 3840x2160") from None
    if not (320 <= w <= 20000 and 240 <= h <= 20000):
        raise ValidationError("--size", text, "width and height must be between 320×240 and 20000×20000")
    return w, h


def select_screens(available: Sequence[tuple[str, Rect]], spec: str, primary: int = 0) -> list[tuple[str, Rect]]:
    """``spec``: 'all', 'primary', or a comma list of screen numbers (0-based, in the order the
    system lists them) or names. The result is sorted top-to-bottom, left-to-right."""
    spec = (spec or "primary").strip()
    if not available:
        raise ValidationError("--screens", spec, "no screen is connected")
    if spec == "all":
        chosen = list(available)
    elif spec == "primary":
        chosen = [available[min(primary, len(available) - 1)]]
    else:
        chosen = []
        names = {name: (name, rect) for name, rect in available}
        for part in (p.strip() for p in spec.split(",") if p.strip()):
            if part.isdigit() and int(part) < len(available):
                chosen.append(available[int(part)])
            elif part in names:
                chosen.append(names[part])
            else:
                listed = ", ".join(f"{i}={n}" for i, (n, _r) in enumerate(available))
                raise ValidationError("--screens", part, f"no such screen (connected: {listed})")
    return sorted(dict.fromkeys(chosen), key=lambda s: (s[1].y, s[1].x))


def span(rects: Sequence[Rect]) -> Rect:
    """The rectangle covering all ``rects`` (the spanning window's geometry)."""
    x0, y0 = min(r.x for r in rects), min(r.y for r in rects)
    x1, y1 = max(r.x + r.w for r in rects), max(r.y + r.h for r in rects)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def infer_layout(rects: Sequence[Rect]) -> WallLayout:
    """The layout the chosen screens form, from their distinct positions."""
    columns, rows = len({r.x for r in rects}), len({r.y for r in rects})
    name = f"{columns}x{rows}"
    if name not in LAYOUTS:
        raise ValidationError("--screens", name, f"these screens form a {name} wall; "
                                                 f"give --layout (one of {', '.join(LAYOUTS)})")
    return LAYOUTS[name]


@dataclass(frozen=True)
class WallSettings:
    """The wall's options, from the command line over an optional JSON configuration file."""

    screens: str = "primary"
    layout: str | None = None
    size: tuple[int, int] | None = None
    tour_seconds: float = 20.0
    heat: str = "open"

    def __post_init__(self) -> None:
        if self.heat not in HEAT_MODES:
            raise ValidationError("heat", self.heat, f"expected one of {HEAT_MODES}")
        if not 3 <= self.tour_seconds <= 3600:
            raise ValidationError("tour_seconds", self.tour_seconds, "expected 3 to 3600 seconds")
        if self.layout is not None:
            parse_layout(self.layout)


_CONFIG_KEYS = {"screens", "layout", "size", "tour_seconds", "heat"}


def load_settings(path: str | None, overrides: dict) -> WallSettings:
    """Settings from ``path`` (JSON, e.g. {"screens": "0,1,2", "layout": "3x1", "tour_seconds": 30}),
    then every override that is not None (the command line wins)."""
    values: dict = {}
    if path:
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputFileError(str(path), "", f"cannot read: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise InputFileError(str(path), f"line {exc.lineno}", exc.msg) from None
        if not isinstance(document, dict):
            raise InputFileError(str(path), "", "expected a JSON object")
        unknown = set(document) - _CONFIG_KEYS
        if unknown:
            known = ", ".join(sorted(_CONFIG_KEYS))
            raise InputFileError(str(path), sorted(unknown)[0], f"unknown key (known: {known})")
        values.update(document)
        if isinstance(values.get("screens"), list):
            values["screens"] = ",".join(str(s) for s in values["screens"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    if isinstance(values.get("size"), str):
        values["size"] = parse_size(values["size"])
    if "tour_seconds" in values:
        try:
            values["tour_seconds"] = float(values["tour_seconds"])
        except (TypeError, ValueError):
            raise ValidationError("tour_seconds", values["tour_seconds"], "not a number") from None
    return WallSettings(**values)
