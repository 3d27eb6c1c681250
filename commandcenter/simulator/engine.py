"""The simulator: plays the field, the control room and the departments through the real
:class:`~commandcenter.services.CaseService`, so every event it makes passes the workflow and
permission rules. A priority queue holds each open case's next step; the same seed gives the
same city."""
from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone

from ..case import Case, PendingRequest, Source, Status, Tier
from ..clock import utc_now
from ..errors import DomainError
from ..roles import Role
from .behaviour import MINUTE_S, Pace, Rates, Timing
from .mix import ReportMix
from .people import Roster
from .rhythm import ArrivalRhythm
from .texts import Texts

_ARRIVAL = -1


class SimClock:
    """The simulated time the services read (a callable, like :func:`commandcenter.clock.utc_now`)."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self._now

    @property
    def now(self) -> datetime:
        return self._now

    @now.setter
    def now(self, moment: datetime) -> None:
        self._now = moment
        #: ``now`` as epoch seconds, kept: the simulator reads it several times per step
        self.timestamp = moment.timestamp()


@dataclass
class _Plan:
    """One case as the simulator sees it: its fate, drawn once when it is reported, and the
    department's progress."""

    case: Case
    small: object
    reject: bool
    verify: bool
    unconfirmed: bool
    cancel: bool
    difficult: bool
    wrong_dispatch: bool
    dispatcher_corrects: bool
    unjustified_return: bool
    suspend: bool
    reworks: int
    done_at: float | None = None
    extension: str | None = None
    token: int = 0


class Simulator:
    """``Simulator(runtime, users, district_map, catalog, seed)``; then ``run_until(t)``.

    Given a :class:`~commandcenter.runtime.Runtime`, it builds a service on its own
    :class:`SimClock` (starting at ``start``, default now). Given a bare CaseService, pass the
    ``clock`` that service was built with (and ``store`` to let :meth:`observe` work).
    ``auto_dispatch`` lets it play the dispatcher too; otherwise dispatching waits for people.
    """

    def __init__(self, runtime_or_service, users, district_map, catalog, seed: int = 0, *,
                 clock: SimClock | None = None, store=None, start: datetime | None = None,
                 components=(), auto_dispatch: bool = False, volume: float = 1.0,
                 rates: Rates = Rates(), pace: Pace = Pace()):
        if hasattr(runtime_or_service, "service_with_clock"):
            self.clock = clock or SimClock(start or utc_now())
            self.service = runtime_or_service.service_with_clock(self.clock)
            store = store if store is not None else runtime_or_service.store
        else:
            if clock is None:
                raise ValueError("a bare CaseService needs the SimClock it was built with")
            self.service, self.clock = runtime_or_service, clock
        self._store = store
        self._catalog = catalog
        self._rng = random.Random(f"{seed}/simulator")
        self._roster = Roster(users, (g.code for g in district_map.grids))
        self._mix = ReportMix(catalog, district_map.grids, components, seed)
        self._texts = Texts(district_map)
        self._rhythm = ArrivalRhythm(volume * sum(c.weight for c in catalog.small_classes()), self.service.calendar)
        self._timing = Timing(self.service.calendar, pace)
        self.rates = rates
        self.auto_dispatch = auto_dispatch
        self._staffed = self._roster.staffed_departments()
        self._plans: dict[int, _Plan] = {}
        self._queue: list[tuple[float, int, int, int, str]] = []
        self._order = itertools.count()
        self._seen_seq = store.last_seq() if store is not None else 0
        #: steps taken, by command ("report" for new cases)
        self.counts: Counter = Counter()
        #: steps the services refused, by error class (someone else acted first, in live mode)
        self.refused: Counter = Counter()
        #: steps the simulator leaves to people for now (the demo's shift handover): their cases wait
        self.held: frozenset[str] = frozenset()
        self._push(self._rhythm.next_arrival(self._now(), self._rng), _ARRIVAL, 0, "arrive")

    # Public API ---------------------------------------------------------------------------
    def run_until(self, until: datetime) -> int:
        """Take every step due up to ``until`` in time order; returns how many were taken."""
        limit = until.timestamp()
        taken = 0
        while self._queue and self._queue[0][0] <= limit:
            item = heapq.heappop(self._queue)
            ts, _, case_id, token, step = item
            if ts > self._now():
                self.clock.now = datetime.fromtimestamp(ts, timezone.utc)
            try:
                if case_id == _ARRIVAL:
                    self._arrive()
                    taken += 1
                    continue
                plan = self._plans.get(case_id)
                if plan is not None and plan.token == token:
                    if step in self.held:
                        plan.token += 1     # waits in its queue for a person (observe() picks it up)
                        continue
                    getattr(self, f"_step_{step}")(plan)
                    taken += 1
            except Exception:
                # the database went away mid-step: keep the step, so it is taken once it is back
                # (if it did commit, observe() re-plans the case and the step is refused as stale)
                heapq.heappush(self._queue, item)
                raise
        if until > self.clock.now:
            self.clock.now = until
        return taken

    def adopt(self, cases) -> int:
        """Take over open cases made before the simulator started (live mode); returns how many."""
        adopted = 0
        for case in cases:
            if case.is_open and case.id not in self._plans:
                self._plans[case.id] = self._fate(case)
                self._follow(self._plans[case.id], case)
                adopted += 1
        return adopted

    def observe(self) -> int:
        """Pick up what people did meanwhile: new cases are adopted and cases someone else
        changed are re-planned from where they now stand. Returns how many cases that touched."""
        if self._store is None:
            return 0
        touched: dict[int, None] = {}
        seen = self._seen_seq
        while True:
            events = self._store.events_after(seen)
            if not events:
                break
            seen = events[-1].seq
            touched.update(dict.fromkeys(e.case_id for e in events))
        changed = 0
        for case_id in touched:
            plan = self._plans.get(case_id)
            case = self._store.case(case_id)
            if plan is None:
                changed += self.adopt([case])
            elif case.version != plan.case.version:
                plan.done_at = None
                self._follow(plan, case)
                changed += 1
        self._seen_seq = seen   # only now: a database lost half-way is read again next time
        return changed

    def start_of_last_reports(self, end: datetime, expected: float) -> datetime:
        """When the last ``expected`` reports before ``end`` are expected to begin arriving."""
        return datetime.fromtimestamp(self._rhythm.start_of_last(end.timestamp(), expected), timezone.utc)

    @property
    def open_cases(self) -> int:
        return len(self._plans)

    # Private API: arrivals ----------------------------------------------------------------
    def _now(self) -> float:
        clock = self.clock
        return clock.timestamp if isinstance(clock, SimClock) else clock.now.timestamp()

    def _push(self, ts: float, case_id: int, token: int, step: str) -> None:
        heapq.heappush(self._queue, (ts, next(self._order), case_id, token, step))

    def _schedule(self, plan: _Plan, ts: float, step: str) -> None:
        plan.token += 1
        self._push(max(ts, self._now()), plan.case.id, plan.token, step)

    def _arrive(self) -> None:
        now, rng = self._now(), self._rng
        self._push(self._rhythm.next_arrival(now, rng), _ARRIVAL, 0, "arrive")
        small = self._mix.small_class(rng)
        source = self._mix.source(now, rng)
        place = self._mix.place(small, rng)
        actor = self._roster.supervisor(place.grid_code) if source is Source.SUPERVISOR else None
        if actor is None:
            source = Source.HOTLINE if source is Source.SUPERVISOR else source
            actor = self._roster.on_duty(Role.CALL_TAKER, now, rng)
        if actor is None:
            return
        caller = self._texts.caller(rng) if source is Source.HOTLINE else (None, None)
        try:
            case = self.service.report(
                actor, source=source.value, class_code=small.code, lon=place.lon, lat=place.lat,
                description=self._texts.description(small, place.grid_code, source, rng),
                component_code=place.component_code, reporter_name=caller[0], reporter_phone=caller[1])
        except DomainError as exc:
            self.refused[type(exc).__name__] += 1
            return
        self.counts["report"] += 1
        self._plans[case.id] = self._fate(case)
        self._follow(self._plans[case.id], case)

    def _fate(self, case: Case) -> _Plan:
        r, rng = self.rates, self._rng
        small = self._catalog.small_class(case.class_code)
        public = case.source is not Source.SUPERVISOR
        wrong = rng.random() < r.wrong_dispatch
        reworks = 0
        if rng.random() < r.rework:
            reworks = 2 if rng.random() < r.rework_again else 1
        return _Plan(
            case=case, small=small,
            reject=rng.random() < (r.reject_public_report if public else r.reject_supervisor_report),
            verify=public and rng.random() < r.verify_public_report,
            unconfirmed=rng.random() < r.unconfirmed_on_site,
            cancel=rng.random() < r.cancel,
            difficult=(small.handle_hours_median >= 20 and case.tier is Tier.GENERAL and rng.random() < r.difficult),
            wrong_dispatch=wrong and len(self._staffed) > 1,
            dispatcher_corrects=rng.random() < r.dispatcher_corrects,
            unjustified_return=rng.random() < r.unjustified_return,
            suspend=rng.random() < r.suspension,
            reworks=reworks)

    # Private API: what comes next ---------------------------------------------------------
    def _follow(self, plan: _Plan, case: Case) -> None:
        """Schedule the next step of ``case`` from where it stands now."""
        plan.case = case
        now, urgent, timing, rng = self._now(), case.tier is Tier.URGENT, self._timing, self._rng
        status = case.status
        if not status.is_open:
            self._plans.pop(case.id, None)
        elif status is Status.REPORTED:
            self._schedule(plan, timing.control_room(now, urgent, rng), "intake")
        elif status is Status.VERIFYING:
            self._schedule(plan, timing.field(now, urgent, timing.pace.verify_min, rng), "verify")
        elif status is Status.REGISTERING:
            self._schedule(plan, timing.control_room(now, urgent, rng), "cancel" if plan.cancel else "register")
        elif status is Status.DISPATCHING:
            if self.auto_dispatch:
                self._schedule(plan, timing.control_room(now, urgent, rng), "dispatch")
            else:
                plan.token += 1     # a person dispatches; observe() picks it up
        elif status is Status.HANDLING:
            if case.pending_request is not None:
                self._schedule(plan, timing.decision(now, rng), "decide")
            else:
                self._department_works(plan, case, now)
        elif status is Status.CHECKING:
            self._schedule(plan, timing.field(now, urgent, timing.pace.check_min, rng), "check")
        elif status is Status.CLOSING:
            self._schedule(plan, timing.control_room(now, urgent, rng), "close")
        elif status is Status.SUSPENDED:
            self._schedule(plan, timing.resume(now, rng), "resume")

    def _department_works(self, plan: _Plan, case: Case, now: float) -> None:
        rng, timing = self._rng, self._timing
        plan.token += 1
        if case.department_code not in self._staffed:
            return      # nobody staffs that department: the case waits, as it would
        if plan.done_at is not None:        # back from a decision on its request: carry on
            self._schedule(plan, max(plan.done_at, now + MINUTE_S), "report_done")
            return
        if case.department_code != plan.small.department and case.return_count < 2:
            if plan.dispatcher_corrects and self.auto_dispatch:
                plan.dispatcher_corrects = False
                self._schedule(plan, timing.control_room(now, False, rng) + 10 * MINUTE_S, "redispatch")
            else:
                self._schedule(plan, timing.department_notice(now, rng), "return")
            return
        if plan.unjustified_return:
            plan.unjustified_return = False
            self._schedule(plan, timing.department_notice(now, rng), "return")
            return
        if plan.suspend:
            plan.suspend = False
            self._schedule(plan, timing.department_notice(now, rng), "request_suspension")
            return
        deadline = case.stage_deadline.timestamp() if case.stage_deadline else now + 86400
        limit = self._catalog.limit(case.class_code, case.tier.value, "handle")
        done = timing.handling_done(now, plan.small, case.tier.value, timing.limit_hours(limit),
                                    case.rework_count > 0, rng)
        if done > deadline:
            draw = rng.random()
            if draw < self.rates.rush_when_late:
                done = deadline - (deadline - now) * rng.uniform(0.02, 0.15)
            elif draw < self.rates.rush_when_late + (1 - self.rates.rush_when_late) * self.rates.extension_when_late:
                plan.done_at = done
                plan.extension = timing.extension_text(deadline, done, case.tier.value)
                self._schedule(plan, now + (deadline - now) * rng.uniform(0.3, 0.8), "request_extension")
                return
        plan.done_at = done
        self._schedule(plan, done, "report_done")

    # Private API: the steps ---------------------------------------------------------------
    def _act(self, plan: _Plan, role: Role, command: str, **fields) -> None:
        """Take one step as a user of ``role``; on refusal, re-plan from the stored case."""
        if role is Role.SUPERVISOR:
            actor = self._roster.supervisor(plan.case.grid_code)
        elif role is Role.DEPARTMENT:
            actor = self._roster.operator(plan.case.department_code, self._rng)
        else:
            actor = self._roster.on_duty(role, self._now(), self._rng)
        if actor is None:
            return
        try:
            case = self.service.act(actor, plan.case.id, command, expected_version=plan.case.version, **fields)
        except DomainError as exc:
            self.refused[type(exc).__name__] += 1
            self._resync(plan)
            return
        self.counts[command] += 1
        self._follow(plan, case)

    def _resync(self, plan: _Plan) -> None:
        if self._store is None:
            self._plans.pop(plan.case.id, None)
            return
        plan.done_at = None
        self._follow(plan, self._store.case(plan.case.id))

    def _step_intake(self, plan: _Plan) -> None:
        if plan.reject:
            self._act(plan, Role.CALL_TAKER, "reject", reason=self._texts.pick("reject", self._rng))
        else:
            self._act(plan, Role.CALL_TAKER, "request_verify" if plan.verify else "accept")

    def _step_verify(self, plan: _Plan) -> None:
        confirmed = not plan.unconfirmed
        note = None if confirmed else self._texts.pick("unconfirmed", self._rng)
        self._act(plan, Role.SUPERVISOR, "verify", confirmed=confirmed, note=note)

    def _step_register(self, plan: _Plan) -> None:
        self._act(plan, Role.SHIFT_LEADER, "register", tier="difficult" if plan.difficult else None)

    def _step_cancel(self, plan: _Plan) -> None:
        self._act(plan, Role.SHIFT_LEADER, "cancel", reason=self._texts.pick("cancel", self._rng))

    def _step_dispatch(self, plan: _Plan) -> None:
        right = plan.small.department
        # After a return the case goes to the responsible department, even when that is the one
        # that returned it: the workflow then counts the return as unjustified (推诿).
        department = right
        if plan.case.returned_by is None and plan.wrong_dispatch:
            plan.wrong_dispatch = False
            department = self._rng.choice([d for d in self._staffed if d != right])
        plan.done_at = None
        fields = {"department": department}
        if department == plan.case.returned_by:   # sending it back takes a reason
            fields["reason"] = "经核实属本部门职责"
        self._act(plan, Role.DISPATCHER, "dispatch", **fields)

    def _step_redispatch(self, plan: _Plan) -> None:
        plan.done_at = None
        self._act(plan, Role.DISPATCHER, "redispatch", department=plan.small.department,
                  reason=self._texts.pick("redispatch", self._rng))

    def _step_return(self, plan: _Plan) -> None:
        kind = "return" if plan.case.department_code != plan.small.department else "unjustified_return"
        self._act(plan, Role.DEPARTMENT, "return_case", reason=self._texts.pick(kind, self._rng))

    def _step_request_extension(self, plan: _Plan) -> None:
        self._act(plan, Role.DEPARTMENT, "request_extension", limit=plan.extension,
                  reason=self._texts.pick("extension", self._rng))

    def _step_request_suspension(self, plan: _Plan) -> None:
        self._act(plan, Role.DEPARTMENT, "request_suspension", reason=self._texts.pick("suspension", self._rng))

    def _step_decide(self, plan: _Plan) -> None:
        if plan.case.pending_request is PendingRequest.EXTENSION:
            self._act(plan, Role.SHIFT_LEADER, "decide_extension",
                      approve=self._rng.random() < self.rates.extension_approved)
        else:
            approve = self._rng.random() < self.rates.suspension_approved
            plan.done_at = None
            self._act(plan, Role.SHIFT_LEADER, "decide_suspension", approve=approve)

    def _step_resume(self, plan: _Plan) -> None:
        plan.done_at = None
        self._act(plan, Role.SHIFT_LEADER, "resume")

    def _step_report_done(self, plan: _Plan) -> None:
        plan.done_at = None
        self._act(plan, Role.DEPARTMENT, "report_done", note=self._texts.pick("done", self._rng))

    def _step_check(self, plan: _Plan) -> None:
        passed = plan.reworks <= 0
        plan.reworks -= 1
        note = None if passed else self._texts.pick("rework", self._rng)
        self._act(plan, Role.SUPERVISOR, "check", passed=passed, note=note)

    def _step_close(self, plan: _Plan) -> None:
        self._act(plan, Role.SHIFT_LEADER, "close")
