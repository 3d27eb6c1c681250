"""Put the configured base map (see commandcenter.basemap) under a screen's map."""
from __future__ import annotations

from pathlib import Path

from commandcenter.basemap import META_KEY, BaseMap
from commandcenter.errors import DomainError


def read_basemap(store) -> BaseMap:
    """The stored setting (a database read: call it off the GUI thread)."""
    return BaseMap.from_json(store.meta(META_KEY))


def apply_basemap(map_view, setting: BaseMap) -> str | None:
    """Put ``setting`` under ``map_view``; returns a problem to show, or None."""
    from widgets.map_view import TileSource

    try:
        if setting.kind == "none":
            map_view.set_tile_source(None)
            return None
        if setting.kind == "online":
            source = TileSource(url_template=setting.location, attribution=setting.attribution,
                                max_zoom=setting.max_zoom)
        elif setting.kind == "folder":
            source = TileSource(folder=Path(setting.location), attribution=setting.attribution,
                                max_zoom=setting.max_zoom)
        else:
            source = TileSource(mbtiles=Path(setting.location), attribution=setting.attribution,
                                max_zoom=setting.max_zoom)
        map_view.set_tile_source(source)
    except (DomainError, RuntimeError) as exc:
        return str(exc)
    return None
