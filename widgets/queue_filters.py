"""The filters above the desk's queues: the search box, one combo per field (street, class,
department, source, tier) and the map's grid filter, shared by every queue tab."""
from __future__ import annotations

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLineEdit, QStyle, QStyleOptionComboBox, QVBoxLayout, QWidget,
)

from commandcenter.case import Source, Tier
from commandcenter.errors import NotFound
from widgets.context import DeskContext
from widgets.elided_chip import ElidedChip
from widgets.queue_rows import QueueFilter


def fit_all_label(combo: QComboBox, label: str) -> None:
    """The "All …" entry is never elided ("All departn…" in English), and the open list is as wide
    as its longest entry."""
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    metrics = combo.fontMetrics()
    height = combo.sizeHint().height()
    need = combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                          QSize(metrics.horizontalAdvance(label) + 4, height), combo).width()
    combo.setMinimumWidth(need)
    longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    combo.view().setMinimumWidth(longest + 40)


class QueueFilterBar(QWidget):
    """Search box, filter combos and the map's grid filter, shared by every queue tab."""

    sig_changed = Signal()
    """The operator changed a filter or the search text."""

    def __init__(self, context: DeskContext, parent=None):
        super().__init__(parent)
        self.grid: str | None = None
        self._context = context
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 2)
        self._outer.setSpacing(2)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._outer.addLayout(layout)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search cases (Ctrl+F)"))
        self.search.setToolTip(self.tr("Case number, description or address, street, community, grid code, "
                                       "class, 12345 order number, phone (where you may see it); "
                                       "closed cases too. Enter opens the first match."))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(110)   # room for the whole "All …" filters beside it at 1600 px
        layout.addWidget(self.search, 2)
        dm = context.district_map
        streets = [(s.code, s.name) for s in dm.streets] if dm is not None else []
        classes = [(c.code, f"{c.code} {context.class_name(c.code)}") for c in context.catalog.small_classes()]
        self.combos = {
            "street": self._combo(self.tr("All streets"), streets),
            "class_code": self._combo(self.tr("All classes"), classes),
            "department": self._combo(self.tr("All departments"),
                                      [(d.code, context.department_name(d.code)) for d in context.departments]),
            "source": self._combo(self.tr("All sources"), [(s.value, context.source_name(s)) for s in Source]),
            "tier": self._combo(self.tr("All tiers"), [(t.value, context.tier_name(t)) for t in Tier]),
        }
        for combo in self.combos.values():
            layout.addWidget(combo, 1)
        # The map's grid filter and a clicked number's drill-down show as chips on a row of their own
        # under the filters: a long place name is elided there and never widens the queue panel.
        chips = QHBoxLayout()
        chips.setContentsMargins(0, 0, 0, 0)
        chips.setSpacing(4)
        self._chips = QWidget(self)
        self._chips.setLayout(chips)
        self._chips.hide()
        self._outer.addWidget(self._chips)
        self.grid_chip = ElidedChip(self._chips)
        self.grid_chip.setObjectName("grid_chip")
        self.grid_chip.setToolTip(self.tr("Clear the grid filter from the map"))
        self.grid_chip.setStyleSheet("QToolButton{background:#e8f0fe;color:#1967d2;border-radius:3px;padding:1px 6px;}")
        self.grid_chip.clicked.connect(lambda: self.set_grid(None))
        self.grid_chip.hide()
        chips.addWidget(self.grid_chip)
        self.drill: frozenset[int] | None = None
        self.drill_chip = ElidedChip(self._chips)
        self.drill_chip.setObjectName("drill_chip")
        self.drill_chip.setToolTip(self.tr("Show all cases again"))
        self.drill_chip.setStyleSheet("QToolButton{background:#fce8e6;color:#a50e0e;border-radius:3px;padding:1px 6px;}")
        self.drill_chip.clicked.connect(lambda: self.set_drill(None))
        self.drill_chip.hide()
        chips.addWidget(self.drill_chip)
        chips.addStretch(1)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.sig_changed)
        self.search.textChanged.connect(self._debounce.start)

    def add_below(self, widget: QWidget) -> None:
        """Put ``widget`` under the filters (the search results), on every queue tab."""
        self._outer.addWidget(widget)

    def _combo(self, everything: str, items) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(everything, None)
        for code, name in items:
            combo.addItem(name, code)
        combo.setMinimumContentsLength(5)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        fit_all_label(combo, everything)
        combo.currentIndexChanged.connect(self.sig_changed)
        return combo

    def set_grid(self, code: str | None) -> None:
        self.grid = code
        place = self._grid_place(code) if code else ""
        self.grid_chip.setText(self.tr("Grid {place} ✕").format(place=place) if code else "")
        hint = self.tr("Clear the grid filter from the map")
        self.grid_chip.setToolTip(f"{place}\n{hint}" if code else hint)
        self.grid_chip.setVisible(code is not None)
        self._show_chips()
        self.sig_changed.emit()

    def set_drill(self, case_ids: frozenset[int] | None, label: str = "") -> None:
        """Only ``case_ids`` (the cases behind a clicked number), named by ``label`` on the chip."""
        self.drill = frozenset(case_ids) if case_ids is not None else None
        self.drill_chip.setText(self.tr("filter: {label} ✕").format(label=label) if case_ids is not None else "")
        hint = self.tr("Show all cases again")
        self.drill_chip.setToolTip(f"{label}\n{hint}" if case_ids is not None else hint)
        self.drill_chip.setVisible(case_ids is not None)
        self._show_chips()
        self.sig_changed.emit()

    def current(self) -> QueueFilter:
        values = {name: combo.currentData() for name, combo in self.combos.items()}
        return QueueFilter(text=self.search.text().strip() or None, grid=self.grid, case_ids=self.drill, **values)

    def apply(self, values: dict) -> None:
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(values.get(name))) if values.get(name) else 0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(values.get("text") or "")
        self.search.blockSignals(False)
        self.sig_changed.emit()

    def _show_chips(self) -> None:
        self._chips.setVisible(self.grid is not None or self.drill is not None)

    def _grid_place(self, code: str) -> str:
        """The grid the map's click filters on as the operator knows it: street · community · code."""
        dm = self._context.district_map
        try:
            grid = dm.grid(code) if dm is not None else None
        except NotFound:
            grid = None
        if grid is None:
            return code
        return " · ".join((self._context.street_name(grid.street_code),
                           self._context.community_name(grid.community_code), code))
