"""定位: the small dialog in which a call-taker places a case waiting to be placed (待定位, a 12345
order found no finer than a street) — by address or community text + Enter, by grid code + Enter,
or by a click on the desk's map. The street, community and grid found are shown before the
operator confirms (Ctrl+Enter); a place that cannot be found is named under its field and nothing
is written."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from commandcenter.errors import ValidationError
from commandcenter.intake import PlaceFinder, Spot
from commandcenter.messages import render
from widgets.intake_form import add_checked_row, error_label, spot_text

#: the dialog's fields; errors of the service name one of these (lon/lat count as location)
FIELDS = ("address", "grid_code", "location")


class PlacementForm(QDialog):
    """One case being placed. ``submit(spot, on_done)`` writes it (the desk runs ``service.place``
    through ``Commands.write``) and calls ``on_done(case, error)``."""

    sig_placed = Signal(object)
    """The case was placed (the case as written)."""
    sig_spot_changed = Signal(float, float)

    def __init__(self, context, finder: PlaceFinder, case, *, submit: Callable,
                 describe: Callable[[BaseException], str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("placement_form")
        self.setWindowTitle(self.tr("Place case {number}").format(number=case.number))
        self.context = context
        self.case = case
        self._finder = finder
        self._submit = submit
        self._describe = describe or (lambda error: render(error, context.lang))
        self._spot: Spot | None = None
        self._errors: dict[str, QLabel] = {}
        self._build()

    # Public API ---------------------------------------------------------------------------
    @property
    def spot(self) -> Spot | None:
        return self._spot

    def find_address(self, text: str | None = None) -> None:
        if text is not None:
            self.address.setText(text)
        self._find("address", lambda: self._finder.address(self.address.text()))

    def find_grid(self, code: str | None = None) -> None:
        if code is not None:
            self.grid.setText(code)
        self._find("grid_code", lambda: self._finder.grid(self.grid.text()))

    def set_spot_from_map(self, lon: float, lat: float) -> None:
        self._find("location", lambda: self._finder.at(lon, lat, "map"))

    def error_text(self, field: str) -> str:
        label = self._errors.get(field, self.general_error)
        return label.text() if not label.isHidden() else ""

    def save(self) -> None:
        """Write the place found; without one, say how to find it and write nothing."""
        if not self.save_button.isEnabled():
            return
        if self._spot is None:
            self._show(("location", ValidationError(
                "location", "", "click the map, search an address or type a grid", reason="pick_location")))
            return
        self.save_button.setEnabled(False)
        self.general_error.hide()
        self._submit(self._spot, self._on_written)

    # Private API --------------------------------------------------------------------------
    def _build(self) -> None:
        cx, case = self.context, self.case
        about = QLabel(self.tr("{number} · {cls} · now at {place}\n{text}").format(
            number=case.number, cls=cx.class_name(case.class_code), place=cx.street_name(case.street_code),
            text=case.description[:120]), objectName="placement_case")
        about.setWordWrap(True)
        self.address = QLineEdit(objectName="placement_address")
        self.address.setPlaceholderText(self.tr("Address, community or street; Enter finds it"))
        self.grid = QLineEdit(objectName="placement_grid")
        self.grid.setPlaceholderText(self.tr("Grid code; Enter finds it"))
        self.place = QLabel(self.tr("No place yet: find an address or a grid, or click the map"),
                            objectName="placement_place")
        self.place.setWordWrap(True)
        form = QFormLayout()
        for label, widget, field in ((self.tr("Address"), self.address, "address"),
                                     (self.tr("Grid"), self.grid, "grid_code"),
                                     (self.tr("Place"), self.place, "location")):
            self._errors[field] = error_label(f"placement_error_{field}")
            add_checked_row(form, label, widget, self._errors[field])
        self.general_error = error_label("placement_error")
        self.save_button = QPushButton(self.tr("Place here (Ctrl+Enter)"), objectName="placement_save")
        self.save_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.save_button.clicked.connect(self.save)
        self.address.returnPressed.connect(lambda: self.find_address())
        self.grid.returnPressed.connect(lambda: self.find_grid())
        self.address.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(520, 300)

    def _find(self, field: str, find: Callable[[], Spot]) -> None:
        try:
            spot = find()
        except ValidationError as error:
            self._spot = None
            self.place.setText(self.tr("No place yet: find an address or a grid, or click the map"))
            self._show((field, error))
            return
        self._spot = spot
        for label in self._errors.values():
            label.hide()
        self.general_error.hide()
        self.grid.setText(spot.grid_code)
        self.place.setText(spot_text(self.context, spot))
        self.sig_spot_changed.emit(spot.lon, spot.lat)

    def _show(self, problem: tuple[str, ValidationError]) -> None:
        field, error = problem
        label = self._errors.get(field, self.general_error)
        label.setText(render(error, self.context.lang))
        label.show()

    def _on_written(self, case, error) -> None:
        self.save_button.setEnabled(True)
        if error is None:
            self.sig_placed.emit(case)
            self.accept()
            return
        if isinstance(error, ValidationError):
            field = {"lon": "location", "lat": "location"}.get(error.field, error.field)
            if field in self._errors:
                self._show((field, error))
                return
        self.general_error.setText(self._describe(error))
        self.general_error.show()
