"""Street and community outlines kept between starts: on a 46,000-cell district their unions take
~25 s, on every start, while the geography changes only with an import. The outlines are stored
in the user's cache folder under a fingerprint of every cell (code and rings) and every
street/community name, so any change of the geography computes them afresh."""
from __future__ import annotations

import hashlib
import os
import json
import tempfile
from pathlib import Path

from widgets.map.geography import MapGeography, flatten, map_geography, partition_is_derived

#: bump when the cached layout changes
_VERSION = b"outlines-2"


def fingerprint(district_map) -> str:
    digest = hashlib.sha1(_VERSION)
    d = district_map.district
    digest.update(repr((d.code, d.name, d.boundary)).encode())
    for s in district_map.streets:
        digest.update(repr((s.code, s.name, s.derived)).encode())
    for c in district_map.communities:
        digest.update(repr((c.code, c.name, c.street_code, c.derived)).encode())
    for g in district_map.grids:
        digest.update(repr((g.code, g.community_code, g.street_code, g.rings)).encode())
    return digest.hexdigest()


def default_folder() -> Path:
    from PySide6.QtCore import QStandardPaths

    chosen = os.environ.get("COMMANDCENTER_CACHE")
    base = chosen or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    return Path(base or tempfile.gettempdir()) / ("" if chosen else "commandcenter") / "outlines"


def cached_map_geography(district_map, folder: Path | None = None) -> MapGeography:
    """:func:`map_geography`, with the outlines read from the cache when the geography is the one
    they were computed for (a cache that cannot be read or written is only slower)."""
    if district_map is None:
        return MapGeography()
    folder = folder or default_folder()
    path = folder / f"{fingerprint(district_map)}.json"
    try:
        with path.open("r", encoding="utf-8") as fh:
            streets, communities = json.load(fh)
        cells = [(g.code, g.rings) for g in district_map.grids]
        return MapGeography(cells, streets, communities, flatten(district_map.district.boundary),
                            partition_is_derived(district_map))
    except (OSError, ValueError, TypeError):
        pass
    geography = map_geography(district_map)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as fh:
            json.dump([geography.streets, geography.communities], fh, ensure_ascii=False)
        os.replace(fh.name, path)
    except OSError:
        pass
    return geography
