"""``commandcenter wall``: the read-only video wall, full screen on the chosen screens.

Light on purpose: Qt is imported only inside :func:`run`."""
from __future__ import annotations

import sys
from dataclasses import replace

from ui.wall.screens import HEAT_MODES, WallSettings, load_settings

SETTING_KEYS = ("screens", "layout", "grid", "bezel_px", "distance_m", "diagonal_in", "tour_seconds", "heat")


def add_canvas_arguments(parser) -> None:
    """The options that decide what the wall looks like: shared by ``wall`` and ``snapshot wall``,
    so a snapshot previews exactly what the wall shows."""
    parser.add_argument("--layout", default=None, metavar="CxR",
                        help="how the screens are arranged, columns x rows, 1x1 to 8x8 (default: from "
                             "their positions, or from the shape of one canvas: 5760x1080 is 3x1)")
    parser.add_argument("--grid", default=None, metavar="CxR",
                        help="the panel grid of one canvas from an LED or video controller, e.g. 4x2 "
                             "(wins over --layout)")
    parser.add_argument("--bezel-px", dest="bezel_px", type=int, default=None, metavar="N",
                        help="canvas pixels hidden behind each bezel between panels (default 0)")
    parser.add_argument("--distance-m", dest="distance_m", type=float, default=None, metavar="M",
                        help="viewing distance in metres; text is sized to be read from there (default 8)")
    parser.add_argument("--diagonal-in", dest="diagonal_in", type=float, default=None, metavar="IN",
                        help="diagonal of one screen of the wall in inches (default 98)")
    parser.add_argument("--heat", default=None, choices=HEAT_MODES, help="grid heat at start (H switches)")


def add_arguments(parser) -> None:
    parser.add_argument("--screens", default=None, metavar="SPEC",
                        help="'all' (span every screen), 'primary' (default), or screen numbers/names: 0,1,2")
    parser.add_argument("--config", default=None, metavar="FILE.json",
                        help='wall settings, e.g. {"screens": "0,1,2", "layout": "3x1", "tour_seconds": 30}')
    parser.add_argument("--size", default=None, metavar="WxH",
                        help="a window of this size instead of full screen (testing, screenshots)")
    parser.add_argument("--tour-seconds", dest="tour_seconds", type=float, default=None, metavar="S",
                        help="seconds on each view of the tour (district, then each street; default 20)")
    add_canvas_arguments(parser)


def settings_from_args(args, *, window_size: bool = True) -> WallSettings:
    """The wall's settings from the command line over ``--config``. ``window_size=False`` for a
    caller that sizes the window itself (``snapshot wall`` has a ``--size`` of its own)."""
    keys = (*SETTING_KEYS, "size") if window_size else SETTING_KEYS
    settings = load_settings(getattr(args, "config", None), {key: getattr(args, key, None) for key in keys})
    return settings if window_size else replace(settings, size=None)


def run(args) -> int:
    from ui.read_ahead import reading_ahead

    with reading_ahead(args) as prefetch:   # first: the cases are read on another core while the wall starts
        return _run(args, prefetch)


def _run(args, prefetch) -> int:
    from PySide6.QtCore import Qt

    from ui.app import make_application
    from ui.session import open_session
    from ui.wall.window import build_wall

    settings = settings_from_args(args)
    app = make_application(args.lang)
    area = None if settings.size is not None else wall_area(app, settings, args)
    # a bug in the wall can never write: the store is opened read-only (PostgreSQL: also use a
    # user of the commandcenter_wall_ro role in --db, see `commandcenter db grant-wall`)
    session = open_session(args, read_only=True, show_progress=False, prefetch=prefetch)
    window = build_wall(session, args)
    if area is None:
        window.resize(*settings.size)
        window.show()
    else:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
        window.setGeometry(area.x, area.y, area.w, area.h)
        window.setCursor(Qt.CursorShape.BlankCursor)
        window.show()
    session.start()
    print(f"wall: {session.store.url} (read-only), {window.layout_name()} on {window.width()}x{window.height()}",
          file=sys.stderr)
    try:
        return app.exec()
    finally:
        session.close()


def wall_area(app, settings: WallSettings, args):
    """The rectangle spanning the chosen screens; sets ``args.layout`` from their arrangement
    when the command line and the configuration leave it open."""
    from ui.wall.screens import Rect, infer_layout, select_screens, span

    screens = app.screens()
    available = [(s.name(), Rect(s.geometry().x(), s.geometry().y(), s.geometry().width(), s.geometry().height()))
                 for s in screens]
    chosen = select_screens(available, settings.screens, screens.index(app.primaryScreen()))
    rects = [rect for _name, rect in chosen]
    if settings.layout is None and settings.grid is None:
        args.layout = infer_layout(rects).name
    return span(rects)
