"""Rows ↔ domain objects. Callers of ``db`` only ever see domain objects."""
from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime
from operator import attrgetter

from commandcenter.case import Case, CaseEvent, PendingRequest, Source, Status, Tier
from commandcenter.clock import as_utc

from .models import CaseEventRow, CaseRow

CASE_FIELDS = tuple(f.name for f in fields(Case))
CASE_COLUMNS = tuple(getattr(CaseRow.__table__.c, name) for name in CASE_FIELDS)
EVENT_COLUMNS = (CaseEventRow.seq, CaseEventRow.case_id, CaseEventRow.type, CaseEventRow.actor,
                 CaseEventRow.role, CaseEventRow.at, CaseEventRow.payload)
_CASE_VALUES = attrgetter(*CASE_FIELDS)
_ENUMS = {"status": Status, "source": Source, "tier": Tier, "pending_request": PendingRequest}


def case_from_row(row) -> Case:
    values = dict(zip(CASE_FIELDS, row))
    for name, enum in _ENUMS.items():
        if values[name] is not None:
            values[name] = enum(values[name])
    return Case(**values)


def case_to_values(case: Case) -> dict:
    values = {name: getattr(case, name) for name in CASE_FIELDS}
    for name in _ENUMS:
        if values[name] is not None:
            values[name] = values[name].value
    return values


_ENUM_POSITIONS = tuple(CASE_FIELDS.index(name) for name in _ENUMS)


def case_to_tuple(case: Case) -> tuple:
    """:func:`case_to_values` as a tuple in :data:`CASE_FIELDS` order (bulk copies)."""
    values = list(_CASE_VALUES(case))
    for i in _ENUM_POSITIONS:
        if values[i] is not None:
            values[i] = values[i].value
    return tuple(values)


def event_from_row(row) -> CaseEvent:
    seq, case_id, type_, actor, role, at, payload = row
    return CaseEvent(case_id=case_id, type=type_, actor=actor, role=role, at=as_utc(at),
                     payload=json.loads(payload), seq=seq)


def payload_json(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_default)


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r} in an event payload")
