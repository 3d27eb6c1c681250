"""A case card of the linkage board, painted: the number (with the tier's mark), the time left in
the deadline's colour, the evidence badge, the class and place (or the return reason), and a
short state tag (延期申请, 挂账, 退回 …). The column's list (widgets.board_list) paints only the cards
in view through :class:`CardDelegate`; nothing here is a widget per case."""
from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyledItemDelegate

from commandcenter.case import Case
from widgets.palette import FLASH_COLOR, RETURNED_COLOR, STATE_COLORS
from widgets.tier_marks import TIER_COLORS, paint_tier_mark

CARD_HEIGHT = 42
CARD_GAP = 2
CARD_PITCH = CARD_HEIGHT + CARD_GAP
"""A card and the gap under it: every row of a column's list is this tall."""
SELECTED_COLOR = "#1a73e8"
_BACKGROUND = {"overdue": "#fce8e6", "at_risk": "#fef7e0", "on_time": "#ffffff", "closed": "#f1f3f4"}


class CardItem(NamedTuple):
    """What a card shows of its case (worked out by the board when the card is painted)."""
    case: Case
    state: str            # overdue / at_risk / on_time / closed: the deadline's colour
    countdown: str        # time left (or over)
    detail: str           # second line: class · place, or class — return reason
    tag: str = ""         # short marker: ext. / susp. / suspended / returned
    returned: str = ""    # who returned the case before and why (tooltip, red tag)
    description: str = ""  # the tooltip's first line (contacts masked on a masked desk)


def card_rect(row_rect: QRect) -> QRect:
    """The card inside its row (the gap under it left empty)."""
    return QRect(row_rect.x(), row_rect.y(), row_rect.width(), CARD_HEIGHT)


def _frame(card: QRect) -> QRect:
    return card.adjusted(0, 1, -1, -2)


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_ELIDE_LEFT, _ELIDE_RIGHT = Qt.TextElideMode.ElideLeft, Qt.TextElideMode.ElideRight
_FONTS: dict[str, tuple[QFont, QFontMetrics, QFont, QFontMetrics, QFontMetrics]] = {}


def _fonts(font: QFont) -> tuple[QFont, QFontMetrics, QFont, QFontMetrics, QFontMetrics]:
    """(bold, its metrics, plain, its metrics, the small font's metrics) of ``font``, made once."""
    key = font.key()
    fonts = _FONTS.get(key)
    if fonts is None:
        bold, plain = QFont(font), QFont(font)
        bold.setBold(True)
        plain.setBold(False)
        fonts = _FONTS[key] = (bold, QFontMetrics(bold), plain, QFontMetrics(plain), QFontMetrics(_small(font)))
    return fonts


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setBold(False)
    if small.pointSizeF() > 0:
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
    return small


def _line1(card: QRect, bold_metrics: QFontMetrics) -> QRect:
    r = _frame(card)
    return QRect(r.x() + 9, r.y() + 3, r.width() - 14, bold_metrics.height())


def badge_rect(card: QRect, font: QFont, item: CardItem | None) -> QRect:
    """Where the evidence badge (附件: a clip and the number of files) is drawn, left of the
    countdown; empty when the case has no attachments."""
    if item is None or not item.case.attachment_count:
        return QRect()
    _, bold_metrics, _, _, small_metrics = _fonts(font)
    line1 = _line1(card, bold_metrics)
    count_w = bold_metrics.horizontalAdvance(item.countdown) + 2
    width = 14 + small_metrics.horizontalAdvance(str(item.case.attachment_count)) + 4
    height = min(line1.height(), 16)
    return QRect(line1.right() - count_w - 4 - width, line1.y() + (line1.height() - height) // 2, width, height)


def paint_card(p: QPainter, card: QRect, font: QFont, item: CardItem, selected: bool = False,
               flash: bool = False) -> None:
    """The card of ``item`` in ``card`` (a CARD_HEIGHT tall rectangle)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    bold, metrics, plain, plain_metrics, _ = _fonts(font)
    r = _frame(card)
    state = item.state
    color = QColor(STATE_COLORS.get(state, STATE_COLORS["on_time"]))
    p.setPen(QPen(QColor(SELECTED_COLOR), 2) if selected else QPen(QColor("#dadce0"), 1))
    p.setBrush(QColor(FLASH_COLOR if flash else _BACKGROUND.get(state, "#ffffff")))
    p.drawRoundedRect(r, 3, 3)
    p.fillRect(QRect(r.x() + 1, r.y() + 1, 4, r.height() - 1), color)
    p.setFont(bold)
    line1 = _line1(card, metrics)
    count_w = metrics.horizontalAdvance(item.countdown) + 2
    p.setPen(color if state in ("overdue", "at_risk") else QColor("#188038"))
    p.drawText(line1, _RIGHT, item.countdown)
    p.setPen(QColor("#202124"))
    number_rect = line1.adjusted(0, 0, -count_w - 4, 0)
    if item.case.attachment_count:
        badge = badge_rect(card, font, item)
        paint_evidence_badge(p, badge, item.case.attachment_count)
        p.setFont(bold)
        p.setPen(QColor("#202124"))
        number_rect.setRight(badge.left() - 4)
    tier = item.case.tier.value
    if tier in TIER_COLORS:
        side = min(14, line1.height())
        paint_tier_mark(p, QRect(line1.x(), line1.y() + (line1.height() - side) // 2, side, side), tier)
        p.setFont(bold)
        number_rect.setLeft(number_rect.left() + side + 4)
    p.drawText(number_rect, _LEFT, metrics.elidedText(item.case.number, _ELIDE_LEFT, number_rect.width()))
    p.setFont(plain)
    line2 = QRect(line1.x(), line1.bottom() + 1, line1.width(), plain_metrics.height())
    if item.tag:
        tag_w = plain_metrics.horizontalAdvance(item.tag) + 8
        tag_rect = QRect(line2.right() - tag_w, line2.y() + 1, tag_w, line2.height() - 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(RETURNED_COLOR if item.returned else "#e8eaed"))
        p.drawRoundedRect(tag_rect, 2, 2)
        p.setPen(QColor("white" if item.returned else "#3c4043"))
        p.drawText(tag_rect, _CENTRE, item.tag)
        line2.setRight(tag_rect.left() - 4)
    p.setPen(QColor("#5f6368"))
    p.drawText(line2, _LEFT, plain_metrics.elidedText(item.detail, _ELIDE_RIGHT, line2.width()))
    p.restore()


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


class CardDelegate(QStyledItemDelegate):
    """Paints a column's rows as case cards (roles of :class:`widgets.board_model.ColumnModel`)."""

    def paint(self, painter: QPainter, option, index) -> None:
        model = index.model()          # a ColumnModel: asked directly, not role by role
        case_id, item = model.card_at(index.row())
        if item is not None:
            paint_card(painter, card_rect(option.rect), option.font, item, case_id == model.selected,
                       case_id in model.flashing)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        return QSize(max(1, option.rect.width()), CARD_PITCH)
