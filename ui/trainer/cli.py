"""``commandcenter trainer``: replay a period of the history or a scenario file, and run training
sessions in a sandbox. Qt is imported only in ``run``."""
from __future__ import annotations


def add_arguments(parser) -> None:
    parser.add_argument("--scenario", metavar="FILE", default=None, help="replay this scenario file at start")
    parser.add_argument("--from", dest="start", default=None,
                        help="start of the history period (local date/time; default: the last 24 hours)")
    parser.add_argument("--to", dest="end", default=None, help="end of the period (default: now)")
    parser.add_argument("--at", default=None, help="show this moment first (default: the end of the period)")
    parser.add_argument("--trainees", default=None, metavar="U1,U2",
                        help="the trainees expected at the training session (user names, comma-separated); the "
                             "debrief lists each of them, one who never signs in or never acts as absent")


def roster_option(args) -> tuple[str, ...]:
    """``--trainees u1,u2`` checked against the staff of ``--db`` (empty without the option)."""
    if not getattr(args, "trainees", None):
        return ()
    from commandcenter.training_roster import parse_roster

    store = args.backend.open_store(args.db, read_only=True)
    try:
        return parse_roster(args.trainees, store.users())
    finally:
        store.engine.dispose()


def run(args) -> int:
    from ui.app import make_application
    from ui.session import REPLAY, open_session
    from ui.trainer.window import build_trainer

    args.roster = roster_option(args)   # an unknown name stops here, naming it, before any window opens
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
