"""Two desks (two processes) act on the same case at the same moment, 200 times: exactly one
wins each time both saw the same version; the loser is told who won; no event is duplicated
or lost."""
from __future__ import annotations

import multiprocessing as mp

import pytest

from commandcenter.errors import ConflictError
from tests.world import build_world, cell_point

ATTEMPTS = 200


def _desk(url: str, user: str, case_id: int, barrier, results) -> None:
    from commandcenter.runtime import build_runtime
    from db import open_store
    from db.backend import backend

    rt = build_runtime(open_store(url, upgrade=False), backend)
    outcomes = []
    for attempt in range(ATTEMPTS):
        barrier.wait()
        seen = rt.store.case(case_id)
        barrier.wait()  # both desks have looked at the same version; now both act at once
        target = "cgzf" if seen.department_code != "cgzf" else "szsr"
        try:
            rt.service.act(user, case_id, "redispatch", expected_version=seen.version,
                           department=target, reason=f"attempt {attempt}")
            outcomes.append((attempt, seen.version, "won", ""))
        except ConflictError as exc:
            outcomes.append((attempt, seen.version, "conflict", exc.changed_by))
    results.put((user, outcomes))


def _run(url: str) -> None:
    rt = build_world(url)
    lon, lat = cell_point(0)
    case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="争用")
    for step, who, fields in (("accept", "taker", {}), ("register", "leader", {}),
                              ("dispatch", "disp", {"department": "szsr"})):
        case = rt.service.act(who, case.id, step, **fields)
    events_before = len(rt.store.events_of_case(case.id))

    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_desk, args=(url, user, case.id, barrier, results)) for user in ("disp", "disp2")]
    for p in procs:
        p.start()
    outcomes = dict(results.get(timeout=300) for _ in procs)
    for p in procs:
        p.join(30)
        assert p.exitcode == 0

    wins = sum(1 for runs in outcomes.values() for o in runs if o[2] == "won")
    conflicts = [(user, o) for user, runs in outcomes.items() for o in runs if o[2] == "conflict"]
    assert wins + len(conflicts) == 2 * ATTEMPTS and wins == ATTEMPTS
    same_version_rounds = 0
    for attempt in range(ATTEMPTS):
        a, b = outcomes["disp"][attempt], outcomes["disp2"][attempt]
        if a[1] == b[1]:
            same_version_rounds += 1
            assert sorted((a[2], b[2])) == ["conflict", "won"], f"attempt {attempt}: {a} {b}"
    assert same_version_rounds == ATTEMPTS, "both desks looked before either acted, every time"
    for user, (_, _, _, winner) in conflicts:
        assert winner == ({"disp", "disp2"} - {user}).pop(), "the loser is told the other desk won"

    events = rt.store.events_of_case(case.id)
    assert len(events) == events_before + wins
    seqs = [e.seq for e in events]
    assert len(set(seqs)) == len(seqs) and seqs == sorted(seqs)
    final = rt.store.case(case.id)
    assert final.version == len(events) and final.dispatch_count == 1 + wins


@pytest.mark.slow
def test_two_processes_on_sqlite(sqlite_url):
    _run(sqlite_url)


@pytest.mark.slow
@pytest.mark.pg
def test_two_processes_on_postgres(pg_url):
    _run(pg_url)
