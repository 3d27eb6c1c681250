"""The drag payload of a case row or card, dropped on a department of the linkage board."""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

from commandcenter.case import Case

MIME_CASE = "application/x-commandcenter-case"
"""JSON {"case_id", "version", "department"} of the case dragged, and with several rows dragged
at once (batch dispatch) "cases": a list of such objects, the first one included."""


def _entry(case: Case) -> dict:
    return {"case_id": case.id, "version": case.version, "department": case.department_code}


def case_mime_payload(case: Case, batch=()) -> bytes:
    """The drag payload of a case (see :data:`MIME_CASE`); ``batch``: every case dragged with it."""
    payload = _entry(case)
    if len(batch) > 1:
        payload["cases"] = [_entry(c) for c in batch]
    return json.dumps(payload).encode()


def read_case_mime(mime: QMimeData) -> dict | None:
    """The payload of a dragged case, or None when the drag carries something else."""
    if not mime.hasFormat(MIME_CASE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_CASE)).decode())
        return payload if isinstance(payload.get("case_id"), int) else None
    except (ValueError, AttributeError):
        return None
