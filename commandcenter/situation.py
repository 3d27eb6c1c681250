"""The situation picture (态势): every case as it stands, held in memory and observed by the
screens. A live feed from the database or a replay of the log feeds it; the screens cannot
tell which."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable, Sequence

from .case import Case, CaseEvent
from .clock import utc_now
from .workflow import evolve


@dataclass(frozen=True)
class SituationChange:
    """What changed in one update: the screens decide how to refresh from it."""

    case_ids: frozenset[int] = frozenset()
    added: frozenset[int] = frozenset()
    reset: bool = False
    events: tuple[CaseEvent, ...] = ()
    clock_only: bool = False


Observer = Callable[[SituationChange], None]


@dataclass
class SituationPicture:
    """All cases by id, the last event folded in, and the picture's own clock.

    ``now()`` is the wall clock when live and the replay time when replaying, so
    countdowns, overdue colours and today's KPIs follow whichever source feeds it.
    """

    cases: dict[int, Case] = field(default_factory=dict)
    last_seq: int = 0
    source_name: str = "live"
    _observers: list[Observer] = field(default_factory=list)
    _clock: Callable[[], datetime] = utc_now
    _fixed_now: datetime | None = None
    feed_ok: bool = True
    feed_ok_at: datetime | None = None

    # Public API ---------------------------------------------------------------------------
    def subscribe(self, observer: Observer) -> None:
        self._observers.append(observer)

    def unsubscribe(self, observer: Observer) -> None:
        if observer in self._observers:
            self._observers.remove(observer)

    def now(self) -> datetime:
        return self._fixed_now if self._fixed_now is not None else self._clock()

    def set_time(self, at: datetime | None) -> None:
        """Pin the picture's clock (replay); ``None`` returns it to the wall clock."""
        self._fixed_now = at
        self._notify(SituationChange(clock_only=True))

    def reset(self, cases: Iterable[Case], last_seq: int, source_name: str | None = None) -> None:
        """Replace everything (first load, replay seek, switch of source)."""
        self.cases = {c.id: c for c in cases}
        self.last_seq = last_seq
        if source_name is not None:
            self.source_name = source_name
        self._notify(SituationChange(case_ids=frozenset(self.cases), reset=True))

    def apply(self, events: Sequence[CaseEvent]) -> SituationChange:
        """Fold new events in order; events already folded (seq ≤ last_seq) are ignored."""
        changed: set[int] = set()
        added: set[int] = set()
        fresh = []
        for event in events:
            if event.seq is not None and event.seq <= self.last_seq:
                continue
            before = self.cases.get(event.case_id)
            self.cases[event.case_id] = evolve(before, event)
            if before is None:
                added.add(event.case_id)
            changed.add(event.case_id)
            fresh.append(event)
            if event.seq is not None:
                self.last_seq = event.seq
        change = SituationChange(frozenset(changed), frozenset(added), events=tuple(fresh))
        if changed:
            self._notify(change)
        return change

    def mark_feed(self, ok: bool, at: datetime | None = None) -> None:
        """The feed reports its health; the wall shows "data delayed since …" when not ok."""
        was = self.feed_ok
        self.feed_ok = ok
        if ok:
            self.feed_ok_at = at or utc_now()
        if was != ok:
            self._notify(SituationChange(clock_only=True))

    def open_cases(self) -> list[Case]:
        return [c for c in self.cases.values() if c.is_open]

    # Private API --------------------------------------------------------------------------
    def _notify(self, change: SituationChange) -> None:
        for observer in list(self._observers):
            observer(change)
