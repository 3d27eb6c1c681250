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
    from ui.app import make_application
    from ui.session import REPLAY, open_session
    from ui.trainer.window import build_trainer

    app = make_application(args.lang)
    # the trainer never writes production; sessions write a sandbox
    session = open_session(args, source=REPLAY, read_only=True)
    window = build_trainer(session, args)
    window.resize(1600, 960)
    window.show()
    session.start()
    try:
        return app.exec()
    finally:
        session.close()
