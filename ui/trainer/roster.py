"""The trainer's roster picker (学员名单): the staff list with a tick for every trainee expected at
the session, before it starts and while it runs. The debrief lists every ticked trainee, one who
never signed in or never acted as absent."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from commandcenter.training_roster import trainee_candidates

NAME_ROLE = Qt.ItemDataRole.UserRole


class RosterPicker(QWidget):
    sig_changed = Signal(tuple)
    """The names ticked, in the staff list's order."""

    def __init__(self, context, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("roster_picker")
        self._context = context
        self._quiet = False
        self.title = QLabel(self.tr("Expected trainees"), self, objectName="section")
        self.count_label = QLabel(self, objectName="hint")
        self.clear_button = QPushButton(self.tr("None"), self, objectName="roster_clear")
        self.clear_button.setToolTip(self.tr("Expect nobody in particular: the debrief lists whoever acted"))
        self.clear_button.clicked.connect(lambda: self.set_checked(()))
        self.list = QListWidget(self, objectName="roster_list")
        self.list.setMaximumHeight(150)
        self.list.setToolTip(self.tr("Tick the trainees expected at this session; one who never signs in or never "
                                     "acts is listed as absent in the debrief"))
        self.list.itemChanged.connect(self._on_item_changed)
        # Space ticks the current trainee here, not the window's play/pause shortcut
        self.list.installEventFilter(self)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.count_label)
        header.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.list)
        self.set_staff(context.users_by_name.values())

    # Public API ---------------------------------------------------------------------------
    def set_staff(self, users) -> None:
        """The staff who can be expected (every active account but trainers)."""
        ticked = set(self.checked())
        self._quiet = True
        self.list.clear()
        for user in trainee_candidates(users):
            shown = user.name if user.display_name in ("", user.name) else f"{user.display_name} ({user.name})"
            item = QListWidgetItem(f"{shown} · {self._context.role_name(user.role.value)}")
            item.setData(NAME_ROLE, user.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if user.name in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self._quiet = False
        self._show_count()

    def set_checked(self, names) -> None:
        """Tick exactly ``names`` (one notice, if anything changed)."""
        wanted, before = set(names), self.checked()
        self._quiet = True
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(NAME_ROLE) in wanted else Qt.CheckState.Unchecked)
        self._quiet = False
        self._show_count()
        if self.checked() != before:
            self.sig_changed.emit(self.checked())

    def checked(self) -> tuple[str, ...]:
        return tuple(item.data(NAME_ROLE) for item in self._items()
                     if item.checkState() == Qt.CheckState.Checked)

    def item_of(self, name: str) -> QListWidgetItem | None:
        return next((item for item in self._items() if item.data(NAME_ROLE) == name), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.list and event.type() == QEvent.Type.ShortcutOverride
                and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)):
            event.accept()
            return True
        return super().eventFilter(watched, event)

    # Private API --------------------------------------------------------------------------
    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _on_item_changed(self, _item) -> None:
        if self._quiet:
            return
        self._show_count()
        self.sig_changed.emit(self.checked())

    def _show_count(self) -> None:
        n = len(self.checked())
        self.count_label.setText(self.tr("{n} expected").format(n=n) if n else self.tr("anyone who acts"))
