"""Batch dispatch on a real SQLite file with two desks: each case its own transaction and
event; a case another desk took in the middle of the batch is named, the others are written."""
from __future__ import annotations

import pytest

from commandcenter.batch import BatchStep, run_batch
from commandcenter.case import Status
from commandcenter.errors import ConflictError, PermissionDenied
from commandcenter.runtime import build_runtime
from db import open_store
from db.backend import backend
from tests.world import build_world, cell_point


@pytest.fixture
def rt(sqlite_url):
    return build_world(sqlite_url)


def _dispatching(rt, n):
    ids = []
    for i in range(n):
        lon, lat = cell_point(i)
        case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat,
                                 description=f"批量 {i}")
        rt.service.act("taker", case.id, "accept")
        ids.append(rt.service.act("leader", case.id, "register"))
    return ids


class SecondDeskInTheMiddle:
    """Desk 1's service, except that before the batch's third case another desk (its own
    service and connection on the same file) dispatches that case first."""

    def __init__(self, service, other, case_id):
        self._service, self._other, self._case_id = service, other, case_id

    def act(self, actor, case_id, command, **kw):
        if case_id == self._case_id:
            self._other.act("disp2", case_id, "dispatch", department="cgzf")
        return self._service.act(actor, case_id, command, **kw)


def test_a_conflict_in_the_middle_names_its_case_and_leaves_the_others_written(rt, sqlite_url):
    cases = _dispatching(rt, 5)
    other_desk = build_runtime(open_store(sqlite_url), backend).service
    taken = cases[2]
    steps = [BatchStep(c.id, c.version, "dispatch", {"department": "szsr"}) for c in cases]
    outcome = run_batch(SecondDeskInTheMiddle(rt.service, other_desk, taken.id), "disp", steps)
    assert [c.id for c in outcome.written] == [c.id for i, c in enumerate(cases) if i != 2]
    assert len(outcome.refused) == 1
    step, error = outcome.refused[0]
    assert step.case_id == taken.id and isinstance(error, ConflictError)
    assert error.params["case_number"] == taken.number and "disp2" in str(error.params.values())
    for i, c in enumerate(cases):
        stored = rt.store.case(c.id)
        events = rt.store.events_of_case(c.id)
        assert stored.status is Status.HANDLING
        assert stored.department_code == ("cgzf" if i == 2 else "szsr")
        assert [e.type for e in events].count("dispatch") == 1      # one event per case, none twice
        assert events[-1].actor == ("disp2" if i == 2 else "disp")


def test_a_batch_by_someone_who_may_not_dispatch_writes_nothing(rt):
    cases = _dispatching(rt, 2)
    outcome = run_batch(rt.service, "taker", [BatchStep(c.id, c.version, "dispatch", {"department": "szsr"})
                                              for c in cases])
    assert outcome.written == [] and all(isinstance(e, PermissionDenied) for _, e in outcome.refused)
    assert {rt.store.case(c.id).status for c in cases} == {Status.DISPATCHING}
