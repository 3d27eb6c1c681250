"""simulate: stream live, simulated activity into a database for demos and load tests."""
from __future__ import annotations

import random

from ..clock import local, parse_local, utc_now
from ..errors import DomainError, ValidationError
from ..roles import Role
from . import add_db_option

MAX_SPEED = 100000.0


def register(sub) -> None:
    p = sub.add_parser("simulate", help="play the field and the departments live (simulated time = start + "
                                        "speed × elapsed)")
    add_db_option(p)
    p.add_argument("--speed", type=float, default=60.0, help="simulated seconds per real second (default 60)")
    p.add_argument("--auto-dispatch", action="store_true", help="also play the dispatcher (default: people dispatch)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    p.add_argument("--duration-s", type=float, default=None, help="stop after this many real seconds (default: Ctrl-C)")
    p.add_argument("--start", default=None, help="simulated start (local date/time, e.g. 2026-12-08T08:00; "
                                                 "default: now, never before the log's last event)")
    p.add_argument("--volume", type=float, default=1.0, help="report volume relative to a central district's (1.0)")
    p.set_defaults(handler=cmd_simulate)


def cmd_simulate(args) -> int:
    from ..simulator.live import run_live

    if not 0 < args.speed <= MAX_SPEED:
        raise ValidationError("--speed", args.speed, f"must be above 0 and at most {MAX_SPEED:g}")
    if args.duration_s is not None and args.duration_s < 0:
        raise ValidationError("--duration-s", args.duration_s, "must not be negative")
    if not 0 < args.volume <= 100:
        raise ValidationError("--volume", args.volume, "must be above 0 and at most 100")
    try:
        start = parse_local(args.start) if args.start else None
    except ValidationError as exc:
        raise ValidationError("--start", args.start, exc.problem) from None
    store = args.backend.open_store(args.db)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
    simulator, start, adopted = build_simulator(store, args.backend, seed, auto_dispatch=args.auto_dispatch,
                                                volume=args.volume, start=start)
    who = "the field, the control room and the departments" if args.auto_dispatch else \
        "the field, the control room except dispatch, and the departments"
    print(f"simulating {who} in {store.url} from {local(start):%Y-%m-%d %H:%M} at {args.speed:g}× "
          f"(seed {seed}); {adopted} open cases taken over; Ctrl-C stops", flush=True)
    run_live(simulator, args.speed, duration_s=args.duration_s, say=lambda line: print(line, flush=True),
             outage=lambda exc: outage_reason(args.backend, exc))
    return 0


def build_simulator(store, backend, seed: int, *, auto_dispatch: bool = False, volume: float = 1.0, start=None):
    """(simulator, simulated start, open cases taken over) for live play on ``store``; ``start``
    (e.g. a working morning, for a soak with events flowing) must not be before the log's last event."""
    from ..runtime import build_runtime
    from ..simulator import SimClock, Simulator

    runtime = build_runtime(store, backend)
    if runtime.district_map is None:
        raise DomainError(f"the database at {store.url} has no district yet; run `demo` or `import-district` first")
    users = store.users()
    if not any(u.role in (Role.SUPERVISOR, Role.CALL_TAKER) for u in users):
        raise DomainError(f"the database at {store.url} has no supervisor or call-taker to report cases; "
                          "add users first (`user add`) or use the demo")
    last = _last_event_time(store)
    if start is not None and last is not None and start < last:
        raise ValidationError("--start", local(start).isoformat(),
                              f"before the log's last event ({local(last):%Y-%m-%d %H:%M}): the log only grows forward")
    if start is None:
        start = max(utc_now(), last or utc_now())
    simulator = Simulator(runtime, users, runtime.district_map, runtime.catalog, seed, clock=SimClock(start),
                          components=backend.components(store), auto_dispatch=auto_dispatch, volume=volume)
    adopted = simulator.adopt(c for c in store.load_cases() if c.is_open)
    return simulator, start, adopted


def outage_reason(backend, exc: BaseException) -> str | None:
    """Why the database cannot be reached now, when ``exc`` says so (a restart, a lock held
    too long); None for any other failure, which ends the run."""
    fault = backend.explain_fault(exc, "")
    if fault is not None and fault.code in ("server_unreachable", "database_busy"):
        return fault.params.get("detail") or fault.code
    return None


def _last_event_time(store):
    """Simulated time may have run ahead of the clock before: never write into the past."""
    last = store.last_seq()
    events = store.events_after(last - 1, limit=1) if last else []
    return events[0].at if events else None
