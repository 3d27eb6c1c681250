"""The table model of one desk queue (待办队列), over the situation picture.

Rows are made once per case change (:class:`widgets.queue_rows.QueueRow`: sort keys, filter
fields; display texts on first paint), so sorting and filtering tens of thousands of open cases is a Python sort
over ready-made keys. The model keeps its visible cases in ascending key order and maps
view rows onto that list (reversed for a descending sort), so one changed case is one
insert, remove, move or dataChanged — never a reset."""
from __future__ import annotations

from bisect import bisect_left, insort
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from commandcenter.case import Case
from commandcenter.clock import local
from commandcenter.queues import Queue
from widgets.case_drag import MIME_CASE, case_mime_payload
from widgets.context import DeskContext
from widgets.palette import FLASH_COLOR, STATE_COLORS
from widgets.queue_rows import COL, COLUMNS, QueueFilter, RowStore
from widgets.tier_marks import TIER_COLORS, tier_icon, tier_letter

STATE_ROLE = Qt.ItemDataRole.UserRole + 1
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
RETURNED_ROLE = Qt.ItemDataRole.UserRole + 3
"""On the number column: the 退回 badge's text for a returned case waiting for dispatch, else None."""
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# Looked up once: a repaint asks data() for every cell and role, and each ``Qt.X.Y`` is a lookup.
_DISPLAY, _FOREGROUND, _DECORATION = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole
_BACKGROUND, _FONT = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole
_ALIGNMENT, _TOOLTIP = Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
_COUNTDOWN, _AGE, _TIER, _NUMBER = COL["countdown"], COL["age"], COL["tier"], COL["number"]


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("QueueModel", "Case no."),
        QCoreApplication.translate("QueueModel", "Class"),
        QCoreApplication.translate("QueueModel", "Street / community / grid"),
        QCoreApplication.translate("QueueModel", "Source"),
        QCoreApplication.translate("QueueModel", "Age"),
        QCoreApplication.translate("QueueModel", "Time left"),
        QCoreApplication.translate("QueueModel", "Tier"),
        QCoreApplication.translate("QueueModel", "Department"),
    )


def returned_badge() -> str:
    """The word on a returned case's badge (退回)."""
    return QCoreApplication.translate("QueueModel", "Returned")


class QueueModel(QAbstractTableModel):
    """One queue's cases as rows; default order: overdue first, then least time left."""

    def __init__(self, queue: Queue, store: RowStore, members: set[int],
                 context: DeskContext, now: Callable[[], datetime], parent=None):
        super().__init__(parent)
        self.queue = queue
        self._store = store
        self._rows = store.rows
        self._members = members
        self._context = context
        self._now_fn = now
        self._now = now()
        self._filter = QueueFilter()
        self._column = COL["countdown"]
        self._ascending = True
        self._ids: list[int] = []
        self._keys: list[tuple] = []
        self._key_of: dict[int, tuple] = {}
        self._deadlines: list[float] = []  # sorted, so the overdue count is one bisection
        self._deadline_of: dict[int, float] = {}
        self._live: dict[int, tuple[float | None, str, str]] = {}
        self._headers = _headers()
        self._bold = QFont()
        self._bold.setBold(True)
        self._colors = {state: QColor(color) for state, color in STATE_COLORS.items()}
        self._tier_colors = {tier: QColor(color) for tier, color in TIER_COLORS.items()}
        self._flash = QColor(FLASH_COLOR)
        self.attention = None
        """The desk's :class:`widgets.attention.UrgentAttention` (new urgent rows flash), if any."""

    # Public API ----------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Recompute every row from the picture (first load, reset of the source)."""
        self.beginResetModel()
        self._now = self._now_fn()
        self._live.clear()
        self._recompute()
        self.endResetModel()

    def set_filter(self, queue_filter: QueueFilter) -> None:
        if queue_filter != self._filter:
            def refilter():
                self._filter = queue_filter
                self._recompute()

            self._relayout(refilter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        ascending = order == Qt.SortOrder.AscendingOrder
        if (column, ascending) == (self._column, self._ascending) and self._ids:
            return

        def resort():
            # Flipping the direction only reverses how view rows map onto the sorted list.
            same_column = column == self._column
            self._column, self._ascending = column, ascending
            if not same_column:
                self._recompute(refilter=False)

        self._relayout(resort)

    def update_case(self, case_id: int) -> None:
        """Reflect one changed, added or removed case with the smallest model change."""
        self._live.pop(case_id, None)
        row = self._rows.get(case_id)
        belongs = row is not None and case_id in self._members and self._filter.accepts(row)
        old_key = self._key_of.get(case_id)
        if old_key is None:
            if belongs:
                self._insert(case_id, (row.key(self._column), case_id))
        elif not belongs:
            self._remove(case_id, old_key)
        else:
            self._move(case_id, old_key, (row.key(self._column), case_id))

    def tick(self, now: datetime, ages: bool = False) -> None:
        """The clock moved: refresh the countdown column, and whole rows whose colour changed."""
        self._now = now
        painted, self._live = self._live, {}
        for case_id, (_, state, _) in painted.items():
            if case_id not in self._key_of:
                continue
            fresh = self._countdown(case_id)
            if fresh[1] != state:
                row = self.row_of(case_id)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        last = len(self._ids) - 1
        if last >= 0:
            for col in (COL["countdown"], COL["age"]) if ages else (COL["countdown"],):
                self.dataChanged.emit(self.index(0, col), self.index(last, col))

    def case_id_at(self, row: int) -> int | None:
        if 0 <= row < len(self._ids):
            return self._ids[row if self._ascending else len(self._ids) - 1 - row]
        return None

    def row_of(self, case_id: int) -> int | None:
        key = self._key_of.get(case_id)
        if key is None:
            return None
        i = bisect_left(self._keys, key)
        return i if self._ascending else len(self._ids) - 1 - i

    def repaint_cases(self, case_ids) -> None:
        """Repaint the rows of these cases (a flash phase changed)."""
        last = len(COLUMNS) - 1
        for case_id in case_ids:
            row = self.row_of(case_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def overdue_case_ids(self) -> set[int]:
        """The cases behind :meth:`overdue_count`."""
        now = self._now.timestamp()
        return {case_id for case_id, deadline in self._deadline_of.items() if deadline < now}

    def overdue_count(self) -> int:
        return bisect_left(self._deadlines, self._now.timestamp())

    @property
    def filter(self) -> QueueFilter:
        return self._filter

    # Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _ROW_FLAGS

    def data(self, index, role=_DISPLAY):
        case_id = self.case_id_at(index.row())
        if case_id is None:
            return None
        col = index.column()
        if role == _DISPLAY:
            if col == _COUNTDOWN:
                return self._countdown(case_id)[2]
            if col == _AGE:
                case = self._rows[case_id].case
                return self._context.format_age((self._now - case.created_at).total_seconds())
            return self._rows[case_id].texts[col]
        if role == _FOREGROUND:
            state = self._countdown(case_id)[1]
            if state == "overdue" or (col == _COUNTDOWN and state in ("at_risk", "on_time")):
                return self._colors[state]
            if col == _TIER:
                return self._tier_colors.get(self._rows[case_id].case.tier.value)
            return None
        if role == _DECORATION and col == _TIER:
            tier = self._rows[case_id].case.tier.value
            return tier_icon(tier, tier_letter(tier)) if tier in self._tier_colors else None
        if role == _BACKGROUND:
            return self._flash if self.attention is not None and self.attention.flash_on(case_id) else None
        if role == _FONT:
            state = self._countdown(case_id)[1]
            if state == "overdue" or (col == _COUNTDOWN and state == "at_risk"):
                return self._bold
            if col == _TIER and self._rows[case_id].case.tier.value == "urgent":
                return self._bold
            return None
        if role == STATE_ROLE:
            return self._countdown(case_id)[1]
        if role == CASE_ID_ROLE:
            return case_id
        if role == RETURNED_ROLE:
            return returned_badge() if col == _NUMBER and self._rows[case_id].returned else None
        if role == _ALIGNMENT and col in (_COUNTDOWN, _AGE):
            return _RIGHT
        if role == _TOOLTIP:
            return self._tooltip(self._rows[case_id].case, col)
        return None

    def mimeTypes(self) -> list[str]:
        return [MIME_CASE]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        rows = sorted({index.row() for index in indexes})
        cases = [self._rows[c].case for c in (self.case_id_at(r) for r in rows) if c is not None]
        if cases:
            mime.setData(MIME_CASE, case_mime_payload(cases[0], cases))
        return mime

    def supportedDragActions(self):
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    # Private API -------------------------------------------------------------------------
    def _recompute(self, refilter: bool = True) -> None:
        rows = self._rows
        if refilter:
            accepts = self._filter.accepts
            ids = self._members if self._filter.is_empty else [i for i in self._members if accepts(rows[i])]
        else:
            ids = self._ids
        # Sorting ids by a float key is several times faster than sorting (key, id) tuples;
        # sorting the ids first makes equal keys come out in id order, as the tuples would.
        column_keys = self._store.column_keys(self._column)
        self._ids = sorted(sorted(ids), key=column_keys.__getitem__)
        self._keys = list(zip(map(column_keys.__getitem__, self._ids), self._ids))
        self._key_of = dict(zip(self._ids, self._keys))
        if refilter:
            self._deadline_of = dict(zip(self._ids, map(self._store.deadlines.__getitem__, self._ids)))
            self._deadlines = sorted(self._deadline_of.values())

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply a new order or filter, keeping the selection on the same cases."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(index.column(), self.case_id_at(index.row())) for index in old]
        change()
        new = []
        for column, case_id in old_ids:
            row = self.row_of(case_id) if case_id is not None else None
            new.append(self.index(row, column) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _view_row(self, i: int, n: int) -> int:
        return i if self._ascending else n - 1 - i

    def _insert(self, case_id: int, key: tuple) -> None:
        j = bisect_left(self._keys, key)
        n = len(self._ids)
        row = j if self._ascending else n - j
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(j, case_id)
        self._keys.insert(j, key)
        self._key_of[case_id] = key
        self._remember_deadline(case_id)
        self.endInsertRows()

    def _remove(self, case_id: int, key: tuple) -> None:
        i = bisect_left(self._keys, key)
        row = self._view_row(i, len(self._ids))
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[i], self._keys[i], self._key_of[case_id]
        self._forget_deadline(case_id)
        self.endRemoveRows()

    def _move(self, case_id: int, old_key: tuple, new_key: tuple) -> None:
        n = len(self._ids)
        i = bisect_left(self._keys, old_key)
        j = bisect_left(self._keys, new_key)
        if new_key > old_key:
            j -= 1  # the case's own old place no longer counts once it moves
        src, final = self._view_row(i, n), self._view_row(j, n)
        if src != final:
            dest = final + 1 if final > src else final
            self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), dest)
        del self._ids[i], self._keys[i]
        self._ids.insert(j, case_id)
        self._keys.insert(j, new_key)
        self._key_of[case_id] = new_key
        self._forget_deadline(case_id)
        self._remember_deadline(case_id)
        if src != final:
            self.endMoveRows()
        self.dataChanged.emit(self.index(final, 0), self.index(final, len(COLUMNS) - 1))

    def _remember_deadline(self, case_id: int) -> None:
        deadline = self._deadline_of[case_id] = self._rows[case_id].deadline_ts
        insort(self._deadlines, deadline)

    def _forget_deadline(self, case_id: int) -> None:
        """Drop the deadline the case had when it entered or last moved in this table."""
        old = self._deadline_of.pop(case_id)
        del self._deadlines[bisect_left(self._deadlines, old)]

    def _countdown(self, case_id: int) -> tuple[float | None, str, str]:
        live = self._live.get(case_id)
        if live is None:
            live = self._live[case_id] = self._context.countdown(self._rows[case_id].case, self._now)
        return live

    def _tooltip(self, case: Case, col: int) -> str | None:
        if col == COL["countdown"] and case.stage_deadline is not None:
            clock = (QCoreApplication.translate("QueueModel", "natural hours")
                     if self._context.clock_unit(case) == "hours"
                     else QCoreApplication.translate("QueueModel", "working time"))
            return QCoreApplication.translate("QueueModel", "{stage} deadline {at} ({clock})").format(
                stage=self._context.stage_name(case.stage), at=f"{local(case.stage_deadline):%m-%d %H:%M}",
                clock=clock)
        if col == COL["place"]:
            return case.grid_code
        if col == COL["class"]:
            row = self._rows[case.id]
            returned = f"\n{returned_badge()}: {row.texts[col]}" if row.returned else ""
            return f"{case.class_code} {self._context.class_name_both(case.class_code)}{returned}"
        if col == COL["number"]:
            return case.description
        return None
