"""The KPIs of :mod:`commandcenter.kpi`, counted by the database.

Same definitions, expressed as one GROUP BY query, because loading 100,000 cases into Python
costs more than the counting. A test checks that this and ``kpi.compute`` agree case for case."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text

from commandcenter.kpi import GROUPINGS, KpiValues

_KEY_SQL = {
    "all": "'all'", "street": "street_code", "community": "community_code", "grid": "grid_code",
    "department": "COALESCE(department_code, returned_by)", "dispatcher": "dispatched_by",
    "supervisor": "reported_by", "class": "class_code", "source": "source",
}
_OPEN = "('reported','verifying','registering','dispatching','handling','checking','closing','suspended')"


def _inside(column: str) -> str:
    return f"({column} IS NOT NULL AND {column} >= :start AND {column} < :end)"


def _hours(dialect: str) -> str:
    if dialect == "sqlite":
        return "(julianday(handled_at) - julianday(dispatched_at)) * 24.0"
    return "EXTRACT(EPOCH FROM (handled_at - dispatched_at)) / 3600.0"


def _query(by: str, dialect: str) -> str:
    open_overdue = f"(status IN {_OPEN} AND stage_deadline IS NOT NULL AND stage_deadline < :as_of)"
    closed_of_due = _inside("closed_at")
    due = f"({closed_of_due} OR ({open_overdue} AND registered_at IS NOT NULL))"
    handled = f"({_inside('handled_at')} AND dispatched_at IS NOT NULL)"
    dispatched = _inside("dispatched_at")
    overdue = f"({open_overdue} OR (overdue_stages > 0 AND {_inside('updated_at')}))"
    true = "TRUE" if dialect != "sqlite" else "1"

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    def total(condition: str, value: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN {value} ELSE 0 END)"

    columns = {
        "reported": count(_inside("created_at")),
        "registered": count(_inside("registered_at")),
        "dispatched": count(dispatched),
        "handled": count(handled),
        "closed": count(_inside("closed_at")),
        "due_to_close": count(due),
        "closed_of_due": count(closed_of_due),
        "closed_on_time": count(f"({closed_of_due} AND overdue_stages = 0)"),
        "handled_on_time": count(f"({handled} AND handled_on_time = {true})"),
        "reworked": count(f"({handled} AND rework_count > 0)"),
        "extended": count(f"({dispatched} AND extension_count > 0)"),
        "returns": total(dispatched, "return_count"),
        "unjustified_returns": total(dispatched, "unjustified_returns"),
        "overdue": count(overdue),
        "_handling_hours_sum": total(handled, f"CASE WHEN {_hours(dialect)} > 0 THEN {_hours(dialect)} ELSE 0 END"),
    }
    select_list = ", ".join(f"{sql} AS {name.lstrip('_')}" for name, sql in columns.items())
    key = _KEY_SQL[by]
    group_by = "" if by == "all" else f" GROUP BY {key}"
    return (f"SELECT {key} AS group_key, {select_list} FROM cases WHERE created_at < :end "
            f"AND (updated_at >= :start OR status IN {_OPEN}){group_by}")


def _param(value: datetime, sqlite: bool):
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value


def compute_in_db(store, start: datetime, end: datetime, by: str = "all",
                  now: datetime | None = None) -> dict[str, KpiValues]:
    """What :func:`commandcenter.kpi.compute` gives for the stored cases, counted in SQL."""
    if by not in GROUPINGS:
        from commandcenter.errors import ValidationError

        raise ValidationError("by", by, f"unknown grouping (one of: {', '.join(GROUPINGS)})")
    dialect = store.engine.dialect.name
    sqlite = dialect == "sqlite"
    as_of = min(end, now) if now is not None else end
    params = {"start": _param(start, sqlite), "end": _param(end, sqlite), "as_of": _param(as_of, sqlite)}
    with store.engine.connect() as conn:
        rows = conn.execute(text(_query(by, dialect)), params).all()
    out: dict[str, KpiValues] = {}
    names = [n for n in vars(KpiValues())]
    for row in rows:
        values = KpiValues(**{n: (float(v or 0) if n == "_handling_hours_sum" else int(v or 0))
                              for n, v in zip(names, _ordered(row))})
        if any(vars(values).values()):
            key = row[0] if row[0] is not None else "—"
            out[key] = values
    return dict(sorted(out.items()))


def _ordered(row):
    """The row's counters in KpiValues' field order."""
    mapping = row._mapping
    return [mapping[name.lstrip("_")] for name in vars(KpiValues())]
