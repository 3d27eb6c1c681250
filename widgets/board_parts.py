"""The pieces of the linkage board: a department column (header with counts, refusal banner, the
virtual list of its case cards; a drop target), a handle on one card for the desk and its tests,
and the undo bar. The board (widgets.linkage_board) feeds them; they hold no situation state."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from commandcenter.case import Case
from widgets.board_card import CARD_HEIGHT, CardItem, badge_rect, card_rect
from widgets.board_list import CardList
from widgets.board_model import CARD_ROLE, ColumnModel
from widgets.case_drag import read_case_mime
from widgets.palette import STATE_COLORS

COLUMN_WIDTH = 208
MIN_COLUMN_WIDTH = 180
REFUSAL_MS = 5000
BOARD_STYLE = """
DepartmentColumn { background: #f8f9fa; border: 1px solid #dadce0; border-radius: 4px; }
DepartmentColumn[dropTarget="true"] { background: #e8f0fe; border: 2px solid #1a73e8; }
QLabel#name { font-weight: bold; color: #202124; }
QLabel#stats { color: #5f6368; }
QLabel#refusal { background: #d93025; color: white; padding: 4px; border-radius: 3px; font-weight: bold; }
"""


class BoardCard:
    """One case's card in a column, as the operator sees it now (no widget: the column's list
    paints it). Two handles on the same case in the same column are equal."""

    def __init__(self, column: "DepartmentColumn", case_id: int):
        self.column, self.case_id = column, case_id

    def __eq__(self, other) -> bool:
        return isinstance(other, BoardCard) and (other.column, other.case_id) == (self.column, self.case_id)

    def __hash__(self) -> int:
        return hash((id(self.column), self.case_id))

    def __repr__(self) -> str:
        return f"BoardCard({self.column.code}, {self.case_id})"

    @property
    def row(self) -> int | None:
        return self.column.row_of(self.case_id)

    @property
    def item(self) -> CardItem | None:
        row = self.row
        return None if row is None else self.column.model.index(row).data(CARD_ROLE)

    @property
    def case(self) -> Case | None:
        item = self.item
        return item.case if item is not None else None

    state = property(lambda self: self.item.state)
    countdown = property(lambda self: self.item.countdown)
    detail = property(lambda self: self.item.detail)
    tag = property(lambda self: self.item.tag)
    returned = property(lambda self: self.item.returned)

    @property
    def selected(self) -> bool:
        return self.column.model.selected == self.case_id

    @property
    def flash(self) -> bool:
        return self.case_id in self.column.model.flashing

    @property
    def draggable(self) -> bool:
        return self.column.view.draggable

    def toolTip(self) -> str:  # noqa: N802 - as on a widget
        item = self.item
        return self.column.model.tooltip(item) if item is not None else ""

    def visual_rect(self) -> QRect:
        """The card in the list's viewport (may be outside the viewport)."""
        row = self.row
        if row is None:
            return QRect()
        return card_rect(self.column.view.visualRect(self.column.model.index(row)))

    def rect(self) -> QRect:
        return QRect(0, 0, max(self.column.view.viewport().width(), 60), CARD_HEIGHT)

    def badge_rect(self) -> QRect:
        """The evidence badge in the card's own coordinates (see :meth:`grab`)."""
        return badge_rect(self.rect(), self.column.view.font(), self.item)

    def grab(self) -> QPixmap:
        """The card as painted, in its own coordinates."""
        row = self.row
        return self.column.view.card_pixmap(row) if row is not None else QPixmap()


class DepartmentColumn(QFrame):
    """One department: header with counts, a refusal banner, and all its cases, most urgent
    first, in a virtual list that scrolls (a card is painted only while it is in view). Drags
    over the board are handled by the board's row (see :mod:`widgets.board_drop`), which hands
    the drop to the column under the mouse."""

    sig_dropped = Signal(object, str)
    """(drag payload, this department's code): a case was dropped here."""
    sig_card_clicked = Signal(int)
    """The operator clicked the card of this case (or walked onto it with the keyboard)."""
    sig_count_clicked = Signal(str, str)
    """(this department's code, 'open' or 'overdue'): the operator clicked a number in the header."""
    sig_step = Signal(str, int)
    """(this department's code, -1 / +1): Left / Right pressed in the list."""
    sig_menu_requested = Signal(str, QPoint)
    """(code, global position): the operator asked for the column's menu (pin to the left …)."""

    def __init__(self, code: str, name: str, item_of, entry_of, parent=None, short_name: str | None = None):
        """``item_of(case_id)``: what the case's card shows; ``entry_of(case_id)``: its row key;
        ``short_name``: shown when the full name does not fit (widgets.short_names)."""
        super().__init__(parent)
        self.code = code
        self.name = name
        self.short_name = short_name or name
        self.pinned = False
        self.open_count = self.overdue_count = 0
        """The header's numbers: cases in hand, overdue now."""
        self._entry_of = entry_of
        self.setFixedWidth(COLUMN_WIDTH)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda point: self.sig_menu_requested.emit(self.code, self.mapToGlobal(point)))
        self.setProperty("dropTarget", False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        self.name_label = QLabel(self, objectName="name")
        self.name_label.setToolTip(name)
        bold = self.name_label.font()
        bold.setBold(True)
        self.name_label.setText(self._fitted_name(QFontMetrics(bold), COLUMN_WIDTH - 12))
        self.stats_label = QLabel(self, objectName="stats")
        self.stats_label.setTextFormat(Qt.TextFormat.RichText)
        self.stats_label.setWordWrap(True)
        self.stats_label.linkActivated.connect(lambda kind: self.sig_count_clicked.emit(self.code, kind))
        self.refusal_label = QLabel(self, objectName="refusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal_label.hide()
        self._refusal_timer = QTimer(self, singleShot=True, interval=REFUSAL_MS)
        self._refusal_timer.timeout.connect(self.refusal_label.hide)
        for widget in (self.name_label, self.stats_label, self.refusal_label):
            layout.addWidget(widget)
        self.model = ColumnModel(item_of, self)
        self.view = CardList(self.model, self)
        self.view.sig_case_clicked.connect(self.sig_card_clicked)
        self.view.sig_step.connect(lambda step: self.sig_step.emit(self.code, step))
        layout.addWidget(self.view, 1)

    # Public API ------------------------------------------------------------------------------
    @property
    def interactive(self) -> bool:
        """False on a read-only board: nothing dropped here, no card dragged from here."""
        return self.view.draggable

    @interactive.setter
    def interactive(self, on: bool) -> None:
        self.view.draggable = on

    def set_width(self, width: int) -> None:
        """The board fits its columns to its width; the name is elided to fit."""
        if width != self.width():
            self.setFixedWidth(width)
            self._show_name()

    def set_pinned(self, pinned: bool) -> None:
        """A pinned department (the operator's favourite order) shows a star before its name."""
        if pinned != self.pinned:
            self.pinned = pinned
            self._show_name()

    def _show_name(self) -> None:
        bold = self.name_label.font()
        bold.setBold(True)
        self.name_label.setText(self._fitted_name(QFontMetrics(bold), self.width() - 12))

    def _fitted_name(self, metrics: QFontMetrics, width: int) -> str:
        """The full name where it fits, else the short one (the full one is the tooltip), cut
        only if even that does not fit."""
        star = "★ " if self.pinned else ""
        for name in (self.name, self.short_name):
            if metrics.horizontalAdvance(star + name) <= width:
                return star + name
        return metrics.elidedText(star + self.short_name, Qt.TextElideMode.ElideRight, width)

    def row_of(self, case_id: int) -> int | None:
        entry = self._entry_of(case_id)
        return self.model.row_of(entry) if entry is not None else None

    def case_ids_in_view(self) -> list[int]:
        """The cases whose cards the list shows now."""
        return [self.model.case_id(row) for row in self.view.rows_in_view()]

    def cards_in_view(self) -> list[BoardCard]:
        return [BoardCard(self, case_id) for case_id in self.case_ids_in_view()]

    def visible_case_ids(self) -> list[int]:
        """Every case listed in the column (in view or a scroll away), most urgent first."""
        return self.model.case_ids()

    def card_of(self, case_id: int) -> BoardCard | None:
        return BoardCard(self, case_id) if self.row_of(case_id) is not None else None

    def ensure_visible(self, card: BoardCard | int, centre: bool = False) -> None:
        """Scroll the list so the card (of this case) is in view."""
        row = self.row_of(card.case_id if isinstance(card, BoardCard) else card)
        if row is not None:
            self.view.scroll_to_row(row, centre)

    def set_current(self, case_id: int | None) -> None:
        """The keyboard's place in the list (without scrolling or selecting anything anew)."""
        self.view.set_current_row(self.row_of(case_id) if case_id is not None else None)

    def repaint_cards(self) -> None:
        """The cards in view drawn again (the clock moved, rates or notes changed)."""
        self.view.viewport().update()

    def set_stats(self, open_count: int, overdue: int, rate: float | None) -> None:
        self.open_count, self.overdue_count = open_count, overdue
        rate_text = f"{rate:.0%}" if rate is not None else "—"
        overdue_text = self.tr("overdue {n}").format(n=overdue)
        link = "<a href='{kind}' style='color:{color};text-decoration:none;{weight}'>{text}</a>"
        if overdue:
            overdue_text = link.format(kind="overdue", color=STATE_COLORS["overdue"], weight="font-weight:bold",
                                       text=overdue_text)
        open_text = link.format(kind="open", color="#5f6368", weight="",
                                text=self.tr("open {n}").format(n=open_count))
        self.stats_label.setText(self.tr("{open} · {overdue} · on time {rate}").format(
            open=open_text, overdue=overdue_text, rate=rate_text))
        self.stats_label.setToolTip(self.tr("Cases in hand, overdue now, on-time handling rate today"))

    def show_refusal(self, text: str) -> None:
        self.refusal_label.setText(text)
        self.refusal_label.show()
        self._refusal_timer.start()

    def accepts(self, payload: dict | None) -> bool:
        """True when a drag carrying ``payload`` may be dropped here."""
        return self.interactive and payload is not None and payload.get("department") != self.code

    # Qt events ---------------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if self.accepts(read_case_mime(event.mimeData())):
            event.acceptProposedAction()
            self._set_drop_target(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dragLeaveEvent(self, event) -> None:
        self._set_drop_target(False)

    def dropEvent(self, event) -> None:
        self._set_drop_target(False)
        payload = read_case_mime(event.mimeData())
        if not self.interactive or payload is None or payload.get("department") == self.code:
            event.ignore()
            return
        event.acceptProposedAction()
        self.sig_dropped.emit(payload, self.code)

    def set_drop_target(self, on: bool) -> None:
        self._set_drop_target(on)

    def _set_drop_target(self, on: bool) -> None:
        if bool(self.property("dropTarget")) == on:
            return
        self.setProperty("dropTarget", on)
        self.style().unpolish(self)
        self.style().polish(self)


class UndoBar(QFrame):
    """"已派遣 … [撤销 (5)]": a few seconds to take back the last drop."""

    sig_undo = Signal(int)
    """The operator pressed Undo for this case."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.case_id: int | None = None
        self._left = 0
        self.setStyleSheet("UndoBar{background:#202124;border-radius:4px;} QLabel{color:white;}"
                           "QPushButton{color:#8ab4f8;background:transparent;border:none;font-weight:bold;}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self)
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.button.clicked.connect(self._on_undo)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._on_second)
        self.hide()

    def start(self, text: str, seconds: int, case_id: int | None) -> None:
        self.case_id, self._left = case_id, max(1, int(seconds))
        self.label.setText(text)
        self._show_left()
        self.show()
        self._timer.start()

    def _show_left(self) -> None:
        self.button.setText(self.tr("Undo ({n})").format(n=self._left))

    def _on_second(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._timer.stop()
            self.hide()
        else:
            self._show_left()

    def _on_undo(self) -> None:
        self._timer.stop()
        self.hide()
        if self.case_id is not None:
            self.sig_undo.emit(self.case_id)
