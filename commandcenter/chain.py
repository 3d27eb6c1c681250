"""The hash chain of the event log (防篡改日志): every event carries a SHA-256 over its own
content and the previous event's hash, so changing, deleting, inserting or reordering any
stored event breaks every link after it, and ``replay --verify`` names the first broken one.

The hash is defined on the domain's values, not on the database's text, so SQLite and
PostgreSQL (and a bulk load) give the same chain for the same history.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Mapping

#: the "previous hash" of the first event of a database
GENESIS = "0" * 64


def canonical_payload(payload: Mapping[str, Any]) -> str:
    """The payload as the log stores it: sorted keys, UTF-8, datetimes as ISO text."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_iso)


def event_hash(prev_hash: str, seq: int, case_id: int, type_: str, actor: str, role: str, at: datetime,
               payload: Mapping[str, Any]) -> str:
    """The link of event ``seq`` after the event whose hash is ``prev_hash``."""
    # the payload enters as its canonical text would read back (datetimes as ISO text), encoded
    # in one pass: the same bytes as json.loads(canonical_payload(payload)) there, without the round trip
    content = _CONTENT.encode([prev_hash, seq, case_id, type_, actor, role, _utc_text(at), payload])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def hash_of(event, prev_hash: str) -> str:
    """:func:`event_hash` of a :class:`commandcenter.case.CaseEvent` (with its ``seq``)."""
    return event_hash(prev_hash, event.seq, event.case_id, event.type, event.actor, event.role, event.at,
                      event.payload)


def _utc_text(at: datetime) -> str:
    # microseconds always written: both databases keep them, and isoformat() drops ".000000"
    return at.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _iso(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {value!r} in an event payload")


_CONTENT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso)
