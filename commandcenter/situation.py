"""The situation picture (态势): every case as it stands, held in memory and observed by the
screens. A live feed from the database or a replay of the log feeds it; the screens cannot
tell which.

Observers connect to the picture's precise events (napari's evented models): ``reset`` (the
whole picture was replaced: first load, replay seek, switch of source — exactly one notice),
``cases`` (a :class:`CasesChanged` naming the cases added, changed and removed), ``time`` (the
picture's clock was pinned or released) and ``health`` (the feed's health changed)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Callable, Generic, Iterable, Mapping, Sequence, TypeVar

from .case import Case, CaseEvent
from .clock import utc_now
from .workflow import evolve

T = TypeVar("T")


class Emitter(Generic[T]):
    """One kind of notice: ``connect(callback)``, ``disconnect(callback)``, ``emit(value)``."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[[T], None]] = []

    def connect(self, callback: Callable[[T], None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[[T], None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: T) -> None:
        for callback in list(self._callbacks):
            callback(value)


@dataclass(frozen=True)
class CasesChanged:
    """Cases that changed in one update; ``events`` are the events folded in, in order."""

    changed: frozenset[int] = frozenset()
    added: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    events: tuple[CaseEvent, ...] = ()

    @property
    def case_ids(self) -> frozenset[int]:
        """Every case this update touched (added, changed or removed)."""
        return self.changed | self.added | self.removed


@dataclass(frozen=True)
class FeedHealth:
    """Whether the source can reach its data, and since when it last could."""

    ok: bool = True
    ok_at: datetime | None = None
    problem: str = ""


class PictureEvents:
    """The notices a :class:`SituationPicture` sends."""

    def __init__(self) -> None:
        self.reset: Emitter[None] = Emitter()
        self.cases: Emitter[CasesChanged] = Emitter()
        self.time: Emitter[datetime] = Emitter()
        self.health: Emitter[FeedHealth] = Emitter()


@dataclass
class SituationPicture:
    """All cases by id, the last event folded in, and the picture's own clock.

    ``now()`` is the wall clock when live and the replay time when replaying, so
    countdowns, overdue colours and today's KPIs follow whichever source feeds it.
    ``cases`` is a read-only view; only a source changes the picture, through ``reset``,
    ``apply``, ``remove``, ``set_time`` and ``mark_feed``.
    """

    source_name: str = "live"
    last_seq: int = 0
    _cases: dict[int, Case] = field(default_factory=dict, repr=False)
    _clock: Callable[[], datetime] = utc_now
    _fixed_now: datetime | None = None
    _health: FeedHealth = field(default_factory=FeedHealth)
    admit: Callable[[Case], Case] | None = None
    """Applied to every case as it enters the picture (masking personal data for the viewer,
    see :func:`commandcenter.privacy.case_view_for`)."""
    scope: Callable[[Case], bool] | None = None
    """Which cases the picture holds (a district's desk: :func:`commandcenter.districts.in_district`);
    None: all. Events of a case outside the scope are skipped (its sequence number still counts)."""

    def __post_init__(self) -> None:
        self.events = PictureEvents()
        self._view = MappingProxyType(self._cases)

    # Public API: reading ------------------------------------------------------------------
    @property
    def cases(self) -> Mapping[int, Case]:
        return self._view

    def now(self) -> datetime:
        return self._fixed_now if self._fixed_now is not None else self._clock()

    @property
    def health(self) -> FeedHealth:
        return self._health

    @property
    def feed_ok(self) -> bool:
        return self._health.ok

    @property
    def feed_ok_at(self) -> datetime | None:
        return self._health.ok_at

    def open_cases(self) -> list[Case]:
        return [c for c in self._cases.values() if c.is_open]

    # Public API: changing (sources only) --------------------------------------------------
    def set_time(self, at: datetime | None) -> None:
        """Pin the picture's clock (replay); ``None`` returns it to the wall clock."""
        self._fixed_now = at
        self.events.time.emit(self.now())

    def reset(self, cases: Iterable[Case], last_seq: int, source_name: str | None = None, *,
              at: datetime | None = None, pin_time: bool = False, admitted: bool = False) -> None:
        """Replace everything (first load, replay seek, switch of source) in one notice;
        with ``pin_time`` the clock is pinned to ``at`` (``None``: the wall clock) as part of it.
        ``admitted``: the cases already went through ``admit`` (off the GUI thread)."""
        admit = None if admitted else self.admit
        self._cases.clear()
        scope = self.scope
        self._cases.update((c.id, admit(c) if admit else c) for c in cases if scope is None or scope(c))
        self.last_seq = last_seq
        if source_name is not None:
            self.source_name = source_name
        if pin_time:
            self._fixed_now = at
        self.events.reset.emit(None)

    def apply(self, events: Sequence[CaseEvent]) -> CasesChanged:
        """Fold new events in order; events already folded (seq ≤ last_seq) are ignored."""
        changed: set[int] = set()
        added: set[int] = set()
        removed: set[int] = set()
        fresh = []
        for event in events:
            if event.seq is not None and event.seq <= self.last_seq:
                continue
            before = self._cases.get(event.case_id)
            if self.scope is not None and before is None and event.type != "report":
                if event.seq is not None:   # a case of another district (outside the picture's scope)
                    self.last_seq = event.seq
                continue
            after = evolve(before, event)
            if self.scope is not None and not self.scope(after):
                if before is not None:   # placed into another district: it leaves this picture
                    del self._cases[event.case_id]
                    removed.add(event.case_id)
                    fresh.append(event)
                if event.seq is not None:
                    self.last_seq = event.seq
                continue
            self._cases[event.case_id] = self.admit(after) if self.admit else after
            (added if before is None and event.case_id not in changed else changed).add(event.case_id)
            fresh.append(event)
            if event.seq is not None:
                self.last_seq = event.seq
        change = CasesChanged(frozenset(changed - added - removed), frozenset(added - removed), frozenset(removed),
                              events=tuple(fresh))
        if fresh:
            self.events.cases.emit(change)
        return change

    def remove(self, case_ids: Iterable[int]) -> CasesChanged:
        """Take cases out of the picture (they left the source's scope)."""
        gone = frozenset(i for i in case_ids if self._cases.pop(i, None) is not None)
        change = CasesChanged(removed=gone)
        if gone:
            self.events.cases.emit(change)
        return change

    def mark_feed(self, ok: bool, at: datetime | None = None, problem: str = "") -> None:
        """The feed reports its health; one notice when it changes (the wall shows "data
        delayed since …" while it is not ok)."""
        was = self._health.ok
        ok_at = (at or utc_now()) if ok else self._health.ok_at
        self._health = FeedHealth(ok, ok_at, "" if ok else problem)
        if was != ok:
            self.events.health.emit(self._health)
