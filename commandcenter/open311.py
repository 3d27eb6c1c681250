"""Cases out as Open311 GeoReport v2 (开放接口): the ``requests`` and ``services`` documents a
city's open-data portal or a partner platform reads.

GeoReport v2's JSON is a bare array, so ``requests.json`` and ``services.json`` are exactly
that; what a bare array cannot say — the period, when the file was written, what each field
means here — goes into a small sidecar, ``requests.about.json``.

Personal data is never exported: no reporter's name or phone, and phone and identity-card
numbers written into a description are masked. Every time has its offset (Beijing time).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .case import Case, Status
from .case_export import CaseFilter
from .catalog import Catalog
from .clock import local
from .durations import format_limit
from .errors import ValidationError
from .privacy import mask_contacts

REQUEST_FIELDS = ("service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url")
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")
#: what status_notes says for each status (the stage a request is in, in the centre's words)
STATUS_NOTES = {Status.REPORTED: "待受理", Status.VERIFYING: "待核实", Status.REGISTERING: "待立案",
                Status.DISPATCHING: "待派遣", Status.HANDLING: "处置中", Status.CHECKING: "待核查",
                Status.CLOSING: "待结案", Status.SUSPENDED: "挂账（缓办）", Status.CLOSED: "已结案",
                Status.REJECTED: "不受理", Status.CANCELLED: "作废"}
DEFINITIONS = {
    "period": "requested_datetime (the report's time, Beijing) on the days from..to, both included",
    "service_request_id": "the centre's case number (案件编号)",
    "status": "open = the case is still in the closed loop; closed = 已结案, 不受理 or 作废 (status_notes says which)",
    "status_notes": "the stage the case is in (待受理, 待立案, 待派遣, 处置中, 待核查, 待结案, 挂账, 已结案, 不受理, 作废)",
    "service_code": "the small class of the class catalog (部件 4 digits, 事件 E + 4 digits); see services.json",
    "agency_responsible": "the department the case was dispatched to; before dispatch the class's default "
                          "department type",
    "service_notice": "the class's handling time limit (处置时限, general tier) and closing condition (结案条件)",
    "expected_datetime": "the 12345 hotline's 交办 deadline when there is one, else the handling deadline of a "
                         "case being handled, else null",
    "updated_datetime": "the time of the case's last event",
    "address": "district, street and community of the unit grid the case lies in (no door plate)",
    "address_id": "the 15-digit unit grid code (单元网格编码)",
    "lat/long": "WGS84 / CGCS2000 degrees",
    "zipcode, media_url": "always null: the centre keeps neither",
    "personal data": "never exported: no reporter's name or phone; phone and ID numbers in descriptions masked",
}


@dataclass(frozen=True)
class Places:
    """Names for the address: the district's, and street/community names by code."""

    district: str
    names: dict[str, str]


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 with the Beijing offset, to the second: ``2026-11-25T08:27:00+08:00``."""
    return local(dt).replace(microsecond=0).isoformat() if dt else None


def service_list(catalog: Catalog) -> list[dict]:
    """The GeoReport v2 ``services`` document: one service per small class of the catalog."""
    services = []
    for small in catalog.small_classes():
        big = catalog.big_classes[small.big]
        department = catalog.departments[small.department].zh
        kind = "部件" if small.kind == "component" else "事件"
        services.append({
            "service_code": small.code,
            "service_name": small.zh,
            "description": f"{kind}·{big.zh}·{small.zh}。立案条件：{small.register_condition}",
            "metadata": False,
            "type": "realtime",
            "keywords": ",".join((kind, big.zh, small.zh, department)),
            "group": big.zh,
        })
    return services


def request_list(cases: Iterable[Case], case_filter: CaseFilter, catalog: Catalog, places: Places,
                 departments: dict[str, str]) -> list[dict]:
    """The GeoReport v2 ``requests`` document: the cases reported in the period, oldest first."""
    notice = _notices(catalog)
    chosen = sorted((c for c in cases if case_filter.accepts(c)), key=lambda c: (c.created_at, c.id))
    return [_request(c, catalog, places, departments, notice) for c in chosen]


def _notices(catalog: Catalog) -> Callable[[str], str | None]:
    cache: dict[str, str | None] = {}

    def notice(code: str) -> str | None:
        if code not in cache:
            try:
                small = catalog.small_class(code)
            except ValidationError:     # a class since removed from the catalog: no notice to give
                cache[code] = None
            else:
                limit = format_limit(catalog.limit(code, "general", "handle"), "zh")
                cache[code] = f"处置时限{limit}；结案条件：{small.close_condition}"
        return cache[code]

    return notice


def _request(case: Case, catalog: Catalog, places: Places, departments: dict[str, str], notice) -> dict:
    try:
        small = catalog.small_class(case.class_code)
        name, default_agency = small.zh, catalog.departments[small.department].zh
    except ValidationError:
        name, default_agency = case.class_code, None
    agency = departments.get(case.department_code, case.department_code) if case.department_code else default_agency
    expected = case.external_deadline or (case.stage_deadline if case.status is Status.HANDLING else None)
    address = "".join(part for part in (places.district, places.names.get(case.street_code, ""),
                                        places.names.get(case.community_code, "")) if part)
    return {
        "service_request_id": case.number,
        "status": "open" if case.is_open else "closed",
        "status_notes": STATUS_NOTES.get(case.status, case.status.value),
        "service_name": name,
        "service_code": case.class_code,
        "description": mask_contacts(case.description),
        "agency_responsible": agency,
        "service_notice": notice(case.class_code),
        "requested_datetime": iso(case.created_at),
        "updated_datetime": iso(case.updated_at),
        "expected_datetime": iso(expected),
        "address": address or None,
        "address_id": case.grid_code or None,
        "zipcode": None,
        "lat": round(case.lat, 7),
        "long": round(case.lon, 7),
        "media_url": None,
    }


def about(case_filter: CaseFilter, count: int, now: datetime, services_file: str | None) -> dict:
    """The sidecar: what a bare GeoReport array cannot say about itself."""
    return {
        "format": "Open311 GeoReport v2 (JSON)",
        "period": {"from": case_filter.first.isoformat(), "to": case_filter.last.isoformat(),
                   "timezone": "Asia/Shanghai", "describe": case_filter.describe()},
        "generated_datetime": iso(now),
        "requests": count,
        "services_file": services_file,
        "definitions": DEFINITIONS,
    }


def sidecar_path(out: str | Path) -> Path:
    """``requests.json`` → ``requests.about.json``."""
    out = Path(out)
    return out.with_name(f"{out.stem}.about.json")


def write_json(path: str | Path, document) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=1)
        f.write("\n")
