"""A department column's list of case cards: a virtual list (only the cards in view are painted,
whatever the number of cases in hand). Click a card to select its case; drag it onto another
column to re-dispatch it; Up/Down/Page Up/Page Down/Home/End walk the column's cases (selecting
each), Left/Right go to the neighbouring column; hover shows the case's description."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QDrag, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFrame, QHeaderView, QTableView

from widgets.board_card import CARD_HEIGHT, CARD_PITCH, CardDelegate, card_rect, paint_card
from widgets.board_model import CARD_ROLE, CASE_ID_ROLE, FLASH_ROLE, SELECTED_ROLE, ColumnModel
from widgets.case_drag import MIME_CASE, case_mime_payload

_WALK = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End}


class CardList(QTableView):
    """The cards of one column (a :class:`ColumnModel`), painted by :class:`CardDelegate`.

    A one-column table, not a QListView: a table's rows are a fixed-height header's sections,
    so a row inserted or removed among 30,000 is no new layout of every row (a QListView lays
    out each row again, asking the model for an index per row)."""

    sig_case_clicked = Signal(int)
    """The operator clicked a card, or walked onto it with the keyboard: select this case."""
    sig_step = Signal(int)
    """Left (-1) or Right (+1) pressed: the neighbouring column, please."""

    def __init__(self, model: ColumnModel, parent=None):
        super().__init__(parent)
        self.draggable = True
        self._press: tuple[QPoint, QModelIndex] | None = None
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)   # every row CARD_PITCH: no measuring
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(CARD_PITCH)
        columns = self.horizontalHeader()
        columns.hide()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setTabKeyNavigation(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)   # the board draws the selection
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(CARD_PITCH // 2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(False)                # drops are the board row's (widgets.board_drop)
        self.viewport().setAcceptDrops(False)
        self.setDragEnabled(False)                # the drag is started here, see mouseMoveEvent
        self.viewport().setAutoFillBackground(False)
        palette = self.palette()   # the column's grey shows between the cards
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.transparent)
        self.setPalette(palette)
        self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)   # keys once a card is clicked; not 15 more Tab stops

    # Public API ------------------------------------------------------------------------------
    def column_model(self) -> ColumnModel:
        return self.model()

    def rows_in_view(self) -> range:
        """The rows the viewport shows now (arithmetic: every row is CARD_PITCH tall)."""
        count = self.model().rowCount()
        if not count:
            return range(0)
        top = self.verticalScrollBar().value()
        first = max(0, top // CARD_PITCH)
        last = min(count, (top + self.viewport().height() - 1) // CARD_PITCH + 1)
        return range(first, max(first, last))

    def scroll_to_row(self, row: int, centre: bool = False) -> None:
        """Bring ``row`` into view (to the middle with ``centre``), also right after the rows
        changed (the scroll range is brought up to date first)."""
        self.executeDelayedItemsLayout()
        hint = self.ScrollHint.PositionAtCenter if centre else self.ScrollHint.EnsureVisible
        self.scrollTo(self.model().index(row), hint)

    def set_current_row(self, row: int | None) -> None:
        """The keyboard's place in the list, without scrolling and without selecting anew."""
        selection = self.selectionModel()
        if row is None:
            selection.clearCurrentIndex()
            return
        scrolls = self.hasAutoScroll()
        self.setAutoScroll(False)            # making a row current would scroll to it
        selection.setCurrentIndex(self.model().index(row), selection.SelectionFlag.NoUpdate)
        self.setAutoScroll(scrolls)

    def card_pixmap(self, row: int) -> QPixmap:
        """The card of ``row`` as drawn, full width (for a drag, and for the tests' pixel checks)."""
        width = max(self.viewport().width(), 60)
        pixmap = QPixmap(width * self.devicePixelRatio(), CARD_HEIGHT * self.devicePixelRatio())
        pixmap.setDevicePixelRatio(self.devicePixelRatio())
        pixmap.fill(Qt.GlobalColor.transparent)
        index = self.model().index(row)
        item = index.data(CARD_ROLE)
        if item is not None:
            painter = QPainter(pixmap)
            paint_card(painter, card_rect(QRect(0, 0, width, CARD_HEIGHT)), self.font(), item,
                       bool(index.data(SELECTED_ROLE)), bool(index.data(FLASH_ROLE)))
            painter.end()
        return pixmap

    # Qt events -------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        self._press = (event.position().toPoint(), index) if (
            event.button() == Qt.MouseButton.LeftButton and index.isValid()) else None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if (self._press is not None and self.draggable
                and (event.position().toPoint() - self._press[0]).manhattanLength() >= QApplication.startDragDistance()):
            index, self._press = self._press[1], None
            self._drag(index)
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        press, self._press = self._press, None
        super().mouseReleaseEvent(event)
        if press is not None and press[1].isValid() and self.indexAt(event.position().toPoint()) == press[1]:
            self.sig_case_clicked.emit(press[1].data(CASE_ID_ROLE))

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.sig_step.emit(-1 if key == Qt.Key.Key_Left else 1)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.currentIndex().isValid():
            self.sig_case_clicked.emit(self.currentIndex().data(CASE_ID_ROLE))
            return
        before = self.currentIndex()
        if key in _WALK and not before.isValid() and self.model().rowCount():
            self.setCurrentIndex(self.model().index(0))   # the first key lands on the first card
        else:
            super().keyPressEvent(event)
        if key in _WALK and self.currentIndex().isValid() and self.currentIndex() != before:
            self.sig_case_clicked.emit(self.currentIndex().data(CASE_ID_ROLE))

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.viewport().update()

    # Private API -----------------------------------------------------------------------------
    def _drag(self, index: QModelIndex) -> None:
        item = index.data(CARD_ROLE)
        if item is None:
            return
        mime = QMimeData()
        mime.setData(MIME_CASE, case_mime_payload(item.case))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self.card_pixmap(index.row()))
        drag.setHotSpot(QPoint(12, CARD_HEIGHT // 2))
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)
