"""The wall's "now" panel (此刻): urgent cases and early warnings as short lines, newest first —
a tag, what and where, and how long ago — shown the moment they arrive, not when a ticker's loop
comes round."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget


@dataclass(frozen=True)
class NowEntry:
    tag: str
    colour: str
    text: str
    elapsed: str


class NowList(QWidget):
    """As many lines as the panel holds at the wall's text size; "+N more" when some do not fit."""

    LINE_UNITS = 2.0

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("nowList")
        self._entries: list[NowEntry] = []
        self._empty = ""
        self._more = "+{count}"
        self._px = 20
        self._labels: list[QLabel] = []
        self._plain: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    # Public API ---------------------------------------------------------------------------
    def set_words(self, empty: str, more: str) -> None:
        """The line shown when nothing is urgent, and the "+{count} more" pattern."""
        self._empty, self._more = empty, more
        self._fill()

    def set_entries(self, entries: Sequence[NowEntry]) -> None:
        entries = list(entries)
        if entries != self._entries:
            self._entries = entries
            self._fill()

    def set_text_px(self, px: int) -> None:
        if px != self._px:
            self._px = px
            self._fill()

    def visible_texts(self) -> list[str]:
        return list(self._plain)

    def capacity(self) -> int:
        return max(1, int(self.height() // (self._px * 1.35)))

    # Qt overrides -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fill()

    # Private API --------------------------------------------------------------------------
    def _label(self, i: int) -> QLabel:
        while len(self._labels) <= i:
            label = QLabel(self, objectName="nowLine")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setStyleSheet("color: #e8f1fb; background: transparent; border: none;")
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.layout().addWidget(label)
            self._labels.append(label)
        return self._labels[i]

    def _fill(self) -> None:
        font = QFont(self.font())
        font.setPixelSize(max(8, self._px))
        font.setWeight(QFont.Weight.DemiBold)
        room = self.capacity()
        lines: list[str] = []
        plain: list[str] = []
        if not self._entries:
            lines.append(f"<span style='color:#7f97b2'>{self._empty}</span>")
            plain.append(self._empty)
        shown = self._entries if len(self._entries) <= room else self._entries[: max(1, room - 1)]
        for e in shown:
            lines.append(f"<span style='background:{e.colour};color:#0a1220'>&nbsp;{e.tag}&nbsp;</span>"
                         f"&nbsp;{escape(e.text)}&nbsp;<span style='color:#8fa8c4'>{e.elapsed}</span>")
            plain.append(f"{e.tag} {e.text} {e.elapsed}")
        if len(shown) < len(self._entries):
            more = self._more.format(count=len(self._entries) - len(shown))
            lines.append(f"<span style='color:#8fa8c4'>{more}</span>")
            plain.append(more)
        self._plain = plain
        for i, text in enumerate(lines):
            label = self._label(i)
            label.setFont(font)
            label.setText(text)
            label.setFixedHeight(round(self._px * 1.3))
            label.show()
        for label in self._labels[len(lines):]:
            label.hide()
