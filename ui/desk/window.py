"""The control desk window: queues on the left, the map in the middle, the selected case on the
right and the departments' linkage board along the bottom; layout remembered between starts."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMainWindow, QSizePolicy, QSplitter, QToolButton, QVBoxLayout, QWidget,
)

from commandcenter.queues import QUEUES
from commandcenter.roles import Role
from ui.desk import dialogs
from ui.desk.dispatch import DispatchController
from ui.desk.geometry import GeometryReporter
from ui.desk.presenter import DeskPresenter
from ui.desk.statusbar import DeskStatusBar
from ui.message_bar import MessageBar
from ui.style import work_surface_style
from widgets.case_panel import CasePanel
from widgets.palette import AT_RISK_COLOR, OVERDUE_COLOR
from widgets.linkage_board import LinkageBoard
from widgets.map_layers import SituationMapLayers, show_geography
from widgets.map_view import MapView
from widgets.queue_table import QueueTabs
from widgets.returns import ReturnNotes


class DeskWindow(QMainWindow):
    """One operator's desk over a session (see :mod:`ui.session`)."""

    def __init__(self, session, context, geography, components=(), *, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("desk_window")
        self.session = session
        self.context = context
        self._settings = settings if settings is not None else QSettings("commandcenter", "desk")
        self._splits_restored = False
        self.setWindowTitle(self.tr("Grid management command centre — control desk"))
        self.setStyleSheet(work_surface_style("desk_window"))

        self.signals = session.signals
        self.queues = QueueTabs(self.signals, context)
        self.board = LinkageBoard(self.signals, context)
        self.panel = CasePanel(self.signals, context)
        self.map_view = MapView(theme="light")
        self.message_bar = MessageBar()
        self.returns = ReturnNotes(self.signals, session.commands.history, self)
        for view in (self.queues, self.board, self.panel):
            view.set_return_notes(self.returns)
        self.layers = SituationMapLayers(self.map_view, self.signals, context, self)
        self.dispatch = DispatchController(self.board, session.picture, context, self._submit,
                                           session.commands.describe, self)
        self.dispatch.set_dialog_parent(self)
        self.dispatch.set_return_notes(self.returns)
        self.presenter = DeskPresenter(session, context, queues=self.queues, board=self.board,
                                       panel=self.panel, map_view=self.map_view, dispatch=self.dispatch,
                                       parent=self)
        self.geometry_reporter = GeometryReporter(self)
        self.status = DeskStatusBar(session.picture, session.runtime.calendar, session.store.url, self)
        self.setStatusBar(self.status)

        self._build_layout()
        self._build_actions()
        self._connect()
        show_geography(self.map_view, geography, components)
        self._restore_layout()

    # Public API ---------------------------------------------------------------------------
    def set_user(self, user) -> None:
        if self.presenter.user is not None:
            self._save_queue_columns()
        self.presenter.set_user(user)
        self._restore_queue_columns()
        self.status.set_user(user, self.context.role_name(user.role) if user else "")
        self._dispatch_default.setEnabled(user is not None and user.role is Role.DISPATCHER)

    def board_columns(self) -> dict:
        """Department code → its column widget on the linkage board."""
        return dict(self.board.columns)

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) of every action with a shortcut, for Help → Shortcuts."""
        rows = [
            ("Ctrl+F", self.tr("Search the queues by case number or text")),
            ("↑ / ↓, Enter", self.tr("Move through a queue; open the case")),
            ("Ctrl+Enter", self.tr("Case panel: open the first step's form, or confirm the open form")),
        ]
        for action in self._shortcut_actions:
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
            rows.append((keys, action.text().replace("&", "")))
        return rows

    # Layout -------------------------------------------------------------------------------
    def _build_layout(self) -> None:
        queue_column = QWidget()
        queue_layout = QVBoxLayout(queue_column)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.setSpacing(2)
        queue_layout.addWidget(self.queues, 1)

        map_column = QWidget()
        map_layout = QVBoxLayout(map_column)
        map_layout.setContentsMargins(0, 0, 0, 0)
        map_layout.setSpacing(0)
        map_layout.addWidget(self._build_map_toolbar())
        map_layout.addWidget(self.map_view, 1)

        case_column = QWidget()
        case_layout = QVBoxLayout(case_column)
        case_layout.setContentsMargins(0, 0, 0, 0)
        case_layout.setSpacing(2)
        case_layout.addWidget(self.message_bar)
        case_layout.addWidget(self.panel, 1)

        self.top_split = QSplitter(Qt.Orientation.Horizontal)
        self.top_split.setObjectName("desk_top_split")
        for widget in (queue_column, map_column, case_column):
            self.top_split.addWidget(widget)
        self.top_split.setStretchFactor(1, 1)
        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.setObjectName("desk_main_split")
        self.main_split.addWidget(self.top_split)
        self.main_split.addWidget(self.board)
        self.main_split.setStretchFactor(0, 1)
        self.setCentralWidget(self.main_split)

    def _build_map_toolbar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("map_toolbar")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        self.ramp_buttons = {}
        for ramp, text in (("load", self.tr("Open cases")), ("overdue", self.tr("Overdue"))):
            button = QToolButton()
            button.setToolTip(self.tr("Colour the unit grids by this count (F6)"))
            button.setObjectName(f"ramp_{ramp}")
            button.setText(text)
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.clicked.connect(lambda _checked, r=ramp: self.layers.set_ramp(r))
            layout.addWidget(button)
            self.ramp_buttons[ramp] = button
        self.ramp_buttons["load"].setChecked(True)
        layout.addSpacing(6)
        self.scope_buttons = {}
        for scope, text in (("queue", self.tr("Queue + urgent")), ("all", self.tr("All open"))):
            button = QToolButton()
            button.setToolTip(self.tr("Which cases the map marks (F8)"))
            button.setObjectName(f"scope_{scope}")
            button.setText(text)
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.clicked.connect(lambda _checked, s=scope: self.layers.set_marker_scope(s))
            layout.addWidget(button)
            self.scope_buttons[scope] = button
        self.scope_buttons["queue"].setChecked(True)
        layout.addSpacing(6)
        self.components_button = QToolButton()
        self.components_button.setObjectName("components_toggle")
        self.components_button.setText(self.tr("Components"))
        self.components_button.setCheckable(True)
        self.components_button.toggled.connect(self.map_view.set_components_visible)
        layout.addWidget(self.components_button)
        fit = QToolButton()
        fit.setText(self.tr("Whole district"))
        fit.clicked.connect(self.map_view.fit_district)
        layout.addWidget(fit)
        layout.addStretch(1)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("map_totals")
        layout.addWidget(self.totals_label)
        # The map column may be narrower than every button: clip the bar, never squeeze the panels.
        bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        return bar

    # Actions and shortcuts ------------------------------------------------------------------
    def _action(self, text: str, keys, slot, menu) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in (keys if isinstance(keys, (list, tuple)) else [keys])])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        self._shortcut_actions.append(action)
        return action

    def _build_actions(self) -> None:
        self._shortcut_actions: list[QAction] = []
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        case_menu = bar.addMenu(self.tr("&Case"))
        view_menu = bar.addMenu(self.tr("&View"))
        help_menu = bar.addMenu(self.tr("&Help"))

        self._action(self.tr("Reload everything from the database"), "F5", self._reload, file_menu)
        self._action(self.tr("Quit"), "Ctrl+Q", self.close, file_menu)

        self._action(self.tr("Show the selected case on the map"), "Ctrl+L",
                     lambda: self.presenter.selected and self.presenter.locate(self.presenter.selected), case_menu)
        self._dispatch_default = self._action(
            self.tr("Dispatch the selected case to its default department"), "Ctrl+D",
            self._dispatch_selected_to_default, case_menu)
        self._action(self.tr("Write the pending dispatch now"), ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
                     self.dispatch.commit_now, case_menu)
        self._action(self.tr("Undo the pending dispatch"), "Ctrl+Z", lambda: self.dispatch.undo(), case_menu)

        for index in range(min(9, self.queues.count())):
            self._action(self.context.queue_name(QUEUES[index].key), f"Alt+{index + 1}",
                         lambda _=False, i=index: self.queues.setCurrentIndex(i), view_menu)
        view_menu.addSeparator()
        self._action(self.tr("Colour grids by open cases / by overdue cases"), "F6", self._toggle_ramp, view_menu)
        self._action(self.tr("Show or hide components"), "F7", self.components_button.toggle, view_menu)
        self._action(self.tr("Map: this queue's cases / all open cases"), "F8", self._toggle_scope, view_menu)
        self._action(self.tr("Whole district"), "Ctrl+0", self.map_view.fit_district, view_menu)
        self._action(self.tr("Clear the grid filter"), "Esc", lambda: self.presenter.set_grid_filter(None), view_menu)
        self._action(self.tr("Reset the layout"), "Ctrl+Shift+R", self._reset_layout, view_menu)

        self._action(self.tr("Keyboard shortcuts"), "F1",
                     lambda: dialogs.show_shortcuts(self, self.shortcuts()), help_menu)
        about = QAction(self.tr("About"), self)
        about.triggered.connect(lambda: dialogs.show_about(self, self.session.store.url))
        help_menu.addAction(about)

    def _connect(self) -> None:
        self.presenter.sig_message.connect(self.message_bar.show_message)
        self.session.commands.sig_busy.connect(self.status.set_busy)
        self.signals.sig_reset.connect(self.presenter.on_reset)
        self.layers.sig_totals.connect(self._on_totals)
        self.queues.currentChanged.connect(lambda _index: self.layers.set_queue(self.queues.current_queue()))
        self.layers.sig_ramp_changed.connect(lambda ramp: self.ramp_buttons[ramp].setChecked(True))
        self.signals.sig_health_changed.connect(
            lambda health: self.status.set_feed_health(health.ok, health.problem))

    # Private API --------------------------------------------------------------------------
    def _submit(self, case_id, version, command, fields, on_done) -> None:
        self.presenter.run_command(case_id, version, command, fields, on_done)

    def _toggle_ramp(self) -> None:
        self.layers.set_ramp("overdue" if self.layers.ramp == "load" else "load")

    def _toggle_scope(self) -> None:
        scope = "all" if self.layers.scope == "queue" else "queue"
        self.layers.set_marker_scope(scope)
        self.scope_buttons[scope].setChecked(True)

    def _dispatch_selected_to_default(self) -> None:
        if self.presenter.selected is not None:
            self.dispatch.dispatch_to_default(self.presenter.selected)

    def _on_totals(self, totals: dict) -> None:
        """"在办 1075 · 超期 96 · 临期 40" above the map, in the colours of the meaning."""
        self.totals_label.setText(self.tr(
            "Open <b>{open}</b> · <span style='color:{red}'>overdue <b>{overdue}</b></span>"
            " · <span style='color:{amber}'>at risk <b>{at_risk}</b></span>").format(
            open=totals["open"], overdue=totals["overdue"], at_risk=totals["at_risk"],
            red=OVERDUE_COLOR, amber=AT_RISK_COLOR))

    def _reload(self) -> None:
        restart = getattr(self.session.source, "restart", None)
        if restart is not None:
            restart()

    def _restore_layout(self) -> None:
        geometry = self._settings.value("desk/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        elif self.screen() is not None:   # first start: most of the screen, centred
            area = self.screen().availableGeometry()
            self.resize(int(area.width() * 0.94), int(area.height() * 0.92))
            self.move(area.center() - self.rect().center())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._splits_restored:
            return
        # Splitter sizes are restored once the window has its real size, or they get redistributed.
        self._splits_restored = True
        restored = False
        for key, splitter in (("desk/main_split", self.main_split), ("desk/top_split", self.top_split)):
            state = self._settings.value(key)
            if state is not None:
                restored = splitter.restoreState(state) or restored
        if not restored:
            self._reset_layout()

    def _reset_layout(self) -> None:
        width, height = max(self.width(), 1200), max(self.height(), 700)
        self.top_split.setSizes([int(width * 0.35), int(width * 0.41), int(width * 0.24)])
        self.main_split.setSizes([int(height * 0.68), int(height * 0.32)])

    def _queue_columns_key(self) -> str | None:
        user = self.presenter.user
        return f"desk/users/{user.name}/queue_columns" if user is not None else None

    def _save_queue_columns(self) -> None:
        """The operator's column widths and order, per queue, under their own name."""
        key = self._queue_columns_key()
        if key is not None:
            for queue, state in self.queues.header_states().items():
                self._settings.setValue(f"{key}/{queue}", state)

    def _restore_queue_columns(self) -> None:
        key = self._queue_columns_key()
        states = {}
        if key is not None:
            for queue in self.queues.header_states():
                state = self._settings.value(f"{key}/{queue}")
                if state is not None:
                    states[queue] = state
        self.queues.restore_header_states(states)

    def _save_layout(self) -> None:
        self._save_queue_columns()
        self._settings.setValue("desk/geometry", self.saveGeometry())
        self._settings.setValue("desk/main_split", self.main_split.saveState())
        self._settings.setValue("desk/top_split", self.top_split.saveState())
        self._settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.dispatch.commit_now()      # a drop the operator did not undo is meant
        self.session.commands.wait_idle(10_000)
        # Deliver the finished commands' results while their receivers still exist.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
        self._save_layout()
        super().closeEvent(event)

