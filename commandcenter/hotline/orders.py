"""12345 work orders (热线工单) read from an export table: checked row by row.

A row is either an order, a blank or footer row (ignored), a repeat of an order earlier in the
file (one case), or broken — no order number, no content, no date, an unknown complaint type —
and then listed with its row number and reason.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from commandcenter.clock import LOCAL_TZ
from commandcenter.hotline.classes import ComplaintClasses
from commandcenter.hotline.table import HotlineTable

_FOOTER_WORDS = ("合计", "总计", "小计", "制表", "导出", "打印", "备注", "说明", "审核", "共计")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_RANGE = (20000.0, 80000.0)        # 1954 … 2119: a number in here in a date column is a serial
#: year, month, day, then optionally hour, minute, second, whatever separates them (年月日时分, / . -)
_DATE = re.compile(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})\D*?"
                   r"(?:(\d{1,2})\D{1,3}(\d{1,2})(?:\D{1,3}(\d{1,2}))?)?\D*$")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$")
_MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class HotlineOrder:
    """One work order as the hotline platform sent it, ready to become a case."""

    row: int
    number: str
    content: str
    category: str
    class_code: str
    assigned_at: datetime
    deadline: datetime | None
    street: str
    community: str
    address: str
    urgent: bool
    caller_name: str
    caller_phone: str

    @property
    def description(self) -> str:
        text = self.content if not self.address or self.address in self.content else f"{self.content}（{self.address}）"
        return text if len(text) <= _MAX_DESCRIPTION else text[:_MAX_DESCRIPTION - 1] + "…"


@dataclass
class ReadOrders:
    orders: list[HotlineOrder] = field(default_factory=list)
    duplicates: list[tuple[int, str, int]] = field(default_factory=list)   # (row, number, first row)
    rejected: list[tuple[int, str]] = field(default_factory=list)          # (row, reason)
    ignored: list[int] = field(default_factory=list)                       # blank and footer rows
    rows: int = 0                                                         # rows below the header with content


def read_orders(table: HotlineTable, classes: ComplaintClasses) -> ReadOrders:
    result = ReadOrders()
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        filled = [c for c in cells if c not in (None, "") and str(c).strip()]
        if not filled:
            continue
        order_number = _order_number(table.value(cells, "order_number"))
        if _is_footer(filled, order_number):
            result.ignored.append(number)
            continue
        result.rows += 1
        try:
            order = _order(table, number, cells, order_number, classes)
        except _Broken as broken:
            result.rejected.append((number, str(broken)))
            continue
        if order.number in first_row_of:
            result.duplicates.append((number, order.number, first_row_of[order.number]))
            continue
        first_row_of[order.number] = number
        result.orders.append(order)
    return result


class _Broken(Exception):
    """Why a row cannot become a case."""


def _order(table: HotlineTable, row: int, cells, order_number: str, classes: ComplaintClasses) -> HotlineOrder:
    if not order_number:
        raise _Broken("no order number (工单编号)")
    content = _text(table.value(cells, "content")) or _text(table.value(cells, "title"))
    if not content:
        raise _Broken("no content (诉求内容)")
    assigned_raw = table.value(cells, "assigned_at")
    if assigned_raw in (None, ""):
        raise _Broken("no assignment time (派单时间/区交办时间)")
    assigned_at = parse_when(assigned_raw)
    if assigned_at is None:
        raise _Broken(f"assignment time {assigned_raw!r} is not a date")
    deadline_raw = table.value(cells, "deadline")
    deadline = parse_when(deadline_raw) if deadline_raw not in (None, "") else None
    if deadline_raw not in (None, "") and deadline is None:
        raise _Broken(f"deadline {deadline_raw!r} is not a date")
    category = _text(table.value(cells, "category"))
    class_code = classes.class_of(category)
    if class_code is None:
        raise _Broken(f"complaint type {category or '(empty)'!r} has no class in {classes.source}")
    urgency = " ".join(_text(table.value(cells, r)) for r in ("urgency", "nature"))
    return HotlineOrder(
        row=row, number=order_number, content=content, category=category, class_code=class_code,
        assigned_at=assigned_at, deadline=deadline, street=_text(table.value(cells, "street")),
        community=_text(table.value(cells, "community")), address=_text(table.value(cells, "address")),
        urgent="紧急" in urgency or "特急" in urgency,
        caller_name=_text(table.value(cells, "caller_name"))[:100],
        caller_phone=_text(table.value(cells, "caller_phone")).replace(" ", "")[:32])


def parse_when(value: Any) -> datetime | None:
    """A date or date-time in any of the forms exports use, read in Asia/Shanghai; None if it
    is not one. Excel serials (days since 1899-12-30) come as numbers or as numeric text."""
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return _aware(datetime.combine(value, time()))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _serial(float(text)) if "." in text or len(text) == 5 else _compact(text)
    except ValueError:
        pass
    match = _DATE.match(text)
    if match is None:
        return None
    return _build(*match.groups())


def _serial(days: float) -> datetime | None:
    if not _SERIAL_RANGE[0] <= days <= _SERIAL_RANGE[1]:
        return None
    moment = _EXCEL_EPOCH + timedelta(days=days)
    return _aware(moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6)))


def _compact(text: str) -> datetime | None:
    match = _COMPACT.match(text)
    if match is None:
        raise ValueError(text)
    return _build(*match.groups())


def _build(year, month, day, hour=None, minute=None, second=None) -> datetime | None:
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    return _aware(moment)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(timezone.utc)


def _order_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)    # a number column in Excel: 2611250780176.0
    return unicodedata.normalize("NFKC", str(value or "")).strip().lstrip("'")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _is_footer(filled: list, order_number: str) -> bool:
    """"合计 120 件", "制表人：…": a summary word first, or a near-empty row without a number."""
    first = str(filled[0]).strip()
    return any(first.startswith(word) for word in _FOOTER_WORDS) or (not order_number and len(filled) <= 2)
