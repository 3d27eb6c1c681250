"""Starting a desk: read what it needs off the GUI thread (with a progress dialog), sign the
operator in, and assemble the window over a live session."""
from __future__ import annotations

import sys
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from commandcenter.situation import SituationPicture
from ui.app import Session
from ui.desk.loader import DeskData, load_desk_data
from widgets.context import DeskContext
from widgets.ops import CommandRunner


class _Progress(QObject):
    sig_step = Signal(str)


def run_in_background(fn: Callable, *, title: str = "", show_progress: bool = True):
    """Run ``fn(progress)`` on a worker thread while the GUI stays responsive (a progress
    dialog names each step); return its result or raise its error."""
    relay = _Progress()
    dialog = None
    if show_progress:
        dialog = QProgressDialog(title, "", 0, 0)
        dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setWindowTitle(title)
        relay.sig_step.connect(lambda text: dialog.setLabelText(QCoreApplication.translate("DeskLoader", text)))
        dialog.show()
    outcome: dict = {}
    loop = QEventLoop()
    runner = CommandRunner()

    def done(result, error):
        outcome.update(result=result, error=error)
        loop.quit()

    runner.run(lambda: fn(relay.sig_step.emit), done)
    if not outcome:
        loop.exec()
    if dialog is not None:
        dialog.close()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["result"]


def load(args, *, build_demo: bool = True, show_progress: bool = True) -> DeskData:
    title = QCoreApplication.translate("DeskLoader", "Starting the control desk…")
    return run_in_background(lambda progress: load_desk_data(args, progress, build_demo=build_demo),
                             title=title, show_progress=show_progress)


def print_demo_users(demo) -> None:
    """The Quick start tells the operator what was built and who else can sign in to the demo."""
    summary = demo.summary
    print(f"Built the demo: {summary.district}, {summary.cells} grids, {summary.cases} cases "
          f"({summary.open_cases} open) in {summary.seconds} s.", file=sys.stderr)
    print(f"Demo users (every password: {demo.password}):", file=sys.stderr)
    by_role: dict[str, list[str]] = {}
    for user in demo.users:
        by_role.setdefault(user.role.value, []).append(user.name)
    for role, names in by_role.items():
        more = f" … ({len(names)} in all)" if len(names) > 4 else ""
        print(f"  {role:13} {', '.join(names[:4])}{more}", file=sys.stderr)
    if demo.dispatcher is not None:
        print(f"Signed in as the demo dispatcher {demo.dispatcher.name}.", file=sys.stderr)


def desk_context(data: DeskData, lang: str, *, mask_personal_data: bool = False) -> DeskContext:
    runtime = data.runtime
    return DeskContext(runtime.catalog, runtime.calendar, runtime.district_map, list(data.departments),
                       users_by_name={u.name: u for u in data.users}, mask_personal_data=mask_personal_data,
                       lang=lang)


def live_session(args, data: DeskData) -> Session:
    """A situation picture fed by the database's change feed (not started yet)."""
    from widgets.live import LiveFeed

    store, backend = data.runtime.store, args.backend
    picture = SituationPicture()
    feed = LiveFeed(store, picture, lambda: backend.make_listener(store))
    return Session(data.runtime, picture, feed, backend)


def build_desk(args, data: DeskData, user, *, settings=None):
    """The desk window for ``user`` over a new live session; the feed is started."""
    from ui.basemap import apply_basemap
    from ui.desk.window import DeskWindow

    session = live_session(args, data)
    window = DeskWindow(session, desk_context(data, args.lang), data.geography, data.components,
                        settings=settings)
    window.set_user(user)
    problem = apply_basemap(window.map_view, data.basemap)
    if problem:
        window.message_bar.show_message("error", problem)
    session.feed.start()
    return window
