"""Panels that take turns in one place (a single screen read from across the room): which one
is shown, turning every few seconds, and brought forward at once when it has news (plain Python)."""
from __future__ import annotations

from typing import Sequence

PAGE_SECONDS = 12.0


class Pager:
    """``set_pages`` names the panels sharing the place (none: every panel has its own);
    ``tick(now)`` turns to the next after ``seconds``; ``show(name, now)`` brings one forward
    and starts its time afresh."""

    def __init__(self, seconds: float = PAGE_SECONDS):
        self.seconds = seconds
        self.pages: tuple[str, ...] = ()
        self.index = 0
        self._since = 0.0
        self.held: str | None = None
        """A page shown and kept (a still snapshot of one page): no turning."""

    @property
    def current(self) -> str | None:
        return self.pages[self.index] if self.pages else None

    def set_pages(self, pages: Sequence[str], now: float) -> None:
        pages = tuple(pages)
        if pages != self.pages:
            self.pages, self.index, self._since = pages, 0, now
            if self.held in pages:
                self.index = pages.index(self.held)

    def hold(self, name: str) -> None:
        """Show ``name`` (now, or once the layout has it) and stop turning."""
        self.held = name
        if name in self.pages:
            self.index = self.pages.index(name)

    def restart(self, now: float) -> None:
        """The first page, its time from now (the first picture has arrived)."""
        if self.held is None:
            self.index, self._since = 0, now

    def tick(self, now: float) -> bool:
        """Turn the page when its time is up; True when another panel is now shown."""
        if len(self.pages) < 2 or self.held is not None or now - self._since < self.seconds:
            return False
        self.index, self._since = (self.index + 1) % len(self.pages), now
        return True

    def show(self, name: str, now: float) -> bool:
        if name not in self.pages:
            return False
        self.index, self._since = self.pages.index(name), now
        return True

    def mark(self, name: str) -> str:
        """"2/5": where ``name`` stands among the pages ('' when it has a place of its own)."""
        return f"{self.pages.index(name) + 1}/{len(self.pages)}" if name in self.pages else ""
