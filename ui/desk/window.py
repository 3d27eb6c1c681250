"""The control desk window: queues on the left, the map in the middle, the selected case on the
right and the departments' linkage board along the bottom, each a dockable panel (floated onto
another monitor, or one monitor each with ``--screens``); the layout is remembered per operator."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QMainWindow, QSizePolicy, QToolButton, QVBoxLayout, QWidget,
)

from commandcenter.privacy import may_see_personal_data
from commandcenter.queues import QUEUES
from commandcenter.roles import Role
from ui.desk import dialogs
from ui.desk import screen_plan
from ui.desk.dispatch import DispatchController
from ui.desk.drill import DrillDown
from ui.desk.docks import DeskDocks, screen_rects
from ui.desk.geometry import GeometryReporter
from ui.desk.preferences import OperatorPreferences
from ui.desk.notices import DeskNotices
from ui.desk.intake import IntakeController
from ui.desk.evidence import EvidenceController
from ui.desk.merge import MergeController
from ui.desk.placement import PlacementController
from ui.desk.presenter import DeskPresenter
from ui.desk.search import closed_case_search
from ui.desk.statusbar import DeskStatusBar
from ui.message_bar import MessageBar
from ui.style import work_surface_style
from widgets.attention import UrgentAttention
from widgets.case_panel import CasePanel
from widgets.case_search import CaseSearchResults
from widgets.evidence_strip import EvidenceStrip
from widgets.palette import AT_RISK_COLOR, OVERDUE_COLOR, URGENT_COLOR
from widgets.linkage_board import LinkageBoard
from widgets.map_layers import SituationMapLayers, show_geography
from widgets.map_view import MapView
from widgets.notification_centre import NotificationButton, NotificationCentre
from widgets.queue_table import QueueTabs
from widgets.returns import ReturnNotes
from widgets.summary import SituationSummary


class DeskWindow(QMainWindow):
    """One operator's desk over a session (see :mod:`ui.session`)."""

    def __init__(self, session, context, geography, components=(), *, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("desk_window")
        self.session = session
        self.context = context
        self._settings = settings if settings is not None else QSettings("commandcenter", "desk")
        self._preferences = OperatorPreferences(self._settings)
        self._layout_shown = False
        self._layout_restored = False
        self._requested_screens: list | None = None
        self.setWindowTitle(self.tr("Grid management command centre — control desk"))
        self.setStyleSheet(work_surface_style("desk_window"))

        self.signals = session.signals
        self.queues = QueueTabs(self.signals, context)
        self.board = LinkageBoard(self.signals, context)
        self.panel = CasePanel(self.signals, context)
        self.map_view = MapView(theme="light")
        self.message_bar = MessageBar()
        self.returns = ReturnNotes(self.signals, session.commands.last_events, self)
        for view in (self.queues, self.board, self.panel):
            view.set_return_notes(self.returns)
        self.layers = SituationMapLayers(self.map_view, self.signals, context, self)
        self.dispatch = DispatchController(self.board, session.picture, context, self._submit,
                                           session.commands.describe, self)
        self.dispatch.set_dialog_parent(self)
        self.dispatch.set_return_notes(self.returns)
        self.dispatch.set_batch_submit(lambda steps, on_done: self.presenter.run_batch(steps, on_done))
        self.presenter = DeskPresenter(session, context, queues=self.queues, board=self.board,
                                       panel=self.panel, map_view=self.map_view, dispatch=self.dispatch,
                                       parent=self)
        self.search_results = CaseSearchResults(self.signals, context)
        self.search_results.set_closed_search(closed_case_search(session))
        self.search_results.attach(self.queues.search_box)
        self.queues.add_below_filters(self.search_results)
        self.search_results.sig_case_chosen.connect(self.presenter.open_found)
        self.summary = SituationSummary(self.signals, context, self)
        self.drill = DrillDown(self.queues, self.board, self.summary, context, self)
        self.attention = UrgentAttention(self.signals, self)
        self.queues.set_attention(self.attention)
        self.board.set_attention(self.attention)
        self.presenter.attention = self.attention
        self._title = self.windowTitle()
        self.set_sound_key("desk/urgent_sound")
        self.geometry_reporter = GeometryReporter(self)
        self.intake = IntakeController(self)
        self.merging = MergeController(self)
        self.placing = PlacementController(self)
        self.evidence = EvidenceController(self)
        self.evidence_strip = EvidenceStrip(self.evidence.thumbnails, context.lang)
        self.status = DeskStatusBar(session.picture, session.runtime.calendar, session.store.url, self)
        self.setStatusBar(self.status)
        self.notifications = NotificationCentre(self.signals, context)
        self.notifications.hide()
        self.notification_button = NotificationButton()
        self.status.addPermanentWidget(self.notification_button)
        self.notices = DeskNotices(session, self.notifications, self)

        self._build_layout()
        self._build_actions()
        self._connect()
        show_geography(self.map_view, geography, components)
        self._restore_layout()

    # Public API ---------------------------------------------------------------------------
    def set_user(self, user) -> None:
        if self.presenter.user is not None:
            self._save_queue_columns()
            self.docks.save(self.presenter.user.name)
        self.presenter.set_user(user)
        self._restore_queue_columns()
        self._restore_layout()
        self.board.set_pinned(self._preferences.pinned_departments(user))
        self.status.set_user(user, self.context.role_name(user.role) if user else "")
        self.search_results.set_with_phone(user is not None and may_see_personal_data(user.role))
        self.notices.set_user(user)
        self._dispatch_default.setEnabled(user is not None and user.role is Role.DISPATCHER)
        self._record_call.setEnabled(self.intake.may_report())
        self._merge_case.setEnabled(self.merging.may_merge())
        self._place_case.setEnabled(self.placing.may_place())
        self._add_evidence.setEnabled(self.evidence.may_attach())

    def set_sound_key(self, key: str) -> None:
        """Where the chime's on/off is kept (a trainee's desk keeps its own)."""
        self._sound_key = key
        enabled = self._preferences.sound_enabled(key)
        self.attention.set_sound_enabled(enabled)
        if hasattr(self, "sound_action"):
            self.sound_action.setChecked(enabled)

    def board_columns(self) -> dict:
        """Department code → its column widget on the linkage board."""
        return dict(self.board.columns)

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what they do) of every action with a shortcut, for Help → Shortcuts."""
        rows = [
            ("Ctrl+F", self.tr("Search cases: number, text, place, class, phone; closed ones too")),
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
        map_layout.addWidget(self._build_summary_bar())
        map_layout.addWidget(self._build_map_toolbar())
        map_layout.addWidget(self.map_view, 1)

        case_column = QWidget()
        case_layout = QVBoxLayout(case_column)
        case_layout.setContentsMargins(0, 0, 0, 0)
        case_layout.setSpacing(2)
        case_layout.addWidget(self.message_bar)
        case_layout.addWidget(self.notifications)
        case_layout.addWidget(self.panel, 1)
        case_layout.addWidget(self.evidence_strip)

        self.docks = DeskDocks(self, {
            "queue": (self.tr("Queues"), queue_column), "map": (self.tr("Map"), map_column),
            "panel": (self.tr("Case"), case_column), "board": (self.tr("Linkage board"), self.board),
        }, self._settings)

    def _build_summary_bar(self) -> QWidget:
        """The picture's numbers above the map, each a link to its cases, and the unread urgent
        badge: a row of their own, so no narrow map column clips them."""
        bar = QFrame()
        bar.setObjectName("map_summary")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(8, 2, 6, 0)
        layout.setSpacing(8)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("map_totals")
        self.totals_label.setToolTip(self.tr("Click a number for the cases behind it"))
        self.totals_label.linkActivated.connect(lambda kind: self.drill.show_totals(kind))
        layout.addWidget(self.totals_label)
        self.urgent_badge = QToolButton()
        self.urgent_badge.setObjectName("urgent_badge")
        self.urgent_badge.setToolTip(self.tr("New urgent cases not looked at yet: click for the newest"))
        self.urgent_badge.setStyleSheet(f"QToolButton{{background:{URGENT_COLOR};color:white;border-radius:3px;"
                                        "padding:1px 6px;font-weight:bold;}")
        self.urgent_badge.clicked.connect(self._open_newest_urgent)
        self.urgent_badge.hide()
        layout.addWidget(self.urgent_badge)
        layout.addStretch(1)
        bar.setFixedHeight(self.urgent_badge.sizeHint().height() + 4)   # the badge comes and goes
        bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        return bar

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

        self._record_call = self._action(self.tr("Record a call or report (intake form)"), ["F2", "Ctrl+N"],
                                         self.intake.open, case_menu)
        self._merge_case = self._action(self.tr("Merge the selected case into another open case"), "Ctrl+M",
                                        self.merging.merge_selected, case_menu)
        self._place_case = self._action(self.tr("Place the selected case waiting to be placed (To place tab)…"),
                                        "Ctrl+Shift+P", self.placing.place_selected, case_menu)
        self._add_evidence = self._action(self.tr("Add photos, video or audio to the selected case"),
                                          "Ctrl+Shift+A", self.evidence.add_to_selected, case_menu)
        self._action(self.tr("Show the selected case on the map"), "Ctrl+L",
                     lambda: self.presenter.selected and self.presenter.locate(self.presenter.selected), case_menu)
        self._dispatch_default = self._action(
            self.tr("Dispatch the selected case to its default department"), "Ctrl+D",
            self._dispatch_selected_to_default, case_menu)
        self._action(self.tr("Write the pending dispatch now"), ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
                     self.dispatch.commit_now, case_menu)
        self._action(self.tr("Undo the pending dispatch"), "Ctrl+Z", lambda: self.dispatch.undo(), case_menu)
        self._action(self.tr("Add a note to the selected case"), "Ctrl+Shift+N",
                     lambda: self.panel.open_action("note"), case_menu)
        phrases = QAction(self.tr("Canned phrases…"), self)
        phrases.triggered.connect(lambda: self.presenter.edit_phrases(self))
        case_menu.addAction(phrases)

        for index in range(min(9, self.queues.count())):
            self._action(self.context.queue_name(QUEUES[index].key), f"Alt+{index + 1}",
                         lambda _=False, i=index: self.queues.setCurrentIndex(i), view_menu)
        view_menu.addSeparator()
        self._action(self.tr("Colour grids by open cases / by overdue cases"), "F6", self._toggle_ramp, view_menu)
        self._action(self.tr("Show or hide components"), "F7", self.components_button.toggle, view_menu)
        self._action(self.tr("Map: this queue's cases / all open cases"), "F8", self._toggle_scope, view_menu)
        self._action(self.tr("Whole district"), "Ctrl+0", self.map_view.fit_district, view_menu)
        self._action(self.tr("Clear the grid filter"), "Esc", lambda: self.presenter.set_grid_filter(None), view_menu)
        view_menu.addSeparator()
        for action in self.docks.toggle_actions():
            view_menu.addAction(action)
        self._action(self.tr("Reset the layout"), "Ctrl+Shift+R", self._reset_layout, view_menu)
        self.sound_action = QAction(self.tr("Chime for new urgent cases"), self)
        self.sound_action.setCheckable(True)
        self.sound_action.setChecked(self.attention.sound_enabled)
        self.sound_action.toggled.connect(self._on_sound_toggled)
        view_menu.addAction(self.sound_action)
        self._action(self.tr("Notification centre"), "F9", self.notification_button.click, view_menu)

        self._action(self.tr("Keyboard shortcuts"), "F1",
                     lambda: dialogs.show_shortcuts(self, self.shortcuts()), help_menu)
        about = QAction(self.tr("About"), self)
        about.triggered.connect(lambda: dialogs.show_about(self, self.session.store.url))
        help_menu.addAction(about)

    def _connect(self) -> None:
        self.notification_button.toggled.connect(self.notifications.setVisible)
        self.notifications.sig_open_requested.connect(lambda: self.notification_button.setChecked(True))
        self.notifications.sig_unread_changed.connect(self.notification_button.set_count)
        self.notifications.sig_case_requested.connect(lambda case_id: self.presenter.select_case(case_id))
        self.panel.sig_history.connect(lambda case_id, events, whole: (
            self.evidence_strip.show_history if whole else self.evidence_strip.add_events)(case_id, events))
        self.evidence_strip.sig_open.connect(self.evidence.open)
        self.presenter.sig_message.connect(self.message_bar.show_message)
        self.session.commands.sig_busy.connect(self.status.set_busy)
        self.signals.sig_reset.connect(self.presenter.on_reset)
        self.summary.sig_totals.connect(self._on_totals)
        self._on_totals(self.summary.totals())
        self.attention.sig_unread_count.connect(self._on_unread_urgent)
        self.board.sig_pinned_changed.connect(self._save_board_order)
        # With the board put away, its undo bar and refusals are not seen: say them next to the case.
        self.dispatch.sig_pending.connect(self._on_pending_dispatch)
        self.dispatch.sig_refused.connect(
            lambda _case, _department, text: self._board_hidden() and self.message_bar.show_message("error", text))
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

    def _board_hidden(self) -> bool:
        return not self.docks.docks["board"].isVisible()

    def _on_pending_dispatch(self, pending) -> None:
        if pending is not None and self._board_hidden():
            case = self.session.picture.cases.get(pending.case_id)
            self.message_bar.show_message("info", self.tr(
                "Case {case} → {department}: written in {seconds} s; Ctrl+Z takes it back.").format(
                case=case.number if case is not None else pending.case_id, seconds=self.dispatch.UNDO_SECONDS,
                department=self.context.department_name(pending.department)))

    def _dispatch_selected_to_default(self) -> None:
        """Ctrl+D: the selected case, or every case selected in the queue (a batch, one undo)."""
        selected = self.queues.selected_case_ids()
        if len(selected) > 1:
            cases = self.session.picture.cases
            self.dispatch.request_batch([{"case_id": c, "version": cases[c].version} for c in selected if c in cases])
            return
        if self.presenter.selected is not None:
            self.dispatch.dispatch_to_default(self.presenter.selected)

    def _on_totals(self, totals: dict) -> None:
        """"在办 1075 · 超期 96 · 临期 40" above the map, in the colours of the meaning."""
        self.totals_label.setText(self.tr(
            "<a href='open' style='color:#202124;text-decoration:none'>Open <b>{open}</b></a>"
            " · <a href='overdue' style='color:{red};text-decoration:none'>overdue <b>{overdue}</b></a>"
            " · <a href='at_risk' style='color:{amber};text-decoration:none'>at risk <b>{at_risk}</b></a>").format(
            open=totals["open"], overdue=totals["overdue"], at_risk=totals["at_risk"],
            red=OVERDUE_COLOR, amber=AT_RISK_COLOR))

    def _on_unread_urgent(self, count: int) -> None:
        """"（2 件紧急）网格化…" in the title and a red badge, while new urgent cases wait unread."""
        if count:
            self.setWindowTitle(self.tr("({count} urgent) {title}").format(count=count, title=self._title))
            self.urgent_badge.setText(self.tr("Urgent {count}").format(count=count))
        else:
            self.setWindowTitle(self._title)
        self.urgent_badge.setVisible(count > 0)

    def _open_newest_urgent(self) -> None:
        unread = self.attention.unread()
        if unread:
            self.presenter.select_case(unread[0])

    def _on_sound_toggled(self, enabled: bool) -> None:
        self.attention.set_sound_enabled(enabled)
        self._preferences.save_sound(self._sound_key, enabled)

    def _reload(self) -> None:
        restart = getattr(self.session.source, "restart", None)
        if restart is not None:
            restart()

    def request_screens(self, screens: list[tuple[int, int, int, int]] | None) -> None:
        """Lay the panels out one monitor each (``--screens``) when the window is first shown."""
        self._requested_screens = list(screens) if screens else None

    def canvas_parts(self) -> list[tuple[QWidget, tuple[int, int]]]:
        """The window and every floating panel with its place on the monitors' canvas (for a
        snapshot of a multi-monitor desk); empty unless ``request_screens`` laid them out."""
        if not self.docks.screens:
            return []
        left, top, _, _ = screen_plan.union(self.docks.screens)
        first = self.docks.screens[0]
        parts = [(self, (first[0] - left, first[1] - top))]
        for name, (index, rect) in self.docks.plan.items():
            if index != 0 and self.docks.docks[name].isFloating():
                parts.append((self.docks.docks[name], (rect[0] - left, rect[1] - top)))
        return parts

    def _restore_layout(self) -> None:
        """The signed-in operator's own arrangement (before the first show, when a user is set)."""
        user = self.presenter.user
        self._layout_restored = self.docks.restore(user.name if user is not None else None)
        if not self._layout_restored and self.screen() is not None and not self.isVisible():
            area = self.screen().availableGeometry()   # first start: most of the screen, centred
            self.resize(int(area.width() * 0.94), int(area.height() * 0.92))
            self.move(area.center() - self.rect().center())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._layout_shown:
            return
        # Dock sizes are set once the window has its real size, or they get redistributed.
        self._layout_shown = True
        if self._requested_screens:
            self.docks.apply_screens(self._requested_screens)
        elif not self._layout_restored:
            screens = screen_rects()
            if len(screens) > 1:
                self.docks.apply_screens(screen_plan.screens_for(screens))
            else:
                self._reset_layout()

    def _reset_layout(self) -> None:
        self.docks.reset()

    def _save_board_order(self, codes: list[str]) -> None:
        """The operator's favourite departments, saved as soon as they pin one."""
        self._preferences.save_pinned_departments(self.presenter.user, codes)

    def _save_queue_columns(self) -> None:
        """The operator's column widths and order, per queue, under their own name."""
        self._preferences.save_queue_columns(self.presenter.user, self.queues.header_states())

    def _restore_queue_columns(self) -> None:
        self.queues.restore_header_states(
            self._preferences.queue_columns(self.presenter.user, self.queues.header_states()))

    def _save_layout(self) -> None:
        self._save_queue_columns()
        user = self.presenter.user
        self.docks.save(user.name if user is not None else None)
        self._settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.dispatch.commit_now()      # a drop the operator did not undo is meant
        self.notices.stop()
        self.session.commands.wait_idle(10_000)
        # Deliver the finished commands' results while their receivers still exist.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
        self._save_layout()
        super().closeEvent(event)

