"""The wall's keys, which only move the view: ``P`` pins/unpins the tour, ←/→ step through it,
``H`` switches the heat, wherever the focus is; with the wall focused Esc backs up one level,
Enter goes into the busiest area, Home shows the whole district (city)."""
from __future__ import annotations

from typing import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def install_shortcuts(window: QWidget, handlers: Mapping[Qt.Key, Callable[[], None]]) -> None:
    """Keys that act wherever the focus is in the application (the wall has no input fields)."""
    for key, handler in handlers.items():
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(handler)


def handle_key(event: QKeyEvent, handlers: Mapping[Qt.Key, Callable[[], None]]) -> bool:
    """Run the handler of the pressed key; False when the key has none (the event is left alone)."""
    handler = handlers.get(event.key())
    if handler is None:
        return False
    handler()
    event.accept()
    return True
