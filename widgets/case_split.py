"""How the case panel shares its height between the case (details, step buttons, open form) and
its history when the panel is squeezed (the notification list open above it, a small monitor):
the case gets the height it needs first, the history gives way down to a few rows, and only then
do the details scroll. Rows never draw over each other; the step buttons and an open form stay
on screen below the details."""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QScrollArea, QSplitter, QTreeWidget, QWidget

#: history rows kept visible however squeezed the panel is
HISTORY_ROWS = 3


class CaseSplitter(QSplitter):
    """A vertical splitter of (case, history) that gives the case what it needs and the history
    the rest, never less than its minimum (or than the height the operator dragged it to)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setChildrenCollapsible(False)
        self._scroll: QScrollArea | None = None
        self._head: tuple[QWidget, ...] = ()
        self._chosen: int | None = None   # the history's height the operator dragged the handle to
        self._fitting = False
        self.splitterMoved.connect(self._on_moved)

    def watch(self, case: QWidget, scroll: QScrollArea, history: QWidget, *head: QWidget) -> None:
        """``case`` holds ``scroll`` (the details) and the pinned parts under it; ``history`` is the
        second part; the details down to the ``head`` widgets (number, deadline) stay in view however
        squeezed. Any change of what they hold refits the split."""
        self._scroll, self._head = scroll, head
        for widget in (case, scroll.widget(), history):
            widget.installEventFilter(self)

    def case_need(self) -> int:
        """The case part's height with every detail shown, none scrolled away."""
        return self._case_height(self._details_need)

    def case_min(self) -> int:
        """The case part's height with the details scrolled in their smallest room: the buttons
        and the open form (its wrapped notices included) are never squeezed."""
        return self._case_height(lambda _width: self._details_min())

    def _case_height(self, details) -> int:
        case = self.widget(0)
        layout = case.layout() if case is not None else None
        if layout is None or self._scroll is None:
            return 0
        margins = layout.contentsMargins()
        width = case.width() - margins.left() - margins.right()
        need, shown = margins.top() + margins.bottom(), 0
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.isEmpty():
                continue
            if item.widget() is self._scroll:
                need += details(width)
            else:
                need += item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            shown += 1
        return need + max(0, shown - 1) * max(0, layout.spacing())

    def fit(self) -> None:
        if self._fitting or self.count() < 2 or self._scroll is None:
            return
        total = self.height() - self.handleWidth()
        history = self.widget(1)
        if history.findChild(QTreeWidget) is not None:
            history.setMinimumHeight(history_min_height(history))
        history_min = _min_height(history)
        floor = max(history_min, self._chosen or 0)
        self.widget(0).setMinimumHeight(self.case_min())
        case_min = _min_height(self.widget(0))
        case = max(case_min, min(self.case_need(), total - floor))
        sizes = [case, max(history_min, total - case)]
        if self.sizes() != sizes:
            self._fitting = True
            try:
                self.setSizes(sizes)
            finally:
                self._fitting = False

    # Qt ----------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.LayoutRequest, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Resize):
            if self._scroll is not None and watched is self._scroll.widget():
                _lay_out_whole(watched)
            if kind != QEvent.Type.Resize:
                self.fit()
        return False

    # Private API -------------------------------------------------------------------------------
    def _details_min(self) -> int:
        scroll = self._scroll
        content = scroll.widget()
        head = max((w.mapTo(content, w.rect().bottomLeft()).y() + 1 for w in self._head if w.isVisibleTo(content)),
                   default=0)
        bottom = content.layout().contentsMargins().bottom() if content.layout() else 0
        return max(_min_height(scroll), head + bottom + 2 * scroll.frameWidth())

    def _details_need(self, width: int) -> int:
        scroll = self._scroll
        frame = 2 * scroll.frameWidth()
        content = scroll.widget()
        # measured as narrow as with its scroll bar: a scroll area keeps a bar it shows while the
        # details fit only without it
        inner = width - frame - scroll.verticalScrollBar().sizeHint().width()
        height = content.heightForWidth(inner) if content.hasHeightForWidth() else -1
        return frame + max(height, content.minimumSizeHint().height())

    def _on_moved(self, _pos: int, _index: int) -> None:
        if not self._fitting:
            self._chosen = self.sizes()[1]


def _line_height(widget: QWidget, sample: str) -> int:
    """A line of ``sample`` in ``widget``'s font, Chinese fallback glyphs included (a row of names
    in Chinese is taller than the font's own metrics say)."""
    layout = QTextLayout(sample, widget.font())
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return math.ceil(line.height())


def _min_height(widget: QWidget) -> int:
    """What a splitter will not squeeze ``widget`` below."""
    return max(widget.minimumHeight(), widget.minimumSizeHint().height())


def _lay_out_whole(widget: QWidget) -> None:
    """A scroll area resizes its content to the height its wrapped rows need while showing it,
    and Qt then sends no resize event: the rows stay laid out in the old, shorter height and
    draw over each other. Lay them out in the whole content."""
    layout = widget.layout()
    if layout is not None and layout.geometry() != widget.rect():
        layout.setGeometry(widget.rect())


def history_min_height(box: QWidget, rows: int = HISTORY_ROWS) -> int:
    """The history's title, its column header, ``rows`` rows and a horizontal scroll bar."""
    layout = box.layout()
    tree = box.findChild(QTreeWidget)
    row = max(_line_height(tree, "国Ag"), tree.sizeHintForRow(0) if tree.topLevelItemCount() else 0)
    above = sum(layout.itemAt(i).sizeHint().height() + layout.spacing() for i in range(layout.count())
                if layout.itemAt(i).widget() is not tree)
    margins = layout.contentsMargins()
    return above + margins.top() + margins.bottom() + tree.header().sizeHint().height() + rows * row + \
        2 * tree.frameWidth() + tree.horizontalScrollBar().sizeHint().height()
