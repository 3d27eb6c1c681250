"""The wall's refresh: figures computed off the GUI thread never overdraw figures asked for after
them, and a refresh asked for while one is computing runs once that one is done."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QObject  # noqa: E402

from ui.wall.refresh import Refresher  # noqa: E402

pytestmark = pytest.mark.gui


def test_older_figures_never_overdraw_newer_ones_and_a_refresh_asked_meanwhile_follows(qtbot):
    owner = QObject()
    release = threading.Event()
    asked = iter(["older", "asked meanwhile"])
    drawn = []

    def snapshot():
        name = next(asked)

        def compute():
            if name == "older":   # a slow computation, still running when newer figures are drawn
                release.wait(30)
            return name
        return compute

    refresher = Refresher(snapshot, drawn.append, debounce_ms=0, every_ms=60_000, parent=owner)
    try:
        refresher.refresh()
        refresher.draw_now("newer")   # e.g. a reloaded picture, drawn at once
        refresher.refresh()           # the picture changed again while "older" is computing
        release.set()
        qtbot.waitUntil(lambda: drawn == ["newer", "asked meanwhile"], timeout=10_000)
    finally:
        release.set()
        refresher.stop()
        refresher.wait_idle(5000)
