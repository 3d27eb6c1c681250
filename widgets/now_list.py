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

    def shown_lines(self) -> list[QLabel]:
        """The lines drawn, each wrapped to the panel's width (an entry is never cut short)."""
        return [label for label in self._labels if not label.isHidden()]

    # Qt overrides -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fill()

    # Private API --------------------------------------------------------------------------
    def _label(self, i: int) -> QLabel:
        while len(self._labels) <= i:
            label = QLabel(self, objectName="nowLine")
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setStyleSheet("color: #e8f1fb; background: transparent; border: none;")
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.layout().addWidget(label)
            self._labels.append(label)
        return self._labels[i]

    def _fill(self) -> None:
        """As many entries as the height holds, each wrapped onto as many lines as it needs,
        newest first; "+N more" for the rest."""
        font = QFont(self.font())
        font.setPixelSize(max(8, self._px))
        font.setWeight(QFont.Weight.DemiBold)
        line = round(self._px * 1.3)
        spacing = max(0, self.layout().spacing())
        if self._entries:
            texts = [(f"<span style='background:{e.colour};color:#0a1220'>&nbsp;{e.tag}&nbsp;</span>"
                      f"&nbsp;{escape(e.text)}&nbsp;<span style='color:#8fa8c4'>{e.elapsed}</span>",
                      f"{e.tag} {e.text} {e.elapsed}") for e in self._entries]
        else:
            texts = [(f"<span style='color:#7f97b2'>{self._empty}</span>", self._empty)]
        plain: list[str] = []
        used = 0
        for i, (html, text) in enumerate(texts):
            label = self._label(len(plain))
            label.setFont(font)
            label.setText(html)
            height = max(line, label.heightForWidth(max(1, self.width())))
            reserve = line + spacing if i < len(texts) - 1 else 0   # room for "+N more"
            if plain and used + height + reserve > self.height():
                break
            label.setFixedHeight(height)
            label.show()
            plain.append(text)
            used += height + spacing
        if len(plain) < len(texts):
            more = self._more.format(count=len(texts) - len(plain))
            label = self._label(len(plain))
            label.setFont(font)
            label.setText(f"<span style='color:#8fa8c4'>{more}</span>")
            label.setFixedHeight(line)
            label.show()
            plain.append(more)
        self._plain = plain
        for label in self._labels[len(plain):]:
            label.hide()
