"""Run the simulator against the wall clock: simulated time = start + speed × elapsed.

When the database goes away (a PostgreSQL restart, a network cut) the run waits and tries
again instead of ending: the step that failed stays scheduled, simulated time runs on, and
once the database is back the due steps are taken in order. The log has no gap and no
duplicate because every step is one transaction with the case's expected version."""
from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from typing import Callable

from ..clock import local

TICK_S = 0.25
REPORT_EVERY_S = 60.0
#: the longest pause between two tries while the database is unreachable
RETRY_MAX_S = 5.0
#: the steps a progress line names, in life-cycle order
_SHOWN = ("report", "accept", "request_verify", "verify", "register", "dispatch", "return_case",
          "report_done", "check", "close", "request_extension", "request_suspension", "reject", "cancel")


def run_live(simulator, speed: float, *, duration_s: float | None = None, say: Callable[[str], None] = print,
             monotonic: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
             report_every_s: float = REPORT_EVERY_S,
             outage: Callable[[BaseException], str | None] = lambda exc: None) -> Counter:
    """Advance the simulation in real time until ``duration_s`` passes or Ctrl-C; every
    ``report_every_s`` (and at the end) ``say`` a line of what was done. ``outage(exc)`` says
    why the database is unreachable (None: ``exc`` is no outage and ends the run). Returns all
    steps taken."""
    began = monotonic()
    sim_start = simulator.clock.now
    since = Counter(simulator.counts)
    next_report = began + report_every_s
    down_since: float | None = None
    pause = TICK_S
    try:
        while duration_s is None or monotonic() - began < duration_s:
            elapsed = monotonic() - began
            try:
                simulator.observe()   # first: a cheap read that shows the database is back
                if down_since is not None:
                    say(f"database back after {monotonic() - down_since:.0f} s; simulation resumed")
                    down_since, pause = None, TICK_S
                simulator.run_until(sim_start + timedelta(seconds=speed * elapsed))
            except Exception as exc:
                why = outage(exc)
                if why is None:
                    raise
                if down_since is None:
                    down_since = monotonic()
                    say(f"database unreachable ({why}); waiting for it to come back…")
                sleep(pause)
                pause = min(pause * 2, RETRY_MAX_S)
                continue
            if monotonic() >= next_report:
                say(progress_line(simulator, since))
                since = Counter(simulator.counts)
                next_report += report_every_s
            sleep(TICK_S)
    except KeyboardInterrupt:
        pass
    say(progress_line(simulator, since))
    return Counter(simulator.counts)


def progress_line(simulator, since: Counter) -> str:
    done = Counter(simulator.counts)
    done.subtract(since)
    parts = [f"{step} {done[step]}" for step in _SHOWN if done[step] > 0]
    refused = sum(simulator.refused.values())
    tail = f"; {refused} steps refused so far (people acted first)" if refused else ""
    return (f"[sim {local(simulator.clock.now):%Y-%m-%d %H:%M}] {', '.join(parts) or 'nothing due'}; "
            f"{simulator.open_cases} open cases in play{tail}")
