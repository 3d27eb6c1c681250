"""The rows of the desk queues: each open case turned once, per change, into what the
queue tables sort and filter by (one float sort key per column, filter fields), so sorting and
filtering tens of thousands of cases needs no per-cell work; the filter fields, display and search
texts are made per row on first use (a filter, a painted row, a search), so filling the queues
costs no text work."""
from __future__ import annotations

import math
from operator import attrgetter
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable

from commandcenter.case import Case, Source
from widgets.context import DeskContext
from widgets.returns import is_returned

COLUMNS = ("number", "class", "place", "source", "age", "countdown", "tier", "department")
COL = {name: i for i, name in enumerate(COLUMNS)}
SHOWN_ORDER = ("number", "countdown", "class", "place", "tier", "department", "source", "age")
"""Left to right: what the operator needs to pick the next case first, the countdown right
after the number so it is never scrolled or clipped away."""
_TIER_RANK = {"urgent": 0, "difficult": 1, "general": 2}


class QueueRow:
    """What the queues show, sort and filter by for one case; built once per change.

    Only what every row needs at once (deadline, filter fields) is computed when the row is
    built; a column's sort key is worked out when a table sorts by that column (:meth:`key`), and
    the display texts and the search text on first use (a painted row, a search typed), kept until
    the case changes, which builds a new row."""

    __slots__ = ("case", "deadline_ts", "returned", "return_reason", "pinned",
                 "_factory", "_fields", "_texts", "_search")

    def __init__(self, case: Case, deadline_ts: float, returned: bool, return_reason: str | None,
                 pinned: bool, factory: "RowFactory"):
        self.case = case
        self.deadline_ts = deadline_ts
        self.returned = returned
        """A department returned the case (退回) and it waits for dispatch again: the badge."""
        self.return_reason = return_reason
        self.pinned = pinned
        self._factory = factory
        self._fields: tuple[str | None, ...] | None = None
        self._texts: tuple[str, ...] | None = None
        self._search: str | None = None

    @property
    def fields(self) -> tuple[str | None, ...]:
        """(street, grid, class, department, source, tier) codes, in :data:`FILTER_FIELDS` order
        (made when a filter or a sort by name first asks)."""
        fields = self._fields
        if fields is None:
            case = self.case
            fields = self._fields = (case.street_code, case.grid_code, case.class_code, case.department_code,
                                     case.source._value_, case.tier._value_)   # _value_: .value is slow
        return fields

    def key(self, column: int) -> float:
        """The row's sort key in ``column``; ties are broken by the case id."""
        return self._factory.key(self, column)

    @property
    def texts(self) -> tuple[str, ...]:
        """The display text per column (age and countdown are worked out live: empty here)."""
        texts = self._texts
        if texts is None:
            texts = self._texts = self._factory.texts(self)
        return texts

    @property
    def search(self) -> str:
        """What the search box finds this row by, case-folded."""
        search = self._search
        if search is None:
            search = self._search = self._factory.search_text(self)
        return search


class RowStore:
    """Rows by case id, with the deadlines and each sorted-by column's keys by case id beside
    them, so a model sorts with C-level lookups (``key=keys.__getitem__``) instead of a Python
    loop. A column's keys are gathered the first time a table sorts by it, then kept current."""

    def __init__(self):
        self.rows: dict[int, QueueRow] = {}
        self._columns: dict[int, dict[int, float]] = {}
        self.deadlines: dict[int, float] = {}

    def column_keys(self, column: int) -> dict[int, float]:
        """Case id → sort key in ``column``."""
        keys = self._columns.get(column)
        if keys is None:
            keys = self._columns[column] = {case_id: row.key(column) for case_id, row in self.rows.items()}
        return keys

    def put(self, row: QueueRow) -> None:
        case_id = row.case.id
        self.rows[case_id] = row
        self.deadlines[case_id] = row.deadline_ts
        for column, keys in self._columns.items():
            keys[case_id] = row.key(column)

    def fill(self, rows: list[QueueRow]) -> None:
        """Hold exactly ``rows`` (a reset)."""
        self.clear()
        ids = [row.case.id for row in rows]
        self.rows.update(zip(ids, rows))
        self.deadlines.update(zip(ids, map(_deadline_of, rows)))

    def discard(self, case_id: int) -> None:
        if self.rows.pop(case_id, None) is not None:
            del self.deadlines[case_id]
            for keys in self._columns.values():
                del keys[case_id]

    def clear(self) -> None:
        self.rows.clear()
        self.deadlines.clear()
        self._columns.clear()


_deadline_of = attrgetter("deadline_ts")

FILTER_FIELDS = ("street", "grid", "class_code", "department", "source", "tier")
_NUMBER, _AGE, _COUNTDOWN, _TIER = COL["number"], COL["age"], COL["countdown"], COL["tier"]
_TIER_FIELD = FILTER_FIELDS.index("tier")
_FIELD_OF = {COL["class"]: FILTER_FIELDS.index("class_code"), COL["place"]: FILTER_FIELDS.index("grid"),
             COL["source"]: FILTER_FIELDS.index("source"), COL["department"]: FILTER_FIELDS.index("department")}
"""A named column's place in a row's filter fields (what its rank is looked up by)."""
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
        self._spans: dict[int, tuple[dict, float]] = {}
        """Per named sort column, made when a table first sorts by it (the places of a city's
        46,000 grids take a second to name and rank): key → its rank times :data:`_SPAN`, and the
        value for an unknown key (the rank after every known one)."""

    def _span(self, column: int) -> tuple[dict, float]:
        span = self._spans.get(column)
        if span is None:
            ranks = _ranks(self._named(COLUMNS[column]))
            span = self._spans[column] = ({key: rank * _SPAN for key, rank in ranks.items()}, len(ranks) * _SPAN)
        return span

    def _named(self, kind: str):
        """(key, display name) of everything a named column can show."""
        cx = self._context
        if kind == "class":
            return ((c.code, cx.class_name(c.code)) for c in cx.catalog.small_classes())
        if kind == "department":
            return ((d.code, cx.department_name(d.code)) for d in cx.departments)
        if kind == "source":
            return ((s._value_, cx.source_name(s)) for s in Source)
        grids = cx.district_map.grids if cx.district_map is not None else ()
        return ((g.code, cx.place_of(g.street_code, g.community_code, g.code)) for g in grids)

    def row(self, case: Case, return_reason: str | None = None, pinned: bool = False) -> QueueRow:
        """The row of ``case``; a returned case shows why it was returned beside its class;
        a ``pinned`` one (a new urgent case not read yet) sorts before every other by time left."""
        deadline = case.stage_deadline
        return QueueRow(case, deadline.timestamp() if deadline is not None else math.inf,
                        is_returned(case), return_reason, pinned, self)

    def key(self, row: QueueRow, column: int) -> float:
        """``row``'s sort key in ``column``: for names, the rank of the name then the deadline."""
        case, due = row.case, min(row.deadline_ts, _NO_DEADLINE)
        if column == _COUNTDOWN:
            return due - _SPAN if row.pinned else due
        if column == _NUMBER:
            number = case.number
            return float(number) if number.isdigit() else 0.0
        if column == _AGE:
            return -case.created_at.timestamp()
        if column == _TIER:
            return _TIER_RANK.get(row.fields[_TIER_FIELD], 3) * _SPAN + due
        ranks, unknown = self._span(column)
        return ranks.get(row.fields[_FIELD_OF[column]], unknown) + due

    def texts(self, row: QueueRow) -> tuple[str, ...]:
        """The display texts of ``row``: a returned case shows why beside its class."""
        cx, case = self._context, row.case
        klass = self._name("class", case.class_code, cx.class_name)
        if row.returned and row.return_reason:
            klass = f"{klass} — {row.return_reason}"
        return (case.number, klass, self._place(case), self._name("source", case.source, cx.source_name), "", "",
                self._name("tier", case.tier, cx.tier_name),
                self._name("department", case.department_code, cx.department_name))

    def search_text(self, row: QueueRow) -> str:
        """What the search box finds a row by (as :class:`commandcenter.case_search.CaseQuery`
        does): number, description, return reason, street, community and grid, class in both
        languages, the 12345 order number, and the phone where this desk sees it unmasked."""
        case = row.case
        both = self._name("class_both", case.class_code, self._context.class_name_both)
        phone = case.reporter_phone if case.reporter_phone and "*" not in case.reporter_phone else ""
        return "\n".join((case.number, case.description, row.return_reason or "", self._place(case), case.grid_code,
                          both, case.external_number or "", phone)).casefold()

    def _place(self, case: Case) -> str:
        place = self._places.get(case.grid_code)
        if place is None:
            place = self._places[case.grid_code] = self._context.place_name(case)
        return place

    def _name(self, kind: str, key, fn: Callable[[object], str]) -> str:
        name = self._names.get((kind, key))
        if name is None:
            name = self._names[(kind, key)] = fn(key)
        return name


@dataclass(frozen=True)
class QueueFilter:
    """The desk's filters; ``None`` lets everything through. ``text`` matches what the search
    box finds (:meth:`RowFactory.search_text`); ``grid`` comes from a click on the map."""

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
