"""The tier's mark (紧急 / 疑难) as rows and cards show it: a small coloured square with one
character, the same on the queues and the board; general cases carry none."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from widgets.palette import DIFFICULT_COLOR, URGENT_COLOR

TIER_COLORS = {"urgent": URGENT_COLOR, "difficult": DIFFICULT_COLOR}


def tier_letter(tier: str) -> str:
    """The one character on the mark ("急" / "难" in Chinese)."""
    if tier == "urgent":
        return QCoreApplication.translate("TierMark", "!")
    if tier == "difficult":
        return QCoreApplication.translate("TierMark", "D")
    return ""


def paint_tier_mark(painter: QPainter, rect: QRect, tier: str) -> None:
    """Draw the mark of ``tier`` into ``rect`` (nothing for a general case)."""
    color = TIER_COLORS.get(tier)
    if color is None:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(rect, 3, 3)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(8, rect.height() - 4))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), tier_letter(tier))
    painter.restore()


@lru_cache(maxsize=8)
def tier_icon(tier: str, letter: str = "") -> QIcon:
    """The mark as an icon for item views (``letter`` keys the cache by language)."""
    if tier not in TIER_COLORS:
        return QIcon()
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_tier_mark(painter, QRect(0, 0, 16, 16), tier)
    painter.end()
    return QIcon(pixmap)
