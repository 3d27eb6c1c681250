"""Taking a call at the desk (受理登记, F2 / Ctrl+N): opens the intake form for a post that may
report, feeds it the places, the classes and the possible duplicates of the desk's picture,
and writes through the session's command operation (``service.report`` or, for a duplicate,
``service.report_duplicate``). A click on the map while the form is open places the report."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from commandcenter.duplicates import DuplicateIndex, DuplicateRule
from commandcenter.geography.gazetteer import AddressBook, DivisionNames
from commandcenter.intake import ClassSearch, PlaceFinder
from commandcenter.workflow import REPORT_ROLES
from widgets.intake_form import IntakeForm


def open_intake_form(form: IntakeForm) -> None:
    """Show the form (behind a function, so a test can watch it open)."""
    form.show()
    form.raise_()
    form.activateWindow()


class IntakeController(QObject):
    """The desk's side of the intake form."""

    sig_form_opened = Signal(object)
    """The intake form was opened (the form)."""

    def __init__(self, window, rule: DuplicateRule = DuplicateRule()):
        super().__init__(window)
        self._window = window
        self._session = window.session
        self._rule = rule
        self._classes: ClassSearch | None = None
        self._names: DivisionNames | None = None
        self.form: IntakeForm | None = None

    # Public API ---------------------------------------------------------------------------
    def may_report(self) -> bool:
        user = self._window.presenter.user
        return user is not None and user.role in REPORT_ROLES

    def open(self) -> IntakeForm | None:
        if self.form is not None:
            open_intake_form(self.form)
            return self.form
        if not self.may_report():
            self._window.presenter.sig_message.emit("error", self.tr(
                "Only call-takers and supervisors record reports at the desk."))
            return None
        runtime, user = self._session.runtime, self._window.presenter.user
        finder = self.finder()
        picture = self._session.picture
        index = DuplicateIndex(picture.open_cases(), runtime.catalog, self._rule)
        form = IntakeForm(self._window.context, finder, self._classes, user.role,
                          submit=self._submit, link=self._link,
                          candidates=lambda class_code, spot: index.find(class_code, spot.lon, spot.lat,
                                                                         picture.now()),
                          describe=self._session.commands.describe, parent=self._window)
        form.sig_saved.connect(self._on_saved)
        form.sig_spot_changed.connect(lambda lon, lat: self._window.map_view.pan_to(lon, lat))
        self._window.map_view.sig_map_clicked.connect(form.set_spot_from_map)
        form.finished.connect(self._on_closed)
        self.form = form
        open_intake_form(form)
        self.sig_form_opened.emit(form)
        return form

    def finder(self) -> PlaceFinder:
        """Finds places by address, community, grid code or map point (the address book joins
        when it has been read); the placement dialog finds places with it too."""
        runtime = self._session.runtime
        if self._classes is None:
            self._classes = ClassSearch(runtime.catalog)
            self._names = DivisionNames(runtime.district_map) if runtime.district_map is not None else None
            self._load_address_book()
        return PlaceFinder(runtime.district_map, runtime.locate, self._names)

    # Private API --------------------------------------------------------------------------
    def _submit(self, draft, on_done) -> None:
        service, actor, kwargs = self._session.runtime.service, self._window.presenter.user.name, draft.report_kwargs()
        self._session.commands.write(lambda: service.report(actor, **kwargs), on_done)

    def _link(self, draft, case_id: int, on_done) -> None:
        service, actor = self._session.runtime.service, self._window.presenter.user.name
        spot = draft.spot
        fields = dict(source=draft.source, description=draft.description.strip(),
                      reporter_name=draft.reporter_name.strip() or None,
                      reporter_phone=draft.reporter_phone.strip() or None,
                      lon=spot.lon if spot else None, lat=spot.lat if spot else None)
        self._session.commands.write(lambda: service.report_duplicate(actor, case_id, **fields), on_done)

    def _on_saved(self, case, duplicate: bool) -> None:
        if duplicate:
            text = self.tr("Case {number} also reported: the call is recorded on it ({count} duplicate reports).")
        else:
            text = self.tr("Case {number} recorded; it waits for intake.")
        self._window.presenter.sig_message.emit("info", text.format(number=case.number, count=case.duplicate_count))
        self._window.presenter.select_case(case.id)

    def _on_closed(self, _result: int) -> None:
        if self.form is not None:
            self._window.map_view.sig_map_clicked.disconnect(self.form.set_spot_from_map)
            self.form.deleteLater()
        self.form = None

    def _load_address_book(self) -> None:
        """The address gazetteer (地址库) comes off the GUI thread; until then names suffice."""
        session, runtime = self._session, self._session.runtime
        reader = getattr(session.backend, "addresses", None)
        if reader is None or runtime.district_map is None:
            return

        def shown(entries, error):
            if error is None and entries:
                self._names = DivisionNames(runtime.district_map,
                                            AddressBook(entries, runtime.district_map.district.name))

        session.commands.read(lambda: reader(session.store), shown)
