"""Optional base map from local files, served to the page through the custom URL scheme "tiles".

A tile folder ({z}/{x}/{y}.png|jpg, XYZ numbering) or an MBTiles file (SQLite, TMS rows) is read on
request, so the map works with no network at all. An online template is used only when the caller
configures one explicitly. Chromium only accepts a custom scheme registered before QApplication exists,
so the app calls `register_tile_scheme()` first thing in main().
"""
from __future__ import annotations

import itertools
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from commandcenter.errors import ValidationError

TILE_SCHEME = b"tiles"
_TILE_PATH = re.compile(r"^/(\d+)/(\d+)/(\d+)$")


def register_tile_scheme() -> bool:
    """Register the "tiles" URL scheme with QtWebEngine; call before the QApplication is created.

    Returns True if the scheme is registered (now or earlier), False if it is too late because a
    QApplication already exists (local tiles are then unavailable; everything else works).
    """
    if QWebEngineUrlScheme.schemeByName(TILE_SCHEME).name() == TILE_SCHEME:
        return True
    if QCoreApplication.instance() is not None:
        return False
    scheme = QWebEngineUrlScheme(TILE_SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
    )
    QWebEngineUrlScheme.registerScheme(scheme)
    return True


@dataclass(frozen=True)
class TileSource:
    """Where base-map tiles come from: exactly one of a folder, an MBTiles file or an online template."""

    folder: Path | None = None
    mbtiles: Path | None = None
    url_template: str | None = None
    attribution: str = ""
    min_zoom: int = 0
    max_zoom: int = 18

    def __post_init__(self) -> None:
        given = [s for s in (self.folder, self.mbtiles, self.url_template) if s]
        if len(given) != 1:
            raise ValidationError("tile source", given, "give exactly one of folder, mbtiles, url_template")
        local = self.folder or self.mbtiles
        if local and not Path(local).exists():
            raise ValidationError("tile source", str(local), "does not exist")

    @property
    def is_local(self) -> bool:
        return self.url_template is None


class TileSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers tiles://<source>/<z>/<x>/<y> from the local sources registered with `add_source`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._sources: dict[str, TileSource] = {}
        self._databases: dict[str, sqlite3.Connection] = {}
        self._keys = itertools.count(1)

    def add_source(self, source: TileSource) -> str:
        """Serve `source`; returns the Leaflet URL template of its tiles."""
        key = f"s{next(self._keys)}"
        self._sources[key] = source
        return f"tiles://{key}/{{z}}/{{x}}/{{y}}"

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 - Qt override
        url = job.requestUrl()
        source = self._sources.get(url.host())
        match = _TILE_PATH.match(url.path())
        tile = self._read(url.host(), source, *map(int, match.groups())) if source and match else None
        if tile is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)
        buffer.setData(QByteArray(tile))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(b"image/jpeg" if tile[:2] == b"\xff\xd8" else b"image/png", buffer)

    def _read(self, key: str, source: TileSource, z: int, x: int, y: int) -> bytes | None:
        if source.folder:
            for suffix in (".png", ".jpg", ".jpeg", ".webp"):
                path = Path(source.folder) / str(z) / str(x) / f"{y}{suffix}"
                if path.is_file():
                    return path.read_bytes()
            return None
        if key not in self._databases:
            self._databases[key] = sqlite3.connect(f"file:{source.mbtiles}?mode=ro", uri=True)
        row = self._databases[key].execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, (1 << z) - 1 - y),
        ).fetchone()
        return bytes(row[0]) if row else None


def tile_handler(profile: QWebEngineProfile) -> TileSchemeHandler | None:
    """The profile's tile handler, installed on first use; None if the scheme was not registered."""
    if QWebEngineUrlScheme.schemeByName(TILE_SCHEME).name() != TILE_SCHEME:
        return None
    handler = profile.urlSchemeHandler(TILE_SCHEME)
    if not isinstance(handler, TileSchemeHandler):
        handler = TileSchemeHandler(profile)
        profile.installUrlSchemeHandler(TILE_SCHEME, handler)
    return handler
