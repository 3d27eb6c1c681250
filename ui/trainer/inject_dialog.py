"""The trainer's ad-hoc injection: after a click on the map, pick the class, describe the incident,
and optionally give the department the dispatcher should choose. Opened through
:func:`ask_injection` so tests can replace it."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from commandcenter.case import Tier


class InjectDialog(QDialog):
    def __init__(self, context, lon: float, lat: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Inject an incident"))
        self._context = context
        self.classes = QComboBox(self, objectName="inject_class")
        for big in context.catalog.big_classes.values():
            for small in context.catalog.small_classes(big=big.code):
                self.classes.addItem(f"{small.code}  {context.class_name(small.code)}", small.code)
        self.classes.setMaxVisibleItems(20)
        self.description = QLineEdit(self, objectName="inject_description")
        self.tier = QComboBox(self, objectName="inject_tier")
        self.tier.addItem(self.tr("Class default"), None)
        for tier in Tier:
            self.tier.addItem(context.tier_name(tier), tier.value)
        self.expected = QComboBox(self, objectName="inject_expected")
        self.expected.addItem("", None)
        for department in context.departments:
            self.expected.addItem(context.department_name(department.code), department.code)
        form = QFormLayout()
        form.addRow(self.tr("Where"), QLabel(f"{lon:.6f}, {lat:.6f}", self))
        form.addRow(self.tr("Class"), self.classes)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Tier"), self.tier)
        form.addRow(self.tr("Right department"), self.expected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.classes.currentIndexChanged.connect(self._on_class_changed)
        self._on_class_changed()

    def values(self) -> dict:
        return {"class_code": self.classes.currentData(), "description": self.description.text().strip(),
                "tier": self.tier.currentData(), "expected_department": self.expected.currentData()}

    def _on_class_changed(self) -> None:
        code = self.classes.currentData()
        default = self._context.default_department(code)
        self.expected.setItemText(0, self.tr("Class default: {name}").format(
            name=self._context.department_name(default)))
        if not self.description.isModified():
            self.description.setText(self._context.class_name(code))


def ask_injection(parent, context, lon: float, lat: float) -> dict | None:
    """The incident to inject at (lon, lat), or None when the trainer cancels."""
    dialog = InjectDialog(context, lon, lat, parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
