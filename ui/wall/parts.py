"""Wall parts that a layout repeats per screen: the KPI tiles spread over one or more screens
(:class:`KpiStrips`) and one ticker per screen of the bottom row (:class:`Tickers`), each behind
one face so the window feeds them as one."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QWidget

from commandcenter.kpi_asof import TODAY_TILES, Tile
from widgets.kpi_strip import KpiStrip
from widgets.ticker import Ticker, TickerEntry


class KpiStrips:
    """The six tiles of today over the screens a layout gives them: ``arrange(parts)`` with
    parts as ((tile indexes), (columns, rows)) per screen."""

    def __init__(self, lang: str, parent: QWidget, keys: Sequence[str] = TODAY_TILES):
        self._lang = lang
        self._parent = parent
        self._keys = tuple(keys)
        self._parts: tuple = ()
        self._last: Sequence[Tile] = ()
        self.strips: list[KpiStrip] = []

    @property
    def tiles(self) -> dict:
        return {key: tile for strip in self.strips for key, tile in strip.tiles.items()}

    def arrange(self, parts) -> None:
        if parts == self._parts:
            return
        for strip in self.strips:
            strip.hide()
            strip.deleteLater()
        self.strips = []
        for indexes, (columns, rows) in parts:
            strip = KpiStrip([self._keys[i] for i in indexes], lang=self._lang, theme="wall", parent=self._parent)
            strip.arrange(columns, rows)
            self.strips.append(strip)
        self._parts = parts
        if self._last:
            self.show_tiles(self._last)

    def show_tiles(self, tiles: Sequence[Tile]) -> None:
        self._last = tuple(tiles)
        for strip in self.strips:
            strip.show_tiles(tiles)


class Tickers:
    """One ticker per screen of the bottom row; the entries are dealt out among them in turn
    (the first screen gets the first, the second the second …), so none scrolls across a bezel
    and each entry comes round sooner."""

    def __init__(self, empty_text: str, parent: QWidget):
        self._parent = parent
        self._empty = empty_text
        self._entries: list[TickerEntry] = []
        self._running = False
        self.tickers: list[Ticker] = []

    def ensure(self, count: int) -> None:
        while len(self.tickers) < count:
            ticker = Ticker(self._parent)
            ticker.set_empty_text(self._empty)
            ticker.set_running(self._running)
            self.tickers.append(ticker)
        for ticker in self.tickers[count:]:
            ticker.hide()
            ticker.set_running(False)
        del self.tickers[count:]
        self.set_entries(self._entries)

    def set_entries(self, entries: Sequence[TickerEntry]) -> None:
        self._entries = list(entries)
        n = len(self.tickers)
        for i, ticker in enumerate(self.tickers):
            ticker.set_entries(self._entries[i::n])

    def set_running(self, on: bool) -> None:
        self._running = on
        for ticker in self.tickers:
            ticker.set_running(on)

    def visible_texts(self) -> list[str]:
        """Every entry's tag and text, in the order of the entries (all tickers together)."""
        if not self._entries:
            return [self._empty]
        return [t for e in self._entries for t in (e.tag, e.text)]
