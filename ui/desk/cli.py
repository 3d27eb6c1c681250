"""``commandcenter desk``: the control desk (the default command). Qt is imported only in ``run``."""
from __future__ import annotations

import sys


def add_arguments(parser) -> None:
    parser.add_argument("--user", metavar="NAME", default=None,
                        help="sign in as this user (with --password-env: no dialog, for kiosks and tests)")
    parser.add_argument("--password-env", metavar="VAR", default=None,
                        help="read the password of --user from this environment variable")
    parser.add_argument("--no-demo", action="store_true",
                        help="on a database without a district, do not build the demo")
    add_screen_arguments(parser)
    parser.add_argument("--district", metavar="CODE", default=None,
                        help="a district's desk (6-digit code, e.g. 110101): only its map and its cases")
    parser.add_argument("--training", action="store_true",
                        help="a trainee's desk: every action is refused unless --db is a training sandbox")


def add_screen_arguments(parser) -> None:
    parser.add_argument("--screens", type=int, metavar="N", default=None,
                        help="lay the panels out one monitor each on N monitors (a single wide screen is cut "
                             "into N); default: every monitor the system reports, or the operator's saved layout")
    parser.add_argument("--grid", metavar="CxR", default=None,
                        help="the screen is one canvas of C x R monitors (e.g. 3x1 for 5760x1080)")


def run(args) -> int:
    from ui.read_ahead import reading_ahead

    with reading_ahead(args) as prefetch:   # first: the cases are read on the other core while the desk starts
        return _run(args, prefetch)


def _run(args, prefetch) -> int:
    from ui.app import make_application
    from ui.desk import startup
    from ui.render import dispose
    from ui.session import open_session, run_in_background
    from ui.signin import ask_sign_in, authenticate, password_from_env

    if args.password_env and not args.user:
        print("error: --password-env needs --user", file=sys.stderr)
        return 2
    if args.training:   # before anything is opened for writing or shown
        from ui.loader import refuse_unless_sandbox

        refuse_unless_sandbox(args.backend.open_store(args.db, read_only=True), args.backend, args.db)
    app = make_application(args.lang)
    startup.requested_screens(args)   # a bad --screens / --grid stops here, naming the option
    session = open_session(args, build_demo=not (args.no_demo or args.training), prefetch=prefetch)
    store, demo = session.store, session.data.demo
    if demo is not None:
        startup.print_demo_users(demo)
        user = demo.dispatcher
    elif args.user and args.password_env:
        password = password_from_env(args.password_env)
        user = run_in_background(lambda _progress: authenticate(store, args.user, password), show_progress=False)
    else:
        user = ask_sign_in(lambda name, password: authenticate(store, name, password), session.data.users,
                           args.user or "")
        if user is None:
            return 1
    window = startup.build_desk(session, args, user)
    session.start()
    window.show()
    window.geometry_reporter.start_if_requested()
    try:
        return app.exec()
    finally:
        session.close()
        dispose(window)
