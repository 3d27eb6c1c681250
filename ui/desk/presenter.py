"""The desk's behaviour, apart from its layout: one selection shared by every view, commands run
off the GUI thread, and what the operator is told when a command does not go through."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal

from commandcenter.batch import run_batch
from commandcenter.errors import ConflictError
from commandcenter.phrases import PhraseBook
from commandcenter.queues import PLACEMENT_QUEUE, QUEUE_KEYS
from commandcenter.roles import Role, User
from commandcenter.services import PLACE_ROLES
from ui.desk import dialogs
from ui.selection import CaseSelection

#: the queue a role's desk opens on: its daily work
PRIMARY_QUEUE = {
    Role.DISPATCHER: "dispatch", Role.CALL_TAKER: "intake", Role.SUPERVISOR: "verify",
    Role.SHIFT_LEADER: "register", Role.DEPARTMENT: "handle", Role.LEADER: "handle",
    Role.TRAINER: "dispatch", Role.ADMIN: "dispatch",
}


class DeskPresenter(QObject):
    """Binds the queues, map, case panel and board of one desk to the session and its user."""

    sig_message = Signal(str, str)
    """(level, text) for the message bar: 'info', 'warning' or 'error'."""

    def __init__(self, session, context, *, queues, board, panel, map_view, dispatch,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.context = context
        self.user: User | None = None
        self.queues, self.board, self.panel = queues, board, panel
        self.map_view, self.dispatch = map_view, dispatch
        self.selected: int | None = None
        self.grid_filter: str | None = None
        self._selection = CaseSelection(queues, board, map_view, panel)
        self._view = None  # (west, south, east, north, zoom) as the map last reported it
        self.attention = None
        """The desk's :class:`widgets.attention.UrgentAttention`: selecting a case reads it."""

        queues.sig_case_selected.connect(lambda case_id: self.select_case(case_id, centre=True))
        board.sig_case_selected.connect(lambda case_id: self.select_case(case_id, centre=True))
        map_view.sig_case_clicked.connect(lambda case_id: self.select_case(case_id, centre=False))
        map_view.sig_cell_clicked.connect(self.set_grid_filter)
        map_view.sig_view_changed.connect(self._on_view_changed)
        panel.sig_action_requested.connect(self._on_action_requested)
        panel.sig_locate_requested.connect(self.locate)
        board.sig_dispatch_requested.connect(self.dispatch.request)
        board.sig_undo_requested.connect(self.dispatch.undo)
        board.sig_batch_dispatch_requested.connect(self.dispatch.request_batch)
        dispatch.sig_notice.connect(self.sig_message)
        dispatch.sig_committed.connect(self._on_dispatched)
        dispatch.sig_conflict.connect(lambda text: self.sig_message.emit("error", text))

    # Public API ---------------------------------------------------------------------------
    def set_user(self, user: User | None) -> None:
        """Shape the desk for ``user``'s role: the queue of its daily work, board drops only
        for dispatchers, a department operator sees its department's cases only."""
        self.user = user
        self.panel.set_user(user)
        self.dispatch.set_user(user)
        self.board.set_interactive(user is not None and user.role is Role.DISPATCHER)
        if user is not None and user.role is Role.DEPARTMENT:
            self.queues.set_filters(department=user.department_code)
        if self.attention is not None:   # a department's desk is told of its own urgent cases only
            department = user.department_code if user is not None and user.role is Role.DEPARTMENT else None
            self.attention.set_concerns((lambda case: case.department_code == department) if department else None)
        if user is not None:
            self._load_phrases(user.name)
        # 待定位: for the posts that place hotline orders; other posts never act on it, so never see it
        self.queues.set_queue_shown(PLACEMENT_QUEUE.key, user is not None and user.role in PLACE_ROLES)
        primary = PRIMARY_QUEUE.get(user.role) if user is not None else None
        if primary is not None:
            self.queues.setCurrentIndex(QUEUE_KEYS.index(primary))

    def select_case(self, case_id: int | None, centre: bool = True) -> None:
        """Select a case in every view; ``centre`` also brings it to the middle of the map."""
        if self._selection.busy:
            return
        self.selected = case_id
        self._selection.select(case_id)
        if case_id is not None and self.attention is not None:
            self.attention.mark_read(case_id)
        if case_id is not None:
            self._fetch_timeline(case_id)
            if centre:
                self.locate(case_id, zoom_in=False)

    def open_found(self, case) -> None:
        """A search result was taken: an open case in its queue tab and row, ready for the keys;
        a closed one in the case panel only, read-only with its history (no queue row stays
        selected, so no key acts on another case)."""
        self.select_case(case.id, centre=False)
        if case.id not in self.session.picture.cases:
            self.panel.show_archived(case)
        if self.queues.current_case_id() != case.id:
            self.queues.select_case(None)
            if case.is_open:
                self.sig_message.emit("info", self.tr(
                    "Case {number} is not in the queues as filtered now: it is shown in the case panel only."
                ).format(number=case.number))
        else:
            self.queues.view(self.queues.current_queue()).setFocus()
        self.map_view.pan_to(case.lon, case.lat)

    def on_reset(self) -> None:
        """The picture was (re)loaded. On the first load nothing is selected yet: open the most
        urgent case of the operator's own queue, so the desk starts ready to act."""
        if self.selected is None:
            key = self.queues.current_queue()
            case_id = self.queues.model(key).case_id_at(0)
            if case_id is not None:
                self.select_case(case_id, centre=False)

    def locate(self, case_id: int, zoom_in: bool = True) -> None:
        """Centre the map on the case; ``zoom_in`` also closes in on its street block."""
        case = self.session.picture.cases.get(case_id)
        if case is None:
            return
        if not zoom_in:   # selecting never changes the operator's zoom: Ctrl+0 fits the district
            self.map_view.pan_to(case.lon, case.lat)
            return
        half_w, half_h = 0.004, 0.003   # about 700 m × 650 m around the case
        self.map_view.fit_bounds(case.lon - half_w, case.lat - half_h, case.lon + half_w, case.lat + half_h)

    def set_grid_filter(self, grid_code: str | None) -> None:
        self.grid_filter = grid_code or None
        self.queues.set_grid_filter(self.grid_filter)

    def run_command(self, case_id: int, version: int, command: str, fields: dict,
                    on_done: Callable | None = None) -> None:
        """``service.act`` as the signed-in user, through the session's command operation."""
        if self.user is None:
            self.sig_message.emit("error", self.tr("Sign in to act on cases."))
            return
        service, actor = self.session.runtime.service, self.user.name

        def act():
            return service.act(actor, case_id, command, expected_version=version, **fields)

        def done(result, error):
            if isinstance(error, ConflictError) and case_id == self.selected:
                self._fetch_timeline(case_id)
            if on_done is not None:
                on_done(result, error)

        self.session.commands.write(act, done)

    def edit_phrases(self, parent) -> None:
        """The user's canned phrases (and, for an administrator, the centre's): read, edited in a
        dialog, written, and offered in the forms at once."""
        if self.user is None:
            return
        book, name, is_admin = PhraseBook(self.session.store), self.user.name, self.user.role is Role.ADMIN

        def edit(phrases, error):
            if error is not None:
                self.sig_message.emit("error", self.session.commands.describe(error))
                return
            answer = dialogs.edit_phrases(parent, phrases.own, phrases.centre, is_admin)
            if answer is None:
                return
            own, centre = answer

            def save():
                book.set_own(name, own)
                if centre is not None:
                    book.set_centre(name, centre)
                return book.for_user(name).all

            self.session.commands.write(save, saved)

        def saved(phrases, error):
            if error is not None:
                self.sig_message.emit("error", self.session.commands.describe(error))
                return
            self.context.phrases = tuple(phrases)
            self.sig_message.emit("info", self.tr("Canned phrases saved."))

        self.session.commands.read(lambda: book.for_user(name), edit)

    def run_batch(self, steps, on_done: Callable) -> None:
        """Several steps as the signed-in user, each its own transaction, in one command operation."""
        if self.user is None:
            self.sig_message.emit("error", self.tr("Sign in to act on cases."))
            return
        service, actor = self.session.runtime.service, self.user.name
        self.session.commands.write(lambda: run_batch(service, actor, steps), on_done)

    # Private API --------------------------------------------------------------------------
    def _on_action_requested(self, case_id: int, version: int, command: str, fields: dict) -> None:
        def done(result, error):
            if error is None:
                self.sig_message.emit("info", self.tr("{step}: case {number} done.").format(
                    step=self.context.command_name(command), number=result.number))
            else:
                self.sig_message.emit("error", self.session.commands.describe(error))

        self.run_command(case_id, version, command, dict(fields), done)

    def _on_dispatched(self, case_id: int, department: str) -> None:
        case = self.session.picture.cases.get(case_id)
        self.sig_message.emit("info", self.tr("Case {number} dispatched to {department}.").format(
            number=case.number if case else case_id, department=self.context.department_name(department)))

    def _load_phrases(self, name: str) -> None:
        """The user's canned phrases and the centre's, for every text field of the case panel."""
        book = PhraseBook(self.session.store)

        def loaded(phrases, error):
            if error is None and self.user is not None and self.user.name == name:
                self.context.phrases = tuple(phrases)

        self.session.commands.read(lambda: book.for_user(name).all, loaded)

    def _fetch_timeline(self, case_id: int) -> None:
        def shown(events):
            if case_id == self.selected:
                self.panel.set_timeline(case_id, events)

        self.session.commands.history(case_id, shown)

    def _on_view_changed(self, west: float, south: float, east: float, north: float, zoom: float) -> None:
        self._view = (west, south, east, north, zoom)
