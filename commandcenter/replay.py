"""Replay (回放): the situation picture as it was at any moment of a recorded period.

A :class:`Replay` feeds the same :class:`~commandcenter.situation.SituationPicture` the live
desk observes, so every screen shows the past with the widgets it uses for the present.
Keyframes (every case's state every few thousand events) bound the folding a seek needs.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Sequence

from .case import Case, CaseEvent, last_events_of
from .errors import ValidationError
from .scenario import Scenario
from .situation import SituationPicture
from .workflow import evolve

MIN_SPEED, MAX_SPEED = 1.0, 3600.0
KEYFRAME_EVERY = 1000
"""Events between keyframes; at least this many, more once there are many cases (memory)."""


@dataclass(frozen=True)
class _Keyframe:
    position: int              # number of events folded into ``cases``
    cases: dict[int, Case]


def fold_events(events: Sequence[CaseEvent], cases: dict[int, Case] | None = None) -> dict[int, Case]:
    """Fold ``events`` (log order) into ``cases`` (changed in place) and return it."""
    cases = {} if cases is None else cases
    for event in events:
        cases[event.case_id] = evolve(cases.get(event.case_id), event)
    return cases


class Replay:
    """Plays a :class:`Scenario` into a situation picture: play, pause, step, jump, seek.

    Time only moves when :meth:`tick` is called with the real seconds that passed (the Qt
    side ticks it from a timer), so a replay is deterministic whatever the speed.
    An event counts as happened at ``t`` once it and every event logged before it are at or
    before ``t`` (log order is commit order; clocks of different desks may disagree by ms).
    """

    def __init__(self, scenario: Scenario, picture: SituationPicture, *,
                 keyframe_every: int = KEYFRAME_EVERY, source_name: str = "replay"):
        self.scenario = scenario
        self.picture = picture
        self.source_name = source_name
        self.events: tuple[CaseEvent, ...] = scenario.events
        self._times = _running_max(e.at for e in self.events)
        self._keyframes = _build_keyframes(self.events, keyframe_every)
        self._keyframe_positions = [k.position for k in self._keyframes]
        self._keyframe_every = keyframe_every
        self.position = 0
        self.time = scenario.start
        self.speed = MIN_SPEED
        self.playing = False
        self.seek(scenario.start)

    # Public API ---------------------------------------------------------------------------
    @property
    def start(self) -> datetime:
        return self.scenario.start

    @property
    def end(self) -> datetime:
        return self.scenario.end

    @property
    def at_end(self) -> bool:
        return self.time >= self.end and self.position >= self.position_at(self.end)

    def attach(self, picture: SituationPicture) -> None:
        """Feed ``picture`` from now on (a replay built off the GUI thread is handed to the
        screen's picture on it), showing the current moment."""
        self.picture = picture
        self.seek(self.time)

    def position_at(self, t: datetime) -> int:
        """How many events have happened by ``t``."""
        return bisect_right(self._times, t)

    def state_at(self, t: datetime) -> dict[int, Case]:
        """Every case as it stood at ``t``: the nearest keyframe plus the events after it."""
        return self._state_at_position(self.position_at(t))

    def seek(self, t: datetime) -> None:
        """Show the situation at ``t``, rebuilt from the nearest keyframe."""
        position = self.position_at(t)
        cases = self._state_at_position(position)
        self.position, self.time = position, t
        self.picture.reset(cases.values(), self._seq_before(position), source_name=self.source_name,
                           at=t, pin_time=True)

    def jump(self, t: datetime) -> None:
        """Go to ``t`` (clamped to the period) the cheapest way: a short step forward folds the
        new events into the picture; anything else seeks."""
        t = min(max(t, self.start), self.end)
        if t >= self.time and self.position_at(t) - self.position <= self._keyframe_every:
            self._advance_to(t)
        else:
            self.seek(t)

    def play(self, speed: float | None = None) -> None:
        if speed is not None:
            self.set_speed(speed)
        if self.time >= self.end:
            self.seek(self.start)
        self.playing = True

    def pause(self) -> None:
        self.playing = False

    def set_speed(self, speed: float) -> None:
        """Simulated seconds per real second, 1× to 3600×."""
        try:
            value = float(speed)
        except (TypeError, ValueError):
            raise ValidationError("speed", speed, "not a number") from None
        if not MIN_SPEED <= value <= MAX_SPEED:
            raise ValidationError("speed", speed, f"must be between {MIN_SPEED:g}× and {MAX_SPEED:g}×")
        self.speed = value

    def tick(self, real_seconds: float) -> int:
        """Advance by ``real_seconds`` × speed while playing; stops at the end. Returns the
        number of events that happened."""
        if not self.playing or real_seconds <= 0:
            return 0
        target = self.time + timedelta(seconds=real_seconds * self.speed)
        if target >= self.end:
            target = self.end
            self.playing = False
        return self._advance_to(target)

    def step(self) -> CaseEvent | None:
        """Show the next event (and pause there); None at the end of the log."""
        self.playing = False
        if self.position >= len(self.events):
            return None
        event = self.events[self.position]
        self.position += 1
        self.time = max(self.time, self._times[self.position - 1])
        self.picture.set_time(self.time)
        self.picture.apply([event])
        return event

    def step_back(self) -> CaseEvent | None:
        """Take back the last event shown (and pause there): the situation just before it, at
        the time of the event before it. None at the start of the period (the events before the
        start are the situation the period begins with)."""
        self.playing = False
        if self.position <= self.position_at(self.start):
            return None
        position = self.position - 1
        event = self.events[position]
        cases = self._state_at_position(position)
        self.position = position
        self.time = max(self.start, self._times[position - 1]) if position else self.start
        self.picture.reset(cases.values(), self._seq_before(position), source_name=self.source_name,
                           at=self.time, pin_time=True)
        return event

    def density(self, bins: int) -> list[int]:
        """Events per equal slice of [start, end] (the timeline's density strip)."""
        counts = [0] * max(bins, 1)
        span = (self.end - self.start).total_seconds()
        if span <= 0:
            return counts
        first = self.position_at(self.start - timedelta(microseconds=1))
        for at in self._times[first:]:
            if at > self.end:
                break
            index = int((at - self.start).total_seconds() / span * len(counts))
            counts[min(index, len(counts) - 1)] += 1
        return counts

    # Private API --------------------------------------------------------------------------
    def _advance_to(self, t: datetime) -> int:
        position = self.position_at(t)
        fresh = self.events[self.position:position]
        self.position, self.time = position, t
        self.picture.set_time(t)
        if fresh:
            self.picture.apply(fresh)
        return len(fresh)

    def _state_at_position(self, position: int) -> dict[int, Case]:
        index = bisect_right(self._keyframe_positions, position) - 1
        keyframe = self._keyframes[index]
        return fold_events(self.events[keyframe.position:position], dict(keyframe.cases))

    def _seq_before(self, position: int) -> int:
        return (self.events[position - 1].seq or 0) if position else 0


def _running_max(times) -> list[datetime]:
    out: list[datetime] = []
    for at in times:
        out.append(at if not out or at > out[-1] else out[-1])
    return out


def _build_keyframes(events: Sequence[CaseEvent], every: int) -> list[_Keyframe]:
    """Keyframes at position 0 and then every ``every`` events, or every ⅛ of the cases
    known by then if that is more (so a month of history stays a few refs per event)."""
    keyframes = [_Keyframe(0, {})]
    cases: dict[int, Case] = {}
    since = 0
    for position, event in enumerate(events, start=1):
        cases[event.case_id] = evolve(cases.get(event.case_id), event)
        since += 1
        if since >= max(every, len(cases) // 8):
            keyframes.append(_Keyframe(position, dict(cases)))
            since = 0
    return keyframes


class ReplaySource:
    """The situation source of a replay: the picture shows whatever :class:`Replay` is
    attached, and a case's history is its events up to the replayed moment."""

    name = "replay"

    def __init__(self, picture: SituationPicture):
        self.picture = picture
        self.replay: Replay | None = None

    def use(self, replay: Replay) -> None:
        """Show ``replay`` in the picture from now on, at its current moment."""
        self.replay = replay
        replay.attach(self.picture)

    def start(self) -> None:
        """A replay moves only when its driver ticks it."""

    def stop(self) -> None:
        if self.replay is not None:
            self.replay.pause()

    def refresh(self) -> None:
        """Nothing to fetch: a replay holds its whole log."""

    def case_history(self, case_id: int) -> list[CaseEvent]:
        replay = self.replay
        if replay is None:
            return []
        return [e for e in replay.events[:replay.position] if e.case_id == case_id]

    def last_events(self, case_ids: Iterable[int], event_type: str) -> dict[int, CaseEvent]:
        replay = self.replay
        if replay is None:
            return {}
        return last_events_of(replay.events[:replay.position], case_ids, event_type)
