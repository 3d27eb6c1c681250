"""The components inventory (部件普查) with its CJ/T 214 attributes, in the ``components``
table the map reads its components from."""
from __future__ import annotations

from dataclasses import fields
from typing import Sequence

from sqlalchemy import delete, insert

from .engine import writer
from .models import ComponentRow
from .store import SqlStore

_CHUNK = 2000


def save_component_inventory(store: SqlStore, components: Sequence) -> None:
    """Replace the stored inventory with ``components`` (SurveyedComponent), in one transaction."""
    names = [f.name for f in fields(components[0])] if components else []
    columns = ["data_source" if name == "source" else name for name in names]
    # attribute by attribute: dataclasses.asdict deep-copies every value and costs ten times more
    rows = [dict(zip(columns, (getattr(c, name) for name in names))) for c in components]
    with writer(store.engine).begin() as conn:
        conn.execute(delete(ComponentRow))
        for i in range(0, len(rows), _CHUNK):
            conn.execute(insert(ComponentRow), rows[i:i + _CHUNK])
