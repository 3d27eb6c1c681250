"""Application start-up shared by the screens: QApplication, language, fonts, the session
(runtime + situation picture + live feed)."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from commandcenter.runtime import Runtime, build_runtime
from commandcenter.situation import SituationPicture

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
I18N = RESOURCES / "i18n"


#: Screens run for hours: cap the map page's script heap so V8 collects its garbage instead of
#: growing the renderer (seen on the wall's soak run).
JS_HEAP_FLAGS = "--js-flags=--max-old-space-size=128"


def prepare_chromium() -> None:
    """QtWebEngine's flags; call before the QApplication exists."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    if "--js-flags" not in flags:
        flags = f"{flags} {JS_HEAP_FLAGS}"
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags


def make_application(lang: str = "zh", argv=None):
    """The QApplication with the chosen language installed (Chinese by default)."""
    prepare_chromium()
    from PySide6.QtCore import QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    try:
        from widgets.map_view import register_tile_scheme
    except ImportError:
        register_tile_scheme = None
    from widgets import qtcompat

    qtcompat.apply()
    app = QApplication.instance()
    if app is None:
        if register_tile_scheme is not None:
            register_tile_scheme()
        app = QApplication(list(argv or sys.argv[:1]))
        app.setApplicationName("commandcenter")
        app.setOrganizationName("commandcenter")
    install_language(app, lang)
    if lang == "zh":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return app


def install_language(app, lang: str) -> None:
    from PySide6.QtCore import QTranslator

    for old in getattr(app, "_cc_translators", []):
        app.removeTranslator(old)
    app._cc_translators = []
    if lang == "en":
        return
    translator = QTranslator(app)
    if translator.load(str(I18N / f"commandcenter_{lang}.qm")):
        app.installTranslator(translator)
        app._cc_translators.append(translator)


@dataclass
class Session:
    """What a screen works with: the runtime (services, catalog, calendar, geography), the
    situation picture it observes and the feed that keeps the picture current."""

    runtime: Runtime
    picture: SituationPicture
    feed: object | None
    backend: object

    @property
    def store(self):
        return self.runtime.store


def open_session(args, *, read_only: bool = False, live: bool = True) -> Session:
    from widgets.live import LiveFeed

    store = args.backend.open_store(args.db, read_only=read_only)
    runtime = build_runtime(store, args.backend)
    picture = SituationPicture()
    feed = LiveFeed(store, picture, lambda: args.backend.make_listener(store)) if live else None
    return Session(runtime, picture, feed, args.backend)
