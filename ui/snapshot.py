"""``commandcenter snapshot desk|wall|trainer --db URL --out FILE.png --size WxH [--user NAME]``:
render a screen offscreen, once its source has loaded the picture and the map has finished
loading and drawing, to a PNG of exactly the size asked for (for documentation, reports to
leaders and checks). The screen is built by the same function its own command uses. Nothing is
written to the database."""
from __future__ import annotations

import os
import re
import sys

SCREENS = ("desk", "wall", "trainer")
SETTLE_MS = 400


def add_arguments(parser) -> None:
    from ui.wall.arrangement import PAGES
    from ui.wall.cli import add_canvas_arguments

    parser.add_argument("screen", choices=SCREENS)
    parser.add_argument("--out", required=True, metavar="FILE.png")
    parser.add_argument("--size", default="1920x1080", metavar="WxH")
    parser.add_argument("--user", metavar="NAME", default=None,
                        help="show the desk as this user's role sees it (no password: nothing is written)")
    parser.add_argument("--screens", type=int, metavar="N", default=None,
                        help="desk: the image is N monitors side by side, the panels laid out one monitor each "
                             "(--grid CxR below cuts it the same way for the desk)")
    parser.add_argument("--intake", action="store_true",
                        help="desk: with the intake form open, filled in as an example (--user must report)")
    from ui.desk import snapshot_scene

    snapshot_scene.add_arguments(parser)
    wall_options = parser.add_argument_group("wall", "what `wall` is given, to preview exactly what it shows")
    add_canvas_arguments(wall_options)
    wall_options.add_argument("--draw-bezels", dest="draw_bezels", action="store_true",
                              help="draw the screens' bezels on the image (magenta; --bezel-px wide, else 6 px) "
                                   "to check that nothing readable lies under one")
    wall_options.add_argument("--page", default="now", choices=PAGES,
                              help="where panels take turns (one screen): the one to draw (default: now)")
    wall_options.add_argument("--at", default=None, metavar='"YYYY-MM-DD HH:MM"',
                              help="the wall at this local (Beijing) time: every case as the log had it then, "
                                   "the clock and today's figures at that moment (e.g. the night: \"2026-12-07 03:00\")")
    parser.add_argument("--timeout", type=float, default=60.0, metavar="S",
                        help="give up when the screen is not ready after this many seconds")


def draw_bezels(image, args) -> None:
    """The bezels between the wall's screens, where ``wall`` would put them on this canvas."""
    from PySide6.QtGui import QColor, QPainter

    from ui.wall.cli import settings_from_args
    from ui.wall.arrangement import screen_rects

    settings = settings_from_args(args, window_size=False)
    layout = settings.layout_for(image.width(), image.height())
    screens = screen_rects(image.width(), image.height(), layout.columns, layout.rows, settings.bezel_px)
    painter = QPainter(image)
    colour = QColor("#ff00ff")
    for r, row in enumerate(screens):
        for c, rect in enumerate(row):
            if c + 1 < len(row):   # the bezel right of this screen
                x0, x1 = rect.right, row[c + 1].x
                painter.fillRect(min(x0, x1 - 3), 0, max(6, x1 - x0), image.height(), colour)
            if r + 1 < len(screens):
                y0, y1 = rect.bottom, screens[r + 1][c].y
                painter.fillRect(0, min(y0, y1 - 3), image.width(), max(6, y1 - y0), colour)
    painter.end()


def parse_size(text: str) -> tuple[int, int]:
    from commandcenter.errors import ValidationError

    match = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text or "")
    if not match:
        raise ValidationError("--size", text, "expected WIDTHxHEIGHT, e.g. 1920x1080")
    return int(match.group(1)), int(match.group(2))


def run(args) -> int:
    width, height = parse_size(args.size)
    if args.screen == "trainer" and (args.screens is not None or args.grid):
        from commandcenter.errors import ValidationError
        raise ValidationError("--screens", args.screens or args.grid, "only the desk and the wall are laid out "
                                                                      "per monitor")
    if getattr(args, "at", None):
        from commandcenter.errors import ValidationError
        from ui.wall.moment import parse_moment

        if args.screen != "wall":
            raise ValidationError("--at", args.at, "only the wall is drawn at a chosen moment")
        parse_moment(args.at)   # a bad moment stops before anything is opened
    if args.screen == "wall" and args.screens is not None:
        from commandcenter.errors import ValidationError
        raise ValidationError("--screens", args.screens, "the wall's screens are given by --layout or --grid")
    if args.screen == "desk" and (args.screens is not None or args.grid):
        from ui.desk.screen_plan import parse_grid, screens_for

        args.canvas = (0, 0, width, height)   # the image is the monitors' canvas
        screens_for([args.canvas], args.screens, parse_grid(args.grid) if args.grid else None)   # bad: stop now
    from ui.desk import snapshot_scene

    if snapshot_scene.wanted(args) and args.screen != "desk":
        from commandcenter.errors import ValidationError
        raise ValidationError("--case/--form/--notifications/--grid-filter", args.screen, "only the desk opens these")
    snapshot_scene.check(args)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_application
    from ui.render import render_screen

    make_application(args.lang)
    args.read_only = True
    args.still = True   # the wall's tour and ticker hold still while the picture loads and the map draws
    image = render_screen(args, args.screen, (width, height), timeout_s=args.timeout, settle_ms=SETTLE_MS)
    if args.screen == "wall" and args.draw_bezels:
        draw_bezels(image, args)
    if not image.save(args.out, "PNG"):
        print(f"error: could not write {args.out}", file=sys.stderr)
        return 2
    print(f"{args.out}: {image.width()}×{image.height()} {args.screen}")
    return 0
