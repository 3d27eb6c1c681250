"""A department column's cases in hand as a list model: one row per case, most urgent first
(sorted by (deadline, id)). The board keeps it up to date row by row — a case arriving is one
inserted row, a case leaving one removed row, a case changed in place one changed row — and
resets it only when the whole picture is reloaded. What a card shows is worked out when it is
painted (``item_of``), so 30,000 cases in hand cost their ids, not their cards."""
from __future__ import annotations

from bisect import bisect_left
from typing import Callable

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from widgets.board_card import CardItem

Entry = tuple[float, int]
"""(deadline as a timestamp, or inf; case id): a row's sort key."""

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
CARD_ROLE = Qt.ItemDataRole.UserRole + 2
SELECTED_ROLE = Qt.ItemDataRole.UserRole + 3
FLASH_ROLE = Qt.ItemDataRole.UserRole + 4


class ColumnModel(QAbstractListModel):
    """Rows = a department's cases in hand; ``item_of(case_id)`` says what a card shows."""

    def __init__(self, item_of: Callable[[int], CardItem | None], parent=None):
        super().__init__(parent)
        self.entries: list[Entry] = []
        self._item_of = item_of
        self.selected: int | None = None
        self._selected_entry: Entry | None = None
        self.flashing: set[int] = set()
        self.painted: dict[int, tuple[str, str]] = {}
        """(state, countdown) of the cards as last painted: the clock redraws only those that changed."""

    # Rows ------------------------------------------------------------------------------------
    def reset_entries(self, entries: list[Entry]) -> None:
        """The whole list anew (a reload of the picture): ``entries`` sorted."""
        self.beginResetModel()
        self.entries = entries
        self.flashing.clear()
        self.painted.clear()
        self.endResetModel()

    def insert(self, entry: Entry) -> int:
        row = bisect_left(self.entries, entry)
        self.beginInsertRows(QModelIndex(), row, row)
        self.entries.insert(row, entry)
        self.endInsertRows()
        if entry[1] == self.selected:
            self._selected_entry = entry
        return row

    def remove(self, entry: Entry) -> None:
        row = self.row_of(entry)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.entries[row]
        self.endRemoveRows()
        self.flashing.discard(entry[1])
        self.painted.pop(entry[1], None)

    def changed(self, entry: Entry) -> None:
        """The case of ``entry`` changed without moving (same deadline): its card is redrawn."""
        row = self.row_of(entry)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def all_changed(self) -> None:
        """Every card may read differently (rates, time): one signal, the view repaints what it shows."""
        if self.entries:
            self.dataChanged.emit(self.index(0), self.index(len(self.entries) - 1))

    def refresh_rows(self, rows: range) -> None:
        """Redraw the cards of ``rows`` whose time left or deadline colour moved since painted."""
        for row in rows:
            case_id = self.entries[row][1]
            item = self._item_of(case_id)
            if item is not None and self.painted.get(case_id) != (item.state, item.countdown):
                index = self.index(row)
                self.dataChanged.emit(index, index, [CARD_ROLE])

    def row_of(self, entry: Entry) -> int | None:
        row = bisect_left(self.entries, entry)
        return row if row < len(self.entries) and self.entries[row] == entry else None

    def card_at(self, row: int) -> tuple[int, CardItem | None]:
        """(case id, what its card shows now) of ``row``, noted as painted."""
        case_id = self.entries[row][1]
        item = self._item_of(case_id)
        if item is not None:
            self.painted[case_id] = (item.state, item.countdown)
        return case_id, item

    def case_id(self, row: int) -> int:
        return self.entries[row][1]

    def case_ids(self) -> list[int]:
        return [case_id for _, case_id in self.entries]

    # Marks -----------------------------------------------------------------------------------
    def set_selected(self, case_id: int | None, entry: Entry | None) -> None:
        """``case_id`` (its row at ``entry``) is drawn selected; the previous one no longer."""
        if case_id == self.selected:
            return
        old = self._selected_entry
        self.selected, self._selected_entry = case_id, entry
        for row in {self.row_of(e) for e in (old, entry) if e is not None} - {None}:
            self.dataChanged.emit(self.index(row), self.index(row), [SELECTED_ROLE])

    def set_flash(self, case_id: int, entry: Entry, on: bool) -> None:
        if on == (case_id in self.flashing):
            return
        (self.flashing.add if on else self.flashing.discard)(case_id)
        row = self.row_of(entry)
        if row is not None:
            self.dataChanged.emit(self.index(row), self.index(row), [FLASH_ROLE])

    # Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.entries):
            return None
        case_id = self.entries[index.row()][1]
        if role == CASE_ID_ROLE:
            return case_id
        if role == SELECTED_ROLE:
            return case_id == self.selected
        if role == FLASH_ROLE:
            return case_id in self.flashing
        if role in (CARD_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            item = self._item_of(case_id)
            if item is None:
                return None
            if role == CARD_ROLE:
                self.painted[case_id] = (item.state, item.countdown)
                return item
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tooltip(item)
            return f"{item.case.number} {item.countdown} {item.detail} {item.tag}".strip()
        return None

    def tooltip(self, item: CardItem) -> str:
        """The case's description, who returned it and why, and its evidence files."""
        lines = [item.description or item.case.description] + ([item.returned] if item.returned else [])
        if item.case.attachment_count:
            lines.append(self.tr("Evidence: {n} files (photos, video, audio)").format(n=item.case.attachment_count))
        return "\n".join(lines)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
