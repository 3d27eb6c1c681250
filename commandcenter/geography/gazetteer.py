"""Where is "朝阳门街道 史家社区 菜市场旁"? Free text and division names to a point, with the
precision it was found to (门牌 door plate, 楼栋 building, 社区 community, 街道 street).

Hotline orders rarely carry coordinates. Names are compared after normalisation: full-width
forms folded, spaces and the city/district prefix ("北京市东城区") dropped, and the suffixes
written in so many ways (社区居委会, 居委会, 社区, 街道办事处, 街道, 地区) removed, so
"史家社区", "史家社区居委会" and "史家" are one community. A community or street found by name
is placed at its label point (well inside it), which falls in one of its own cells. Before the
names, the address book (地址库, ``import-addresses``) is asked: a door plate or building found in
the text gives its own point.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import shapely
from shapely.ops import polylabel

from commandcenter.geography.model import DistrictMap
from commandcenter.geography.shapes import largest_polygon, multipolygon_from_rings

PRECISIONS = ("door_plate", "building", "community", "street", "district")
LOCATED = frozenset({"door_plate", "building", "community"})
"""Precisions good enough to work a case from; coarser ones wait for a call-taker (待定位)."""

_PREFIXES = re.compile(r"^(北京市|北京|市辖区)")
_COMMUNITY_SUFFIXES = ("社区居民委员会", "社区居委会", "居民委员会", "居委会", "村民委员会", "村委会", "社区", "村")
_STREET_SUFFIXES = ("街道办事处", "街道", "地区办事处", "地区", "办事处", "乡", "镇")
_MIN_CORE = 2
_ADDRESS_ENDS = re.compile(r"(?:\d+号(?:院|楼)?|\d+号院\d+号楼|号楼|楼|院|大厦|小区)")
_DOOR_NUMBER = re.compile(r"\d+号")
_MIN_ADDRESS = 4


@dataclass(frozen=True)
class Placement:
    precision: str
    lon: float
    lat: float
    street_code: str | None = None
    community_code: str | None = None

    @property
    def is_located(self) -> bool:
        return self.precision in LOCATED


def normalize_text(text: str | None, district_name: str = "") -> str:
    """Full-width → half-width, no spaces, no 北京市/district prefix."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"\s+", "", text)
    text = _PREFIXES.sub("", text)
    if district_name and text.startswith(district_name):
        text = text[len(district_name):]
    return text


def core_name(name: str, suffixes: tuple[str, ...]) -> str:
    name = normalize_text(name)
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= _MIN_CORE:
            return name[:-len(suffix)]
    return name


class AddressBook:
    """Known addresses (地址库) with their points: normalised address → (lon, lat, precision)."""

    def __init__(self, entries, district_name: str = ""):
        self._district_name = normalize_text(district_name)
        self._entries: dict[str, tuple[float, float, str]] = {}
        for address, lon, lat, precision in entries:
            self._entries[normalize_text(address, self._district_name)] = (lon, lat, precision)

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, *texts: str | None) -> tuple[float, float, str] | None:
        """The longest known address written anywhere in the texts, ending at a door number,
        building or compound (号, 号楼, 院 …)."""
        best: tuple[int, tuple[float, float, str]] | None = None
        for text in texts:
            text = normalize_text(text, self._district_name)
            for end in sorted({m.end() for m in _ADDRESS_ENDS.finditer(text)}, reverse=True):
                for start in range(0, end - _MIN_ADDRESS + 1):
                    found = self._entries.get(text[start:end])
                    if found is not None:
                        if best is None or end - start > best[0]:
                            best = (end - start, found)
                        break
        return best[1] if best else None


def address_precision(address: str, door_number: str | None = None, building: str | None = None) -> str:
    """门牌 when the address carries a door number, else 楼栋/小区 level."""
    if door_number or _DOOR_NUMBER.search(normalize_text(address)):
        return "door_plate"
    return "building"


class DivisionNames:
    """Street and community names of one district, found in fields or inside free text."""

    def __init__(self, district_map: DistrictMap, addresses: AddressBook | None = None):
        self._map = district_map
        self._addresses = addresses
        self._district_name = normalize_text(district_map.district.name)
        self._streets = {core_name(s.name, _STREET_SUFFIXES): s.code for s in district_map.streets}
        self._communities: dict[str, list[str]] = {}
        for community in district_map.communities:
            self._communities.setdefault(core_name(community.name, _COMMUNITY_SUFFIXES), []).append(community.code)
        # In free text a name counts only with a suffix ("史家社区", not "史家" inside "史家胡同").
        self._street_forms = sorted(((core + suffix, code) for core, code in self._streets.items()
                                     for suffix in ("街道", "地区")), key=lambda f: -len(f[0]))
        self._community_forms = sorted(((core + "社区", codes) for core, codes in self._communities.items()),
                                       key=lambda f: -len(f[0]))
        self._points: dict[str, tuple[float, float]] = {}

    # Public API

    def place(self, street: str | None, community: str | None, *texts: str | None) -> Placement:
        """The best placement from a street and community name and any free texts."""
        known = self._addresses.find(*texts) if self._addresses else None
        if known is not None:
            return Placement(known[2], known[0], known[1])
        street_code = self.street_code(street)
        text = "".join(normalize_text(t, self._district_name) for t in texts if t)
        if street_code is None:
            street_code = next((code for form, code in self._street_forms if form in text), None)
        community_code = self.community_code(community, street_code)
        if community_code is None:
            community_code = next((self._pick(codes, street_code) for form, codes in self._community_forms
                                   if form in text and self._pick(codes, street_code)), None)
        if community_code is not None:
            return Placement("community", *self.point(community_code), community_code[:9], community_code)
        if street_code is not None:
            return Placement("street", *self.point(street_code), street_code, None)
        return Placement("district", *self._district_point())

    def street_code(self, name: str | None) -> str | None:
        if not name:
            return None
        return self._streets.get(core_name(normalize_text(name, self._district_name), _STREET_SUFFIXES))

    def community_code(self, name: str | None, street_code: str | None = None) -> str | None:
        if not name:
            return None
        codes = self._communities.get(core_name(normalize_text(name, self._district_name), _COMMUNITY_SUFFIXES), [])
        return self._pick(codes, street_code)

    def point(self, code: str) -> tuple[float, float]:
        if code not in self._points:
            self._points[code] = self._map.label_point(code)
        return self._points[code]

    # Private API

    @staticmethod
    def _pick(codes: list[str], street_code: str | None) -> str | None:
        """The one community of that name (in the street, when two streets share a name)."""
        if street_code is not None:
            inside = [c for c in codes if c.startswith(street_code)]
            if len(inside) == 1:
                return inside[0]
        return codes[0] if len(codes) == 1 else None

    def _district_point(self) -> tuple[float, float]:
        if "district" not in self._points:
            boundary = multipolygon_from_rings(self._map.district.boundary)
            point = polylabel(largest_polygon(boundary), tolerance=1e-5)
            self._points["district"] = (float(shapely.get_x(point)), float(shapely.get_y(point)))
        return self._points["district"]
