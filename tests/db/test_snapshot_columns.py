"""The picture's first read, column by column, gives exactly what the row-by-row read gives
(:func:`db.convert.case_from_row` through SQLAlchemy's own result processing) — every enum value,
NULL and not NULL in every nullable column, every datetime column as aware UTC, booleans as
booleans — on SQLite and PostgreSQL; and masked for a viewer who may not see personal data
exactly as :func:`commandcenter.privacy.masked_case` masks each case."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from commandcenter.case import Case, PendingRequest, Source, Status, Tier
from commandcenter.privacy import masked_case
from db import open_store
from db.convert import CASE_COLUMNS, case_from_row
from db.models import CaseRow, UtcDateTime

T0 = datetime(2026, 1, 30, 23, 59, 59, 999999, tzinfo=timezone.utc)
NAMES = [None, "", "张三丰", "欧阳", "李*", "X"]
PHONES = [None, "", "13812345678", "010-6512-3456", "139****5678", "6512345", "12", "+86 138 1234 5678", "١٢٣٤٥٦٧٨"]
OPTIONAL_TIMES = ["stage_deadline", "registered_at", "dispatched_at", "handled_at", "closed_at",
                  "external_deadline", "merged_at"]
OPTIONAL_TEXTS = ["component_code", "department_code", "dispatched_by", "pending_detail", "returned_by",
                  "external_number", "last_reminder"]


def varied_case(i: int) -> Case:
    """Case ``i`` of a set in which every enum value occurs and every optional column is empty in
    some cases and filled in others (each by its own bit of ``i``)."""
    at = T0 + timedelta(days=i % 40, hours=i % 24, seconds=i * 7, microseconds=0 if i % 5 == 0 else i * 131)
    optional = {}
    for bit, name in enumerate(OPTIONAL_TIMES):
        optional[name] = at + timedelta(hours=bit + 1) if (i >> bit) & 1 else None
    for bit, name in enumerate(OPTIONAL_TEXTS):
        optional[name] = f"{name[:4]}{i}" if (i >> (bit + 1)) & 1 else None
    return Case(0, f"2026{i:08d}", 1, list(Status)[i % len(Status)], list(Source)[i % len(Source)],
                ("event", "component")[i % 2], "E0102", list(Tier)[i % len(Tier)], f"描述 {i}", 116.4 + i / 1e5,
                39.9 - i / 1e5, "990101001001001", "990101001001", "990101001", at, at + timedelta(minutes=3),
                updated_at=at + timedelta(minutes=5), updated_by="disp",
                reporter_name=NAMES[i % len(NAMES)], reporter_phone=PHONES[(i // 2) % len(PHONES)],
                reported_by="sup", pending_request=[None, *PendingRequest][i % 3],
                handled_on_time=[None, True, False][i % 3], needs_placement=bool(i % 2),
                overdue_stages=i % 3, rework_count=i % 4, return_count=i % 2, merged_into=i if i % 7 == 0 else None,
                attachment_count=i % 5, **optional)


def store_of_varied_cases(url: str, count: int = 130):
    """The store at ``url`` holding :func:`varied_case` 0 … ``count`` - 1."""
    store = open_store(url)
    with store.transaction() as tx:
        for i in range(count):
            tx.insert_case(varied_case(i))
    return store


@pytest.fixture
def store_with_cases(db_url):
    return store_of_varied_cases(db_url)


def row_by_row(store) -> list[Case]:
    with store.engine.connect() as conn:
        return [case_from_row(row) for row in conn.execute(select(*CASE_COLUMNS).order_by(CaseRow.id))]


def shown(cases) -> list[str]:
    """What the cases hold, type for type: a datetime's zone, a boolean not an integer, an enum member."""
    return [repr(c) for c in cases]


def test_the_column_read_equals_the_row_by_row_read_with_every_enum_null_and_datetime(store_with_cases,
                                                                                      monkeypatch):
    import db.snapshot

    monkeypatch.setattr(db.snapshot, "BATCH", 17)   # batches of every size, the last one short
    expected = row_by_row(store_with_cases)
    cases, _seq = store_with_cases.load_snapshot()
    assert shown(cases) == shown(expected)
    assert all(type(c) is Case for c in cases)
    for name in ("status", "source", "tier", "pending_request"):   # every value of every enum came through
        enum = type(getattr(cases[1], name)) if name != "pending_request" else PendingRequest
        assert {getattr(c, name) for c in cases} >= set(enum)
    times = [f.name for f in dataclasses.fields(Case)
             if isinstance(CaseRow.__table__.c[f.name].type, UtcDateTime)]
    assert len(times) == 10
    for name in times:
        values = [getattr(c, name) for c in cases]
        assert any(v is None for v in values) == (name in OPTIONAL_TIMES)
        assert all(v.tzinfo is timezone.utc for v in values if v is not None), name
    assert {c.handled_on_time for c in cases} == {None, True, False}


def test_a_masked_read_masks_each_case_as_the_picture_would(store_with_cases):
    expected = row_by_row(store_with_cases)
    cases, _seq = store_with_cases.load_snapshot(admit=masked_case)
    assert shown(cases) == shown(masked_case(c) for c in expected)
    assert any(c.reporter_phone == "*******5678" for c in cases)
    assert not any("13812345678" in repr(c) for c in cases)

    def tagged(case: Case) -> Case:   # any other view of a case is applied case by case
        return dataclasses.replace(case, description=case.description + " ✓")

    cases, _seq = store_with_cases.load_snapshot(admit=tagged)
    assert shown(cases) == shown(tagged(c) for c in expected)


def test_datetime_text_the_fast_parse_does_not_read_is_read_as_before(sqlite_url):
    """SQLite keeps datetimes as text: text written by hand (no fraction, a 'T', a date alone)
    reads as the row-by-row read reads it."""
    store = open_store(sqlite_url)
    with store.transaction() as tx:
        for i in range(4):
            tx.insert_case(varied_case(i))
    with store.engine.begin() as conn:
        for case_id, written in ((1, "2026-01-02 03:04:05"), (2, "2026-01-02T03:04:05.5"), (3, "2026-01-02")):
            conn.execute(text("UPDATE cases SET created_at = :t, merged_at = :t WHERE id = :id"),
                         {"t": written, "id": case_id})
    cases, _seq = store.load_snapshot()
    assert shown(cases) == shown(row_by_row(store))
    assert cases[2].created_at == datetime(2026, 1, 2, tzinfo=timezone.utc)


def test_cases_built_fast_are_cases_in_every_respect():
    from db.snapshot import _make_case

    values = dataclasses.astuple(varied_case(3))
    made, plain = _make_case(*values), Case(*values)
    assert type(made) is Case and made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.status = Status.CLOSED   # type: ignore[misc]
    assert dataclasses.replace(made, version=2) == dataclasses.replace(plain, version=2)
