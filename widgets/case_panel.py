"""The case panel: one case's details, deadline, history and exactly the steps the
signed-in user may take on it now (from commandcenter.workflow.available_actions)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QToolButton, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from commandcenter.case import Case
from commandcenter.clock import local
from commandcenter.roles import Role, User
from commandcenter.situation import CasesChanged
from commandcenter.urging import SYSTEM_ROLE
from commandcenter.workflow import available_actions
from widgets.history_words import event_detail
from widgets.action_form import ActionForm
from widgets.case_split import CaseSplitter
from widgets.context import DeskContext
from widgets.duplicate_text import NearbyWatch, possible_duplicates
from widgets.palette import OVERDUE_COLOR, RETURNED_COLOR, STATE_COLORS
from widgets.queue_model import returned_badge
from widgets.returns import ReturnNotes, is_returned
from widgets.live import SituationSignals

"""Roles that call reporters back and so see their names and phone numbers."""
_STATUS_STYLE = "background:{bg};color:white;border-radius:3px;padding:1px 6px;font-weight:bold;"
_STYLE = """
QLabel#number { font-size: 15px; font-weight: bold; color: #202124; }
QLabel#key { color: #5f6368; }
QLabel#condition { color: #5f6368; font-size: 11px; }
QLabel#empty { color: #80868b; font-size: 14px; }
QLabel#notice { background: #fce8e6; color: #a50e0e; border-radius: 3px; padding: 3px 6px; font-weight: bold; }
QPushButton#action { padding: 3px 10px; }
QPushButton#primaryAction { padding: 3px 10px; background: #1a73e8; color: white; border: 1px solid #1967d2;
                            border-radius: 3px; font-weight: bold; }
"""


def main_step(actions) -> str | None:
    """The step that moves the case forward: the first one that asks for no reason (the
    exception paths — reject, return, re-dispatch, requests, cancel — all require one)."""
    for t in actions:
        if not any(spec.kind == "text" and spec.required for spec in t.fields):
            return t.command
    return None


class CasePanel(QWidget):
    """Details, history and actions of the selected case."""

    sig_action_requested = Signal(int, int, str, object)
    """(case id, version shown, command, fields dict): the operator confirmed a step."""
    sig_locate_requested = Signal(int)
    """The operator wants the case shown on the map."""
    sig_history = Signal(int, object, bool)
    """(case id, events, whole history?): the shown case's history was loaded or grew."""

    def __init__(self, signals: SituationSignals, context: DeskContext, parent=None):
        super().__init__(parent)
        self._picture = signals.picture
        self._context = context
        self._user: User | None = None
        self._case_id: int | None = None
        self._seen_version: int | None = None
        self._vanished: Case | None = None   # the shown case as it was when it left the picture
        self._last_shown: Case | None = None
        self._returns: ReturnNotes | None = None
        self._timeline_seqs: set[int] = set()
        self._form: ActionForm | None = None
        self.action_buttons: dict[str, QPushButton] = {}
        self._primary: str | None = None
        self.setStyleSheet(_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.empty_label = QLabel(self.tr("Select a case in a queue, on the map or on the board"), self,
                                  objectName="empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        outer.addWidget(self.empty_label)
        # squeezed, the history gives way first, then the details scroll: rows never overlap
        self._splitter = CaseSplitter(self)
        outer.addWidget(self._splitter, 1)
        self._splitter.addWidget(self._build_details())
        self._splitter.addWidget(self._build_timeline())
        self._splitter.watch(self._splitter.widget(0), self._scroll, self._splitter.widget(1),
                             self.locate_button, self.deadline_label)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._show_deadline)
        self._tick.start()
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.trigger_first_action)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.trigger_first_action)
        self._nearby = NearbyWatch(signals)   # before the panel's own handlers: they may ask it
        signals.sig_reset.connect(self._on_reset)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        signals.sig_time_changed.connect(lambda _at: self._show_deadline())
        self.show_case(None)

    # Public API ------------------------------------------------------------------------------
    def set_user(self, user: User | None) -> None:
        self._user = user
        self._refresh()

    def set_return_notes(self, notes: ReturnNotes) -> None:
        """Show why a returned case was returned (the reason may arrive after the case)."""
        self._returns = notes
        notes.sig_changed.connect(self._on_returns_changed)
        self._refresh()

    def show_case(self, case_id: int | None) -> None:
        if case_id != self._case_id:
            self._case_id = case_id
            self._scroll.verticalScrollBar().setValue(0)   # a new case opens at its number and place
            self._vanished = self._last_shown = None
            self._close_form()
            self.timeline.clear()
            self._timeline_seqs.clear()
            case = self._case()
            self._seen_version = case.version if case is not None else None
            self.notice_label.hide()
        self._refresh()

    def show_archived(self, case: Case) -> None:
        """Show a case found in the database but not in the picture (closed long ago): read-only,
        its history arriving through :meth:`set_timeline` like any other."""
        self.show_case(case.id)
        if self._picture.cases.get(case.id) is None:
            self._vanished = case
            self._refresh()

    def set_timeline(self, case_id: int, events) -> None:
        """The case's full event log (loaded by the desk off the GUI thread)."""
        if case_id != self._case_id:
            return
        self.timeline.clear()
        self._timeline_seqs.clear()
        self._add_events(sorted(events, key=lambda e: (e.at, e.seq or 0)))
        self.sig_history.emit(case_id, list(events), True)

    @property
    def case_id(self) -> int | None:
        return self._case_id

    def action_commands(self) -> list[str]:
        """The steps offered now, in workflow order."""
        return list(self.action_buttons)

    def open_action(self, command: str) -> ActionForm | None:
        """Open the inline form of ``command`` (as its button does)."""
        case = self._case()
        transition = next((t for t in self._actions(case) if t.command == command), None) if case else None
        if transition is None:
            return None
        self._close_form()
        self._seen_version = case.version
        self.notice_label.hide()
        self._form = ActionForm(transition, case, self._context, self._case_box,
                                 return_note=self._returns.note(case.id) if self._returns is not None else None)
        self._form.sig_submitted.connect(self._on_submitted)
        self._form.sig_cancelled.connect(self._close_form)
        self._form_slot.addWidget(self._form)
        self._form.focus_first()
        return self._form

    @property
    def form(self) -> ActionForm | None:
        return self._form

    def trigger_first_action(self) -> None:
        """Ctrl+Enter: confirm the open form, or open the main step's form."""
        if self._form is not None:
            if self._form.confirm_button is not None:
                self._form.submit()   # a stale form refuses: it belongs to a case that moved on
        elif self._primary is not None:
            self.open_action(self._primary)

    @property
    def notice(self) -> str:
        """What the panel says about the shown case having moved on ("" when it has not)."""
        return self.notice_label.text() if not self.notice_label.isHidden() else ""

    @property
    def primary_command(self) -> str | None:
        """The main step offered now (highlighted, Ctrl+Enter), or None."""
        return self._primary

    # Building --------------------------------------------------------------------------------
    def _build_details(self) -> QWidget:
        """The case's details (scrolling when squeezed) over its step buttons and open form, which
        stay on screen."""
        self._case_box = QWidget(self)
        box = QVBoxLayout(self._case_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        self._scroll = scroll = QScrollArea(self._case_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._details = QWidget()
        layout = QVBoxLayout(self._details)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        head = QHBoxLayout()
        self.number_label = QLabel(self._details, objectName="number")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel(self._details)
        self.locate_button = QToolButton(self._details)
        self.locate_button.setText(self.tr("Locate"))
        self.locate_button.setToolTip(self.tr("Show the case on the map"))
        self.locate_button.clicked.connect(self._on_locate)
        head.addWidget(self.number_label)
        head.addWidget(self.status_label)
        self.returned_badge = QLabel(returned_badge(), self._details)
        self.returned_badge.setStyleSheet(_STATUS_STYLE.format(bg=RETURNED_COLOR))
        head.addWidget(self.returned_badge)
        head.addStretch(1)
        layout.addLayout(head)
        self.notice_label = QLabel(self._details, objectName="notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        layout.addWidget(self.notice_label)
        # Locate beside the deadline, not the number: number, status and the returned badge fill a
        # narrow panel's first line in English
        when = QHBoxLayout()
        self.deadline_label = QLabel(self._details)
        self.deadline_label.setWordWrap(True)
        when.addWidget(self.deadline_label, 1)
        when.addWidget(self.locate_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(when)
        # a grid, not a QFormLayout: QFormLayout hands wrapped values less height than they need
        # when squeezed, and their lines then draw over the next rows
        self._form_layout = QGridLayout()
        self._form_layout.setContentsMargins(0, 0, 0, 0)
        self._form_layout.setHorizontalSpacing(8)
        self._form_layout.setVerticalSpacing(2)
        self._form_layout.setColumnStretch(1, 1)
        self.fields: dict[str, QLabel] = {}
        self._keys: dict[str, QLabel] = {}
        for key, label in (("class", self.tr("Class")), ("tier", self.tr("Tier / source")),
                           ("place", self.tr("Place")), ("department", self.tr("Department")),
                           ("description", self.tr("Description")), ("reporter", self.tr("Reporter")),
                           ("counts", self.tr("Rework / returns / extensions")),
                           ("duplicates", self.tr("Also reported")),
                           ("pending", self.tr("Pending request")),
                           ("returned", self.tr("Returned by")),
                           ("register_condition", self.tr("Register when")),
                           ("close_condition", self.tr("Close when"))):
            value = QLabel(self._details)
            value.setWordWrap(True)
            # Descriptions and names are typed by citizens and operators: never read them as HTML.
            value.setTextFormat(Qt.TextFormat.RichText if key == "place" else Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key.endswith("condition"):
                value.setObjectName("condition")
            name = QLabel(label, self._details, objectName="key")
            row = len(self.fields)
            self._form_layout.addWidget(name, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self._form_layout.addWidget(value, row, 1)
            self.fields[key] = value
            self._keys[key] = name
        layout.addLayout(self._form_layout)
        layout.addStretch(1)
        scroll.setWidget(self._details)
        box.addWidget(scroll, 1)
        self._actions_grid = QGridLayout()
        self._actions_grid.setSpacing(4)
        for column in range(3):
            self._actions_grid.setColumnStretch(column, 1)
        box.addLayout(self._actions_grid)
        self.no_actions_label = QLabel(self.tr("No step for your role on this case now"), objectName="key")
        self.no_actions_label.setWordWrap(True)
        box.addWidget(self.no_actions_label)
        self._form_slot = QVBoxLayout()
        box.addLayout(self._form_slot)
        return self._case_box

    def _build_timeline(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        history = QLabel(self.tr("History"), box)
        history.setStyleSheet("font-weight:bold;")
        layout.addWidget(history)
        self.timeline = QTreeWidget(box)
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setHeaderLabels([self.tr("Time"), self.tr("Who"), self.tr("Step"), self.tr("Detail")])
        # time, who and step as wide as what they hold (fixed widths cut "Field supervisor" and
        # "Register case" off in English); the detail takes the rest
        for column in range(3):
            self.timeline.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.timeline)
        return box

    # Refresh ---------------------------------------------------------------------------------
    def _case(self) -> Case | None:
        if self._case_id is None:
            return None
        return self._picture.cases.get(self._case_id) or self._vanished

    def _actions(self, case: Case):
        if self._user is None or case is self._vanished:
            return []
        return available_actions(case, self._user)

    def _refresh(self) -> None:
        case = self._case()
        self.empty_label.setVisible(case is None)
        self._splitter.setVisible(case is not None)
        if case is None:
            self._close_form()
            return
        if case is not self._vanished:
            self._last_shown = case
        cx = self._context
        self.number_label.setText(case.number)
        color = STATE_COLORS["closed"] if not case.is_open else "#1a73e8"
        self.status_label.setText(cx.status_name(case.status))
        self.status_label.setStyleSheet(_STATUS_STYLE.format(bg=color))
        self._show_deadline()
        small = cx.catalog.small_class(case.class_code) if case.class_code else None
        f = self.fields
        f["class"].setText(f"{cx.class_name_both(case.class_code)} ({case.class_code})")
        f["tier"].setText(f"{cx.tier_name(case.tier)} · {cx.source_name(case.source)}")
        f["place"].setText(f"{html.escape(cx.place_name(case))}  "
                           f"<span style='color:#80868b'>{html.escape(case.grid_code)}</span>"
                           + self._derived_note(case))
        f["department"].setText(cx.department_name(case.department_code) or "—")
        f["description"].setText(case.description)
        f["reporter"].setText(self._reporter_text(case))
        f["counts"].setText(f"{case.rework_count} / {case.return_count} / {case.extension_count}")
        self._show_duplicates(case)
        note = self._returns.note(case.id) if self._returns is not None else None
        returned = is_returned(case)
        self.returned_badge.setVisible(returned)
        self._set_row_visible("returned", returned)
        if returned:
            department = cx.department_name(note.department if note else case.returned_by)
            f["returned"].setText(self.tr("{department}: {reason}").format(
                department=department, reason=note.reason) if note else department)
        self._set_row_visible("pending", case.pending_request is not None)
        if case.pending_request is not None:
            kind = cx.command_name("request_" + case.pending_request.value)
            f["pending"].setText(f"{kind}: {case.pending_detail or ''}")
        f["register_condition"].setText(small.register_condition if small else "")
        f["close_condition"].setText(small.close_condition if small else "")
        self._show_actions(case)

    def _show_deadline(self) -> None:
        case = self._case()
        if case is None:
            return
        if case.stage_deadline is None:
            self.deadline_label.setText(self._context.stage_name(case.stage) if case.is_open else "")
            return
        _remaining, state, text = self._context.countdown(case, self._picture.now())
        color = STATE_COLORS.get(state, STATE_COLORS["on_time"])
        # the countdown says itself whether time is left or overdue ("剩 2:05", "超期 8天1小时")
        template = self.tr("{stage} deadline {at} · <b style='color:{color}'>{time}</b>")
        self.deadline_label.setText(template.format(
            stage=self._context.stage_name(case.stage), at=f"{local(case.stage_deadline):%m-%d %H:%M}",
            color=color, time=text))

    def _derived_note(self, case: Case) -> str:
        """A derived partition's street and community are ours, not surveyed: the location says so."""
        if not self._context.is_derived_place(case):
            return ""
        note = html.escape(self.tr("derived partition, not surveyed boundaries"))
        return f"<br><i style='color:#80868b'>{note}</i>"

    def _reporter_text(self, case: Case) -> str:
        if not case.reporter_name and not case.reporter_phone:
            return "—"
        # the picture holds only what this viewer may see (commandcenter.privacy)
        return f"{case.reporter_name or ''}  {case.reporter_phone or ''}".strip()

    def _set_row_visible(self, key: str, visible: bool) -> None:
        self._keys[key].setVisible(visible)
        self.fields[key].setVisible(visible)

    def _show_actions(self, case: Case) -> None:
        actions = self._actions(case)
        commands = [t.command for t in actions]
        if commands != list(self.action_buttons):
            for button in self.action_buttons.values():
                button.deleteLater()
            self.action_buttons = {}
            self._primary = main_step(actions)
            for i, t in enumerate(actions):
                primary = t.command == self._primary
                button = QPushButton(self._context.command_name(t.command), self._case_box,
                                     objectName="primaryAction" if primary else "action")
                if primary:
                    button.setToolTip("Ctrl+Enter")
                button.clicked.connect(lambda _=False, c=t.command: self.open_action(c))
                self._actions_grid.addWidget(button, i // 3, i % 3)
                self.action_buttons[t.command] = button
        self.no_actions_label.setVisible(not actions and self._user is not None)
        if self._form is not None and not self._form.is_stale and self._form.command not in commands:
            self._close_form()

    def _close_form(self) -> None:
        if self._form is not None:
            self._form.hide()
            self._form.deleteLater()
            self._form = None

    # Timeline ----------------------------------------------------------------------------------
    def _add_events(self, events) -> None:
        for event in events:
            if event.seq is not None:
                if event.seq in self._timeline_seqs:
                    continue
                self._timeline_seqs.add(event.seq)
            cx = self._context
            if event.role == SYSTEM_ROLE:    # an automatic reminder: no person to name
                who = cx.role_name(event.role)
            else:
                who = f"{cx.user_display_name(event.actor)} · {cx.role_name(event.role)}"
            # the step's button says 添加备注 / Add note; the history names what it left: 备注 / Note
            step = self.tr("Note") if event.type == "note" else cx.command_name(event.type)
            item = QTreeWidgetItem([f"{local(event.at):%m-%d %H:%M}", who, step, event_detail(cx, event)])
            item.setToolTip(0, f"{local(event.at):%Y-%m-%d %H:%M:%S}")
            item.setToolTip(3, item.text(3))
            if event.payload.get("late"):
                item.setForeground(2, QColor(OVERDUE_COLOR))
                item.setToolTip(2, self.tr("This stage was finished after its deadline"))
            self.timeline.addTopLevelItem(item)
        self.timeline.scrollToBottom()

    def _show_duplicates(self, case: Case) -> None:
        """重复件 / 合并: how many more calls this case took, or which case it was merged into."""
        merged = case.merged_into is not None
        self._set_row_visible("duplicates", bool(case.duplicate_count) or merged)
        if merged:
            target = self._picture.cases.get(case.merged_into)
            self.fields["duplicates"].setText(self.tr("Merged into case {number}").format(
                number=target.number if target is not None else f"#{case.merged_into}"))
        elif case.duplicate_count:
            self.fields["duplicates"].setText(self.tr("{n} more calls about this problem").format(
                n=case.duplicate_count))
        elif case.is_open:
            # a report from any source (app, hotline import, field) may repeat an open case
            near = possible_duplicates(case, self._picture, self._context.catalog, nearby=self._nearby)
            self._set_row_visible("duplicates", bool(near))
            self.fields["duplicates"].setText(self.tr("Possible duplicate of {numbers}").format(
                numbers=", ".join(c.number for c in near[:3])))

    # Handlers --------------------------------------------------------------------------------
    def _on_reset(self) -> None:
        if self._case_id is not None:
            self._refresh()

    def _on_cases_changed(self, change: CasesChanged) -> None:
        if self._case_id is None or self._case_id not in change.case_ids:
            return
        self._note_moved_on(change)
        self._refresh()
        self._add_events([e for e in change.events if e.case_id == self._case_id])
        self.sig_history.emit(self._case_id, [e for e in change.events if e.case_id == self._case_id], False)

    def _note_moved_on(self, change: CasesChanged) -> None:
        """The shown case changed: if someone else moved it on, or it left the desk, say so in
        the panel and bind the open form to that news (it may no longer be confirmed)."""
        case = self._picture.cases.get(self._case_id)
        if case is None:
            if self._vanished is None:
                self._vanished = self._last_shown
            text = self.tr("Case {number} is no longer on this desk").format(
                number=self._vanished.number) if self._vanished is not None else ""
        else:
            form_outdated = self._form is not None and self._form.version != case.version
            by_someone_else = self._user is None or case.updated_by != self._user.name
            if case.version == self._seen_version or not (by_someone_else or form_outdated):
                self._seen_version = case.version
                return
            last = next((e for e in reversed(change.events) if e.case_id == case.id), None)
            cx = self._context
            text = self.tr("Case {number}: {step} by {who} at {time}").format(
                number=case.number, who=cx.user_display_name(last.actor if last else case.updated_by),
                time=f"{local(last.at if last else case.updated_at):%H:%M}",
                step=cx.command_name(last.type) if last else cx.status_name(case.status))
        if not text:
            return
        self.notice_label.setText(text)
        self.notice_label.show()
        if self._form is not None:
            self._form.set_stale(text)

    def _on_returns_changed(self, case_ids: frozenset[int]) -> None:
        if self._case_id in case_ids:
            self._refresh()

    def _on_locate(self) -> None:
        if self._case_id is not None:
            self.sig_locate_requested.emit(self._case_id)

    def _on_submitted(self, command: str, fields: dict) -> None:
        form = self._form
        if form is not None and form.case_id == self._case_id:
            # the version the operator saw when opening the form: the service refuses it if stale
            self.sig_action_requested.emit(form.case_id, form.version, command, fields)
            self._close_form()


if __name__ == "__main__":
    import sys

    from widgets.desk_preview import SAMPLE_USERS, run_preview

    def _make(signals, context, scenario):
        panel = CasePanel(signals, context)
        waiting = next(c for c in scenario.cases.values() if c.status.value == "dispatching")
        panel.set_user(next(u for u in SAMPLE_USERS if u.role is Role.DISPATCHER))
        panel.show_case(waiting.id)
        panel.set_timeline(waiting.id, scenario.events[waiting.id])
        panel.open_action("dispatch")
        return panel

    sys.exit(run_preview(_make, size=(440, 900)))
