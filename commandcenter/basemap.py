"""The base map under the unit grids: none by default (a clean boundary map); a local tile
folder or MBTiles file; an online tile template only when an administrator configures one.

Stored as JSON in the database's ``meta`` table (key ``basemap``) so every desk, the wall and
the trainer show the same map. Tiles must be in WGS84/CGCS2000 (Web Mercator), the datum the
grids are stored in: GCJ-02 tiles (AMap, Tencent) would sit up to ~500 m off the cells."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ValidationError

META_KEY = "basemap"
KINDS = ("none", "folder", "mbtiles", "online")


@dataclass(frozen=True)
class BaseMap:
    kind: str = "none"
    location: str = ""          # folder, .mbtiles file, or URL template with {z}/{x}/{y}
    attribution: str = ""
    max_zoom: int = 18
    datum: str = "wgs84"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError("basemap.kind", self.kind, f"one of {', '.join(KINDS)}")
        if self.datum != "wgs84":
            raise ValidationError("basemap.datum", self.datum,
                                  "tiles must be WGS84/CGCS2000; GCJ-02 tiles would not line up with the grids")
        if self.kind == "none":
            return
        if not self.location:
            raise ValidationError("basemap.location", self.location, f"required for a {self.kind} base map")
        if self.kind == "folder" and not Path(self.location).is_dir():
            raise ValidationError("basemap.location", self.location, "not a folder of z/x/y tiles")
        if self.kind == "mbtiles" and not Path(self.location).is_file():
            raise ValidationError("basemap.location", self.location, "no such MBTiles file")
        if self.kind == "online" and not (self.location.startswith(("http://", "https://"))
                                          and all(p in self.location for p in ("{z}", "{x}", "{y}"))):
            raise ValidationError("basemap.location", self.location, "an http(s) URL template with {z}, {x} and {y}")
        if not 1 <= int(self.max_zoom) <= 22:
            raise ValidationError("basemap.max_zoom", self.max_zoom, "between 1 and 22")

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> "BaseMap":
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(**data)
        except (ValueError, TypeError) as exc:
            raise ValidationError("basemap", text[:60], f"stored setting is unreadable ({exc})") from None
