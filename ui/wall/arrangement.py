"""Where the wall's panels go on a wall of R × C equal screens: plain Python, no Qt.

Every screen is cut into the same grid of cells (:data:`CELLS_PER_SCREEN`), and every panel is
placed on whole cells of **one** screen, so a bezel never runs through a number, a chart or a
label: it falls in the gap between panels. Only the map may span a block of screens, and then an
odd number of them each way, so its centre (the district, a selected street) sits in the middle of
a screen, never on a bezel.

- the header runs along the top row of screens, one segment per screen (freshness, the title,
  the clock on separate screens when there are several);
- the ticker runs along the bottom row, one ticker per screen (each shows its share of entries);
- the map takes the screen (or odd block of screens) in the middle; the KPI tiles, the "now"
  panel and the four charts share the other screens, grouped on one screen when there are few.

A wide canvas from an LED or video controller is one "screen" to the system: give its panel grid
(``--grid 4x2``) and, when the controller leaves pixels behind the bezels, their width
(``--bezel-px 12``); :func:`screen_rects` then finds each panel's pixels.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from commandcenter.errors import ValidationError

#: cells of the panel grid per screen: columns, rows
CELLS_PER_SCREEN = (48, 40)
HEADER_ROWS = 3
TICKER_ROWS = 3
MAX_SCREENS_PER_SIDE = 8
#: the blocks that share the screens other than the map's, in reading order
BLOCKS = ("kpis", "now", "hourly", "trend", "ranking", "streets")
KPI_TILES = 6


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h


@dataclass(frozen=True)
class Placement:
    row: int
    col: int
    rows: int
    cols: int


@dataclass(frozen=True)
class WallLayout:
    """``columns`` × ``rows`` screens and where each panel goes on the cells of the wall.

    Panel names: ``header.N`` and ``ticker.N`` (one per screen column), ``kpis.N`` (the KPI tiles
    may be spread over several screens, ``kpi_parts[N]`` says which tiles and in what grid),
    ``map``, ``now``, ``hourly``, ``trend``, ``ranking``, ``streets``."""

    columns: int
    rows: int
    placements: dict[str, Placement] = field(hash=False, compare=False)
    kpi_parts: tuple[tuple[tuple[int, ...], tuple[int, int]], ...] = ()
    header_parts: tuple[tuple[str, ...], ...] = ()
    pages: tuple[str, ...] = ()
    """Panels that share one place and take turns in it (a single screen read from the room has
    no space for all of them at a legible size); empty: every panel has a place of its own."""

    @property
    def name(self) -> str:
        return f"{self.columns}x{self.rows}"

    @property
    def grid_size(self) -> tuple[int, int]:
        """(columns, rows) of the whole cell grid."""
        return self.columns * CELLS_PER_SCREEN[0], self.rows * CELLS_PER_SCREEN[1]

    def screen_of(self, p: Placement) -> tuple[tuple[int, int], tuple[int, int]]:
        """(first screen, last screen) as (column, row) of a placement."""
        per_col, per_row = CELLS_PER_SCREEN
        return ((p.col // per_col, p.row // per_row),
                ((p.col + p.cols - 1) // per_col, (p.row + p.rows - 1) // per_row))


def parse_grid(text: str, option: str = "--layout") -> tuple[int, int]:
    """'4x2' → (4, 2): columns × rows of equal screens, 1 to 8 each way."""
    try:
        columns, rows = (int(v) for v in str(text).strip().lower().replace("×", "x").split("x"))
    except ValueError:
        raise ValidationError(option, text, "expected COLUMNSxROWS of screens, e.g. 3x1, 2x2, 4x2") from None
    if not (1 <= columns <= MAX_SCREENS_PER_SIDE and 1 <= rows <= MAX_SCREENS_PER_SIDE):
        raise ValidationError(option, text, f"from 1x1 to {MAX_SCREENS_PER_SIDE}x{MAX_SCREENS_PER_SIDE} screens")
    return columns, rows


def grid_for_canvas(width: int, height: int) -> tuple[int, int]:
    """The screens one canvas most likely is, when nobody said: as many 16:9 screens side by side
    as its shape holds (5760×1080 → 3×1, 3840×2160 → 1×1). A controller's canvas of stacked
    panels (7680×2160 from 4×2 1080p panels) cannot be told from its size: give ``--grid``."""
    return max(1, min(MAX_SCREENS_PER_SIDE, round(width / height / (16 / 9)))), 1


def screen_rects(width: int, height: int, columns: int, rows: int, bezel_px: int = 0) -> list[list[Rect]]:
    """The pixels of each screen of a ``width`` × ``height`` canvas, as ``[row][column]``;
    ``bezel_px`` pixels between neighbours are hidden behind the bezels (bezel compensation)."""
    if bezel_px < 0 or bezel_px * max(columns - 1, rows - 1) * 4 >= min(width, height):
        raise ValidationError("--bezel-px", bezel_px, "must be 0 or more and much less than a screen")
    sw = (width - (columns - 1) * bezel_px) / columns
    sh = (height - (rows - 1) * bezel_px) / rows
    rects = []
    for r in range(rows):
        y0, y1 = round(r * (sh + bezel_px)), round(r * (sh + bezel_px) + sh)
        rects.append([Rect(round(c * (sw + bezel_px)), y0, round(c * (sw + bezel_px) + sw) - round(c * (sw + bezel_px)),
                           y1 - y0) for c in range(columns)])
    return rects


def placement_rect(p: Placement, screens: list[list[Rect]]) -> Rect:
    """The pixels a placement covers on a canvas cut into ``screens`` (from :func:`screen_rects`)."""
    per_col, per_row = CELLS_PER_SCREEN
    first = screens[p.row // per_row][p.col // per_col]
    last = screens[(p.row + p.rows - 1) // per_row][(p.col + p.cols - 1) // per_col]
    x0 = first.x + round((p.col % per_col) * first.w / per_col)
    y0 = first.y + round((p.row % per_row) * first.h / per_row)
    x1 = last.x + round(((p.col + p.cols - 1) % per_col + 1) * last.w / per_col)
    y1 = last.y + round(((p.row + p.rows - 1) % per_row + 1) * last.h / per_row)
    return Rect(x0, y0, x1 - x0, y1 - y0)


def _odd_up_to(n: int) -> list[int]:
    return [k for k in range(1, n + 1, 2)]


def map_block(columns: int, rows: int) -> tuple[int, int]:
    """(width, height) in screens of the map: an odd number each way (its centre mid-screen),
    as large as leaves 6 to 11 screens for the other blocks; one screen on small walls."""
    n = columns * rows
    if n <= 7:
        return 1, 1
    best = (1, 1)
    for mw in _odd_up_to(columns):
        for mh in _odd_up_to(rows):
            left = n - mw * mh
            if 6 <= left <= 11:
                squareness = abs(mw * 16 / (mh * 9) - 16 / 9)
                key = (mw * mh, -squareness)
                if key > (best[0] * best[1], -abs(best[0] * 16 / (best[1] * 9) - 16 / 9)):
                    best = (mw, mh)
    if best == (1, 1) and n > 12:   # no block leaves 6 to 11: the largest that leaves 6 or more
        fits = [(mw * mh, mw, mh) for mw in _odd_up_to(columns) for mh in _odd_up_to(rows) if n - mw * mh >= 6]
        _area, *best = max(fits)
        best = tuple(best)
    return best


def _kpi_split(screens: int) -> list[tuple[tuple[int, ...], tuple[int, int]]]:
    """The six tiles over ``screens`` screens: (tile indexes, (columns, rows)) per screen."""
    if screens == 1:
        per = [(3, 2)]
    else:   # as evenly as they go, side by side
        per = [(KPI_TILES // screens + (1 if i < KPI_TILES % screens else 0), 1) for i in range(screens)]
    parts, start = [], 0
    for cols, rows in per:
        count = cols * rows
        parts.append((tuple(range(start, start + count)), (cols, rows)))
        start += count
    return parts


def _header_parts(columns: int) -> list[tuple[str, ...]]:
    """What each screen of the top row shows in its header segment."""
    if columns == 1:
        return [("freshness", "title", "clock")]
    if columns == 2:
        return [("freshness", "title"), ("clock",)]
    parts: list[tuple[str, ...]] = [()] * columns
    parts[0] = ("freshness",)
    parts[(columns - 1) // 2] = ("title",)
    parts[-1] = ("clock",)
    return parts


def _split(body: Placement, weights: list[float], vertical: bool) -> list[Placement]:
    """Cut ``body`` into consecutive parts of whole cells, proportional to ``weights``."""
    total, edges, acc = sum(weights), [0], 0.0
    length = body.rows if vertical else body.cols
    for w in weights:
        acc += w
        edges.append(round(acc / total * length))
    out = []
    for a, b in zip(edges, edges[1:]):
        out.append(Placement(body.row + a, body.col, b - a, body.cols) if vertical
                   else Placement(body.row, body.col + a, body.rows, b - a))
    return out


def _screen_groups(screens: int) -> list[list[str]]:
    """The blocks each non-map screen holds, in reading order."""
    if screens <= 0:
        return []
    if screens == 1:
        return [["kpis", "now", "hourly", "trend", "ranking", "streets"]]
    if screens == 2:
        return [["kpis", "now"], ["hourly", "trend", "ranking", "streets"]]
    if screens == 3:
        return [["kpis", "now"], ["hourly", "trend"], ["ranking", "streets"]]
    if screens == 4:
        return [["kpis"], ["now"], ["hourly", "trend"], ["ranking", "streets"]]
    if screens == 5:
        return [["kpis"], ["now"], ["hourly", "trend"], ["ranking"], ["streets"]]
    kpi_screens = min(screens - 5, KPI_TILES)
    spare = screens - 5 - kpi_screens   # only on walls of more than 4 × 4 screens
    return [["kpis"]] * kpi_screens + [["now"], ["hourly"], ["trend"], ["ranking"], ["streets"]] + [["spare"]] * spare


def _place_group(group: list[str], body: Placement) -> dict[str, Placement]:
    if len(group) == 1:
        return {group[0]: body}
    if group == ["kpis", "now"]:
        top, bottom = _split(body, [3, 2], vertical=True)
        return {"kpis": top, "now": bottom}
    if len(group) == 2:
        a, b = _split(body, [1, 1], vertical=True)
        return {group[0]: a, group[1]: b}
    if len(group) == 4:
        top, bottom = _split(body, [1, 1], vertical=True)
        tl, tr = _split(top, [1, 1], vertical=False)
        bl, br = _split(bottom, [1, 1], vertical=False)
        return dict(zip(group, (tl, tr, bl, br)))
    # all six on one screen: the tiles on top, the five panels below
    top, bottom = _split(body, [1, 3], vertical=True)
    upper, lower = _split(bottom, [1, 1], vertical=True)
    out = {"kpis": top}
    out.update(zip(("now", "hourly", "trend"), _split(upper, [1, 1, 1], vertical=False)))
    out.update(zip(("ranking", "streets"), _split(lower, [1, 1], vertical=False)))
    return out


PAGES = ("now", "ranking", "streets", "trend", "hourly")
"""The panels that take turns beside the map on a single screen, in their order."""


def _single_screen() -> WallLayout:
    """One 16:9 screen: the KPI strip over the map and, beside it, one large panel that shows in
    turn "now", the department ranking, the areas, the trend and the hourly reports. Type that
    reads from 8 m is about 1/23 of a 4K screen's height: six small charts would show three rows
    each and cut their titles; one panel of the map's height shows every row and title whole."""
    p = Placement
    beside = p(12, 22, 25, 26)
    placements = {"header.0": p(0, 0, 3, 48), "kpis.0": p(3, 0, 9, 48), "map": p(12, 0, 25, 22),
                  **{name: beside for name in PAGES}, "ticker.0": p(37, 0, 3, 48)}
    return WallLayout(1, 1, placements, ((tuple(range(KPI_TILES)), (6, 1)),), tuple(_header_parts(1)), PAGES)


def make_layout(columns: int, rows: int) -> WallLayout:
    """The layout of ``columns`` × ``rows`` equal screens (see the module's description)."""
    if not (1 <= columns <= MAX_SCREENS_PER_SIDE and 1 <= rows <= MAX_SCREENS_PER_SIDE):
        raise ValidationError("--layout", f"{columns}x{rows}",
                              f"from 1x1 to {MAX_SCREENS_PER_SIDE}x{MAX_SCREENS_PER_SIDE} screens")
    if columns == rows == 1:
        return _single_screen()
    per_col, per_row = CELLS_PER_SCREEN
    placements: dict[str, Placement] = {}
    for c in range(columns):
        placements[f"header.{c}"] = Placement(0, c * per_col, HEADER_ROWS, per_col)
        placements[f"ticker.{c}"] = Placement(rows * per_row - TICKER_ROWS, c * per_col, TICKER_ROWS, per_col)

    def body(c: int, r: int) -> tuple[int, int]:
        """(first row, row count) of a screen's cells left by the header and the ticker."""
        top = r * per_row + (HEADER_ROWS if r == 0 else 0)
        bottom = (r + 1) * per_row - (TICKER_ROWS if r == rows - 1 else 0)
        return top, bottom - top

    mw, mh = map_block(columns, rows)
    mc, mr = (columns - mw) // 2, (rows - mh) // 2
    top, _ = body(mc, mr)
    last_top, last_count = body(mc, mr + mh - 1)
    placements["map"] = Placement(top, mc * per_col, last_top + last_count - top, mw * per_col)
    others = [(c, r) for r in range(rows) for c in range(columns)
              if not (mc <= c < mc + mw and mr <= r < mr + mh)]
    groups = _screen_groups(len(others))
    kpi_screens = sum(1 for g in groups if "kpis" in g)
    kpi_parts = tuple(_kpi_split(kpi_screens))
    k = 0
    for (c, r), group in zip(others, groups):
        first, count = body(c, r)
        area = Placement(first, c * per_col, count, per_col)
        for name, placement in _place_group(group, area).items():
            if name == "kpis":
                name, k = f"kpis.{k}", k + 1
            elif name == "spare":
                name = f"spare.{c}.{r}"
            placements[name] = placement
    return WallLayout(columns, rows, placements, kpi_parts, tuple(_header_parts(columns)))
