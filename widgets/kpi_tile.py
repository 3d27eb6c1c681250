"""A KPI tile for the video wall: a title, one big number and its change against a reference
(yesterday), coloured by whether the change is good news."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from commandcenter.kpi_asof import MIN_RATE_DENOMINATOR

GOOD = "#35c47c"
BAD = "#ff4d4f"
NEUTRAL = "#8fa8c4"


def format_value(value: float | None, is_rate: bool) -> str:
    """'1,234', '87.5%' or '—' when there is nothing to show yet."""
    if value is None:
        return "—"
    if is_rate:
        return f"{value * 100:.1f}%"
    return f"{int(value):,}"


def reads_as_counts(tile) -> bool:
    """A rate is shown as its counts while its denominator, or what it counts (e.g. the cases
    closed on time so far today), is below MIN_RATE_DENOMINATOR: at 03:00 one closed case
    against the night's overdue backlog would read as a collapse."""
    return tile.is_rate and (tile.shows_counts or (tile.numerator or 0) < MIN_RATE_DENOMINATOR)


def previous_counts(tile) -> str:
    """Yesterday's counts of a rate by the same hour ("3 / 40"), '' when not known."""
    if tile.previous is None or not tile.previous_denominator:
        return ""
    return f"{round(tile.previous * tile.previous_denominator)} / {tile.previous_denominator}"


def change_colour(change: float | None, worse_when_up: bool | None) -> str:
    if not change or worse_when_up is None:
        return NEUTRAL
    return BAD if (change > 0) == worse_when_up else GOOD


class KpiTile(QFrame):
    """``set_figure(value, previous)`` shows the value and the change; ``set_unit(px)`` sizes the
    type from one unit (1 % of a screen's height): the number is 6.5 units tall."""

    NUMBER_UNITS = 6.5
    TITLE_UNITS = 2.1
    CHANGE_UNITS = 1.8

    def __init__(self, title: str, *, is_rate: bool = False, worse_when_up: bool | None = None,
                 short_title: str | None = None, parent: QWidget | None = None):
        """``short_title``: shown where ``title`` would not fit the tile whole (large type)."""
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self._titles = (title, short_title or title)
        self._is_rate = is_rate
        self._worse_when_up = worse_when_up
        self._title = QLabel(title, self, objectName="kpiTitle")
        self._number = QLabel("—", self, objectName="kpiNumber")
        self._change = QLabel("", self, objectName="kpiChange")
        self._unit = 10.0
        self._floor = 8
        for label in (self._title, self._number, self._change):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._number)
        layout.addWidget(self._change)
        layout.addStretch(1)
        self.set_unit(10)

    # Public API ---------------------------------------------------------------------------
    def set_figure(self, value: float | None, previous: float | None) -> None:
        self._counts = None
        self._number.setText(format_value(value, self._is_rate))
        change = None if value is None or previous is None else value - previous
        self._show_change(change)

    def show_tile(self, tile, lang: str = "zh") -> None:
        """A :class:`commandcenter.kpi_asof.Tile`. A rate over few cases reads as its counts
        ("1 / 44 应结案") against yesterday's by the same hour, so a quiet night never shows
        "0.0 %"; a figure that is 0 today and was 0 yesterday is not "the same as yesterday"."""
        if reads_as_counts(tile):
            label = tile.denominator_label_zh if lang == "zh" else tile.denominator_label_en
            self._counts = (tile.count_text(lang), f"{tile.numerator or 0} / {tile.denominator or 0}", label,
                            previous_counts(tile), tile.denominator or 0)
            self._change.setStyleSheet(f"color: {NEUTRAL};")
            self._fit_number()
            self._elide_change()
            return
        self._counts = None
        self._number.setText(format_value(tile.value, self._is_rate))
        if not tile.is_rate and tile.value == 0 and tile.previous == 0:
            self._change_full = self.tr("none yet, nor yesterday by now")
            self._change_short = self.tr("yesterday 0")
            self._change.setStyleSheet(f"color: {NEUTRAL};")
            self._elide_change()
        else:
            self._show_change(tile.change)
        self._fit_number()

    def set_unit(self, px: float, floor: int = 8) -> None:
        """Size every text from one unit in pixels, none below ``floor``; the number grows further
        into a roomy tile."""
        self._unit = px
        self._floor = floor
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()
        if event.size().width() != event.oldSize().width():
            # after the layout has settled: changing a text inside its resize would re-enter it
            QTimer.singleShot(0, self._refit_texts)

    def _refit_texts(self) -> None:
        title, short = self._titles
        fits = QFontMetrics(self._title.font()).horizontalAdvance(title) <= self.width() * 0.92
        self._title.setText(title if fits else short)
        self._fit_number()
        self._elide_change()

    def number_text(self) -> str:
        return self._number.text()

    def change_text(self) -> str:
        return self._change.text()

    def number_pixel_size(self) -> int:
        return self._number.font().pixelSize()

    # Private API --------------------------------------------------------------------------
    def _fit(self) -> None:
        px = self._unit
        roomy = min(self.height() * 0.4, self.width() * 0.19)
        sizes = ((self._title, px * self.TITLE_UNITS, QFont.Weight.Medium),
                 (self._number, max(px * self.NUMBER_UNITS, roomy), QFont.Weight.Bold),
                 (self._change, px * self.CHANGE_UNITS, QFont.Weight.Medium))
        for label, size, weight in sizes:
            size = max(self._floor, size)
            if label.font().pixelSize() != max(8, round(size)) or label.font().weight() != weight:
                font = QFont(label.font())
                font.setPixelSize(max(8, round(size)))
                font.setWeight(weight)
                label.setFont(font)
        margin = round(px * 0.8)
        self.layout().setContentsMargins(margin, margin // 2, margin, margin // 2)
        self.layout().setSpacing(round(px * 0.3))

    def _fit_number(self) -> None:
        """The number as large as its size rule says, but never wider than the tile; counts that
        do not fit whole at the smallest legible size ("1 / 44 应结案") keep "1 / 44" and give
        their word to the line below."""
        size = max(self._floor, self._unit * self.NUMBER_UNITS, min(self.height() * 0.4, self.width() * 0.19))
        font = QFont(self._number.font())
        font.setPixelSize(max(8, round(size)))
        if getattr(self, "_counts", None):
            self._choose_counts(font)
        width = QFontMetrics(font).horizontalAdvance(self._number.text())
        room = self.width() * 0.92
        if width > room > 0:
            font.setPixelSize(max(8, self._floor, int(size * room / width)))
        if font.pixelSize() != self._number.font().pixelSize():
            self._number.setFont(font)

    def _choose_counts(self, font: QFont) -> None:
        whole, bare, label, before, due = self._counts
        smallest = QFont(font)
        smallest.setPixelSize(max(8, self._floor))
        fits = QFontMetrics(smallest).horizontalAdvance(whole) <= self.width() * 0.92
        self._number.setText(whole if fits else bare)
        yesterday = self.tr("yesterday by now {counts}").format(counts=before) if before else ""
        few_due = due < MIN_RATE_DENOMINATOR
        if fits:   # too few due at all, or (the night) too few closed yet
            self._change_full = yesterday or (self.tr("too few cases for a rate") if few_due
                                              else self.tr("too few closed yet for a rate"))
            self._change_short = (self.tr("yesterday {counts}").format(counts=before) if before
                                  else self.tr("too few cases") if few_due else self.tr("few closed yet"))
        else:
            self._change_full = f"{label} · {yesterday}" if yesterday else label
            self._change_short = label

    def _show_change(self, change: float | None) -> None:
        self._change_full = self._change_text(change)
        self._change_short = self._short_change_text(change)
        self._elide_change()
        self._change.setStyleSheet(f"color: {change_colour(change, self._worse_when_up)};")

    def _elide_change(self) -> None:
        """The change in words when it fits the tile at its type size, else just "▲ 373"."""
        full = getattr(self, "_change_full", None)
        if full is None:
            return
        fits = QFontMetrics(self._change.font()).horizontalAdvance(full) <= self.width() * 0.92
        self._change.setText(full if fits else self._change_short)

    def _short_change_text(self, change: float | None) -> str:
        if change is None:
            return "—"
        if change == 0:
            return "="
        arrow = "▲" if change > 0 else "▼"
        return f"{arrow} {abs(change) * 100:.1f}" if self._is_rate else f"{arrow} {abs(int(change)):,}"

    def _change_text(self, change: float | None) -> str:
        if change is None:
            return self.tr("vs yesterday —")
        if change == 0:
            return self.tr("same as yesterday")
        arrow = "▲" if change > 0 else "▼"
        if self._is_rate:
            amount = self.tr("{points} pts").format(points=f"{abs(change) * 100:.1f}")
        else:
            amount = f"{abs(int(change)):,}"
        return self.tr("vs yesterday {arrow} {amount}").format(arrow=arrow, amount=amount)
