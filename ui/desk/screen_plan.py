"""Where the desk's four panels go on one, two or three monitors: pure arithmetic on rectangles
(x, y, width, height), no Qt, so it is tested for every arrangement without a screen.

Rule: a panel never lies across a bezel. Monitors are given as their rectangles, or as one big
canvas (a 5760×1080 desktop spanning three 1920×1080 monitors) cut into equal monitors.

- 1 monitor: queue | map | case panel over the board along the bottom (the classic desk);
- 2 monitors: queue | case panel on the first, the map over the board on the second;
- 3 or more: queue | case panel on the first, the map on the second, the board on the third
  (further monitors are left alone).
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from commandcenter.errors import ValidationError

Rect = tuple[int, int, int, int]
PANELS = ("queue", "map", "panel", "board")

#: shares of one monitor's width / height
ONE_SCREEN_COLUMNS = (0.35, 0.41, 0.24)   # queue, map, case panel
ONE_SCREEN_BOARD = 0.32                   # board's share of the height
TWO_SCREEN_QUEUE = 0.58                   # queue's share of the first monitor, the case panel the rest
TWO_SCREEN_BOARD = 0.36                   # board's share of the second monitor's height


class LayoutError(ValidationError):
    """A screen count or grid that cannot be used, with the option named."""


def parse_grid(text: str) -> tuple[int, int]:
    """"3x1" → (3 columns, 1 row)."""
    match = re.fullmatch(r"\s*([1-9])\s*[xX×]\s*([1-9])\s*", text or "")
    if not match:
        raise LayoutError("--grid", text, "expected COLUMNSxROWS such as 3x1")
    return int(match.group(1)), int(match.group(2))


def split_canvas(canvas: Rect, columns: int, rows: int = 1) -> list[Rect]:
    """One canvas cut into ``columns`` × ``rows`` equal monitors, left to right, then top to bottom;
    the last column and row take the pixels a division leaves over."""
    if columns < 1 or rows < 1:
        raise LayoutError("--screens", f"{columns}x{rows}", "at least one screen")
    x, y, width, height = canvas
    xs = [x + width * i // columns for i in range(columns + 1)]
    ys = [y + height * j // rows for j in range(rows + 1)]
    return [(xs[i], ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j]) for j in range(rows) for i in range(columns)]


def ordered(screens: Iterable[Rect]) -> list[Rect]:
    """Monitors in reading order: top row first, left to right."""
    return sorted(screens, key=lambda r: (r[1], r[0]))


def screens_for(physical: Sequence[Rect], count: int | None = None,
                grid: tuple[int, int] | None = None) -> list[Rect]:
    """The monitors to lay the desk out on. ``physical`` are the screens the system reports;
    ``count`` (``--screens N``) takes the first N of them, or cuts a single canvas into N side by
    side when the system reports fewer; ``grid`` (``--grid CxR``) cuts the first screen's canvas
    (or the union of all screens) into C × R monitors."""
    physical = ordered(physical)
    if not physical:
        raise LayoutError("--screens", count, "the system reports no screen")
    if grid is not None:
        return split_canvas(union(physical), *grid)
    if count is None:
        return physical[:3]
    if count < 1:
        raise LayoutError("--screens", count, "at least 1")
    if len(physical) >= count:
        return physical[:count]
    if len(physical) == 1:
        return split_canvas(physical[0], count)
    raise LayoutError("--screens", count, f"the system has {len(physical)} screens")


def union(rects: Sequence[Rect]) -> Rect:
    left = min(r[0] for r in rects)
    top = min(r[1] for r in rects)
    right = max(r[0] + r[2] for r in rects)
    bottom = max(r[1] + r[3] for r in rects)
    return left, top, right - left, bottom - top


def _columns(screen: Rect, shares: Sequence[float], top: int, height: int) -> list[Rect]:
    x, _, width, _ = screen
    edges = [x]
    for share in shares[:-1]:
        edges.append(edges[-1] + round(width * share))
    edges.append(x + width)
    return [(edges[i], top, edges[i + 1] - edges[i], height) for i in range(len(shares))]


def plan(screens: Sequence[Rect]) -> dict[str, tuple[int, Rect]]:
    """Panel name → (index of its monitor in ``screens``, its rectangle in global pixels)."""
    if not screens:
        raise LayoutError("--screens", 0, "no screen to lay the desk out on")
    first = screens[0]
    x, y, width, height = first
    if len(screens) == 1:
        board_h = round(height * ONE_SCREEN_BOARD)
        queue, map_, panel = _columns(first, ONE_SCREEN_COLUMNS, y, height - board_h)
        return {"queue": (0, queue), "map": (0, map_), "panel": (0, panel),
                "board": (0, (x, y + height - board_h, width, board_h))}
    queue, panel = _columns(first, (TWO_SCREEN_QUEUE, 1 - TWO_SCREEN_QUEUE), y, height)
    if len(screens) == 2:
        sx, sy, sw, sh = screens[1]
        board_h = round(sh * TWO_SCREEN_BOARD)
        return {"queue": (0, queue), "panel": (0, panel), "map": (1, (sx, sy, sw, sh - board_h)),
                "board": (1, (sx, sy + sh - board_h, sw, board_h))}
    return {"queue": (0, queue), "panel": (0, panel), "map": (1, screens[1]), "board": (2, screens[2])}


def crosses(rect: Rect, screen: Rect) -> bool:
    """True when ``rect`` is partly on ``screen`` and partly off it (it lies across a bezel)."""
    x, y, w, h = rect
    sx, sy, sw, sh = screen
    overlap_w = min(x + w, sx + sw) - max(x, sx)
    overlap_h = min(y + h, sy + sh) - max(y, sy)
    overlaps = overlap_w > 0 and overlap_h > 0
    inside = sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh
    return overlaps and not inside
