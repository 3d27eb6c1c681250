"""The picture's first read (every case at once, through the driver in batches) gives exactly
the cases the store gives one by one, on SQLite and PostgreSQL, and says how far it is."""
from __future__ import annotations

from tests.world import cell_point


def report_some(runtime, count: int) -> list[int]:
    """``count`` reported cases, the last one dispatched (a department and more timestamps)."""
    ids = []
    for i in range(count):
        lon, lat = cell_point(i)
        ids.append(runtime.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat,
                                          description=f"案件 {i}").id)
    runtime.service.act("taker", ids[-1], "accept")
    runtime.service.act("leader", ids[-1], "register")
    runtime.service.act("disp", ids[-1], "dispatch", department="szsr")
    return ids


def test_the_batched_snapshot_equals_the_cases_and_reports_each_batch(db_url, monkeypatch):
    import db.snapshot
    from tests.world import build_world

    runtime = build_world(db_url)
    ids = report_some(runtime, 7)
    monkeypatch.setattr(db.snapshot, "BATCH", 3)
    steps = []
    cases, seq = runtime.store.load_snapshot(progress=lambda done, total: steps.append((done, total)))
    assert seq == runtime.store.last_seq()
    assert cases == runtime.store.load_cases() == [runtime.store.case(i) for i in ids]
    assert steps == [(3, 7), (6, 7), (7, 7)]
    handled = cases[-1]
    assert handled.stage_deadline.tzinfo is not None and handled.created_at.utcoffset().total_seconds() == 0
