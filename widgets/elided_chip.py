"""A filter chip ("网格 … ✕", "筛选：… ✕") that never widens the panel it sits in: a long text is
elided in the middle where it is drawn (the closing ✕ stays), the whole text is in the tooltip and
in :meth:`text`, and the chip asks for no more than a few characters of width."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QSizePolicy, QStyle, QStyleOptionToolButton, QStylePainter, QToolButton

CLOSE = "✕"
#: characters of the text a chip keeps at its narrowest, besides "…" and the ✕
MIN_CHARS = 4


class ElidedChip(QToolButton):
    """A tool button showing as much of its text as fits: ``text()`` is always the whole text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    # Public API ------------------------------------------------------------------------------
    def shown_text(self, width: int | None = None) -> str:
        """What the chip draws at ``width`` (default: its own width)."""
        text = self.text()
        room = (self.width() if width is None else width) - self._overhead()
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(text) <= room:
            return text
        body, tail = (text[:-len(CLOSE)].rstrip(), " " + CLOSE) if text.endswith(CLOSE) else (text, "")
        return metrics.elidedText(body, Qt.TextElideMode.ElideMiddle,
                                  max(0, room - metrics.horizontalAdvance(tail))) + tail

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    # Qt ----------------------------------------------------------------------------------------
    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        shortest = self.text()[:MIN_CHARS] + "… " + CLOSE
        width = min(metrics.horizontalAdvance(shortest), metrics.horizontalAdvance(self.text()))
        return QSize(width + self._overhead(), super().sizeHint().height())

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        option.text = self.shown_text()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option)

    # Private API -------------------------------------------------------------------------------
    def _overhead(self) -> int:
        """Frame and padding around the text (the style sheet's included)."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())
