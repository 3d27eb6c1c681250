"""Which screens form the wall and how its panels sit on them: plain Python, no Qt.

The wall is **one frameless window spanning the chosen screens** (one map page, one tour, one
set of numbers). The layout (``1x1`` one panel or 4K screen, ``3x1`` three monitors side by side,
``2x2`` four monitors) cuts that window into the screens' own grid, and every panel is placed on
whole cells of it, so a bezel never runs through a number: it falls in the gap between panels.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from commandcenter.errors import InputFileError, ValidationError
from ui.wall.arrangement import (CELLS_PER_SCREEN, Placement, Rect, WallLayout, grid_for_canvas,  # noqa: F401
                                 make_layout, parse_grid)

HEAT_MODES = ("open", "overdue")
DEFAULT_DISTANCE_M = 8.0
DEFAULT_DIAGONAL_IN = 98.0


def parse_layout(text: str, option: str = "--layout") -> WallLayout:
    """'3x3' → the layout of 3 × 3 equal screens (any from 1x1 to 8x8)."""
    return make_layout(*parse_grid(text, option))


def layout_for_size(width: int, height: int) -> WallLayout:
    """The layout a canvas of this shape most likely is (:func:`grid_for_canvas`): 5760×1080 is
    three 1080p screens; give ``--grid`` for stacked panels. ``wall`` and ``snapshot wall`` both
    decide here, so they agree on one canvas."""
    return make_layout(*grid_for_canvas(width, height))


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
    if columns * rows != len(rects):
        raise ValidationError("--screens", f"{len(rects)} screens",
                              f"they do not form a full grid ({columns} columns, {rows} rows): give --layout CxR")
    if len(rects) == 1:   # one screen may be one canvas of several panels (an LED controller)
        return layout_for_size(rects[0].w, rects[0].h)
    return parse_layout(f"{columns}x{rows}", "--screens")


@dataclass(frozen=True)
class WallSettings:
    """The wall's options, from the command line over an optional JSON configuration file."""

    screens: str = "primary"
    layout: str | None = None
    size: tuple[int, int] | None = None
    tour_seconds: float = 20.0
    heat: str = "open"
    grid: str | None = None
    bezel_px: int = 0
    distance_m: float = DEFAULT_DISTANCE_M
    diagonal_in: float = DEFAULT_DIAGONAL_IN

    def __post_init__(self) -> None:
        if self.heat not in HEAT_MODES:
            raise ValidationError("heat", self.heat, f"expected one of {HEAT_MODES}")
        if not 3 <= self.tour_seconds <= 3600:
            raise ValidationError("tour_seconds", self.tour_seconds, "expected 3 to 3600 seconds")
        if self.layout is not None:
            parse_layout(self.layout)
        if self.grid is not None:
            parse_layout(self.grid, "--grid")
        if not 0 <= int(self.bezel_px) <= 500:
            raise ValidationError("--bezel-px", self.bezel_px, "expected 0 to 500 pixels")
        if not 0.5 <= float(self.distance_m) <= 100:
            raise ValidationError("--distance-m", self.distance_m, "expected 0.5 to 100 metres")
        if not 10 <= float(self.diagonal_in) <= 1000:
            raise ValidationError("--diagonal-in", self.diagonal_in, "expected 10 to 1000 inches")

    def layout_for(self, width: int, height: int) -> WallLayout:
        """The layout of a window of this size: the panel grid given (``--grid``), else the
        screens' arrangement (``--layout``), else what the canvas's shape suggests."""
        if self.grid:
            return parse_layout(self.grid, "--grid")
        if self.layout:
            return parse_layout(self.layout)
        return layout_for_size(width, height)


_CONFIG_KEYS = {"screens", "layout", "size", "tour_seconds", "heat", "grid", "bezel_px", "distance_m", "diagonal_in"}


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
    for key, kind in (("tour_seconds", float), ("distance_m", float), ("diagonal_in", float), ("bezel_px", int)):
        if key in values:
            try:
                values[key] = kind(values[key])
            except (TypeError, ValueError):
                raise ValidationError(key, values[key], "not a number") from None
    return WallSettings(**values)
