"""Duplicates (重复件) and merges (合并): one problem reported several times is one case.

- While a report is taken, the open cases of the same big class (the same or a related small
  class) within ``radius_m`` (default 50 m) reported in the last ``window_h`` hours (72 h) are
  its candidates (:class:`DuplicateIndex`).
- A call-taker links the call to one of them instead of opening a case: the existing case gets a
  ``duplicate_report`` event ("also reported by", with the caller) and its ``duplicate_count``
  grows; no new case enters the loop.
- A shift leader merges two open cases later: the merged one gets ``merge_into`` (status 已合并,
  a pointer ``merged_into`` to the survivor), the survivor ``merge_in`` naming it; both
  histories stay.

KPIs count reports linked as duplicates and cases merged away separately from ``reported``
(see :mod:`commandcenter.kpi`)."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Iterable

from .case import Case, CaseEvent, Status
from .roles import Role

#: who may take a call as a duplicate: whoever may report
LINK_ROLES = frozenset({Role.SUPERVISOR, Role.CALL_TAKER, Role.TRAINER})
#: who merges two open cases: the shift leader at the centre (值班长)
MERGE_ROLES = frozenset({Role.SHIFT_LEADER})
DUPLICATE_EVENTS = frozenset({"duplicate_report", "merge_into", "merge_in"})
_EARTH_M = 6_371_008.8


@dataclass(frozen=True)
class DuplicateRule:
    radius_m: float = 50.0
    window_h: float = 72.0


@dataclass(frozen=True)
class Candidate:
    case: Case
    metres: float
    hours: float


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine); exact enough at a few hundred metres and beyond."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def big_class_of(catalog, class_code: str) -> str:
    try:
        return catalog.small_class(class_code).big
    except Exception:   # a class dropped from the catalog still has cases: it relates to itself only
        return class_code


def _candidate(case: Case, big: str, lon: float, lat: float, now: datetime, rule: DuplicateRule,
               catalog) -> Candidate | None:
    if not case.is_open or big_class_of(catalog, case.class_code) != big:
        return None
    age_h = (now - case.created_at).total_seconds() / 3600
    if age_h > rule.window_h or age_h < -1:
        return None
    metres = distance_m(lon, lat, case.lon, case.lat)
    if metres > rule.radius_m:
        return None
    return Candidate(case, metres, max(0.0, age_h))


def scan_candidates(cases: Iterable[Case], catalog, class_code: str, lon: float, lat: float, now: datetime,
                    rule: DuplicateRule = DuplicateRule()) -> list[Candidate]:
    """Every case checked one by one (the baseline of ``intake.duplicates_ms``)."""
    big = big_class_of(catalog, class_code)
    found = [c for c in (_candidate(case, big, lon, lat, now, rule, catalog) for case in cases) if c is not None]
    return sorted(found, key=lambda c: (c.metres, -c.case.created_at.timestamp()))


class DuplicateIndex:
    """Open cases bucketed by big class and by a square of the radius's size, so a lookup reads
    the 3×3 squares around the point instead of every case."""

    def __init__(self, cases: Iterable[Case], catalog, rule: DuplicateRule = DuplicateRule()):
        self.rule = rule
        self._catalog = catalog
        self._cell = rule.radius_m / 111_320.0     # degrees of latitude per radius
        self._buckets: dict[tuple[str, int, int], list[Case]] = {}
        self._bigs: dict[str, str] = {}
        for case in cases:
            self.add(case)

    def add(self, case: Case) -> None:
        if case.is_open:
            big = self._bigs.get(case.class_code)
            if big is None:
                big = self._bigs[case.class_code] = big_class_of(self._catalog, case.class_code)
            key = (big, math.floor(case.lat / self._cell), math.floor(case.lon / self._cell))
            bucket = self._buckets.get(key)
            if bucket is None:
                self._buckets[key] = [case]
            else:
                bucket.append(case)

    def find(self, class_code: str, lon: float, lat: float, now: datetime) -> list[Candidate]:
        big = big_class_of(self._catalog, class_code)
        _big, row, col = self._key(big, lon, lat)
        reach = max(1, math.ceil(1 / max(0.05, math.cos(math.radians(lat)))))   # longitude squares shrink north
        found = []
        for r in (row - 1, row, row + 1):
            for c in range(col - reach, col + reach + 1):
                for case in self._buckets.get((big, r, c), ()):
                    candidate = _candidate(case, big, lon, lat, now, self.rule, self._catalog)
                    if candidate is not None:
                        found.append(candidate)
        return sorted(found, key=lambda c: (c.metres, -c.case.created_at.timestamp()))

    def _key(self, big: str, lon: float, lat: float) -> tuple[str, int, int]:
        return big, math.floor(lat / self._cell), math.floor(lon / self._cell)


def duplicate_payload(*, source: str, reporter_name: str | None, reporter_phone: str | None,
                      description: str, lon: float | None = None, lat: float | None = None,
                      external_number: str | None = None) -> dict:
    payload = {"source": source, "reporter_name": reporter_name, "reporter_phone": reporter_phone,
               "description": description}
    if lon is not None and lat is not None:
        payload.update(lon=lon, lat=lat)
    if external_number is not None:
        payload["external_number"] = external_number
    return payload


def evolve_duplicate(case: Case, event: CaseEvent) -> Case:
    """Fold a duplicate or merge event (``workflow.evolve`` hands them here)."""
    kind, p = event.type, event.payload
    if kind == "duplicate_report":
        return replace(case, duplicate_count=case.duplicate_count + 1)
    if kind == "merge_into":
        return replace(case, status=Status.MERGED, merged_into=int(p["into"]), merged_at=event.at,
                       stage_started_at=event.at, stage_deadline=None, pending_request=None, pending_detail=None)
    if kind == "merge_in":
        return case
    raise ValueError(f"unknown event type {kind!r} for case {case.number}")


def cutoff(now: datetime, rule: DuplicateRule) -> datetime:
    return now - timedelta(hours=rule.window_h)


MESSAGES = {
    "merge_same_case": ("a case cannot be merged into itself", "案件不能与自身合并"),
    "merge_not_open": ("case {case_number} is not open", "案件 {case_number} 已办结，不能合并"),
    "duplicate_not_open": ("case {case_number} is not open: record the call as a new case",
                           "案件 {case_number} 已办结：请作为新案件登记"),
}
