"""The intake form (受理登记): a call-taker records a phone call as a report without leaving the
keyboard — phone, name, source, class (search by Chinese, English, code or pinyin initials,
Enter picks), tier, description, place (address or community + Enter, a grid code + Enter, or
a click on the desk's map) — and Ctrl+Enter saves. Bad input is named under its field and
nothing is written. Possible duplicates (same big class, near, recent, open) are listed while
the report is typed; one of them can take the call as a duplicate (重复件) instead."""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from commandcenter.errors import ValidationError
from commandcenter.intake import INTAKE_SOURCES, ClassSearch, IntakeDraft, PlaceFinder, Spot
from commandcenter.messages import render
from commandcenter.privacy import mask_name, may_see_personal_data

_ERROR_STYLE = "color:#c62828;"
#: the form's fields in Tab order; errors of the service name one of these (or location/lon/lat)
FIELDS = ("reporter_phone", "reporter_name", "source", "class_code", "tier", "description", "address",
          "grid_code", "location")


def spot_text(context, spot: Spot) -> str:
    """"街道 / 社区 / grid 110101001001001 (lon, lat)": where a found place is, for the operator to check."""
    return QCoreApplication.translate("IntakeForm", "{street} / {community} / grid {grid} ({lon:.6f}, {lat:.6f})").format(
        street=context.street_name(spot.street_code), community=context.community_name(spot.community_code),
        grid=spot.grid_code, lon=spot.lon, lat=spot.lat)


def error_label(name: str) -> QLabel:
    """A field's (or the form's) error line: red, wrapped, hidden until there is something to say."""
    error = QLabel(objectName=name)
    error.setStyleSheet(_ERROR_STYLE)
    error.setWordWrap(True)
    error.hide()
    return error


def add_checked_row(form, label: str, widget: QWidget, error: QLabel) -> None:
    """``widget`` under ``label`` with its error line right below it."""
    box = QVBoxLayout()
    box.setSpacing(1)
    box.addWidget(widget)
    box.addWidget(error)
    form.addRow(label, box)


class IntakeForm(QDialog):
    """One report being taken. ``submit(draft, on_done)`` writes it (the desk runs
    ``service.report`` through ``Commands.write``); ``link(draft, case_id, on_done)`` records it
    as a duplicate of an open case; ``candidates(class_code, spot)`` lists possible duplicates."""

    sig_saved = Signal(object, bool)
    """A case was written: (the new case, False), or (the open case that took the call as a
    duplicate, True)."""
    sig_spot_changed = Signal(float, float)
    """The report's place changed (the desk shows it on the map)."""

    def __init__(self, context, finder: PlaceFinder, classes: ClassSearch, role, *,
                 submit: Callable, link: Callable | None = None,
                 candidates: Callable[[str, Spot], Sequence] | None = None,
                 describe: Callable[[BaseException], str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("intake_form")
        self.setWindowTitle(self.tr("Intake: record a report"))
        self.context = context
        self._finder = finder
        self._classes = classes
        self._submit = submit
        self._link = link
        self._candidates = candidates
        self._describe = describe or (lambda error: render(error, context.lang))
        self._may_see = may_see_personal_data(role)
        self._class_code: str | None = None
        self._spot: Spot | None = None
        self._busy = False
        self._linking = False
        self._errors: dict[str, QLabel] = {}
        self._build()
        self._connect()
        self.phone.setFocus()

    # Public API ---------------------------------------------------------------------------
    def draft(self) -> IntakeDraft:
        return IntakeDraft(source=self.source.currentData(), reporter_name=self.name.text(),
                           reporter_phone=self.phone.text(), class_code=self._class_code,
                           tier=self.tier.currentData(), description=self.description.toPlainText(),
                           spot=self._spot)

    def set_spot_from_map(self, lon: float, lat: float) -> None:
        """A click on the desk's map while the form is open puts the report there."""
        self._find_spot("location", lambda: self._finder.at(lon, lat, "map"))

    def pick_class(self, text: str) -> None:
        """Search the classes for ``text`` and pick the first match (as typing it and Enter do)."""
        self.class_search.setText(text)
        self._fill_classes(text)
        self._pick_class()

    def error_text(self, field: str) -> str:
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def shown_errors(self) -> dict[str, str]:
        return {f: label.text() for f, label in self._errors.items() if not label.isHidden()}

    def save(self) -> None:
        """Ctrl+Enter: check every field, then write; the form closes once the case is stored."""
        if self._busy:
            return
        draft = self.draft()
        problems = draft.problems()
        self._show_errors(problems)
        if problems:
            self._focus_first(problems)
            return
        self._set_busy(True)
        self._linking = False
        self._submit(draft, self._on_written)

    def link_selected(self) -> None:
        """Take the call as a duplicate (重复件) of the highlighted candidate."""
        item = self.duplicates.currentItem()
        if self._busy or self._link is None or item is None:
            return
        draft = self.draft()
        problems = {k: v for k, v in draft.problems().items() if k in ("reporter_phone", "reporter_name", "source")}
        self._show_errors(problems)
        if problems:
            return
        self._set_busy(True)
        self._linking = True
        self._link(draft, item.data(Qt.ItemDataRole.UserRole), self._on_written)

    # Layout -------------------------------------------------------------------------------
    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.phone = QLineEdit(objectName="intake_phone")
        self.phone.setPlaceholderText(self.tr("Caller's phone, e.g. 13812345678"))
        self.name = QLineEdit(objectName="intake_name")
        self.name.setPlaceholderText(self.tr("Caller's name (may stay empty)"))
        if not self._may_see:
            # the post may record a caller but not read one back: shown only while typed
            for edit in (self.phone, self.name):
                edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.source = QComboBox(objectName="intake_source")
        for source in INTAKE_SOURCES:
            self.source.addItem(self.context.source_name(source), source.value)
        self.class_search = QLineEdit(objectName="intake_class_search")
        self.class_search.setPlaceholderText(self.tr("Class: Chinese, English, code or pinyin initials; Enter picks"))
        self.class_list = QListWidget(objectName="intake_class_list")
        self.class_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.class_list.setFixedHeight(120)
        self.class_info = QLabel(objectName="intake_class_info")
        self.class_info.setWordWrap(True)
        self.class_info.setTextFormat(Qt.TextFormat.RichText)
        self.class_info.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.tier = QComboBox(objectName="intake_tier")
        self.tier.addItem(self.tr("By class (default)"), None)
        for tier in ("general", "urgent", "difficult"):
            self.tier.addItem(self.context.tier_name(tier), tier)
        self.description = QPlainTextEdit(objectName="intake_description")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("What the caller sees, and where exactly"))
        self.description.setMaximumHeight(90)
        self.address = QLineEdit(objectName="intake_address")
        self.address.setPlaceholderText(self.tr("Address, community or street; Enter finds it"))
        self.grid = QLineEdit(objectName="intake_grid")
        self.grid.setPlaceholderText(self.tr("Grid code; Enter finds it"))
        self.place = QLabel(self.tr("No place yet: click the map, or find an address or a grid"),
                            objectName="intake_place")
        self.place.setWordWrap(True)

        def row(label: str, widget: QWidget, field: str) -> None:
            self._errors[field] = error_label(f"intake_error_{field}")
            add_checked_row(form, label, widget, self._errors[field])

        row(self.tr("Phone"), self.phone, "reporter_phone")
        row(self.tr("Caller"), self.name, "reporter_name")
        row(self.tr("Source"), self.source, "source")
        class_box = QWidget()
        class_layout = QVBoxLayout(class_box)
        class_layout.setContentsMargins(0, 0, 0, 0)
        class_layout.addWidget(self.class_search)
        class_layout.addWidget(self.class_list)
        class_layout.addWidget(self.class_info)
        row(self.tr("Class"), class_box, "class_code")
        row(self.tr("Tier"), self.tier, "tier")
        row(self.tr("Description"), self.description, "description")
        row(self.tr("Address"), self.address, "address")
        row(self.tr("Grid"), self.grid, "grid_code")
        row(self.tr("Place"), self.place, "location")

        self.duplicates = QListWidget(objectName="intake_duplicates")
        self.duplicates.setMinimumHeight(90)
        self.duplicates.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.duplicates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.duplicates_title = QLabel(self.tr("Possible duplicates: none"), objectName="intake_duplicates_title")
        self.link_button = QPushButton(self.tr("Duplicate of the selected case (Ctrl+Shift+D)"),
                                       objectName="intake_link")
        self.link_button.setEnabled(False)
        self.general_error = error_label("intake_error")
        self.save_button = QPushButton(self.tr("Save as a new case (Ctrl+Enter)"), objectName="intake_save")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.duplicates_title)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        for first, second in zip((self.phone, self.name, self.source, self.class_search, self.tier,
                                  self.description, self.address, self.grid, self.duplicates),
                                 (self.name, self.source, self.class_search, self.tier, self.description,
                                  self.address, self.grid, self.duplicates, self.save_button)):
            QWidget.setTabOrder(first, second)
        self._fill_classes("")
        self.resize(760, 820)

    def _connect(self) -> None:
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, self.link_selected)
        self.save_button.clicked.connect(self.save)
        self.link_button.clicked.connect(self.link_selected)
        self.class_search.textEdited.connect(self._fill_classes)
        self.class_search.returnPressed.connect(self._pick_class)
        self.class_list.itemClicked.connect(lambda _item: self._pick_class())
        self._keys = _SearchKeys(self.class_list, self)
        self.class_search.installEventFilter(self._keys)
        self.address.returnPressed.connect(
            lambda: self._find_spot("address", lambda: self._finder.address(self.address.text())))
        self.grid.returnPressed.connect(
            lambda: self._find_spot("grid_code", lambda: self._finder.grid(self.grid.text())))
        self.duplicates.currentItemChanged.connect(
            lambda current, _previous: self.link_button.setEnabled(current is not None and self._link is not None))

    # Private API --------------------------------------------------------------------------
    def _fill_classes(self, text: str) -> None:
        self.class_list.clear()
        for entry in self._classes.find(text, limit=40):
            name = f"{entry.zh}  {entry.en}" if self.context.lang == "en" else entry.zh
            item = QListWidgetItem(f"{entry.code}  {name}  · {entry.big_zh if self.context.lang == 'zh' else entry.big_en}")
            item.setData(Qt.ItemDataRole.UserRole, entry.code)
            self.class_list.addItem(item)
        if self.class_list.count():
            self.class_list.setCurrentRow(0)

    def _pick_class(self) -> None:
        item = self.class_list.currentItem()
        if item is None:
            self._show_errors({"class_code": ValidationError("class_code", self.class_search.text(),
                                                             "no class matches", reason="pick_class")})
            return
        self._class_code = item.data(Qt.ItemDataRole.UserRole)
        small = self.context.catalog.small_class(self._class_code)
        self.class_search.setText(f"{small.code} {self.context.class_name(small.code)}")
        limit = self.context.catalog.limit(small.code, "general", "handle")
        self.class_info.setText(self.tr(
            "<b>Registration condition:</b> {condition}<br><b>Handling limit:</b> {limit}<br>"
            "<b>Department:</b> {department}").format(
            condition=small.register_condition, limit=self.context.format_limit(limit),
            department=self.context.department_name(small.department)))
        self._clear_error("class_code")
        self._refresh_candidates()
        self.focusNextChild()

    def _find_spot(self, field: str, find: Callable[[], Spot]) -> None:
        try:
            spot = find()
        except ValidationError as error:
            self._show_errors({field: error})
            return
        self._spot = spot
        for name in ("address", "grid_code", "location"):
            self._clear_error(name)
        self.grid.setText(spot.grid_code)
        self.place.setText(spot_text(self.context, spot))
        self.sig_spot_changed.emit(spot.lon, spot.lat)
        self._refresh_candidates()

    def _refresh_candidates(self) -> None:
        self.duplicates.clear()
        if self._candidates is None or self._class_code is None or self._spot is None:
            self.duplicates_title.setText(self.tr("Possible duplicates: none"))
            return
        found = list(self._candidates(self._class_code, self._spot))
        self.duplicates_title.setText(self.tr("Possible duplicates: {n}").format(n=len(found)))
        for candidate in found:
            case = candidate.case
            reporter = case.reporter_name or ""
            if reporter and not self._may_see:
                reporter = mask_name(reporter)
            item = QListWidgetItem(self.tr("{number} · {cls} · {status} · {metres} m · {hours} h ago · {text}").format(
                number=case.number, cls=self.context.class_name(case.class_code),
                status=self.context.status_name(case.status), metres=round(candidate.metres),
                hours=round(candidate.hours, 1), text=case.description[:24]) + (f" · {reporter}" if reporter else ""))
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            item.setToolTip(case.description)
            self.duplicates.addItem(item)

    def _on_written(self, case, error) -> None:
        self._set_busy(False)
        if error is None:
            self.sig_saved.emit(case, self._linking)
            self.accept()
            return
        if isinstance(error, ValidationError):
            field = {"lon": "location", "lat": "location"}.get(error.field, error.field)
            if field in self._errors:
                self._show_errors({field: error})
                return
        self.general_error.setText(self._describe(error))
        self.general_error.show()

    def _show_errors(self, problems: dict) -> None:
        for field, error in problems.items():
            label = self._errors.get(field, self.general_error)
            label.setText(render(error, self.context.lang))
            label.show()

    def _clear_error(self, field: str) -> None:
        label = self._errors.get(field)
        if label is not None:
            label.hide()
            label.clear()

    def _focus_first(self, problems: dict) -> None:
        widgets = {"reporter_phone": self.phone, "reporter_name": self.name, "source": self.source,
                   "class_code": self.class_search, "tier": self.tier, "description": self.description,
                   "location": self.address, "address": self.address, "grid_code": self.grid}
        for field in FIELDS:
            if field in problems:
                widgets[field].setFocus()
                return

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.general_error.hide()


class _SearchKeys(QObject):
    """↑/↓ in the class search move through the matching classes."""

    def __init__(self, target: QListWidget, parent: QObject):
        super().__init__(parent)
        self._target = target

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self._target.count() - 1, self._target.currentRow() + step))
            self._target.setCurrentRow(row)
            return True
        return False
