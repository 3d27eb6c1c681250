"""Render a screen to an image once it shows the truth: its source has loaded the picture,
every map has loaded and drawn it, and the layout has settled. Used by ``snapshot``."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, QSettings, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from commandcenter.errors import ValidationError
from ui.session import open_session
from widgets.map_view import MapView


def wait(condition, timeout_s: float) -> bool:
    """Run the event loop until ``condition()`` or the timeout; True if the condition holds."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    poll = QTimer(interval=20)
    poll.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
    poll.start()
    if not condition():
        loop.exec()
    poll.stop()
    return condition()


def settle(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def dispose(window) -> None:
    """Close and delete a screen now: a web page that outlives its profile crashes at exit."""
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def snapshot_user(session, name: str | None):
    if not name:
        return None
    user = next((u for u in session.data.users if u.name == name), None)
    if user is None:
        raise ValidationError("--user", name, "no such user in this database")
    return user


#: screen → (module, build function, the source its command opens)
SCREENS = {"desk": ("ui.desk.startup", "build_desk", "live"), "wall": ("ui.wall.window", "build_wall", "live"),
           "trainer": ("ui.trainer.window", "build_trainer", "replay")}


def render_screen(args, screen: str, size: tuple[int, int], *, timeout_s: float = 60.0,
                  settle_ms: int = 400) -> QImage:
    """Open the session ``screen``'s command opens, build the screen with the same build function
    it uses, show it at ``size`` offscreen, wait until it is loaded and drawn, and grab it."""
    import importlib

    module_name, function, source = SCREENS[screen]
    builder = getattr(importlib.import_module(module_name), function)
    session = open_session(args, source=source, read_only=True, show_progress=False)
    loaded = []
    session.picture.events.reset.connect(lambda _none: loaded.append(True))
    with tempfile.TemporaryDirectory() as folder:
        if screen == "desk":
            # A snapshot must neither use nor change the layout an operator saved on this machine.
            settings = QSettings(str(Path(folder) / "desk.ini"), QSettings.Format.IniFormat)
            window = builder(session, args, snapshot_user(session, args.user), settings=settings)
        else:
            window = builder(session, args)
        session.start()
        try:
            prepare = None
            if screen == "desk":
                from ui.desk import snapshot_scene

                if snapshot_scene.wanted(args):
                    prepare = lambda: snapshot_scene.prepare(window, args, wait)   # noqa: E731
            image = _grab_when_loaded(window, loaded, size, timeout_s, settle_ms, prepare)
            if screen == "desk" and getattr(args, "intake", False):
                from ui.desk.intake_preview import open_example, paint_over

                form = open_example(window)
                if form is not None:
                    settle(settle_ms)
                    image = paint_over(image, window, form)
            return image
        finally:
            session.close()
            dispose(window)


def _grab_when_loaded(window, loaded, size, timeout_s, settle_ms, prepare=None) -> QImage:
    width, height = size
    window.resize(width, height)
    window.show()
    started = time.monotonic()
    if not wait(lambda: bool(loaded), timeout_s):
        raise TimeoutError(f"the screen's source did not load the picture within {timeout_s:g} s")
    settle(settle_ms)   # the views coalesce the first picture before they draw it
    if prepare is not None:   # the scene asked for (a case open, a form, the notices…)
        prepare()
        settle(settle_ms)
    maps = [m for m in window.findChildren(MapView) if m.isVisible()]
    for map_view in maps:   # loaded, and every queued change drawn and painted
        map_view.grab_when_ready(int(max(1.0, timeout_s - (time.monotonic() - started)) * 1000))
    settle(settle_ms)
    QApplication.processEvents()
    # A screen laid out over several monitors (desk --screens) is its window and floating panels,
    # each drawn where its frame is on the monitors' canvas.
    parts = window.canvas_parts() if hasattr(window, "canvas_parts") else []
    composed = bool(parts)
    if composed:
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(0x202124)   # what a frame leaves uncovered looks like a bezel
    else:
        image = window.grab().toImage()
        parts = [(window, (0, 0))]
    painter = QPainter(image)
    for part, (x, y) in parts:
        origin = QPoint(x, y)
        if composed:
            origin += part.geometry().topLeft() - part.frameGeometry().topLeft()
            painter.drawImage(origin, part.grab().toImage())
        for map_view in maps:
            if map_view.window() is part:
                # The web view's compositor output is not part of a widget grab on every platform.
                painter.drawImage(origin + map_view.mapTo(part, map_view.rect().topLeft()),
                                  map_view.grab_when_ready(5000))
    painter.end()
    if (image.width(), image.height()) != (width, height):
        image = image.scaled(width, height)
    return image.convertToFormat(QImage.Format.Format_RGB32)

