"""Which batch of map changes is on its way to the page, and what the page's answer means (plain Python).

QtWebEngine answers every ``runJavaScript``, even one it never ran: when a page is deleted with
scripts still pending, it calls their callbacks from inside the page's destructor with an empty
value (PySide hands over ``''``), and the page and its view must not be touched any more. That is
what a desk or wall closing with a batch in flight looks like, and also how a batch caught by a
renderer that died is finally answered. The map's own ``destroyed`` signal comes first (a widget
announces its end before it deletes its children), so a ledger told then knows that an empty
answer is the map closing, not a batch the page failed to draw.
"""
from __future__ import annotations

from enum import Enum


class Answer(Enum):
    DRAWN = "drawn"
    """The page drew the batch."""
    FAILED = "failed"
    """The page is there but did not draw the batch (it raised, or the script did not run)."""
    OVERTAKEN = "overtaken"
    """A batch sent before the page was loaded again: the new page was sent everything since."""
    CLOSED = "closed"
    """The map is being deleted: nothing more to draw, nothing to touch."""


class BatchLedger:
    """The batch in flight (its sequence number, 0 for none) and whether the map has gone."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.closed = False

    def sent(self, seq: int) -> None:
        self.in_flight = seq

    def page_loaded(self) -> None:
        """A new page knows nothing of the batches sent to the old one."""
        self.in_flight = 0

    def close(self, *_destroyed) -> None:
        """The map is being deleted (connected to its ``destroyed`` signal)."""
        self.closed = True

    def answer(self, seq: int, result: object) -> Answer:
        """What the page's ``result`` for batch ``seq`` means; a batch in flight is no longer once answered."""
        if self.closed:
            return Answer.CLOSED
        if seq != self.in_flight:
            return Answer.OVERTAKEN
        self.in_flight = 0
        return Answer.DRAWN if result == seq else Answer.FAILED
