"""The drag payload of a case row or card, dropped on a department of the linkage board."""
from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

from commandcenter.case import Case

MIME_CASE = "application/x-commandcenter-case"
"""JSON {"case_id", "version", "department"}."""


def case_mime_payload(case: Case) -> bytes:
    """The drag payload of a case (see :data:`MIME_CASE`)."""
    return json.dumps({"case_id": case.id, "version": case.version,
                       "department": case.department_code}).encode()


def read_case_mime(mime: QMimeData) -> dict | None:
    """The payload of a dragged case, or None when the drag carries something else."""
    if not mime.hasFormat(MIME_CASE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_CASE)).decode())
        return payload if isinstance(payload.get("case_id"), int) else None
    except (ValueError, AttributeError):
        return None
