"""Render a screen to an image once it shows the truth: the live feed has loaded the picture,
every map has loaded and drawn it, and the layout has settled. Used by ``snapshot``."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QSettings, QTimer
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from commandcenter.errors import ValidationError
from ui.desk import startup
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


def snapshot_user(data, name: str | None):
    if not name:
        return None
    user = next((u for u in data.users if u.name == name), None)
    if user is None:
        raise ValidationError("--user", name, "no such user in this database")
    return user


def render_screen(args, builder, size: tuple[int, int], *, timeout_s: float = 60.0, settle_ms: int = 400) -> QImage:
    """Build the desk (``builder`` None) or another screen over a live session, show it at
    ``size`` offscreen, wait until it is loaded and drawn, and grab it at exactly ``size``."""
    data = startup.load(args, build_demo=False, show_progress=False)
    with tempfile.TemporaryDirectory() as folder:
        # A snapshot must neither use nor change the layout an operator saved on this machine.
        settings = QSettings(str(Path(folder) / "desk.ini"), QSettings.Format.IniFormat)
        if builder is None:
            window = startup.build_desk(args, data, snapshot_user(data, args.user), settings=settings)
            session = window.session
        else:
            session = startup.live_session(args, data)
            window = builder(session, args)
        loaded = []
        session.picture.subscribe(lambda change: change.reset and loaded.append(True))
        if builder is not None:
            session.feed.start()
        try:
            return _grab_when_loaded(window, session, loaded, size, timeout_s, settle_ms)
        finally:
            session.feed.stop()
            dispose(window)


def _grab_when_loaded(window, session, loaded, size, timeout_s, settle_ms) -> QImage:
    width, height = size
    window.resize(width, height)
    window.show()
    started = time.monotonic()
    if not wait(lambda: bool(loaded), timeout_s):
        raise TimeoutError(f"the live feed did not load the picture within {timeout_s:g} s")
    settle(settle_ms)   # the views coalesce the first picture before they draw it
    maps = [m for m in window.findChildren(MapView) if m.isVisible()]
    for map_view in maps:   # loaded, and every queued change drawn and painted
        map_view.grab_when_ready(int(max(1.0, timeout_s - (time.monotonic() - started)) * 1000))
    settle(settle_ms)
    QApplication.processEvents()
    image = window.grab().toImage()
    painter = QPainter(image)
    for map_view in maps:
        # The web view's compositor output is not part of a widget grab on every platform.
        painter.drawImage(map_view.mapTo(window, map_view.rect().topLeft()), map_view.grab_when_ready(5000))
    painter.end()
    if (image.width(), image.height()) != (width, height):
        image = image.scaled(width, height)
    return image.convertToFormat(QImage.Format.Format_RGB32)

