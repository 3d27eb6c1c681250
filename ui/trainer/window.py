"""The trainer's station (培训/回放): source, replay controls and timeline across the top, today's
KPI tiles, then the desk's own widgets — queues, map, case panel, linkage board — observing the
picture the replay (or, during a session, the sandbox) feeds, as it was at the replay time."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStatusBar, QTabWidget, QVBoxLayout, QWidget

from commandcenter.clock import local, utc_now
from ui.message_bar import MessageBar
from ui.selection import CaseSelection
from ui.session import Session
from ui.style import work_surface_style
from ui.trainer import inject_dialog, source
from ui.trainer.controls import ReplayControls, ReplayDriver
from ui.trainer.kpis import TrainerKpis
from ui.trainer.presenter import REPLAY, SCORED, TRAINING, TrainerPresenter
from ui.trainer.source import SourceBar
from ui.trainer.timeline import TimelineStrip
from ui.trainer.training_panel import TrainingPanel
from widgets.case_panel import CasePanel
from widgets.kpi_strip import KpiStrip
from widgets.linkage_board import LinkageBoard
from widgets.map_layers import SituationMapLayers, show_geography
from widgets.map_view import MapView
from widgets.queue_table import QueueTabs

TRAINER_STYLE = work_surface_style("trainer_window") + """
QFrame#source_bar, QWidget#replay_controls { background: #ffffff; border-bottom: 1px solid #d5dbe3; }
QLabel#replay_time { font-size: 17px; font-weight: bold; color: #202124; }
QLabel#replay_position, QLabel#loaded, QLabel#hint { color: #5f6368; }
QLabel#mode_badge { padding: 2px 10px; border-radius: 3px; font-weight: bold; }
QPushButton#play { font-weight: bold; padding: 3px 12px; }
QLabel#section { font-weight: bold; color: #202124; margin-top: 6px; }
QFrame#kpiTile { background: #ffffff; border: 1px solid #d5dbe3; border-radius: 4px; }
QLabel#kpiTitle { color: #5f6368; }
QLabel#kpiNumber { color: #202124; }
"""
_BADGE = {REPLAY: "background:#e8f0fe; color:#1967d2;", TRAINING: "background:#fce8e6; color:#a50e0e;",
          SCORED: "background:#e6f4ea; color:#137333;"}


class TrainerWindow(QMainWindow):
    """The trainer's window over a replay session (the production store read-only)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainer_window")
        self.setWindowTitle(self.tr("Grid management command centre — replay and training"))
        self.setStyleSheet(TRAINER_STYLE)
        session.show_to(None, public=True)
        context = self.context = session.context(public=True)
        self._production_calendar = context.calendar
        self.driver = ReplayDriver(self)
        self.presenter = TrainerPresenter(session, self.driver, parent=self)
        self.picture = session.picture
        self.signals = session.signals

        self.source_bar = SourceBar()
        self.controls = ReplayControls()
        self.timeline = TimelineStrip()
        self.kpis = KpiStrip(lang=session.lang, theme="light", parent=self)
        self.kpis.setObjectName("trainer_kpis")
        self.kpis.set_unit(3.8)
        self._kpis = TrainerKpis(self.kpis, self.signals,
                                 lambda: self.presenter.replay if self.presenter.mode == REPLAY else None, self)
        self.queues = QueueTabs(self.signals, context)
        self.map_view = MapView(theme="light")
        self.layers = SituationMapLayers(self.map_view, self.signals, context, self)
        self.panel = CasePanel(self.signals, context)
        self.panel.set_user(None)
        self.training = TrainingPanel(context)
        self.board = LinkageBoard(self.signals, context)
        self.board.set_interactive(False)
        self.message_bar = MessageBar()
        self._session_clock = QTimer(self, interval=1000, timeout=self._on_session_clock)
        self._selection = CaseSelection(self.queues, self.board, self.map_view, self.panel)
        self._build_layout()
        self._build_status()
        self._build_actions()
        self._connect()
        show_geography(self.map_view, session.data.geography, session.data.components)
        self.training.show_idle(False)
        QTimer.singleShot(0, self._reset_layout)

    # Public API ---------------------------------------------------------------------------
    def set_roster(self, names) -> None:
        """Tick the trainees expected at the session (``trainer --trainees``)."""
        self.training.roster.set_checked(names)   # its notice reaches the presenter

    def select_case(self, case_id: int | None) -> None:
        """Select a case in every view (each view's own selection signal comes back here)."""
        if not self._selection.select(case_id):
            return
        if case_id is not None:
            self.presenter.case_events(case_id, lambda events: self.panel.set_timeline(case_id, events))

    # Layout -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.panel, self.tr("Case"))
        self.side_tabs.addTab(self.training, self.tr("Training"))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(2)
        side_layout.addWidget(self.message_bar)
        side_layout.addWidget(self.side_tabs, 1)
        self.top_split = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.queues, self.map_view, side):
            self.top_split.addWidget(widget)
        self.top_split.setStretchFactor(1, 1)
        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(self.top_split)
        self.main_split.addWidget(self.board)
        self.main_split.setStretchFactor(0, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.source_bar, self.controls, self.timeline, self.kpis):
            layout.addWidget(widget)
        layout.addWidget(self.main_split, 1)
        self.setCentralWidget(central)

    def _build_status(self) -> None:
        status = QStatusBar(self)
        self.mode_label = QLabel(self, objectName="mode_badge")
        self.source_label = QLabel(self)
        self.database_label = QLabel(self.tr("Production (read-only): {url}").format(
            url=self.presenter.production_url), self)
        status.addWidget(self.mode_label)
        status.addWidget(self.source_label, 1)
        status.addPermanentWidget(self.database_label)
        self.setStatusBar(status)
        self._on_mode(REPLAY)

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        replay_menu = self.menuBar().addMenu(self.tr("&Replay"))
        training_menu = self.menuBar().addMenu(self.tr("&Training"))
        self._action(file_menu, self.tr("Open scenario…"), "Ctrl+O", self._open_scenario)
        self._action(file_menu, self.tr("Save the period as a scenario…"), "Ctrl+S", self._save_period)
        self._action(file_menu, self.tr("Quit"), "Ctrl+Q", self.close)
        self._action(replay_menu, self.tr("Play / pause"), "Space", self.driver.toggle)
        self._action(replay_menu, self.tr("Next event"), "Right", self.driver.step)
        self._action(replay_menu, self.tr("Previous event"), "Left", self.driver.step_back)
        self._action(replay_menu, self.tr("Back to the start"), "Home", self.driver.to_start)
        self._action(training_menu, self.tr("Start a training session"), None, self.presenter.start_training)
        self._action(training_menu, self.tr("End the session and score"), None, self.presenter.end_training)

    def _action(self, menu, text: str, keys: str | None, slot) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _connect(self) -> None:
        p = self.presenter
        self.source_bar.sig_load_period.connect(p.load_period)
        self.source_bar.sig_load_file.connect(p.load_file)
        self.controls.sig_toggle_play.connect(self.driver.toggle)
        self.controls.sig_step.connect(self.driver.step)
        self.controls.sig_step_back.connect(self.driver.step_back)
        self.controls.sig_to_start.connect(self.driver.to_start)
        self.controls.sig_speed.connect(self.driver.set_speed)
        self.controls.sig_jump.connect(self.driver.jump)
        self.timeline.sig_seek_requested.connect(self.driver.jump)
        self.driver.sig_moved.connect(self._on_moved)
        self.driver.sig_playing.connect(self.controls.show_playing)
        p.sig_replay_loaded.connect(self._on_replay_loaded)
        p.sig_mode.connect(self._on_mode)
        p.sig_message.connect(self.message_bar.show_message)
        p.sig_training_started.connect(self.training.show_running)
        p.sig_schedule_changed.connect(self.training.show_schedule)
        p.sig_report.connect(self.training.show_report)
        self.training.sig_start_requested.connect(p.start_training)
        self.training.sig_inject_requested.connect(p.inject)
        self.training.sig_end_requested.connect(p.end_training)
        self.training.sig_export_requested.connect(self._export)
        self.training.sig_new_requested.connect(p.back_to_replay)
        self.training.roster.sig_changed.connect(p.set_roster)
        self.training.auto_check.toggled.connect(lambda on: setattr(p, "auto_inject", on))
        self.queues.sig_case_selected.connect(self.select_case)
        self.board.sig_case_selected.connect(self.select_case)
        self.map_view.sig_case_clicked.connect(self.select_case)
        self.map_view.sig_cell_clicked.connect(self.queues.set_grid_filter)
        self.map_view.sig_map_clicked.connect(self._on_map_clicked)

    # Private API --------------------------------------------------------------------------
    def _on_replay_loaded(self, replay, label: str) -> None:
        if not self.source_bar.file_radio.isChecked():   # the period as loaded (the default one too)
            self.source_bar.set_period(replay.start, replay.end)
        self.timeline.set_period(replay.start, replay.end, replay.density(self.timeline.bins_wanted()))
        self.controls.set_period(replay.start, replay.end)
        self.source_label.setText(label)
        self.source_bar.show_loaded(self.tr("{n} events · {cases} cases").format(
            n=len(replay.events), cases=len({e.case_id for e in replay.events})))
        self.training.show_idle(True)
        self._on_moved(replay.time)

    def _on_moved(self, t) -> None:
        replay = self.presenter.replay
        if t is None or replay is None or self.presenter.mode != REPLAY:
            return
        self.timeline.set_time(t)
        self.controls.show_time(t, replay.position, len(replay.events))
        if not self.driver.is_playing():
            self.controls.follow(t)

    def _on_mode(self, mode: str) -> None:
        texts = {REPLAY: self.tr("REPLAY"), TRAINING: self.tr("TRAINING · sandbox"), SCORED: self.tr("SCORED")}
        self.mode_label.setText(texts[mode])
        self.mode_label.setStyleSheet(_BADGE[mode])
        replaying = mode == REPLAY
        self.controls.set_enabled(replaying)
        self.timeline.setVisible(replaying)
        self.source_bar.setEnabled(replaying)
        if replaying:
            self._session_clock.stop()
        else:
            self.side_tabs.setCurrentWidget(self.training)
        self._use_calendar(self.presenter.session.runtime.calendar
                           if mode == TRAINING and self.presenter.session is not None else self._production_calendar)
        self._split_for(mode)
        if mode == TRAINING:
            self._session_clock.start()
            self._on_session_clock()
        elif mode == SCORED:
            self._session_clock.stop()
            self.controls.position_label.setText(self.tr("training session ended"))

    def _use_calendar(self, calendar) -> None:
        """Countdowns on the calendar of what is shown: a session's sandbox runs on its scenario's
        recorded working time (see commandcenter.training_calendar), a replay on production's."""
        from commandcenter.queues import DeadlineClock

        if self.context.calendar is not calendar:
            self.context.calendar = calendar
            self.context.deadline_clock = DeadlineClock(self.context.catalog, calendar)

    def _on_session_clock(self) -> None:
        session = self.presenter.session
        if session is not None:
            self.controls.show_session(utc_now(), session.started_at)

    def _on_map_clicked(self, lon: float, lat: float) -> None:
        if self.presenter.mode != TRAINING:
            return
        values = inject_dialog.ask_injection(self, self.context, lon, lat)
        if values is not None:
            self.presenter.inject_at(values, lon, lat)

    def _open_scenario(self) -> None:
        path = source.choose_open_file(self, self.tr("Open a scenario"), self.tr("Scenarios (*.jsonl)"))
        if path:
            self.source_bar.file_edit.setText(path)
            self.presenter.load_file(path)

    def _save_period(self) -> None:
        path = source.choose_save_file(self, self.tr("Save the period as a scenario"), "period.jsonl",
                                       self.tr("Scenarios (*.jsonl)"))
        if path:
            self.presenter.export_period(path)

    def _export(self, kind: str) -> None:
        suffix = {"csv": "csv", "pdf": "pdf", "scenario": "jsonl"}[kind]
        stamp = f"{local(utc_now()):%Y%m%d_%H%M}"
        name = f"training_{stamp}.{suffix}"
        path = source.choose_save_file(self, self.tr("Export"), name, f"*.{suffix}")
        if path:
            self.presenter.export(kind, path)

    def _reset_layout(self) -> None:
        self._split_for(self.presenter.mode)

    def _split_for(self, mode: str) -> None:
        """Queues, map and side panel: a session's lists need more room than the map, and the
        debrief's two tables most of the width."""
        shares = {REPLAY: (0.30, 0.45, 0.25), TRAINING: (0.27, 0.37, 0.36), SCORED: (0.18, 0.22, 0.60)}[mode]
        width, height = max(self.width(), 1200), max(self.height(), 700)
        self.top_split.setSizes([int(width * share) for share in shares])
        # the board of a finished session is empty: the debrief takes its height
        board = 0.12 if mode == SCORED else 0.32
        self.main_split.setSizes([int(height * (1 - board)), int(height * board)])

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.presenter.close()
        super().closeEvent(event)


def build_trainer(session: Session, args) -> TrainerWindow:
    """The trainer window over a replay ``session`` (used by ``trainer`` and ``snapshot trainer``),
    loading what ``args`` asks for off the GUI thread: ``--scenario``, or ``--from``/``--to``
    (default: the last 24 hours), shown at ``--at`` (default: the end of the period)."""
    from commandcenter.clock import parse_local
    from commandcenter.kpi import kpi_window
    from ui.basemap import apply_basemap

    window = TrainerWindow(session)
    apply_basemap(window.map_view, session.data.basemap)
    if getattr(args, "roster", None):
        window.set_roster(args.roster)
    at = parse_local(args.at) if getattr(args, "at", None) else None
    if getattr(args, "scenario", None):
        window.presenter.load_file(args.scenario, at)
    elif getattr(args, "start", None):
        start, end = kpi_window(args.start, getattr(args, "end", None))
        window.source_bar.set_period(start, end)
        window.presenter.load_period(start, end, at or end)
    else:
        window.presenter.load_period(at=at)
    return window
