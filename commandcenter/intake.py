"""Intake (受理登记): what a call-taker needs to turn a phone call into a report — the class
picked by Chinese text, English name, code or pinyin initials, a place found from a grid code,
an address or a community name, and every bad input of the form named at once.

The pinyin initials come from ``pypinyin`` (its phrase dictionary gets polyphones such as
垃圾 *lā jī* right), computed once per catalog, never from a hand-made table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .case import Source, Tier
from .errors import NotFound, ValidationError
from .services import _PHONE

#: where a call-taker's report comes from, in the order of the form's list (12345 first)
INTAKE_SOURCES: tuple[Source, ...] = (Source.HOTLINE, Source.APP, Source.VIDEO, Source.REFERRAL, Source.SUPERVISOR)
MAX_DESCRIPTION = 2000


def pinyin_initials(text: str) -> str:
    """"暴露垃圾" → "bllj": the first letter of each syllable; letters and digits kept as they are.
    (pypinyin loads its phrase dictionary on import, half a second: only when a picker needs it.)"""
    from pypinyin import Style, lazy_pinyin

    return "".join(part[:1] for part in lazy_pinyin(text, style=Style.FIRST_LETTER)
                   if part and part[0].isalnum()).lower()


@dataclass(frozen=True)
class ClassEntry:
    """One small class as the picker lists it."""

    code: str
    zh: str
    en: str
    big_zh: str
    big_en: str
    initials: str


class ClassSearch:
    """The class picker's index: ``find("bl")`` → 暴露垃圾 …, ranked exact code first, then
    code prefix, then Chinese text, pinyin initials and English words."""

    def __init__(self, catalog):
        bigs = catalog.big_classes
        self._entries = [ClassEntry(s.code, s.zh, s.en, bigs[s.big].zh, bigs[s.big].en, pinyin_initials(s.zh))
                         for s in catalog.small_classes()]

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, text: str, limit: int = 50) -> list[ClassEntry]:
        query = (text or "").strip()
        if not query:
            return self._entries[:limit]
        folded = query.casefold()
        ranked = []
        for order, entry in enumerate(self._entries):
            rank = self._rank(entry, query, folded)
            if rank is not None:
                ranked.append((rank, order, entry))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [entry for _rank, _order, entry in ranked[:limit]]

    @staticmethod
    def _rank(entry: ClassEntry, query: str, folded: str) -> int | None:
        if entry.code.casefold() == folded:
            return 0
        if entry.code.casefold().startswith(folded):
            return 1
        if entry.zh.startswith(query):
            return 2
        if entry.initials.startswith(folded):
            return 3
        if query in entry.zh or query in entry.big_zh:
            return 4
        if folded in entry.initials:
            return 5
        if folded in entry.en.casefold() or folded in entry.big_en.casefold():
            return 6
        return None


@dataclass(frozen=True)
class Spot:
    """A place the form has found: the point a report is written at, with its grid, community
    and street; ``how`` says what found it (map, grid, address, community, street)."""

    lon: float
    lat: float
    grid_code: str
    community_code: str
    street_code: str
    how: str


class PlaceFinder:
    """Turns what the call-taker typed or clicked into a :class:`Spot`."""

    def __init__(self, district_map, locate, names=None):
        self._map = district_map
        self._locate = locate
        self._names = names

    def at(self, lon: float, lat: float, how: str = "map") -> Spot:
        place = self._locate(lon, lat)
        if place is None:
            raise ValidationError("location", f"{lon:.6f},{lat:.6f}", "outside the district's unit grids",
                                  reason="outside_district")
        return Spot(lon, lat, place[0], place[1], place[2], how)

    def grid(self, code: str) -> Spot:
        """A grid typed by its full code (15 digits) or by its community code + sequence."""
        code = (code or "").strip()
        if not code:
            raise ValidationError("grid_code", code, "required", reason="required")
        try:
            grid = self._map.grid(code)
        except NotFound:
            raise ValidationError("grid_code", code, "no unit grid has this code", reason="unknown_grid") from None
        lon, lat = grid.centroid
        return Spot(lon, lat, grid.code, grid.community_code, grid.street_code, "grid")

    def address(self, text: str) -> Spot:
        """A door plate or building from the address book, else a community or street named in
        the text (at its label point); a text naming nothing finer than the district is refused."""
        text = (text or "").strip()
        if not text:
            raise ValidationError("address", text, "required", reason="required")
        if self._names is None:
            raise ValidationError("address", text, "no place of this district has this name",
                                  reason="unknown_place")
        placement = self._names.place(None, None, text)
        if placement.precision == "district":
            raise ValidationError("address", text, "no place of this district has this name",
                                  reason="unknown_place")
        how = {"door_plate": "address", "building": "address"}.get(placement.precision, placement.precision)
        return self.at(placement.lon, placement.lat, how)


@dataclass
class IntakeDraft:
    """What the form holds when the call-taker saves."""

    source: str = Source.HOTLINE.value
    reporter_name: str = ""
    reporter_phone: str = ""
    class_code: str | None = None
    tier: str | None = None
    description: str = ""
    spot: Spot | None = None

    def problems(self) -> dict[str, ValidationError]:
        """Every bad input at once, by form field (the service checks again on its side)."""
        out: dict[str, ValidationError] = {}
        if self.source not in {s.value for s in Source}:
            out["source"] = ValidationError("source", self.source, "unknown source", reason="unknown_choice",
                                            allowed=", ".join(s.value for s in Source))
        phone = self.reporter_phone.strip()
        if phone and not _PHONE.match(phone):
            out["reporter_phone"] = ValidationError("reporter_phone", phone, "not a phone number",
                                                    reason="not_a_phone")
        if len(self.reporter_name.strip()) > 64:
            out["reporter_name"] = ValidationError("reporter_name", self.reporter_name[:40], "longer than 64",
                                                   reason="too_long", limit=64)
        if not self.class_code:
            out["class_code"] = ValidationError("class_code", "", "pick a class", reason="pick_class")
        if self.tier and self.tier not in {t.value for t in Tier}:
            out["tier"] = ValidationError("tier", self.tier, "unknown tier", reason="unknown_tier")
        description = self.description.strip()
        if not description:
            out["description"] = ValidationError("description", "", "required", reason="required")
        elif len(description) > MAX_DESCRIPTION:
            out["description"] = ValidationError("description", description[:40] + "…", "too long",
                                                 reason="too_long", limit=MAX_DESCRIPTION)
        if self.spot is None:
            out["location"] = ValidationError("location", "", "click the map, search an address or type a grid",
                                              reason="pick_location")
        return out

    def report_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``CaseService.report`` for this draft (check ``problems`` first)."""
        assert self.spot is not None and self.class_code is not None
        return dict(source=self.source, class_code=self.class_code, lon=self.spot.lon, lat=self.spot.lat,
                    description=self.description.strip(), tier=self.tier or None,
                    reporter_name=self.reporter_name.strip() or None,
                    reporter_phone=self.reporter_phone.strip() or None)


def cli_report_arguments(draft: IntakeDraft) -> Iterable[str]:
    """The command line of ``commandcenter case report`` for the same report (what the
    keyboard path is measured against)."""
    assert draft.spot is not None
    yield from ("case", "report", "--as", "USER", "--class", str(draft.class_code), "--lon", f"{draft.spot.lon:.6f}",
                "--lat", f"{draft.spot.lat:.6f}", "--description", draft.description)


MESSAGES = {
    "pick_class": ("pick a class from the list", "请从列表中选择类别"),
    "pick_location": ("click the map, search an address or type a grid code", "请点击地图、搜索地址或输入网格编码"),
    "unknown_grid": ("no unit grid has this code", "没有这个编码的单元网格"),
    "unknown_place": ("no street, community or known address of this district in this text",
                      "文字中没有本区的街道、社区或已知地址"),
}

__all__ = ["ClassSearch", "ClassEntry", "IntakeDraft", "PlaceFinder", "Spot", "INTAKE_SOURCES", "pinyin_initials",
           "cli_report_arguments"]
