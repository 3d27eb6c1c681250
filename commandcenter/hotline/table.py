"""A 12345 export as a table: the rows of a CSV or XLSX file, the header row found below any
title rows, and each column given its role by the usual header names (or a saved mapping).

Exports differ by city and by year: a title row ("东城区12345工单明细") above the header,
footer rows ("合计", "制表人") below, GBK or UTF-8 CSV, dates as text or Excel serials.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commandcenter.errors import InputFileError

#: role → header names seen in real exports, most specific first
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "order_number": ("工单编号", "热线单号", "工单号", "诉求编号", "受理编号", "工单流水号", "单号"),
    "content": ("诉求内容", "主要内容", "来电内容", "反映内容", "工单内容", "问题描述", "诉求描述", "内容"),
    "title": ("标题", "诉求标题", "工单标题"),
    "category": ("诉求类型", "问题分类", "诉求分类", "事项分类", "问题类型", "分类"),
    "order_type": ("工单类型", "来电类型", "诉求类别"),
    "assigned_at": ("区交办时间", "派单时间", "交办时间", "受理时间", "来电时间", "登记时间", "创建时间"),
    "deadline": ("区交办办结期限", "办结期限", "交办期限", "处理时限", "截止时间", "办理时限"),
    "address": ("诉求详细地址", "事件发生地", "小区点位", "详细地址", "事发地址", "发生地点", "地址"),
    "district": ("被反映区", "所属区", "区县"),
    "street": ("被反映街乡镇", "街乡镇", "所属街道", "街道"),
    "community": ("村/社区", "所属社区", "社区", "村居"),
    "urgency": ("紧急程度", "缓急程度"),
    "nature": ("工单性质",),
    "caller_name": ("求助人员", "来电人", "诉求人", "联系人", "来电人姓名"),
    "caller_phone": ("求助号码", "来电人电话", "联系电话", "来电号码", "联系方式"),
    "satisfaction": ("是否满意", "满意度"),
}
ROLES = tuple(COLUMN_SYNONYMS)
REQUIRED_ROLES = ("order_number", "content", "assigned_at")
_HEADER_SCAN_ROWS = 30
_MIN_HEADER_MATCHES = 3


@dataclass(frozen=True)
class HotlineTable:
    """``rows``: (row number as the user sees it, cells) after the header; ``columns``: role →
    column index."""

    source: str
    header_row: int
    columns: dict[str, int]
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]

    def value(self, cells: tuple[Any, ...], role: str) -> Any:
        index = self.columns.get(role)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return value.strip() if isinstance(value, str) else value


def read_table(path: str | Path, mapping: dict[str, str] | None = None, sheet: str | None = None) -> HotlineTable:
    path = Path(path)
    source = str(path)
    if not path.exists():
        raise InputFileError(source, "", "file not found")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = xlsx_rows(path, sheet)
    elif suffix in (".csv", ".txt"):
        rows = csv_rows(path)
    elif suffix == ".xls":
        raise InputFileError(source, "", "old Excel 97 (.xls) files are not read: save it as .xlsx or .csv")
    else:
        raise InputFileError(source, "", f"expected a .xlsx or .csv export, got {suffix or 'no extension'!r}")
    header_row, columns, headers = _find_header(rows, mapping, source)
    body = tuple((number, cells) for number, cells in rows if number > header_row)
    return HotlineTable(source, header_row, columns, headers, body)


def load_mapping(path: str | Path) -> dict[str, str]:
    """A saved mapping: JSON object role → the header text of that column in this layout."""
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputFileError(source, "", f"cannot read the mapping: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(source, f"line {exc.lineno}", f"not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputFileError(source, "", 'expected an object like {"order_number": "工单编号", "content": "诉求内容"}')
    unknown = sorted(set(data) - set(ROLES))
    if unknown:
        raise InputFileError(source, unknown[0], f"unknown role (roles: {', '.join(ROLES)})")
    return data


# Private helpers


def normalize_header(text: Any) -> str:
    """Full-width forms, spaces, asterisks of required columns and trailing colons removed."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    for junk in (" ", "\u3000", "*", ":", "\n", "\r", "\t"):
        text = text.replace(junk, "")
    return text.split("(")[0] if not text.startswith("(") else text


def _find_header(rows, mapping: dict[str, str] | None, source: str):
    best = None
    for number, cells in rows[:_HEADER_SCAN_ROWS]:
        headers = tuple(normalize_header(c) for c in cells)
        columns = _columns_by_mapping(headers, mapping) if mapping else _columns_by_synonyms(headers)
        wanted = len(mapping) if mapping else _MIN_HEADER_MATCHES
        if "order_number" in columns and len(columns) >= wanted:
            best = (number, columns, tuple(str(c or "").strip() for c in cells))
            break
    if best is None:
        hint = "the mapping's column names" if mapping else "a header row (工单编号, 诉求内容, 派单时间 …)"
        raise InputFileError(source, f"rows 1–{min(len(rows), _HEADER_SCAN_ROWS)}",
                             f"no row holds {hint}; save a mapping for this layout and pass --mapping FILE")
    number, columns, headers = best
    missing = [r for r in REQUIRED_ROLES if r not in columns]
    if missing:
        names = " / ".join(COLUMN_SYNONYMS[missing[0]][:3])
        raise InputFileError(source, f"row {number}", f"no column for {missing[0]} ({names}); the header has "
                             f"{', '.join(h for h in headers if h)}; name it in a --mapping file")
    return number, columns, headers


def _columns_by_synonyms(headers: tuple[str, ...]) -> dict[str, int]:
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for role, names in COLUMN_SYNONYMS.items():
        for name in names:
            index = next((i for i, h in enumerate(headers) if h == name and i not in taken), None)
            if index is not None:
                columns[role] = index
                taken.add(index)
                break
    return columns


def _columns_by_mapping(headers: tuple[str, ...], mapping: dict[str, str]) -> dict[str, int]:
    columns = {}
    for role, header in mapping.items():
        wanted = normalize_header(header)
        if wanted in headers:
            columns[role] = headers.index(wanted)
    return columns


def csv_rows(path: Path) -> list[tuple[int, tuple[Any, ...]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputFileError(str(path), "", "text is neither UTF-8 nor GBK/GB18030; save the CSV as UTF-8")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return [(number, tuple(cells)) for number, cells in enumerate(reader, start=1)]


def xlsx_rows(path: Path, sheet: str | None) -> list[tuple[int, tuple[Any, ...]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise InputFileError(str(path), "", f"not a readable .xlsx workbook ({exc})") from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InputFileError(str(path), f"sheet {sheet}",
                                 f"no such sheet (sheets: {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        return [(number, tuple(cells)) for number, cells in
                enumerate(worksheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
