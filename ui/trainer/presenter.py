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
from commandcenter.scoring import write_csv, write_pdf
from commandcenter.situation import SituationPicture
from commandcenter.training import TrainingSession, sandbox_url_for
from widgets.ops import CommandRunner

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

    def __init__(self, runtime, backend, driver, *, production_url: str, parent: QObject | None = None):
        super().__init__(parent)
        self.runtime = runtime
        self.backend = backend
        self.driver = driver
        self.production_url = production_url
        self.picture = SituationPicture(source_name="replay")
        self.runner = CommandRunner(self)
        self.runner.sig_busy.connect(self.sig_busy)
        self.replay: Replay | None = None
        self.session: TrainingSession | None = None
        self.report = None
        self.feed = None
        self.mode = REPLAY
        self.auto_inject = True
        """Inject scheduled incidents when their time comes (the trainer may do it by hand)."""
        self._injecting = False
        self._inject_timer = QTimer(self, interval=INJECT_CHECK_MS, timeout=self._inject_due)

    # Sources ------------------------------------------------------------------------------
    def load_period(self, start: datetime, end: datetime, at: datetime | None = None) -> None:
        """Replay [start, end) of the history, read off the GUI thread; shown at ``at``
        (default: the start)."""
        store, district = self.runtime.store, self._district_code()
        self._load(lambda: from_store(store, start, end, district_code=district), self.period_label(start, end), at)

    def load_file(self, path: str, at: datetime | None = None) -> None:
        catalog = self.runtime.catalog
        self._load(lambda: load(path, catalog), self.tr("Scenario {path}").format(path=path), at)

    def period_label(self, start: datetime, end: datetime) -> str:
        return self.tr("History {start} – {end}").format(start=f"{local(start):%Y-%m-%d %H:%M}",
                                                         end=f"{local(end):%Y-%m-%d %H:%M}")

    def show_scenario(self, scenario, label: str, at: datetime | None = None) -> Replay:
        """Replay ``scenario`` at once, on this thread (start-up and snapshots)."""
        replay = Replay(scenario, SituationPicture())
        self._use_replay(replay, label)
        if at is not None:
            self.driver.jump(at)
        return replay

    def case_events(self, case_id: int, shown) -> None:
        """The case's events as of what the picture shows, to ``shown(events)``."""
        if self.mode == REPLAY and self.replay is not None:
            shown([e for e in self.replay.events[:self.replay.position] if e.case_id == case_id])
        elif self.session is not None:
            store = self.session.store
            self.runner.run(lambda: store.events_of_case(case_id),
                            lambda events, error: error is None and shown(events))

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
        self.runner.run(lambda: TrainingSession.start(store, backend, scenario, sandbox_url=sandbox_url,
                                                      production_url=url), self._on_training_started)

    def inject(self, index: int) -> None:
        if self.session is None or self.mode != TRAINING or self.session.schedule[index].case_id is not None:
            return
        session, item = self.session, self.session.schedule[index]
        self._run_injection(lambda: [session.inject(item)])

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
        self.runner.run(self.session.finish, self._on_scored)

    def back_to_replay(self) -> None:
        self._stop_feed()
        self.session, self.report = None, None
        self._set_mode(REPLAY)
        if self.replay is not None:
            self.replay.attach(self.picture)
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
        self.runner.run(jobs[kind], lambda _r, error: self._report_outcome(error, path))

    def export_period(self, path: str) -> None:
        """Save the loaded history period as a scenario file."""
        if self.replay is None:
            return
        store, scenario, district = self.runtime.store, self.replay.scenario, self._district_code()
        self.runner.run(lambda: export_period(store, scenario.start, scenario.end, path, district_code=district),
                        lambda _r, error: self._report_outcome(error, path))

    def close(self) -> None:
        self.driver.pause()
        self._inject_timer.stop()
        self.runner.wait_idle(10_000)
        self._stop_feed()

    # Private API --------------------------------------------------------------------------
    def _load(self, make_scenario, label: str, at: datetime | None) -> None:
        self.driver.pause()
        self.sig_message.emit("info", self.tr("Loading {what}…").format(what=label))

        def build():
            return Replay(make_scenario(), SituationPicture())

        def done(replay, error):
            if error is not None:
                self.sig_message.emit("error", str(error))
            elif self.mode == REPLAY:
                self._use_replay(replay, label)
                if at is not None:
                    self.driver.jump(at)
                self.sig_message.emit("info", self.tr("Loaded {what}: {n} events.").format(
                    what=label, n=len(replay.events)))

        self.runner.run(build, done)

    def _use_replay(self, replay: Replay, label: str) -> None:
        self.replay = replay
        replay.attach(self.picture)
        self.driver.set_replay(replay)
        self.sig_replay_loaded.emit(replay, label)

    def _on_training_started(self, session, error) -> None:
        if error is not None:
            self.sig_message.emit("error", str(error))
            return
        from widgets.live import LiveFeed

        self.session = session
        self.picture.set_time(None)
        store, backend = session.store, self.backend
        self.feed = LiveFeed(store, self.picture, lambda: backend.make_listener(store), self)
        self.feed.start()
        self._set_mode(TRAINING)
        self.sig_training_started.emit(session.sandbox_url, f"commandcenter desk --training --db {session.sandbox_url}")
        self.sig_schedule_changed.emit(session.schedule)
        self._inject_timer.start()

    def _inject_due(self) -> None:
        if self.session is not None and self.auto_inject and self.session.due():
            session = self.session
            self._run_injection(session.inject_due)

    def _run_injection(self, job) -> None:
        if self._injecting:
            return
        self._injecting = True

        def done(cases, error):
            self._injecting = False
            if error is not None:
                self.sig_message.emit("error", str(error))
            elif cases:
                self.sig_message.emit("info", self.tr("Injected {numbers}.").format(
                    numbers=", ".join(c.number for c in cases)))
            if self.feed is not None:
                self.feed.poke()
            if self.session is not None:
                self.sig_schedule_changed.emit(self.session.schedule)

        self.runner.run(job, done)

    def _on_scored(self, report, error) -> None:
        if error is not None:
            self.sig_message.emit("error", str(error))
            return
        self.report = report
        self._stop_feed()
        self._set_mode(SCORED)
        self.sig_report.emit(report)

    def _report_outcome(self, error, path: str) -> None:
        if error is not None:
            self.sig_message.emit("error", str(error))
        else:
            self.sig_message.emit("info", self.tr("Saved {path}.").format(path=path))

    def _stop_feed(self) -> None:
        if self.feed is not None:
            self.feed.stop()
            self.feed = None

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        self.sig_mode.emit(mode)

    def _district_code(self) -> str:
        district_map = self.runtime.district_map
        return district_map.district.code if district_map is not None else ""
