"""The trainer station's behaviour apart from its layout: what feeds the picture (a replay, or
the sandbox's live feed during a training session), loading sources off the GUI thread, the
session's injections, scoring and exports."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.clock import local, utc_now
from commandcenter.replay import Replay
from commandcenter.scenario import export_period, export_training, from_store, load
from commandcenter.scenario_authoring import World
from commandcenter.scoring import write_csv, write_pdf
from commandcenter.situation import SituationPicture
from commandcenter.training import InjectionRound, TrainingSession, injection_failure_text, sandbox_url_for
from ui.session import Session, sandbox_source

INJECT_CHECK_MS = 1000
REPLAY, TRAINING, SCORED = "replay", "training", "scored"


def default_period(store, now: datetime) -> tuple[datetime, datetime]:
    """The 24 hours up to the hour after the latest event (or now, on an empty log)."""
    last_seq = store.last_seq()
    latest = store.events_after(last_seq - 1, 1) if last_seq else []
    end = min(latest[0].at, now) if latest else now
    end = end.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return end - timedelta(days=1), end


class TrainerPresenter(QObject):
    """Owns the replay, the training session and the picture both feed."""

    sig_replay_loaded = Signal(object, str)
    """(replay, what was loaded) — the picture shows the replay from now on."""
    sig_mode = Signal(str)
    """'replay', 'training' (the sandbox's live feed) or 'scored' (session ended)."""
    sig_message = Signal(str, str)
    """(level, text) for the message bar."""
    sig_training_started = Signal(str, str)
    """(sandbox URL, the command trainees start their desk with)."""
    sig_schedule_changed = Signal(object)
    sig_report = Signal(object)
    sig_busy = Signal(bool)

    def __init__(self, screen: Session, driver, parent: QObject | None = None):
        super().__init__(parent)
        self.screen = screen
        self.runtime = screen.runtime
        self.backend = screen.backend
        self.driver = driver
        self.production_url = screen.url
        self.picture = screen.picture
        self.commands = screen.commands
        self.commands.sig_busy.connect(self.sig_busy)
        self._replay_source = screen.source
        self.replay: Replay | None = None
        self.session: TrainingSession | None = None
        self.report = None
        self.feed = None
        self.mode = REPLAY
        self.auto_inject = True
        #: the trainees expected (the roster); kept with the session in its sandbox once it runs
        self.roster: tuple[str, ...] = ()
        """Inject scheduled incidents when their time comes (the trainer may do it by hand)."""
        self._injecting = False
        self._label = ""
        self._inject_timer = QTimer(self, interval=INJECT_CHECK_MS, timeout=self._inject_due)

    # Sources ------------------------------------------------------------------------------
    def load_period(self, start: datetime | None = None, end: datetime | None = None,
                    at: datetime | None = None) -> None:
        """Replay [start, end) of the history (default: the last 24 hours), read off the GUI
        thread; shown at ``at`` (default: the start, or the end for the default period)."""
        store, district = self.runtime.store, self._district_code()

        def scenario():
            first, last = (start, end) if start is not None else default_period(store, utc_now())
            return from_store(store, first, last, district_code=district)

        label = self.period_label(start, end) if start is not None else self.tr("History: the last 24 hours")
        self._load(scenario, label, at, at_end=at is None and start is None)

    def load_file(self, path: str, at: datetime | None = None) -> None:
        runtime = self.runtime
        self._load(lambda: load(path, runtime.catalog, World.of(runtime)),
                   self.tr("Scenario {path}").format(path=path), at)

    def period_label(self, start: datetime, end: datetime) -> str:
        return self.tr("History {start} – {end}").format(start=f"{local(start):%Y-%m-%d %H:%M}",
                                                         end=f"{local(end):%Y-%m-%d %H:%M}")

    def show_scenario(self, scenario, label: str, at: datetime | None = None) -> Replay:
        """Replay ``scenario`` at once, on this thread (a scenario already in memory)."""
        replay = Replay(scenario, SituationPicture())
        self._use_replay(replay, label)
        if at is not None:
            self.driver.jump(at)
        return replay

    def case_events(self, case_id: int, shown) -> None:
        """The case's events as of what the picture shows, to ``shown(events)``."""
        self.commands.history(case_id, shown)

    # Training -----------------------------------------------------------------------------
    def start_training(self) -> None:
        """A sandbox with the situation at the replay time; the period's later reports and the
        scenario's incidents are injected at their time, moved so that the session starts now."""
        if self.replay is None or self.mode != REPLAY:
            return
        self.driver.pause()
        t = self.replay.time
        scenario = replace(self.replay.scenario, start=t,
                           injections=tuple(i for i in self.replay.scenario.injections if i.at >= t))
        store, backend, url = self.runtime.store, self.backend, self.production_url
        sandbox_url = sandbox_url_for(url, utc_now())
        self.sig_message.emit("info", self.tr("Creating the sandbox {url}…").format(url=sandbox_url))
        roster = self.roster
        self.commands.read(lambda: TrainingSession.start(store, backend, scenario, sandbox_url=sandbox_url,
                                                      production_url=url, roster=roster), self._on_training_started)

    def set_roster(self, names) -> None:
        """Who is expected: before the session, for its start; while it runs, saved with it."""
        self.roster = tuple(names)
        session = self.session
        if session is None or self.mode != TRAINING:
            return

        def done(roster, error):
            if error is not None:
                self.sig_message.emit("error", self.commands.describe(error))
            else:
                self.sig_message.emit("info", self.tr("Expected trainees: {names}").format(
                    names=", ".join(roster) or "—"))

        self.commands.write(lambda: session.set_roster(names), done)

    def inject(self, index: int) -> None:
        if self.session is None or self.mode != TRAINING or self.session.schedule[index].case_id is not None:
            return
        session, item = self.session, self.session.schedule[index]
        self._run_injection(lambda: session.run_one(item))

    def inject_at(self, values: dict, lon: float, lat: float) -> None:
        session = self.session
        if session is None or self.mode != TRAINING:
            return
        self._run_injection(lambda: [session.inject_at(values["class_code"], lon, lat, values["description"],
                                                       tier=values["tier"],
                                                       expected_department=values["expected_department"])])

    def end_training(self) -> None:
        if self.session is None or self.mode != TRAINING:
            return
        self._inject_timer.stop()
        self.commands.read(self.session.finish, self._on_scored)

    def back_to_replay(self) -> None:
        self._stop_feed()
        self.session, self.report = None, None
        self._set_mode(REPLAY)
        if self.replay is not None:
            self._replay_source.use(self.replay)
            self.driver.set_replay(self.replay)

    def export(self, kind: str, path: str) -> None:
        """Write the report (csv, pdf) or the finished session (scenario) to ``path``."""
        report, session = self.report, self.session
        if report is None or session is None:
            return
        district = self._district_code()
        jobs = {
            "csv": lambda: write_csv(report, path),
            "pdf": lambda: write_pdf(report, path),
            "scenario": lambda: export_training(session.store, report.started_at,
                                                report.ended_at + timedelta(seconds=1), path, district_code=district),
        }
        self.commands.read(jobs[kind], lambda _r, error: self._report_outcome(error, path))

    def export_period(self, path: str) -> None:
        """Save the loaded history period as a scenario file."""
        if self.replay is None:
            return
        store, scenario, district = self.runtime.store, self.replay.scenario, self._district_code()
        self.commands.read(lambda: export_period(store, scenario.start, scenario.end, path, district_code=district),
                           lambda _r, error: self._report_outcome(error, path))

    def close(self) -> None:
        self.driver.pause()
        self._inject_timer.stop()
        self.commands.wait_idle(10_000)
        self._stop_feed()

    # Private API --------------------------------------------------------------------------
    def _load(self, make_scenario, label: str, at: datetime | None, *, at_end: bool = False) -> None:
        self.driver.pause()
        self.sig_message.emit("info", self.tr("Loading {what}…").format(what=label))

        def build():
            return Replay(make_scenario(), SituationPicture())

        def done(replay, error):
            if error is not None:
                self.sig_message.emit("error", self.commands.describe(error))
            elif self.mode == REPLAY:
                self._use_replay(replay, label)
                if at is not None or at_end:
                    self.driver.jump(at or replay.end)
                self.sig_message.emit("info", self.tr("Loaded {what}: {n} events.").format(
                    what=label, n=len(replay.events)))

        self.commands.read(build, done)

    def _use_replay(self, replay: Replay, label: str) -> None:
        self.replay = replay
        self._label = replay.scenario.description or label
        self._replay_source.use(replay)
        self.driver.set_replay(replay)
        self.sig_replay_loaded.emit(replay, label)

    def _on_training_started(self, session, error) -> None:
        if error is not None:
            self.sig_message.emit("error", self.commands.describe(error))
            return
        self.session = session
        if self._label:
            session.scenario_name = self._label
        self.feed = sandbox_source(self.screen, session.store)
        self.commands.set_source(self.feed)
        self.feed.start()
        self._set_mode(TRAINING)
        self.sig_training_started.emit(session.sandbox_url, f"commandcenter desk --training --db {session.sandbox_url}")
        self.sig_schedule_changed.emit(session.schedule)
        self._inject_timer.start()

    def _inject_due(self) -> None:
        if self.session is not None and self.auto_inject and self.session.due():
            session = self.session
            self._run_injection(session.run_due)

    def _run_injection(self, job) -> None:
        if self._injecting:
            return
        self._injecting = True

        def done(outcome, error):
            self._injecting = False
            cases = outcome.cases if isinstance(outcome, InjectionRound) else (outcome or [])
            if error is not None:
                self.sig_message.emit("error", self.commands.describe(error))
            elif cases:
                self.sig_message.emit("info", self.tr("Injected {numbers}.").format(
                    numbers=", ".join(c.number for c in cases)))
            for item in outcome.failed if isinstance(outcome, InjectionRound) else ():
                self.sig_message.emit("error", injection_failure_text(
                    item, self.commands.lang, self.commands.describe(item.failure)))
            if self.session is not None:
                self.sig_schedule_changed.emit(self.session.schedule)

        self.commands.write(job, done)

    def _on_scored(self, report, error) -> None:
        if error is not None:
            self.sig_message.emit("error", self.commands.describe(error))
            return
        self.report = report
        self._stop_feed()
        self._set_mode(SCORED)
        self.sig_report.emit(report)

    def _report_outcome(self, error, path: str) -> None:
        if error is not None:
            self.sig_message.emit("error", self.commands.describe(error))
        else:
            self.sig_message.emit("info", self.tr("Saved {path}.").format(path=path))

    def _stop_feed(self) -> None:
        if self.feed is not None:
            self.feed.stop()
            self.feed = None
        self.commands.set_source(self._replay_source)

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.sig_mode.emit(mode)

    def _district_code(self) -> str:
        district_map = self.runtime.district_map
        return district_map.district.code if district_map is not None else ""
