"""Every number on the desk clicks down to the cases behind it: the summary above the map (open,
overdue, at risk), a department's header on the board (in hand, overdue) and — by double-click —
a queue tab's overdue count. The queues then list only those cases, with a chip naming the filter
("筛选：超期 · 城管执法 ✕") that clears it."""
from __future__ import annotations

from PySide6.QtCore import QObject


class DrillDown(QObject):
    """Turns a clicked number into the queues' drill-down filter."""

    def __init__(self, queues, board, summary, context, parent: QObject | None = None):
        super().__init__(parent)
        self._queues, self._board, self._summary, self._context = queues, board, summary, context
        board.sig_count_clicked.connect(self.show_department)

    def show_totals(self, kind: str) -> None:
        """``kind``: 'open', 'overdue' or 'at_risk' of the summary above the map."""
        state = None if kind == "open" else kind
        self._queues.drill_down(self._summary.case_ids(state), self._state_word(kind))

    def show_department(self, code: str, kind: str) -> None:
        """``kind``: 'open' (cases in hand) or 'overdue' of a board column; they are with the
        department, so the handling queue opens first."""
        ids = self._board.department_case_ids(code, overdue=kind == "overdue")
        label = f"{self._state_word(kind)} · {self._context.department_name(code)}"
        self._queues.drill_down(ids, label, "handle" if kind == "open" or ids else None)

    def _state_word(self, kind: str) -> str:
        return {"open": self.tr("open"), "overdue": self.tr("overdue"), "at_risk": self.tr("at risk")}.get(
            kind, kind)
