"""``commandcenter trainer``: replay a period of the history or a scenario file, and run training
sessions in a sandbox. Qt is imported only in ``run``."""
from __future__ import annotations


def add_arguments(parser) -> None:
    parser.add_argument("--scenario", metavar="FILE", default=None, help="replay this scenario file at start")
    parser.add_argument("--from", dest="start", default=None,
                        help="start of the history period (local date/time; default: the last 24 hours)")
    parser.add_argument("--to", dest="end", default=None, help="end of the period (default: now)")
    parser.add_argument("--at", default=None, help="show this moment first (default: the end of the period)")


def run(args) -> int:
    from commandcenter.cli.core import kpi_window
    from commandcenter.clock import parse_local, utc_now
    from ui.app import make_application
    from ui.basemap import apply_basemap
    from ui.desk import startup
    from ui.trainer.presenter import default_period
    from ui.trainer.window import TrainerWindow

    app = make_application(args.lang)
    args.read_only = True          # the trainer never writes production; sessions write a sandbox
    data = startup.load(args, build_demo=False)
    context = startup.desk_context(data, args.lang, mask_personal_data=True)
    window = TrainerWindow(data.runtime, args.backend, context, data.geography, data.components,
                           production_url=args.db or args.backend.default_url())
    apply_basemap(window.map_view, data.basemap)
    window.resize(1600, 960)
    window.show()
    at = parse_local(args.at) if args.at else None
    if args.scenario:
        window.presenter.load_file(args.scenario, at)
    else:
        start, end = kpi_window(args.start, args.end) if args.start else default_period(data.runtime.store, utc_now())
        window.source_bar.set_period(start, end)
        window.presenter.load_period(start, end, at or end)
    return app.exec()
