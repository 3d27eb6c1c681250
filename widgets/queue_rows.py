"""The rows of the desk queues: each open case turned once, per change, into what the
queue tables show, sort and filter by (display texts, one float sort key per column, filter
fields), so sorting and filtering tens of thousands of cases needs no per-cell work."""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable

from commandcenter.case import Case, Source
from widgets.context import DeskContext
from widgets.returns import is_returned

COLUMNS = ("number", "class", "place", "source", "age", "countdown", "tier", "department")
COL = {name: i for i, name in enumerate(COLUMNS)}
_TIER_RANK = {"urgent": 0, "difficult": 1, "general": 2}


@dataclass(slots=True)
class QueueRow:
    """What the queues show, sort and filter by for one case; built once per change."""

    case: Case
    texts: tuple[str, ...]
    keys: tuple[float, ...]
    """Sort key per column; ties are broken by the case id."""
    search: str
    deadline_ts: float
    fields: tuple[str | None, ...]
    """(street, grid, class, department, source, tier) codes, in :data:`FILTER_FIELDS` order."""
    returned: bool = False
    """A department returned the case (退回) and it waits for dispatch again: the badge."""


class RowStore:
    """Rows by case id, with each column's sort keys and the deadlines by case id beside them,
    so a model sorts with C-level lookups (``key=keys.__getitem__``) instead of a Python loop."""

    def __init__(self):
        self.rows: dict[int, QueueRow] = {}
        self.column_keys: list[dict[int, float]] = [{} for _ in COLUMNS]
        self.deadlines: dict[int, float] = {}

    def put(self, row: QueueRow) -> None:
        case_id = row.case.id
        self.rows[case_id] = row
        self.deadlines[case_id] = row.deadline_ts
        for keys, key in zip(self.column_keys, row.keys):
            keys[case_id] = key

    def discard(self, case_id: int) -> None:
        if self.rows.pop(case_id, None) is not None:
            del self.deadlines[case_id]
            for keys in self.column_keys:
                del keys[case_id]

    def clear(self) -> None:
        self.rows.clear()
        self.deadlines.clear()
        for keys in self.column_keys:
            keys.clear()


FILTER_FIELDS = ("street", "grid", "class_code", "department", "source", "tier")
_SPAN = 1e10
"""Wider than any deadline in epoch seconds (until 2286): rank * _SPAN + deadline orders by
rank, then deadline, in one float — floats sort several times faster than tuples of text."""
_NO_DEADLINE = 9.9e9


def _ranks(named) -> dict:
    """Key → position of its display name in sorted order."""
    return {key: rank for rank, (_, key) in enumerate(sorted((name, key) for key, name in named))}


class RowFactory:
    """Builds :class:`QueueRow` objects, caching the names that many cases share.

    A column's sort key is one float (ties broken by the case id): the rank of the column's
    text among all the names it can take (classes, places, …), then the deadline."""

    def __init__(self, context: DeskContext):
        self._context = context
        self._places: dict[str, str] = {}
        self._names: dict[tuple[str, object], str] = {}
        cx = context
        grids = cx.district_map.grids if cx.district_map is not None else ()
        self._rank = {
            "class": _ranks((c.code, cx.class_name(c.code)) for c in cx.catalog.small_classes()),
            "department": _ranks((d.code, cx.department_name(d.code)) for d in cx.departments),
            "source": _ranks((s, cx.source_name(s)) for s in Source),
            "place": _ranks((g.code, cx.place_of(g.street_code, g.community_code, g.code)) for g in grids),
        }

    def row(self, case: Case, return_reason: str | None = None, pinned: bool = False) -> QueueRow:
        """The row of ``case``; a returned case shows why it was returned beside its class;
        a ``pinned`` one (a new urgent case not read yet) sorts before every other by time left."""
        cx = self._context
        place = self._places.get(case.grid_code)
        if place is None:
            place = self._places[case.grid_code] = cx.place_name(case)
        klass = self._name("class", case.class_code, cx.class_name)
        source = self._name("source", case.source, cx.source_name)
        tier = self._name("tier", case.tier, cx.tier_name)
        department = self._name("department", case.department_code, cx.department_name)
        deadline = case.stage_deadline.timestamp() if case.stage_deadline is not None else math.inf
        due = min(deadline, _NO_DEADLINE)
        i = case.id
        keys = (float(case.number) if case.number.isdigit() else 0.0,
                self._ranked("class", case.class_code) + due,
                self._ranked("place", case.grid_code) + due,
                self._ranked("source", case.source) + due,
                -case.created_at.timestamp(),
                due - _SPAN if pinned else due,
                _TIER_RANK.get(case.tier.value, 3) * _SPAN + due,
                self._ranked("department", case.department_code) + due)
        returned = is_returned(case)
        if returned and return_reason:
            klass = f"{klass} — {return_reason}"
        texts = (case.number, klass, place, source, "", "", tier, department)
        fields = (case.street_code, case.grid_code, case.class_code, case.department_code, case.source.value,
                  case.tier.value)
        search = self._search_text(case, place, return_reason)
        return QueueRow(case, texts, keys, search, deadline, fields, returned)

    def _search_text(self, case: Case, place: str, return_reason: str | None) -> str:
        """What the search box finds a row by (as :class:`commandcenter.case_search.CaseQuery`
        does): number, description, return reason, street, community and grid, class in both
        languages, the 12345 order number, and the phone where this desk sees it unmasked."""
        both = self._name("class_both", case.class_code, self._context.class_name_both)
        phone = case.reporter_phone if case.reporter_phone and "*" not in case.reporter_phone else ""
        return "\n".join((case.number, case.description, return_reason or "", place, case.grid_code, both,
                          case.external_number or "", phone)).casefold()

    def _ranked(self, kind: str, key) -> float:
        ranks = self._rank[kind]
        return ranks.get(key, len(ranks)) * _SPAN

    def _name(self, kind: str, key, fn: Callable[[object], str]) -> str:
        name = self._names.get((kind, key))
        if name is None:
            name = self._names[(kind, key)] = fn(key)
        return name


@dataclass(frozen=True)
class QueueFilter:
    """The desk's filters; ``None`` lets everything through. ``text`` matches what the search
    box finds (:meth:`RowFactory._search_text`); ``grid`` comes from a click on the map."""

    street: str | None = None
    class_code: str | None = None
    department: str | None = None
    source: str | None = None
    tier: str | None = None
    text: str | None = None
    grid: str | None = None
    case_ids: frozenset[int] | None = None
    """Only these cases: the ones behind a number the operator clicked (drill-down)."""

    @property
    def is_empty(self) -> bool:
        return self == _NO_FILTER

    @cached_property
    def accepts(self) -> Callable[[QueueRow], bool]:
        """The test a row must pass, built once with only the active conditions (it runs
        for every open case when a filter changes)."""
        checks = tuple((i, value) for i, value in enumerate(getattr(self, name) for name in FILTER_FIELDS)
                       if value is not None)
        text = self.text.casefold() if self.text else None
        if self.case_ids is not None:
            ids, rest = self.case_ids, replace(self, case_ids=None).accepts
            return lambda row: row.case.id in ids and rest(row)
        if len(checks) == 1 and text is None:
            (index, value), = checks
            return lambda row: row.fields[index] == value
        if not checks and text is not None:
            return lambda row: text in row.search

        def accepts(row: QueueRow) -> bool:
            fields = row.fields
            return all(fields[i] == v for i, v in checks) and (text is None or text in row.search)

        return accepts


_NO_FILTER = QueueFilter()
