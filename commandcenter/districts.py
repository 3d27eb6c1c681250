"""Several districts (区) in one database: a city platform (市级平台) watches them all, a district's
desk sees and acts on its own.

Every code carries its district: the first 6 digits of a street (9), community (12) or grid (15)
code. The stored districts are joined into one :class:`DistrictMap` (the city), so the map, the
locator and the KPIs cover all of them; :func:`restrict` cuts one district back out. A user with
a district assignment (``users.district_code``) may act only on that district's cases: the
service refuses any other (:func:`refuse_other_district`)."""
from __future__ import annotations

from typing import Callable, Iterable

from .case import Case
from .errors import DomainError
from .geography.model import District, DistrictMap

MESSAGES = {
    "other_district": ("Case {case_number} is in district {case_district}; {user} works for district "
                       "{user_district} and may not act on it.",
                       "案件 {case_number} 属于 {case_district} 区；{user} 负责 {user_district} 区，无权处理。"),
    "unknown_district": ("district {district} is not in this database (it holds: {known})",
                         "本数据库中没有区划 {district}（现有：{known}）"),
}


class OtherDistrict(DomainError):
    """A district-scoped user tried to act on (or report into) another district's case."""

    code = "other_district"

    def __init__(self, user: str, user_district: str, case_number: str, case_district: str):
        super().__init__(f"case {case_number} is in district {case_district}; user {user!r} works for "
                         f"district {user_district} and may not act on it",
                         user=user, user_district=user_district, case_number=case_number,
                         case_district=case_district)


class UnknownDistrict(DomainError):
    code = "unknown_district"

    def __init__(self, district: str, known: Iterable[str]):
        known_text = ", ".join(known) or "none"
        super().__init__(f"district {district!r} is not in this database (it holds: {known_text})",
                         district=district, known=known_text)


def district_of(code: str | None) -> str:
    """The 6-digit district of a street, community or grid code ('' for none)."""
    return (code or "")[:6]


def case_district(case: Case) -> str:
    return district_of(case.grid_code or case.street_code)


def district_codes(district_map: DistrictMap | None) -> tuple[str, ...]:
    """The districts a (possibly merged) map holds, sorted."""
    if district_map is None:
        return ()
    return tuple(sorted({s.district_code for s in district_map.streets} or {district_map.district.code}))


def merge(maps: Iterable[DistrictMap]) -> DistrictMap | None:
    """One map of several districts (the city): their streets, communities and grids together,
    the boundary of all of them. One district comes back as it is."""
    maps = sorted(maps, key=lambda m: m.district.code)
    if not maps:
        return None
    if len(maps) == 1:
        return maps[0]
    first = maps[0].district
    city = District(code=first.code[:4] + "00", name="、".join(m.district.name for m in maps), datum=first.datum,
                    boundary=tuple(p for m in maps for p in m.district.boundary),
                    area_m2=sum(m.district.area_m2 for m in maps))
    city_map = DistrictMap(city,
                           tuple(sorted((s for m in maps for s in m.streets), key=lambda s: s.code)),
                           tuple(sorted((c for m in maps for c in m.communities), key=lambda c: c.code)),
                           tuple(sorted((g for m in maps for g in m.grids), key=lambda g: g.code)))
    sources = {m.source for m in maps}
    outlines = {code: known for m in maps for code, known in m.known_outlines().items()}
    return city_map.adopt(outlines=outlines, source=sources.pop() if len(sources) == 1 else None)


def restrict(maps: Iterable[DistrictMap], code: str) -> DistrictMap:
    """The one district ``code`` out of the stored ``maps``; an unknown code is refused, naming
    the districts there are."""
    maps = list(maps)
    for m in maps:
        if m.district.code == code:
            return m
    raise UnknownDistrict(code, sorted(m.district.code for m in maps))


def in_district(code: str) -> Callable[[Case], bool]:
    """A picture's scope: only the cases of district ``code``."""
    return lambda case: case_district(case) == code


def refuse_other_district(user, case: Case) -> None:
    """A user assigned to a district may not act on another district's case (nothing is written)."""
    own = getattr(user, "district_code", None)
    if own and case_district(case) != own:
        raise OtherDistrict(user.name, own, case.number, case_district(case))


def refuse_report_elsewhere(user, grid_code: str) -> None:
    """A district-scoped user may not record a report located in another district."""
    own = getattr(user, "district_code", None)
    if own and district_of(grid_code) != own:
        raise OtherDistrict(user.name, own, "—", district_of(grid_code))


__all__ = ["OtherDistrict", "UnknownDistrict", "case_district", "district_codes", "district_of", "in_district",
           "merge", "refuse_other_district", "refuse_report_elsewhere", "restrict"]
