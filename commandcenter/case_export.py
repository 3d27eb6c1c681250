"""Cases out as a table a leader can forward (案件导出): XLSX or CSV, Chinese headers, one row
per case, the period and the meaning of each judgement column stated in the file itself.

Citizens' names and phone numbers are masked unless the caller may see them
(:mod:`commandcenter.privacy`) and asked for them.
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .case import Case, Status
from .clock import LOCAL_TZ, local
from .errors import ValidationError
from .privacy import mask_name, mask_phone

FORMATS = ("xlsx", "csv")
_SOURCES = {"supervisor": "监督员上报", "hotline": "12345热线", "video": "视频监控", "referral": "上级交办", "app": "公众App"}
_STATUSES = {Status.REPORTED: "待受理", Status.VERIFYING: "待核实", Status.REGISTERING: "待立案",
             Status.DISPATCHING: "待派遣", Status.HANDLING: "处置中", Status.CHECKING: "待核查",
             Status.CLOSING: "待结案", Status.SUSPENDED: "挂账", Status.CLOSED: "已结案",
             Status.REJECTED: "不受理", Status.CANCELLED: "作废",
             Status.MERGED: "已合并"}
_TIERS = {"general": "一般", "urgent": "紧急", "difficult": "疑难"}
DEFINITIONS = (
    ("期间", "上报时间（北京时间）在所列日期内的案件，含首尾两日"),
    ("是否超期", "导出时案件未结且当前阶段已过处置时限（工作时/自然时按类别规定）"),
    ("超期环节数", "已完成的环节中超过时限的个数"),
    ("按期结案", "已结案且没有任何环节超期（与 kpi 命令的按期结案率口径一致）"),
    ("待定位", "热线工单只定位到街道或区：等待受理员确定位置"),
    ("个人信息", "上报人姓名、电话默认脱敏；仅受理员、值班长加 --with-personal-data 时导出原文"),
)


@dataclass(frozen=True)
class CaseFilter:
    """Which cases: reported between ``first`` and ``last`` (local dates, both included)."""

    first: date
    last: date
    street: str | None = None
    community: str | None = None
    department: str | None = None
    source: str | None = None
    status: str = "all"           # all | open | closed | one status value

    def __post_init__(self):
        if self.last < self.first:
            raise ValidationError("--to", self.last.isoformat(), f"before --from {self.first.isoformat()}")
        allowed = {"all", "open", "closed", *(s.value for s in Status)}
        if self.status not in allowed:
            raise ValidationError("--status", self.status, f"one of {', '.join(sorted(allowed))}")

    def accepts(self, case: Case) -> bool:
        start = datetime.combine(self.first, time(), LOCAL_TZ)
        end = datetime.combine(self.last + timedelta(days=1), time(), LOCAL_TZ)
        return (start <= case.created_at < end
                and (self.street is None or case.street_code == self.street)
                and (self.community is None or case.community_code == self.community)
                and (self.department is None or case.department_code == self.department)
                and (self.source is None or case.source.value == self.source)
                and (self.status == "all" or (self.status == "open" and case.is_open)
                     or (self.status == "closed" and case.status is Status.CLOSED)
                     or case.status.value == self.status))

    def describe(self) -> str:
        parts = [f"{self.first.isoformat()} 至 {self.last.isoformat()}"]
        for label, value in (("街道", self.street), ("社区", self.community), ("部门", self.department),
                             ("来源", self.source), ("状态", None if self.status == "all" else self.status)):
            if value:
                parts.append(f"{label} {value}")
        return "；".join(parts)


@dataclass(frozen=True)
class Names:
    """Names for codes: streets/communities from the district, classes, departments."""

    places: dict[str, str]
    classes: Callable[[str], str]
    departments: dict[str, str]


def _when(dt: datetime | None) -> str:
    return f"{local(dt):%Y-%m-%d %H:%M}" if dt else ""


def _columns(names: Names, now: datetime, personal_data: bool):
    yes = {True: "是", False: "否"}
    name = (lambda c: c.reporter_name or "") if personal_data else (lambda c: mask_name(c.reporter_name))
    phone = (lambda c: c.reporter_phone or "") if personal_data else (lambda c: mask_phone(c.reporter_phone))
    return (
        ("案件编号", lambda c: c.number),
        ("来源", lambda c: _SOURCES.get(c.source.value, c.source.value)),
        ("热线工单号", lambda c: c.external_number or ""),
        ("类别代码", lambda c: c.class_code),
        ("类别", lambda c: names.classes(c.class_code)),
        ("部件/事件", lambda c: "部件" if c.kind == "component" else "事件"),
        ("等级", lambda c: _TIERS.get(c.tier.value, c.tier.value)),
        ("问题描述", lambda c: c.description),
        ("街道", lambda c: names.places.get(c.street_code, c.street_code)),
        ("社区", lambda c: names.places.get(c.community_code, c.community_code)),
        ("单元网格", lambda c: c.grid_code),
        ("经度", lambda c: round(c.lon, 6)),
        ("纬度", lambda c: round(c.lat, 6)),
        ("上报时间", lambda c: _when(c.created_at)),
        ("状态", lambda c: _STATUSES.get(c.status, c.status.value)),
        ("当前环节时限", lambda c: _when(c.stage_deadline) if c.is_open else ""),
        ("是否超期", lambda c: yes[c.is_overdue(now)]),
        ("处置部门", lambda c: names.departments.get(c.department_code or "", c.department_code or "")),
        ("立案时间", lambda c: _when(c.registered_at)),
        ("派遣时间", lambda c: _when(c.dispatched_at)),
        ("处置完成时间", lambda c: _when(c.handled_at)),
        ("结案时间", lambda c: _when(c.closed_at)),
        ("按期结案", lambda c: yes[c.closed_on_time] if c.status is Status.CLOSED else ""),
        ("超期环节数", lambda c: c.overdue_stages),
        ("返工次数", lambda c: c.rework_count),
        ("延期次数", lambda c: c.extension_count),
        ("热线交办期限", lambda c: _when(c.external_deadline)),
        ("待定位", lambda c: yes[c.needs_placement] if c.source.value == "hotline" else ""),
        ("上报人", name),
        ("上报人电话", phone),
    )


def export_cases(cases: Iterable[Case], case_filter: CaseFilter, names: Names, out: str | Path, fmt: str, *,
                 now: datetime, personal_data: bool = False) -> int:
    """Write the chosen cases to ``out``; returns how many rows were written."""
    if fmt not in FORMATS:
        raise ValidationError("--format", fmt, f"one of {', '.join(FORMATS)}")
    columns = _columns(names, now, personal_data)
    chosen = sorted((c for c in cases if case_filter.accepts(c)), key=lambda c: (c.created_at, c.id))
    rows = ([get(c) for _, get in columns] for c in chosen)
    headers = [title for title, _ in columns]
    title = f"案件导出 {case_filter.describe()}（导出时间 {local(now):%Y-%m-%d %H:%M}）"
    if fmt == "csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([title])
            writer.writerow(headers)
            writer.writerows(rows)
    else:
        _write_xlsx(out, title, headers, rows)
    return len(chosen)


def _write_xlsx(out, title: str, headers: list[str], rows) -> None:
    """xlsxwriter in constant-memory mode: rows go to disk as they come (openpyxl, which
    reads the hotline exports, writes several times slower)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False,
                                              "strings_to_formulas": False, "strings_to_urls": False})
    try:
        sheet = workbook.add_worksheet("案件")
        sheet.freeze_panes(2, 0)
        sheet.write_row(0, 0, [title])
        sheet.write_row(1, 0, headers, workbook.add_format({"bold": True}))
        for number, row in enumerate(rows, start=2):
            sheet.write_row(number, 0, row)
        notes = workbook.add_worksheet("说明")
        notes.write_row(0, 0, [title])
        for number, (term, meaning) in enumerate(DEFINITIONS, start=1):
            notes.write_row(number, 0, [term, meaning])
    finally:
        workbook.close()
