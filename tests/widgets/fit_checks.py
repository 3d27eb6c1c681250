"""What an operator notices when a panel is squeezed: lines of text drawn over each other, text
cut off without an ellipsis, a button out of reach. Checked on real widgets, in the coordinates
of the panel they sit in."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget


def settle(rounds: int = 6) -> None:
    """Deliver the pending layout requests and resizes (each round may post the next ones)."""
    for _ in range(rounds):
        QCoreApplication.sendPostedEvents()
        QApplication.processEvents()


def shown(widget: QWidget, within: QWidget) -> bool:
    return widget.isVisibleTo(within) and widget.width() > 0 and widget.height() > 0


def rect_in(widget: QWidget, within: QWidget) -> QRect:
    return QRect(widget.mapTo(within, widget.rect().topLeft()), widget.size())


def text_labels(parent: QWidget, within: QWidget) -> list[QLabel]:
    """The visible labels with text under ``parent`` (the parent's own children, not nested panels)."""
    return [label for label in parent.findChildren(QLabel) if shown(label, within) and label.text()]


def overlaps(labels: list[QLabel], within: QWidget) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes intersect (their text would be drawn one over the other)."""
    boxes = [(label, rect_in(label, within)) for label in labels]
    return [(a.text()[:30], b.text()[:30]) for i, (a, ra) in enumerate(boxes) for b, rb in boxes[i + 1:]
            if ra.intersects(rb)]


def cut_off(labels: list[QLabel]) -> list[str]:
    """Labels too small for their text: a wrapped one shorter than its lines, a single line one
    narrower than its text (a QLabel never elides by itself)."""
    bad = []
    for label in labels:
        if label.wordWrap():
            if label.height() < label.heightForWidth(label.width()):
                bad.append(f"{label.text()[:30]!r}: {label.height()} < {label.heightForWidth(label.width())} px tall")
        elif label.width() < label.minimumSizeHint().width():
            bad.append(f"{label.text()[:30]!r}: {label.width()} < {label.minimumSizeHint().width()} px wide")
    return bad


def fully_on_screen(widget: QWidget) -> bool:
    """Nothing of ``widget`` is clipped by a scroll area or a parent too small for it."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def buttons_out_of_reach(parent: QWidget) -> list[str]:
    return [b.text() for b in parent.findChildren(QAbstractButton) if b.isVisible() and not fully_on_screen(b)]
