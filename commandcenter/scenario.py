"""Scenario files (演练脚本): a recorded period of the event log, or a scripted day for
training, as JSON Lines. The schema is documented in ``docs/scenario.md``.

A :class:`Scenario` is what a replay plays and what a training session starts from: the
events in log order (those before ``start`` make the situation at the start) and the
incidents a trainer injects at their time.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

from .case import Case, CaseEvent, Source, Tier
from .clock import as_utc, local
from .errors import InputFileError, ValidationError
from .privacy import mask_name, mask_phone
from .workflow import TRANSITIONS, evolve

FORMAT = "commandcenter-scenario"
VERSION = 1
EVENT_TYPES = frozenset({"report", "recompute_deadline", "place", "remind", *TRANSITIONS})


@dataclass(frozen=True)
class Injection:
    """A scripted incident (注入案件): reported by the trainer when the session reaches ``at``.

    ``expected_department`` is the answer a dispatcher is scored against; without it the
    class's default department is the right answer.
    """

    at: datetime
    class_code: str
    lon: float
    lat: float
    description: str
    tier: str | None = None
    expected_department: str | None = None
    source: str = Source.HOTLINE.value


@dataclass(frozen=True)
class Scenario:
    """Events in log order plus scripted injections over the period [start, end]."""

    start: datetime
    end: datetime
    events: tuple[CaseEvent, ...] = ()
    injections: tuple[Injection, ...] = ()
    district_code: str = ""
    description: str = ""

    def events_until_start(self) -> list[CaseEvent]:
        """The events that make the situation at ``start`` (those at or before it)."""
        return [e for e in self.events if e.at <= self.start]

    def without_personal_data(self) -> Scenario:
        """The same scenario with reporters' names and phone numbers masked (for export and
        for training: trainees never see a real citizen's data)."""
        return replace(self, events=tuple(_masked(e) for e in self.events))

    def shifted(self, offset: timedelta) -> Scenario:
        """The same scenario moved in time (a training session replays it from now)."""
        return replace(self, start=self.start + offset, end=self.end + offset,
                       events=tuple(shift_event(e, offset) for e in self.events),
                       injections=tuple(replace(i, at=i.at + offset) for i in self.injections))


def shift_event(event: CaseEvent, offset: timedelta) -> CaseEvent:
    """``event`` moved by ``offset``, with the stage deadline its payload carries."""
    payload = dict(event.payload)
    if payload.get("stage_deadline"):
        payload["stage_deadline"] = (datetime.fromisoformat(payload["stage_deadline"]) + offset).isoformat()
    return replace(event, at=event.at + offset, payload=payload)


def _masked(event: CaseEvent) -> CaseEvent:
    payload = event.payload
    if event.type != "report" or not (payload.get("reporter_name") or payload.get("reporter_phone")):
        return event
    masked = dict(payload)
    masked["reporter_name"] = mask_name(payload.get("reporter_name")) or None
    masked["reporter_phone"] = mask_phone(payload.get("reporter_phone")) or None
    return replace(event, payload=masked)


# Reading a period of the database's history --------------------------------------------------
def from_store(store, start: datetime, end: datetime, *, district_code: str = "",
               description: str = "") -> Scenario:
    """The period [start, end) of ``store``'s event log as a scenario.

    It holds the whole history of every case that was open at ``start`` or changed between
    the local midnight before ``start`` and ``end``, so the replay shows the open cases as
    they were and today's counts from midnight on; cases finished before that day are left out.
    """
    if end <= start:
        raise ValidationError("end", end.isoformat(), "must be after the start")
    midnight = local(start).replace(hour=0, minute=0, second=0, microsecond=0)
    day_start = as_utc(midnight)
    wanted = {c.id: c.created_at for c in store.load_cases()
              if c.created_at < end and (c.is_open or c.updated_at >= day_start)}
    if not wanted:
        return Scenario(start, end, (), (), district_code, description)
    earliest = min(wanted.values())
    events = tuple(e for e in store.events_between(earliest, end) if e.case_id in wanted)
    return Scenario(start, end, events, (), district_code, description)


# Writing -------------------------------------------------------------------------------------
def write(scenario: Scenario, path: str | Path) -> None:
    """Write ``scenario`` as JSON Lines: the header, the events, then the injections."""
    with open(path, "w", encoding="utf-8") as out:
        for record in _records(scenario):
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")


def _records(scenario: Scenario) -> Iterator[dict]:
    yield {"kind": "header", "format": FORMAT, "version": VERSION, "district": scenario.district_code,
           "start": scenario.start.isoformat(), "end": scenario.end.isoformat(),
           "description": scenario.description}
    for e in scenario.events:
        yield {"kind": "event", "seq": e.seq, "case_id": e.case_id, "type": e.type, "actor": e.actor,
               "role": e.role, "at": e.at.isoformat(), "payload": dict(e.payload)}
    for i in scenario.injections:
        record: dict[str, Any] = {"kind": "inject", "at": i.at.isoformat(), "class_code": i.class_code,
                                  "lon": i.lon, "lat": i.lat, "description": i.description, "source": i.source}
        if i.tier:
            record["tier"] = i.tier
        if i.expected_department:
            record["expected_department"] = i.expected_department
        yield record


def export_period(store, start: datetime, end: datetime, path: str | Path, *, district_code: str = "",
                  description: str = "", keep_personal_data: bool = False) -> Scenario:
    """Save the period [start, end) of the history as a scenario file; returns what was written.
    Reporters' names and phone numbers are masked unless ``keep_personal_data``."""
    scenario = from_store(store, start, end, district_code=district_code, description=description)
    if not keep_personal_data:
        scenario = scenario.without_personal_data()
    write(scenario, path)
    return scenario


def export_training(sandbox_store, session_start: datetime, session_end: datetime, path: str | Path, *,
                    district_code: str = "", description: str = "") -> Scenario:
    """Save a finished training session (its sandbox's log from the session start) as a scenario,
    for reviewing what the trainees did in the trainer's replay."""
    return export_period(sandbox_store, session_start, session_end, path, district_code=district_code,
                         description=description or f"training session of {local(session_start):%Y-%m-%d %H:%M}")


# Reading -------------------------------------------------------------------------------------
def load(path: str | Path, catalog=None, world=None) -> Scenario:
    """Read and check a scenario file. Every problem names its line. With a ``catalog``,
    injected classes and expected departments are checked against it too. Short-form ``case``
    lines need the ``world`` they are derived in (:class:`commandcenter.scenario_authoring.World`)."""
    return load_located(path, catalog, world).scenario


@dataclass(frozen=True)
class LocatedScenario:
    """A scenario with the file line of its header, of each event and of each injection (in the
    scenario's order), so a later check can name the line of each mistake."""

    scenario: Scenario
    header_line: int
    event_lines: tuple[int, ...]
    injection_lines: tuple[int, ...]


def load_located(path: str | Path, catalog=None, world=None) -> LocatedScenario:
    """:func:`load`, keeping the line of every record."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError(source, "", "file not found") from None
    except UnicodeDecodeError as error:
        raise InputFileError(source, f"byte {error.start}", "not UTF-8 text") from None
    return _Reader(source, catalog, world).read(text.splitlines())


class _Reader:
    def __init__(self, source: str, catalog, world=None):
        self._source = source
        self._catalog = catalog if catalog is not None or world is None else world.catalog
        self._world = world
        self._line = 0
        self._start: datetime | None = None
        self._end: datetime | None = None

    def read(self, lines: list[str]) -> LocatedScenario:
        header: dict | None = None
        events: list[CaseEvent] = []
        injections: list[tuple[Injection, int]] = []
        cases: dict[int, Case] = {}
        header_line, event_lines = 0, []
        short_cases: list[tuple[dict, int]] = []
        for self._line, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            record = self._json(text)
            kind = record.get("kind")
            if header is None:
                if kind not in (None, "header") or "format" not in record:
                    raise self._fail('the first line must be the header {"kind": "header", "format": '
                                     f'"{FORMAT}", "version": {VERSION}, "start": …}}')
                header, header_line = self._header(record), self._line
            elif kind == "event":
                event = self._event(record, events[-1].seq if events else 0)
                self._fold(cases, event)
                events.append(event)
                event_lines.append(self._line)
            elif kind == "inject":
                injections.append((self._injection(record), self._line))
            elif kind == "case":
                short_cases.append((record, self._line))
            else:
                raise self._fail(f"unknown kind {kind!r} (expected \"event\", \"case\" or \"inject\")")
        if header is None:
            raise InputFileError(self._source, "", "empty file: no header line")
        if short_cases:
            events, event_lines = self._with_short_cases(events, event_lines, short_cases)
        start = header["start"]
        end = header["end"] or max([e.at for e in events] + [i.at for i, _ in injections] + [start])
        ordered = sorted(injections, key=lambda pair: pair[0].at)
        scenario = Scenario(start, end, tuple(events), tuple(i for i, _ in ordered),
                            header["district"], header["description"])
        return LocatedScenario(scenario, header_line, tuple(event_lines), tuple(line for _, line in ordered))

    def _with_short_cases(self, events: list[CaseEvent], lines: list[int],
                          short_cases: list[tuple[dict, int]]) -> tuple[list[CaseEvent], list[int]]:
        """The file's events and those derived from its short-form cases, in time order and
        numbered again (a derived event keeps the line of its case)."""
        from .scenario_authoring import CaseForm

        if self._world is None:
            self._line = short_cases[0][1]
            raise self._fail("a short-form case needs the district and staff it is played in: "
                             "read the scenario with a database (--db)")
        taken = {e.case_id for e in events}
        next_id = max(taken, default=0) + 1
        located = list(zip(events, lines))
        for record, line in short_cases:
            self._line = line
            case_id = record.get("case_id")
            if case_id is None:
                case_id, next_id = next_id, next_id + 1
            elif not _is_int(case_id) or case_id <= 0 or case_id in taken:
                raise self._fail(f"case_id {case_id!r} must be a positive whole number no other case has")
            taken.add(case_id)
            next_id = max(next_id, case_id + 1)
            derived = CaseForm(self._world, self._fail, self._time).events(record, case_id)
            for event in derived:
                if self._end is not None and event.at > self._end:
                    raise self._fail(f"{event.type} at {event.at.isoformat()} is after the scenario end "
                                     f"{self._end.isoformat()}")
            located += [(e, line) for e in derived]
        located.sort(key=lambda pair: pair[0].at)
        return ([replace(e, seq=seq) for seq, (e, _) in enumerate(located, start=1)],
                [line for _, line in located])

    # One line at a time ------------------------------------------------------------------------
    def _fail(self, problem: str) -> InputFileError:
        return InputFileError(self._source, f"line {self._line}", problem)

    def _json(self, text: str) -> dict:
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            raise self._fail(f"not JSON ({error.msg} at column {error.colno})") from None
        if not isinstance(record, dict):
            raise self._fail("each line must be a JSON object")
        return record

    def _header(self, record: dict) -> dict:
        if record["format"] != FORMAT:
            raise self._fail(f"format is {record['format']!r}, expected {FORMAT!r}")
        version = record.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= VERSION:
            raise self._fail(f"version {version!r} is not supported (this program reads version {VERSION})")
        start = self._time(record, "start")
        end = self._time(record, "end") if record.get("end") is not None else None
        if end is not None and end < start:
            raise self._fail("end is before start")
        self._start, self._end = start, end
        return {"start": start, "end": end, "district": str(record.get("district") or ""),
                "description": str(record.get("description") or "")}

    def _event(self, record: dict, previous_seq: int) -> CaseEvent:
        seq = record.get("seq")
        if seq is None:
            seq = previous_seq + 1
        elif not _is_int(seq) or seq <= previous_seq:
            raise self._fail(f"seq {seq!r} must be a whole number above the previous event's ({previous_seq})")
        case_id = record.get("case_id")
        if not _is_int(case_id) or case_id <= 0:
            raise self._fail(f"case_id {case_id!r} must be a positive whole number")
        kind = record.get("type")
        if kind not in EVENT_TYPES:
            raise self._fail(f"type {kind!r} is not an event type (one of: {', '.join(sorted(EVENT_TYPES))})")
        actor, role = record.get("actor"), record.get("role")
        if not isinstance(actor, str) or not actor or not isinstance(role, str) or not role:
            raise self._fail("actor and role must be non-empty text")
        payload = record.get("payload", {})
        if not isinstance(payload, dict):
            raise self._fail("payload must be a JSON object")
        return CaseEvent(case_id, kind, actor, role, self._within_end(record), payload, seq)

    def _fold(self, cases: dict[int, Case], event: CaseEvent) -> None:
        """Fold now, so an event that cannot follow the case's history is reported at its line."""
        try:
            cases[event.case_id] = evolve(cases.get(event.case_id), event)
        except (ValueError, KeyError, TypeError) as error:
            problem = f"missing payload field {error}" if isinstance(error, KeyError) else str(error)
            raise self._fail(f"{event.type} event of case {event.case_id}: {problem}") from None

    def _injection(self, record: dict) -> Injection:
        class_code = record.get("class_code")
        if not isinstance(class_code, str) or not class_code:
            raise self._fail("class_code is required")
        if self._catalog is not None:
            try:
                self._catalog.small_class(class_code)
            except Exception:
                raise self._fail(f"class_code {class_code!r} is not in the class catalog") from None
        lon, lat = self._number(record, "lon", -180, 180), self._number(record, "lat", -90, 90)
        description = record.get("description")
        if not isinstance(description, str) or not description.strip():
            raise self._fail("description is required")
        tier = record.get("tier")
        if tier is not None and tier not in {t.value for t in Tier}:
            raise self._fail(f"tier {tier!r} is not one of: {', '.join(t.value for t in Tier)}")
        source = record.get("source", Source.HOTLINE.value)
        if source not in {s.value for s in Source}:
            raise self._fail(f"source {source!r} is not one of: {', '.join(s.value for s in Source)}")
        expected = record.get("expected_department")
        if expected is not None:
            if not isinstance(expected, str) or not expected:
                raise self._fail("expected_department must be a department code")
            if self._catalog is not None and expected not in self._catalog.departments:
                raise self._fail(f"expected_department {expected!r} is not a department of the catalog")
        at = self._within_end(record)
        if at < self._start:
            raise self._fail(f"at {at.isoformat()} is before the scenario start {self._start.isoformat()}")
        return Injection(at, class_code, lon, lat, description.strip(), tier, expected, source)

    def _within_end(self, record: dict) -> datetime:
        at = self._time(record, "at")
        if self._end is not None and at > self._end:
            raise self._fail(f"at {at.isoformat()} is after the scenario end {self._end.isoformat()}")
        return at

    def _time(self, record: dict, name: str) -> datetime:
        value = record.get(name)
        if not isinstance(value, str):
            raise self._fail(f"{name} is required (ISO 8601 with a UTC offset, e.g. 2026-11-24T09:30:00+08:00)")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self._fail(f"{name} {value!r} is not an ISO 8601 date-time") from None
        if moment.tzinfo is None:
            raise self._fail(f"{name} {value!r} has no UTC offset (add +08:00 or Z)")
        return as_utc(moment)

    def _number(self, record: dict, name: str, low: float, high: float) -> float:
        value = record.get(name)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) \
                or not low <= value <= high:
            raise self._fail(f"{name} {value!r} must be a number between {low} and {high}")
        return float(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)

