"""Keeps a screen's map in step with the situation picture: unit grids coloured by open-case
load or overdue count, markers coloured by deadline state for the cases of the queue the operator
is working on (plus every urgent case), or for every open case.

Changes are coalesced (a burst of events repaints once) and sent as diffs; a slow tick
re-colours markers whose deadline state changed only because time passed."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from operator import itemgetter
from typing import Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from commandcenter.case import Case, Status, Tier
from commandcenter.deadlines import shared_marks
from commandcenter.queues import DESK_QUEUES
from commandcenter.situation import CasesChanged
from widgets.map_view import CaseMarker

RAMPS = ("load", "overdue")
SCOPES = ("queue", "all")
QUEUE_BY_KEY = {queue.key: queue for queue in DESK_QUEUES}
#: a set lookup, not ``Case.is_open`` (a property over an enum property): the map counts 100,000
#: open cases on every reset
_OPEN_STATUSES = frozenset(status for status in Status if status.is_open)


def show_geography(map_view, geography, components) -> None:
    """Give a screen's map its cells, outlines and (hidden until toggled) components."""
    if geography.cells:
        map_view.set_geography(geography.cells, geography.streets, geography.communities, geography.boundary,
                               derived=geography.derived)
    map_view.set_components(list(components))
    map_view.set_components_visible(False)


def grid_values(cases: Iterable[Case], now: datetime, ramp: str) -> dict[str, float]:
    """Open cases per grid ('load') or open cases past their stage deadline per grid ('overdue')."""
    counts: Counter[str] = Counter()
    for case in cases:
        if not case.is_open:
            continue
        if ramp == "load" or case.is_overdue(now):
            counts[case.grid_code] += 1
    return dict(counts)


class SituationMapLayers(QObject):
    """Feeds ``map_view`` from ``signals.picture``; ``context`` names classes and stages."""

    sig_ramp_changed = Signal(str)
    """The cell colouring switched to 'load' or 'overdue'."""

    COALESCE_MS = 120
    TICK_MS = 60_000
    RECOUNT_SLICE = 2000

    def __init__(self, map_view, signals, context, parent: QObject | None = None):
        super().__init__(parent)
        self._map = map_view
        self._picture = signals.picture
        self._context = context
        self._ramp = "load"
        self._scope = "queue"
        self._queue = QUEUE_BY_KEY["dispatch"]
        self._values: dict[str, float] = {}
        #: every open case's (grid code, overdue) as last counted: the cell values follow a live
        #: change by updating only the changed cases (a full count over 100,000 open cases takes
        #: seconds), and are counted afresh on reset and as time passes. The desk's totals are
        #: widgets.summary's, not the map's.
        self._facts: dict[int, tuple[str, bool]] = {}
        self._counts: Counter[str] = Counter()
        #: as time passes, the open cases are counted again in slices between other work
        self._slices: list[list[int]] = []
        self._slice_timer = QTimer(self, singleShot=True, interval=0, timeout=self._recount_slice)
        self._marked: dict[int, CaseMarker] = {}
        self._pending: set[int] = set()
        self._reset_pending = True
        self._flush_timer = QTimer(self, singleShot=True, interval=self.COALESCE_MS, timeout=self._flush)
        self._tick = QTimer(self, interval=self.TICK_MS, timeout=self._on_tick)
        self._tick.start()
        signals.sig_reset.connect(self._on_reset)
        signals.sig_cases_changed.connect(self._on_cases_changed)
        self._flush_timer.start()

    # Public API ---------------------------------------------------------------------------
    @property
    def ramp(self) -> str:
        return self._ramp

    def set_ramp(self, ramp: str) -> None:
        if ramp not in RAMPS or ramp == self._ramp:
            return
        self._ramp = ramp
        self._repaint_cells()
        self.sig_ramp_changed.emit(ramp)

    @property
    def scope(self) -> str:
        return self._scope

    def set_marker_scope(self, scope: str) -> None:
        """'queue': the current queue's cases and urgent ones (the cell colours stay readable);
        'all': every open case."""
        if scope in SCOPES and scope != self._scope:
            self._scope = scope
            self._remark()

    def set_queue(self, key: str) -> None:
        """The operator switched to this queue's tab."""
        queue = QUEUE_BY_KEY.get(key)
        if queue is not None and queue is not self._queue:
            self._queue = queue
            if self._scope == "queue":
                self._remark()

    def marker_count(self) -> int:
        return len(self._marked)

    def cell_value(self, grid_code: str) -> float:
        return self._values.get(grid_code, 0.0)

    # Private API --------------------------------------------------------------------------
    def _legend_title(self) -> str:
        return self.tr("Open cases per grid") if self._ramp == "load" else self.tr("Overdue cases per grid")

    def _marker(self, case: Case, now: datetime) -> CaseMarker:
        return self._markers([case], now)[0]

    def _markers(self, cases: Iterable[Case], now: datetime) -> list[CaseMarker]:
        """Markers of these cases; the names of stages and classes are looked up once per name."""
        # the case's amber and red moments are worked out once (commandcenter.deadlines.DeadlineMarks)
        state = shared_marks(self._context.catalog, self._context.calendar).state
        now_ts = now.timestamp()
        context, stages, classes = self._context, {}, {}
        markers = []
        for case in cases:
            key = case.stage or case.status
            stage = stages.get(key)
            if stage is None:
                stage = stages[key] = (context.stage_name(case.stage) if case.stage
                                       else context.status_name(case.status))
            name = classes.get(case.class_code)
            if name is None:
                name = classes[case.class_code] = context.class_name(case.class_code)
            markers.append(CaseMarker(case.id, case.lon, case.lat, state(case, now_ts), case.tier is Tier.URGENT,
                                      stage, f"{case.number} {name}"))
        return markers

    def _open_cases(self) -> list[Case]:
        statuses = _OPEN_STATUSES
        return [case for case in self._picture.cases.values() if case.status in statuses]

    def _wanted(self, case: Case) -> bool:
        if not case.is_open:
            return False
        return self._scope == "all" or case.tier is Tier.URGENT or self._queue.accepts(case)

    def _remark(self, open_cases: list[Case] | None = None) -> None:
        if open_cases is None:
            open_cases = self._open_cases()
        if self._scope == "all":
            wanted = open_cases
        else:
            accepts, urgent = self._queue.accepts, Tier.URGENT
            wanted = [case for case in open_cases if case.tier is urgent or accepts(case)]
        markers = self._markers(wanted, self._picture.now())
        self._marked = {marker.case_id: marker for marker in markers}
        self._map.set_markers(markers)

    def _on_reset(self) -> None:
        # a whole new picture: nothing to gather changes with, so sent to the page at once; the
        # page draws it on its own process while this one paints the queues and the board
        self._reset_pending = True
        self._flush_timer.stop()
        self._flush()

    def _on_cases_changed(self, change: CasesChanged) -> None:
        self._pending |= change.case_ids
        if not self._flush_timer.isActive():
            self._flush_timer.start(self.COALESCE_MS)

    def _flush(self) -> None:
        now = self._picture.now()
        if self._reset_pending:
            self._reset_pending = False
            self._pending.clear()
            self._slices = []
            open_cases = self._open_cases()
            self._recount(open_cases)
            self._remark(open_cases)
            self._repaint_cells()
            self._map.flush_now()
            return
        touched = self._refact(self._pending, now)
        changed, removed = [], []
        for case_id in self._pending:
            case = self._picture.cases.get(case_id)
            if case is None or not self._wanted(case):
                if self._marked.pop(case_id, None) is not None:
                    removed.append(case_id)
                continue
            marker = self._marker(case, now)
            if self._marked.get(case_id) != marker:
                self._marked[case_id] = marker
                changed.append(marker)
        self._pending.clear()
        if changed or removed:
            self._map.update_markers(changed, removed)
        self._repaint_touched(touched)

    def _repaint_touched(self, touched: set[str]) -> None:
        """Re-colour only the grids whose count changed."""
        diff = {code: float(self._counts.get(code, 0)) for code in touched
                if self._counts.get(code, 0) != self._values.get(code, 0)}
        if diff:
            for code, value in diff.items():
                if value:
                    self._values[code] = value
                else:
                    self._values.pop(code, None)
            self._map.update_cell_values(diff)

    def _recount(self, open_cases: list[Case] | None = None) -> None:
        """Every open case's grid and whether it is overdue (``Case.is_overdue``, inlined), afresh
        (first load, and as time passes)."""
        now = self._picture.now()
        self._facts = {c.id: (c.grid_code, (d := c.stage_deadline) is not None and now > d)
                       for c in (self._open_cases() if open_cases is None else open_cases)}

    def _counted(self, fact: tuple[str, bool]) -> bool:
        return self._ramp == "load" or fact[1]

    def _refact(self, case_ids, now: datetime) -> set[str]:
        """Count only these changed cases again; the grids whose count they touched."""
        cases = self._picture.cases
        touched: set[str] = set()
        for case_id in case_ids:
            old = self._facts.pop(case_id, None)
            if old is not None:
                touched.add(old[0])
                if self._counted(old):
                    self._counts[old[0]] -= 1
            case = cases.get(case_id)
            if case is not None and case.is_open:
                fact = (case.grid_code, case.is_overdue(now))
                self._facts[case_id] = fact
                touched.add(fact[0])
                if self._counted(fact):
                    self._counts[fact[0]] += 1
        return touched

    def _repaint_cells(self) -> None:
        facts = self._facts.values()
        if self._ramp == "load":
            self._counts = Counter(map(itemgetter(0), facts))
        else:
            self._counts = Counter(grid for grid, overdue in facts if overdue)
        self._values = {code: float(n) for code, n in self._counts.items() if n}
        self._map.set_cell_values(self._values, self._legend_title(), self._ramp)

    def _on_tick(self) -> None:
        """Deadlines pass without any event: re-colour what time alone has changed, and
        re-balance the legend classes."""
        now = self._picture.now()
        changed = []
        for case_id, old in list(self._marked.items()):
            case = self._picture.cases.get(case_id)
            if case is None:
                continue
            marker = self._marker(case, now)
            if marker != old:
                self._marked[case_id] = marker
                changed.append(marker)
        if changed:
            self._map.update_markers(changed, [])
        ids = list(self._facts)
        self._slices = [ids[i:i + self.RECOUNT_SLICE] for i in range(0, len(ids), self.RECOUNT_SLICE)]
        self._recount_slice()

    def _recount_slice(self) -> None:
        """One slice of the open cases counted again as time passed; after the last one the legend
        classes follow (the GUI stays responsive at 100,000 open cases)."""
        if self._slices:
            self._repaint_touched(self._refact(self._slices.pop(0), self._picture.now()))
        if self._slices:
            self._slice_timer.start()
            return
        self._repaint_cells()
