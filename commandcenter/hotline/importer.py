"""Import a 12345 export: every good order becomes a hotline case through the real
:class:`~commandcenter.services.CaseService`, a batch of orders per transaction with their events.

Batches, not one transaction for the whole file, because a transaction holds the shared
database's write lock: desks must still be able to dispatch while a month of orders goes in.
Each batch is all or nothing, and since the import is idempotent, running it again after a
failure finishes the file without a single duplicate.

Idempotent by the hotline's order number: an order already in the database, or repeated
inside the file, makes no second case. Orders placed no finer than a street become cases
waiting to be placed (待定位), so nothing the public reported is dropped for want of a place.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from commandcenter.errors import DomainError, ValidationError
from commandcenter.geography.gazetteer import AddressBook, DivisionNames
from commandcenter.hotline.classes import ComplaintClasses
from commandcenter.hotline.orders import HotlineOrder, read_orders
from commandcenter.hotline.table import read_table

DEFAULT_BATCH = 500
#: what exports write where a caller gave no usable number ("匿名", "无")
_PHONE_LIKE = re.compile(r"^\+?[0-9][0-9*\- ]{5,18}[0-9]$")


class HotlineLedger(Protocol):
    """What the import needs from a transaction beyond :class:`commandcenter.ports.Transaction`."""

    def known_external_numbers(self, numbers) -> frozenset[str]: ...


@dataclass
class HotlineSummary:
    source: str
    rows: int = 0
    created: int = 0
    already_imported: int = 0
    duplicates_in_file: int = 0
    unlocated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    duplicate_rows: list[tuple[int, str, int]] = field(default_factory=list)
    precision: dict[str, int] = field(default_factory=dict)
    ignored_rows: list[int] = field(default_factory=list)
    case_numbers: list[str] = field(default_factory=list)
    batches: int = 0

    def as_dict(self) -> dict:
        return {
            "file": self.source, "rows": self.rows, "created": self.created,
            "already_imported": self.already_imported, "duplicates_in_file": self.duplicates_in_file,
            "unlocated": self.unlocated,
            "rejected": [{"row": row, "reason": reason} for row, reason in self.rejected],
            "duplicates": [{"row": row, "order_number": number, "first_row": first}
                           for row, number, first in self.duplicate_rows],
            "located_to": self.precision, "ignored_rows": self.ignored_rows, "batches": self.batches,
        }


def import_hotline(path: str | Path, *, store, service_for, district_map, actor: str, classes: ComplaintClasses,
                   mapping: dict[str, str] | None = None, sheet: str | None = None,
                   addresses: AddressBook | None = None, batch_size: int = DEFAULT_BATCH,
                   on_batch: Callable[[HotlineSummary], None] | None = None) -> HotlineSummary:
    """Read ``path`` and create its cases. ``service_for(store)`` builds a CaseService over a
    store: it is handed one whose transactions are all the batch's open one. ``on_batch`` is
    told the running totals after each committed batch."""
    if batch_size < 1:
        raise ValidationError("--batch-size", batch_size, "at least 1")
    if district_map is None:
        raise DomainError("this database has no district yet: import the grids (import-grids) first")
    table = read_table(path, mapping, sheet)
    read = read_orders(table, classes)
    summary = HotlineSummary(table.source, rows=read.rows, duplicates_in_file=len(read.duplicates),
                             rejected=list(read.rejected), duplicate_rows=read.duplicates, ignored_rows=read.ignored)
    names = DivisionNames(district_map, addresses)
    for start in range(0, max(len(read.orders), 1), batch_size):
        batch = read.orders[start:start + batch_size]
        with store.transaction() as tx:
            tx.user(actor)    # an unknown actor fails the import, not each row
            known = tx.known_external_numbers([o.number for o in batch])
            service = service_for(_OneTransaction(tx))
            for order in batch:
                if order.number in known:
                    summary.already_imported += 1
                    continue
                case = _report(service, actor, order, names, summary)
                if case is not None:
                    summary.case_numbers.append(case.number)
        summary.batches += 1
        if on_batch is not None:
            on_batch(summary)
    summary.rejected.sort()
    return summary


def _report(service, actor: str, order: HotlineOrder, names: DivisionNames, summary: HotlineSummary):
    placement = names.place(order.street, order.community, order.address, order.content)
    phone = order.caller_phone if _PHONE_LIKE.match(order.caller_phone) else None
    try:
        case = service.report(
            actor, source="hotline", class_code=order.class_code, lon=placement.lon, lat=placement.lat,
            description=order.description, tier="urgent" if order.urgent else None,
            reporter_name=order.caller_name or None, reporter_phone=phone, external_number=order.number,
            external_deadline=order.deadline, needs_placement=not placement.is_located)
    except ValidationError as exc:
        # Raised while checking, before anything of this order is written: the row alone is refused.
        summary.rejected.append((order.row, f"{exc.field}: {exc.problem}"))
        return None
    summary.created += 1
    summary.unlocated += 0 if placement.is_located else 1
    summary.precision[placement.precision] = summary.precision.get(placement.precision, 0) + 1
    return case


class _OneTransaction:
    """A store whose every transaction is the one already open, so many reports commit together."""

    def __init__(self, tx):
        self._tx = tx

    @contextmanager
    def transaction(self):
        yield self._tx


def format_summary(summary: HotlineSummary) -> str:
    """The table the CLI prints."""
    lines = [f"{summary.source}",
             f"  rows                {summary.rows}",
             f"  created             {summary.created}",
             f"  already_imported    {summary.already_imported}",
             f"  duplicates_in_file  {summary.duplicates_in_file}",
             f"  unlocated           {summary.unlocated}  (待定位: waiting for a call-taker to place them)",
             f"  rejected            {len(summary.rejected)}"]
    if summary.precision:
        located = ", ".join(f"{k} {v}" for k, v in sorted(summary.precision.items()))
        lines.append(f"  located to          {located}")
    for row, reason in summary.rejected:
        lines.append(f"  row {row}: rejected: {reason}")
    for row, number, first in summary.duplicate_rows:
        lines.append(f"  row {row}: order {number} repeats row {first}: one case")
    return "\n".join(lines)
