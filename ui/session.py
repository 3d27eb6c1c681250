"""The one place a screen's session is put together: what is read from the database (off the
GUI thread, with a progress dialog), the situation picture, the source that feeds it (the live
change feed, a replay, or a training sandbox's feed), and the command operation that writes.

Desk, wall, trainer and ``snapshot`` all open their session here, and each screen has one
``build_<screen>(session, args)`` used by both its command and ``snapshot``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from commandcenter.collector import collector_paused, thaw
from commandcenter.ports import SituationSource, Store
from commandcenter.privacy import case_view_for
from commandcenter.replay import ReplaySource
from commandcenter.roles import Role
from commandcenter.runtime import Backend, Runtime
from commandcenter.situation import SituationPicture
from ui.loader import ScreenData, load_screen_data
from widgets.context import DeskContext
from widgets.live import LiveFeed, SituationSignals
from widgets.ops import CommandRunner, Commands

LIVE, REPLAY, SANDBOX = "live", "replay", "sandbox"
SOURCES = (LIVE, REPLAY, SANDBOX)


@dataclass
class Session:
    """What a screen works with: the runtime (services, catalog, calendar, geography) and what
    else was read, the picture it observes, the source feeding it, the Qt face of the picture's
    notices, and the command operation."""

    runtime: Runtime
    data: ScreenData
    picture: SituationPicture
    source: SituationSource
    signals: SituationSignals
    commands: Commands
    lang: str
    url: str

    @property
    def store(self) -> Store:
        return self.runtime.store

    @property
    def backend(self) -> Backend:
        return self.runtime.backend

    def context(self, *, public: bool = False) -> DeskContext:
        """The names and knowledge the widgets share; ``public`` for the wall and the trainer."""
        runtime = self.runtime
        return DeskContext(runtime.catalog, runtime.calendar, runtime.district_map, list(self.data.departments),
                           users_by_name={u.name: u for u in self.data.users}, mask_personal_data=public,
                           lang=self.lang)

    def show_to(self, role: Role | None, *, public: bool = False) -> None:
        """Fill the picture for a viewer in ``role``: personal data masked unless the role may see
        it (the wall and the trainer always mask). Call before the source starts."""
        self.picture.admit = case_view_for(role, public=public)
        self.commands.set_names(self.context().user_display_name)

    def scope_to(self, district_code: str | None) -> None:
        """A district's desk: the picture holds only that district's cases (the service refuses
        acting on another's anyway). Call before the source starts; None: the whole city."""
        if district_code:
            from commandcenter.districts import in_district

            self.picture.scope = in_district(district_code)

    def start(self) -> None:
        self.source.start()

    def close(self) -> None:
        self.source.stop()
        store = getattr(self.source, "store", None)
        if isinstance(store, PreparingStore):
            store.drop_prefetch()
        self.commands.wait_idle(10_000)
        self.signals.detach()
        thaw()   # what the session froze at its start (the district, the picture) may go now


def open_session(args, *, source: str = LIVE, read_only: bool = False, build_demo: bool = False,
                 show_progress: bool = True, store: Store | None = None, prefetch=None) -> Session:
    """Read what the screens need (a progress dialog names each step), then a picture fed by
    ``source``: ``live`` (the database's change feed), ``replay`` (the caller loads a period or a
    scenario into ``session.source``) or ``sandbox`` (the live feed of a training sandbox). The
    source is not started yet: the screen starts it once it is built (``session.start()``).
    ``prefetch`` (:func:`ui.read_ahead.read_ahead`): the cases being read by a helper since the process began,
    for the live feed's first picture."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    args.read_only = read_only or getattr(args, "read_only", False)
    title = QCoreApplication.translate("DeskLoader", "Starting the control desk…")
    with collector_paused(freeze=True):   # the district's 46,000 cells live as long as the screen
        data = run_in_background(lambda progress: load_screen_data(args, progress, store=store,
                                                                   build_demo=build_demo),
                                 title=title, show_progress=show_progress)
    runtime = data.runtime
    picture = SituationPicture(source_name=source)
    feed: SituationSource
    if source == REPLAY:
        feed = ReplaySource(picture)
    else:
        backend, db = runtime.backend, runtime.store
        preparing = PreparingStore(db, runtime, picture, prefetch=prefetch if source == LIVE else None)
        feed = LiveFeed(preparing, picture, lambda: backend.make_listener(db), name=source)
    commands = Commands(feed, args.lang)
    url = getattr(args, "db", None) or runtime.backend.default_url()
    session = Session(runtime, data, picture, feed, SituationSignals(picture), commands, args.lang, url)
    commands.set_names(session.context().user_display_name)
    return session


def sandbox_source(session: Session, store: Store) -> LiveFeed:
    """The live feed of a training sandbox, into ``session``'s picture (the trainer during a session)."""
    backend = session.backend
    return LiveFeed(PreparingStore(store, session.runtime, session.picture), session.picture,
                    lambda: backend.make_listener(store),
                    name=SANDBOX)


class SnapshotProgress(QObject):
    """How far the reading of the picture is, from the feed's worker thread to the screen."""

    sig_progress = Signal(int, int)
    """(cases read, cases in all): the cases are being read."""
    sig_preparing = Signal(int, int)
    """(open cases prepared, open cases in all): their deadline moments are being worked out."""


class PreparingStore:
    """The store as the live feed sees it: reading the snapshot (on the feed's worker thread)
    also reports how far it is and works out every open case's amber and red moments
    (commandcenter.deadlines), so the screens observing the picture find them ready instead
    of running the working-time clock 100,000 times on the GUI thread. Everything else is the
    store's own."""

    def __init__(self, store: Store, runtime: Runtime, picture: SituationPicture | None = None, prefetch=None):
        self._store = store
        self._runtime = runtime
        self._picture = picture
        #: the cases a helper has been reading since the process began (db.prefetch), taken by the
        #: first snapshot
        self._prefetch = prefetch
        self.read_by_helper = False
        self.progress = SnapshotProgress()
        #: work the deadline moments out with the read (the desk, whose summary and map use them)
        self.prepare_deadlines = False
        #: the picture's ``admit`` the last snapshot's cases went through here (masking 100,000
        #: cases is a second of work the GUI thread then need not do again)
        self.admitted_with = None

    def __getattr__(self, name):
        return getattr(self._store, name)

    def load_snapshot(self):
        with collector_paused(freeze=True):   # what is read now lives as long as the screen
            return self._load_snapshot()

    def drop_prefetch(self) -> None:
        """Stop a helper whose cases were never taken (the screen closed first)."""
        read_ahead, self._prefetch = self._prefetch, None
        if read_ahead is not None:
            read_ahead.close()

    def _load_snapshot(self):
        from commandcenter.deadlines import shared_marks

        progress = self.progress
        admit = self._picture.admit if self._picture is not None else None
        # the store admits the cases as it reads them (the mask applied to the columns)
        read_ahead, self._prefetch = self._prefetch, None
        taken = read_ahead.take(progress.sig_progress.emit, admit) if read_ahead is not None else None
        cases, seq = taken or self._store.load_snapshot(progress=progress.sig_progress.emit, admit=admit)
        #: whether the last snapshot came from the helper (tests, the start's timeline)
        self.read_by_helper = taken is not None
        self.admitted_with = admit
        if not self.prepare_deadlines:
            return cases, seq
        opened = [case for case in cases if case.is_open]
        total = len(opened)
        progress.sig_preparing.emit(0, total)
        marks = shared_marks(self._runtime.catalog, self._runtime.calendar)
        marks.warm(opened, progress=lambda done: progress.sig_preparing.emit(done, total))
        progress.sig_preparing.emit(total, total)
        return cases, seq


class _Progress(QObject):
    sig_step = Signal(str, int)
    """A step's untranslated DeskLoader text and the percentage done (-1: not known)."""

    def report(self, text: str, percent: int = -1) -> None:
        self.sig_step.emit(text, percent)


class LoadProgressDialog(QProgressDialog):
    """The dialog of a load: each step's name, and a percentage where the step knows one (the
    demo build on first start); otherwise a busy bar."""

    def __init__(self, title: str):
        super().__init__(title, "", 0, 0)
        self.setCancelButton(None)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        #: every (label, percent) shown, in order
        self.shown: list[tuple[str, int]] = []

    def show_step(self, text: str, percent: int) -> None:
        label = QCoreApplication.translate("DeskLoader", text)
        if percent < 0:
            self.setRange(0, 0)
        else:
            self.setRange(0, 100)
            self.setValue(percent)
        self.setLabelText(label)
        self.shown.append((label, percent))


def progress_dialog(title: str) -> LoadProgressDialog:
    """The progress dialog of :func:`run_in_background` (a module-level function: tests look at it)."""
    return LoadProgressDialog(title)


def run_in_background(fn: Callable, *, title: str = "", show_progress: bool = True):
    """Run ``fn(progress)`` on a worker thread while the GUI stays responsive (a progress
    dialog names each step and, where known, the percentage done); return its result or raise
    its error. Without an application (a script or a test that only needs the data) there is
    no GUI to keep responsive: ``fn`` runs right here."""
    if QCoreApplication.instance() is None:
        return fn(lambda *_step: None)
    relay = _Progress()
    dialog = None
    if show_progress:
        dialog = progress_dialog(title)
        relay.sig_step.connect(dialog.show_step)
        dialog.show()
    outcome: dict = {}
    loop = QEventLoop()
    runner = CommandRunner()

    def done(result, error):
        outcome.update(result=result, error=error)
        loop.quit()

    runner.run(lambda: fn(relay.report), done)
    if not outcome:
        loop.exec()
    if dialog is not None:
        dialog.close()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["result"]
