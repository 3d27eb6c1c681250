"""Application start-up shared by the screens: QApplication, Chromium's flags, the language
(the product's own translations and Qt's, so standard buttons read 确定/取消 too). The session
a screen works with is put together in :mod:`ui.session`."""
from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
I18N = RESOURCES / "i18n"


#: Screens run for hours: cap the map page's script heap so V8 collects its garbage instead of
#: growing the renderer (seen on the wall's soak run).
JS_HEAP_FLAGS = "--js-flags=--max-old-space-size=128"


def default_chromium_flags() -> str:
    """The GPU where there is one and software GL (Mesa llvmpipe) where there is none, so the
    map's WebGL layer draws either way (``--disable-gpu`` would switch WebGL off entirely);
    Chromium's sandbox refuses to run as root."""
    flags = "--ignore-gpu-blocklist"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags += " --no-sandbox"
    return flags


def prepare_chromium() -> None:
    """QtWebEngine's flags; call before the QApplication exists. $QTWEBENGINE_CHROMIUM_FLAGS,
    when set, is used as it is (plus the script heap cap)."""
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", default_chromium_flags())
    if "--js-flags" not in flags:
        flags = f"{flags} {JS_HEAP_FLAGS}"
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags


def make_application(lang: str = "zh", argv=None):
    """The QApplication with the chosen language installed (Chinese by default)."""
    prepare_chromium()
    from PySide6.QtCore import QLocale
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


#: Qt's own catalogues (standard buttons, dialogs, the web view's context menu), by language
QT_CATALOGUES = {"zh": ("qtbase_zh_CN", "qtwebengine_zh_CN")}


def install_language(app, lang: str) -> None:
    """Install the product's translation and Qt's own for ``lang`` (English needs none)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    for old in getattr(app, "_cc_translators", []):
        app.removeTranslator(old)
    app._cc_translators = []
    app.setProperty("cc_lang", lang)
    if lang == "en":
        return
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    files = [str(I18N / f"commandcenter_{lang}.qm")]
    files += [str(Path(qt_folder) / f"{name}.qm") for name in QT_CATALOGUES.get(lang, ())]
    for path in files:
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            app._cc_translators.append(translator)


def current_language() -> str:
    """The interface language the application was started in ('zh' or 'en')."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    lang = app.property("cc_lang") if app is not None else None
    # no language installed: Qt shows the English source texts, and so do we
    return lang if lang in ("zh", "en") else "en"
