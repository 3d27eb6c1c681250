"""The pieces of the linkage board: a case card, a department column (drop target) and the
undo bar. The board (widgets.linkage_board) feeds them; they hold no situation state."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget,
)

from commandcenter.case import Case
from widgets.case_drag import MIME_CASE, case_mime_payload, read_case_mime
from widgets.palette import FLASH_COLOR, RETURNED_COLOR, STATE_COLORS
from widgets.tier_marks import TIER_COLORS, paint_tier_mark

COLUMN_WIDTH = 208
MIN_COLUMN_WIDTH = 180
REFUSAL_MS = 5000
BOARD_STYLE = """
DepartmentColumn { background: #f8f9fa; border: 1px solid #dadce0; border-radius: 4px; }
DepartmentColumn[dropTarget="true"] { background: #e8f0fe; border: 2px solid #1a73e8; }
QLabel#name { font-weight: bold; color: #202124; }
QLabel#stats { color: #5f6368; }
QLabel#refusal { background: #d93025; color: white; padding: 4px; border-radius: 3px; font-weight: bold; }
QLabel#more { color: #5f6368; padding: 2px; }
"""
CARD_HEIGHT = 42
_BACKGROUND = {"overdue": "#fce8e6", "at_risk": "#fef7e0", "on_time": "#ffffff", "closed": "#f1f3f4"}


class CaseCard(QWidget):
    """One case on a department column; click selects it, drag carries it to another column."""

    sig_clicked = Signal(int)
    """The operator clicked the card of this case."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.case: Case | None = None
        self.state = "on_time"
        self.countdown = ""
        self.detail = ""
        self.tag = ""
        self.returned = ""
        self.selected = False
        self.flash = False
        self.draggable = True
        self._press: QPoint | None = None
        self.setFixedHeight(CARD_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    # Public API ----------------------------------------------------------------------------
    def set_case(self, case: Case, state: str, countdown: str, detail: str, tag: str = "",
                 returned: str = "") -> None:
        """Show ``case``; ``detail`` is the second line (class · place), ``tag`` a short marker,
        ``returned`` who returned the case before and why (shown under its description)."""
        changed = (case, state, countdown, detail, tag, returned) != (
            self.case, self.state, self.countdown, self.detail, self.tag, self.returned)
        self.case, self.state, self.countdown, self.detail, self.tag = case, state, countdown, detail, tag
        self.returned = returned
        lines = [case.description] + ([returned] if returned else [])
        if case.attachment_count:
            lines.append(self.tr("Evidence: {n} files (photos, video, audio)").format(n=case.attachment_count))
        self.setToolTip("\n".join(lines))
        if changed:
            self.update()

    def set_flash(self, on: bool) -> None:
        """The bright half of a new urgent case's flash."""
        if on != self.flash:
            self.flash = on
            self.update()

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    # Qt events -------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        if self.case is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(0, 1, -1, -2)
        color = QColor(STATE_COLORS.get(self.state, STATE_COLORS["on_time"]))
        p.setPen(QPen(QColor("#1a73e8"), 2) if self.selected else QPen(QColor("#dadce0"), 1))
        p.setBrush(QColor(FLASH_COLOR if self.flash else _BACKGROUND.get(self.state, "#ffffff")))
        p.drawRoundedRect(r, 3, 3)
        p.fillRect(QRect(r.x() + 1, r.y() + 1, 4, r.height() - 1), color)
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        metrics = QFontMetrics(font)
        line1 = QRect(r.x() + 9, r.y() + 3, r.width() - 14, metrics.height())
        count_w = metrics.horizontalAdvance(self.countdown) + 2
        p.setPen(color if self.state in ("overdue", "at_risk") else QColor("#188038"))
        p.drawText(line1, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.countdown)
        p.setPen(QColor("#202124"))
        number_rect = line1.adjusted(0, 0, -count_w - 4, 0)
        badge = self.badge_rect(line1, count_w)
        if not badge.isEmpty():
            paint_evidence_badge(p, badge, self.case.attachment_count)
            p.setFont(font)
            p.setPen(QColor("#202124"))
            number_rect.setRight(badge.left() - 4)
        tier = self.case.tier.value
        if tier in TIER_COLORS:
            side = min(14, line1.height())
            paint_tier_mark(p, QRect(line1.x(), line1.y() + (line1.height() - side) // 2, side, side), tier)
            p.setFont(font)
            number_rect.setLeft(number_rect.left() + side + 4)
        p.drawText(number_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                   metrics.elidedText(self.case.number, Qt.TextElideMode.ElideLeft, number_rect.width()))
        font.setBold(False)
        p.setFont(font)
        metrics = QFontMetrics(font)
        line2 = QRect(line1.x(), line1.bottom() + 1, line1.width(), metrics.height())
        if self.tag:
            tag_w = metrics.horizontalAdvance(self.tag) + 8
            tag_rect = QRect(line2.right() - tag_w, line2.y() + 1, tag_w, line2.height() - 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(RETURNED_COLOR if self.returned else "#e8eaed"))
            p.drawRoundedRect(tag_rect, 2, 2)
            p.setPen(QColor("white" if self.returned else "#3c4043"))
            p.drawText(tag_rect, int(Qt.AlignmentFlag.AlignCenter), self.tag)
            line2.setRight(tag_rect.left() - 4)
        p.setPen(QColor("#5f6368"))
        p.drawText(line2, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                   metrics.elidedText(self.detail, Qt.TextElideMode.ElideRight, line2.width()))
        p.end()

    def badge_rect(self, line1: QRect | None = None, count_w: int | None = None) -> QRect:
        """Where the evidence badge (附件: a clip and the number of files) is drawn, left of the
        countdown; empty when the case has no attachments."""
        if self.case is None or not self.case.attachment_count:
            return QRect()
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        if line1 is None:
            r = self.rect().adjusted(0, 1, -1, -2)
            line1 = QRect(r.x() + 9, r.y() + 3, r.width() - 14, metrics.height())
        if count_w is None:
            count_w = metrics.horizontalAdvance(self.countdown) + 2
        small = _small(self.font())
        width = 14 + QFontMetrics(small).horizontalAdvance(str(self.case.attachment_count)) + 4
        height = min(line1.height(), 16)
        return QRect(line1.right() - count_w - 4 - width, line1.y() + (line1.height() - height) // 2, width, height)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if (self._press is not None and self.draggable and self.case is not None
                and (event.position().toPoint() - self._press).manhattanLength()
                >= QApplication.startDragDistance()):
            self._press = None
            self._start_drag()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._press is not None and self.case is not None:
            self.sig_clicked.emit(self.case.id)
        self._press = None
        super().mouseReleaseEvent(event)

    # Private API -----------------------------------------------------------------------------
    def _start_drag(self) -> None:
        mime = QMimeData()
        mime.setData(MIME_CASE, case_mime_payload(self.case))
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self.grab())
        drag.setHotSpot(QPoint(12, CARD_HEIGHT // 2))
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)


def paint_evidence_badge(p: QPainter, rect: QRect, count: int) -> None:
    """A small grey pill with a paper clip and ``count``: the case has evidence files (附件)."""
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#e8eaed"))
    p.drawRoundedRect(rect, 3, 3)
    pen = QPen(QColor("#3c4043"), 1.3)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    clip_h = rect.height() - 4.0
    p.save()
    p.translate(rect.x() + 7.0, rect.y() + rect.height() / 2)
    p.rotate(35)                          # tilted, so it reads as a clip and not as a digit
    outer = QRectF(-2.5, -clip_h / 2, 5, clip_h)
    p.drawRoundedRect(outer, 2.5, 2.5)
    p.drawLine(QPointF(0, outer.top() + 2.5), QPointF(0, outer.bottom() - 3))
    p.restore()
    p.setFont(_small(p.font()))
    p.drawText(rect.adjusted(13, 0, -2, 0), int(Qt.AlignmentFlag.AlignCenter), str(count))
    p.restore()


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setBold(False)
    if small.pointSizeF() > 0:
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
    return small


class DepartmentColumn(QFrame):
    """One department: header with counts, a refusal banner, and all its cases, most urgent
    first, in a list that scrolls. Drags over the board are handled by the board's row (see
    :mod:`widgets.board_drop`), which hands the drop to the column under the mouse."""

    sig_dropped = Signal(object, str)
    """(drag payload, this department's code): a case was dropped here."""
    sig_card_clicked = Signal(int)
    """The operator clicked the card of this case."""
    sig_count_clicked = Signal(str, str)
    """(this department's code, 'open' or 'overdue'): the operator clicked a number in the header."""
    sig_scrolled = Signal(str)
    """This department's card list scrolled (other cards came into view)."""
    sig_menu_requested = Signal(str, QPoint)
    """(code, global position): the operator asked for the column's menu (pin to the left …)."""

    def __init__(self, code: str, name: str, parent=None):
        super().__init__(parent)
        self.code = code
        self.name = name
        self.pinned = False
        self.interactive = True
        self.open_count = self.overdue_count = 0
        """The header's numbers: cases in hand, overdue now."""
        self.cards: list[CaseCard] = []
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
        self.name_label.setText(QFontMetrics(bold).elidedText(name, Qt.TextElideMode.ElideRight, COLUMN_WIDTH - 12))
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
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("body")
        self._cards_layout = QVBoxLayout(body)
        self._cards_layout.setContentsMargins(0, 0, 0, 0)
        self._cards_layout.setSpacing(2)
        self.more_label = QLabel(body, objectName="more")
        self._cards_layout.addWidget(self.more_label)
        self._cards_layout.addStretch(1)
        self._scroll.setWidget(body)
        self._scroll.verticalScrollBar().valueChanged.connect(lambda _value: self.sig_scrolled.emit(self.code))
        layout.addWidget(self._scroll, 1)

    # Public API ------------------------------------------------------------------------------
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
        text = f"★ {self.name}" if self.pinned else self.name
        self.name_label.setText(QFontMetrics(bold).elidedText(text, Qt.TextElideMode.ElideRight, self.width() - 12))

    def cards_in_view(self) -> list["CaseCard"]:
        """The shown cards the list's viewport shows now (the others need no clock refresh);
        cards are stacked at a fixed pitch, so this is arithmetic, not a walk over every card."""
        pitch = CARD_HEIGHT + self._cards_layout.spacing()
        top = self._scroll.verticalScrollBar().value()
        first = max(0, top // pitch)
        last = (top + self._scroll.viewport().height()) // pitch + 1
        return [card for card in self.cards[first:last] if card.case is not None and not card.isHidden()]

    def show_cases(self, shown: list[tuple[Case, str, str, str, str]], more: int) -> None:
        """Cards for ``shown`` = [(case, state, countdown, detail, tag)], and "+N more"."""
        while len(self.cards) < len(shown):
            card = CaseCard(self)
            card.sig_clicked.connect(self.sig_card_clicked)
            self._cards_layout.insertWidget(len(self.cards), card)
            self.cards.append(card)
        for card, item in zip(self.cards, shown):
            card.set_case(*item)
            card.draggable = self.interactive
            card.show()
        for card in self.cards[len(shown):]:
            card.case = None
            card.hide()
        self.more_label.setText(self.tr("+{n} more").format(n=more) if more else "")
        self.more_label.setVisible(more > 0)

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

    def visible_case_ids(self) -> list[int]:
        return [card.case.id for card in self.cards if card.case is not None and not card.isHidden()]

    def card_of(self, case_id: int) -> CaseCard | None:
        return next((c for c in self.cards if c.case is not None and c.case.id == case_id and not c.isHidden()),
                    None)

    def ensure_visible(self, card: CaseCard) -> None:
        self._scroll.ensureWidgetVisible(card)

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
