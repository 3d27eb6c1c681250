"""The wall's frames: the dark theme, a titled panel, the header (freshness, title, clock) and the
strip of KPI tiles. Every size comes from one unit: 1 % of one screen's height."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from widgets.wall_clock import FreshnessBadge, WallClock

FONT_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "sans-serif"]
WALL_BACKGROUND = "#08111f"
PANEL_BACKGROUND = "#0f1b2d"
PANEL_EDGE = "#1f3a5c"
TITLE = "#8fc7ff"
ACCENT = "#3cc8ff"
TEXT = "#e8f1fb"


def stylesheet(unit: float) -> str:
    radius = max(2, round(unit * 0.5))
    return f"""
    QWidget#wall {{ background: {WALL_BACKGROUND}; color: {TEXT}; }}
    QFrame#panel {{ background: {PANEL_BACKGROUND}; border: 1px solid {PANEL_EDGE}; border-radius: {radius}px; }}
    QLabel#panelTitle {{ color: {TITLE}; border: none; border-left: {max(2, round(unit * 0.35))}px solid {ACCENT};
                        padding-left: {round(unit * 0.8)}px; background: transparent; }}
    QFrame#kpiTile {{ background: {PANEL_BACKGROUND}; border: 1px solid {PANEL_EDGE}; border-radius: {radius}px; }}
    QLabel#kpiTitle {{ color: {TITLE}; border: none; background: transparent; }}
    QLabel#kpiNumber {{ color: {TEXT}; border: none; background: transparent; }}
    QLabel#kpiChange {{ border: none; background: transparent; }}
    QLabel#wallTitle {{ color: {TEXT}; background: transparent; }}
    QLabel#clockTime {{ color: {TEXT}; background: transparent; }}
    QLabel#clockDate {{ color: {TITLE}; background: transparent; }}
    QWidget#header {{ background: transparent; border-bottom: 1px solid {PANEL_EDGE}; }}
    """


def wall_font() -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


class Panel(QFrame):
    """A titled, framed area holding one chart or the map."""

    TITLE_UNITS = 2.0

    def __init__(self, title: str, content: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("panel")
        self.content = content
        self._title = QLabel(title, self, objectName="panelTitle")
        self._title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(content, 1)

    def set_title(self, text: str, *shorter: str) -> None:
        """The title, or the first of the ``shorter`` forms that fits the panel's width whole
        (the last one when none does): a title is shortened by words, never cut."""
        self._titles = (text, *shorter)
        self._fit_title()

    def title(self) -> str:
        return self._title.text()

    def title_label(self) -> QLabel:
        return self._title

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_title()

    def _fit_title(self) -> None:
        titles = getattr(self, "_titles", None) or (self._title.text(),)
        self._title.setText(first_that_fits(titles, QFontMetrics(self._title.font()), self._title_room()))

    def _title_room(self) -> int:
        margins = self.layout().contentsMargins()
        label = self._title.contentsMargins()
        indent = round(self._title.font().pixelSize() * 0.1)
        return (self.width() - margins.left() - margins.right() - label.left() - label.right() - indent
                - self._title_padding())

    def _title_padding(self) -> int:
        """The title's left border and padding (the stylesheet's, from the unit)."""
        unit = getattr(self, "_unit", 10.0)
        return max(2, round(unit * 0.35)) + round(unit * 0.8) + 2

    def set_unit(self, px: float, floor: int = 8) -> None:
        self._unit = px
        font = QFont(self._title.font())
        font.setPixelSize(max(8, floor, round(px * self.TITLE_UNITS)))
        font.setWeight(QFont.Weight.Bold)
        self._title.setFont(font)
        margin = round(px * 0.8)
        self.layout().setContentsMargins(margin, margin, margin, margin // 2)
        self.layout().setSpacing(round(px * 0.5))
        self._fit_title()
        if hasattr(self.content, "set_unit"):
            self.content.set_unit(px, floor)


def first_that_fits(texts, metrics: QFontMetrics, room: int) -> str:
    """The first of ``texts`` no wider than ``room`` pixels in ``metrics``, else the last."""
    for text in texts:
        if metrics.horizontalAdvance(text) <= room:
            return text
    return texts[-1]


class Header(QWidget):
    """Freshness badge on the left, the centre's name in the middle, the clock on the right."""

    def __init__(self, title: str, time_source: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.freshness = FreshnessBadge(self)
        self.title = QLabel(title, self, objectName="wallTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.calendar_warning = QLabel("", self, objectName="wallCalendarWarning")
        self.calendar_warning.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.calendar_warning.setStyleSheet("color: #ffb020;")
        self.calendar_warning.hide()
        self.clock = WallClock(time_source, self)
        self._parts = ("freshness", "title", "clock")
        # one row: a second line would not fit the band once the type is legible from the room
        layout = QHBoxLayout(self)
        layout.addWidget(self.freshness, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addStretch(1)
        layout.addWidget(self.title, 0)
        layout.addWidget(self.calendar_warning, 0)
        layout.addStretch(1)
        layout.addWidget(self.clock, 0)

    def set_title(self, text: str, *shorter: str) -> None:
        """The wall's title, or the first ``shorter`` form that fits beside the other parts."""
        self._titles = (text, *shorter)
        self._fit_title()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_title()

    def title_room(self) -> int:
        """The pixels the title may take: what the freshness, the warning and the clock leave."""
        layout = self.layout()
        margins = layout.contentsMargins()
        others = [w for w in (self.freshness, self.calendar_warning, self.clock) if not w.isHidden()]
        used = sum(w.sizeHint().width() for w in others) + layout.spacing() * (len(others) + 2)
        return self.width() - margins.left() - margins.right() - used

    def _fit_title(self) -> None:
        titles = getattr(self, "_titles", None) or (self.title.text(),)
        self.title.setText(first_that_fits(titles, QFontMetrics(self.title.font()), self.title_room()))

    def show_parts(self, parts) -> None:
        """Which of 'freshness', 'title', 'clock' this segment shows (one per screen of the top row)."""
        self._parts = tuple(parts)
        self.freshness.setVisible("freshness" in parts)
        self.title.setVisible("title" in parts)
        self.clock.setVisible("clock" in parts)
        self.clock.show_date(len(parts) < 3)   # a header on one screen: the time alone
        if "title" not in parts:
            self.calendar_warning.hide()

    def show_calendar_warning(self, years: list[int]) -> None:
        """Deadlines rest on estimated holidays for ``years`` (none: the warning goes away)."""
        self.calendar_warning.setVisible(bool(years) and "title" in self._parts)
        if years:
            self.calendar_warning.setText(self.tr("⚠ {years} holidays estimated").format(
                years=" / ".join(map(str, years))))
        self._fit_title()

    def set_unit(self, px: float, floor: int = 8) -> None:
        font = QFont(self.title.font())
        font.setPixelSize(max(8, floor, round(px * 3.6)))
        font.setWeight(QFont.Weight.Bold)
        # spaced in the font, not the stylesheet, so that measuring the title counts the spacing
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, max(1, round(px * 0.25)))
        self.title.setFont(font)
        small = QFont(self.title.font())
        small.setPixelSize(max(8, floor, round(px * 1.8)))
        small.setWeight(QFont.Weight.Medium)
        self.calendar_warning.setFont(small)
        self.freshness.set_unit(px, floor)
        self.clock.set_unit(px, floor)
        self.layout().setContentsMargins(round(px), 0, round(px), 0)
        self._fit_title()
