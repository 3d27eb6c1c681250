"""Placing a 12345 order at the desk (定位, Ctrl+Shift+P, call-takers and shift leaders): the
selected case of the 待定位 tab gets its place in a small dialog (address, grid code or a map
click), written by ``service.place`` through the session's command operation; the case then
leaves the 待定位 tab and stays in its stage's queue with its grid, community and street."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from commandcenter.queues import PLACEMENT_QUEUE
from commandcenter.services import PLACE_ROLES
from widgets.placement_form import PlacementForm


def open_placement_form(form: PlacementForm) -> None:
    """Show the dialog (behind a function, so a test can watch it open and drive it)."""
    form.show()
    form.raise_()
    form.activateWindow()


class PlacementController(QObject):
    sig_form_opened = Signal(object)
    """The placement dialog was opened (the dialog)."""

    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self._session = window.session
        self.form: PlacementForm | None = None

    def may_place(self) -> bool:
        user = self._window.presenter.user
        return user is not None and user.role in PLACE_ROLES

    def place_selected(self) -> PlacementForm | None:
        presenter = self._window.presenter
        if not self.may_place():
            presenter.sig_message.emit("error", self.tr("Only call-takers and shift leaders place cases."))
            return None
        case = self._session.picture.cases.get(presenter.selected) if presenter.selected is not None else None
        if case is None or not PLACEMENT_QUEUE.accepts(case):
            presenter.sig_message.emit("error", self.tr(
                "Select a case of the To place tab first: only cases waiting to be placed are placed."))
            return None
        if self.form is not None:
            self.form.close()
        version, actor = case.version, presenter.user.name
        service = self._session.runtime.service

        def submit(spot, on_done):
            self._session.commands.write(
                lambda: service.place(actor, case.id, spot.lon, spot.lat, expected_version=version), on_done)

        form = PlacementForm(self._window.context, self._window.intake.finder(), case, submit=submit,
                             describe=self._session.commands.describe, parent=self._window)
        form.sig_placed.connect(self._on_placed)
        form.sig_spot_changed.connect(lambda lon, lat: self._window.map_view.pan_to(lon, lat))
        self._window.map_view.sig_map_clicked.connect(form.set_spot_from_map)
        form.finished.connect(lambda _result, f=form: self._on_closed(f))
        self.form = form
        open_placement_form(form)
        self.sig_form_opened.emit(form)
        return form

    def _on_placed(self, case) -> None:
        self._window.presenter.sig_message.emit("info", self.tr("Case {number} placed at {place}.").format(
            number=case.number, place=self._window.context.place_name(case)))

    def _on_closed(self, form: PlacementForm) -> None:
        self._window.map_view.sig_map_clicked.disconnect(form.set_spot_from_map)
        form.deleteLater()
        if form is self.form:
            self.form = None
