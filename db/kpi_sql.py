"""The KPIs of :mod:`commandcenter.kpi`, counted by the database as of their time.

The query is rendered from the same :data:`~commandcenter.kpi.COUNTERS` table the Python
counting is rendered from, over each case's state valid at as_of (``case_states``, e = "at
as_of") joined to its fixed facts (``cases``, c) and to its state at the window's start (b, for
what grew in the window). One GROUP BY, because loading 100,000 cases' histories into Python
costs far more than the counting."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text

from commandcenter.kpi import (COUNTERS, AllOf, AnyOf, Field, Growth, Inside, IsTrue, KpiValues, Known, One,
                               OverdueAtAsOf, Positive, Seconds, Zero, check_grouping)

from .case_states import STATE_FIELDS

_KEY_SQL = {
    "all": "'all'", "district": "substr(c.street_code, 1, 6)", "street": "c.street_code", "community": "c.community_code", "grid": "c.grid_code",
    "department": "COALESCE(e.department_code, e.returned_by)", "dispatcher": "e.dispatched_by",
    "supervisor": "c.reported_by", "class": "c.class_code", "source": "c.source",
}
_OPEN = "('reported','verifying','registering','dispatching','handling','checking','closing','suspended')"


def _valid_at(alias: str, moment: str, dialect: str) -> str:
    """The state row ``alias`` is the one its case was in at ``moment`` (events at it included)."""
    # SQLite would walk the valid_from index, i.e. every state before the moment; "+" keeps it on
    # valid_to, where the states valid at a recent moment are (about one per case)
    since = f"+{alias}.valid_from" if dialect == "sqlite" else f"{alias}.valid_from"
    return f"{since} <= {moment} AND ({alias}.valid_to IS NULL OR {alias}.valid_to > {moment})"


def _column(field: str, alias: str = "e") -> str:
    return f"{alias}.{field}" if field in STATE_FIELDS else f"c.{field}"


def _seconds(since: str, until: str, dialect: str) -> str:
    """Whole seconds between two times, fractions dropped first (exact, as in Python)."""
    if dialect == "sqlite":
        # SQLite's date functions round to the millisecond (…59.9996 would become the next
        # second): cut the stored text to whole seconds before it reads it
        return (f"(CAST(strftime('%s', substr({until}, 1, 19)) AS INTEGER) "
                f"- CAST(strftime('%s', substr({since}, 1, 19)) AS INTEGER))")
    return (f"CAST(EXTRACT(EPOCH FROM date_trunc('second', {until})) "
            f"- EXTRACT(EPOCH FROM date_trunc('second', {since})) AS BIGINT)")


def _sql(node, dialect: str) -> str:
    """``node`` of a counter as SQL; the twin of ``commandcenter.kpi._python``."""
    if isinstance(node, Inside):   # a NULL time compares to NULL, never true: no IS NOT NULL needed
        col = _column(node.field)
        return f"({col} >= :start AND {col} < :end)"
    if isinstance(node, Known):
        return f"({_column(node.field)} IS NOT NULL)"
    if isinstance(node, Positive):
        return f"({_column(node.field)} > 0)"
    if isinstance(node, Zero):
        return f"({_column(node.field)} = 0)"
    if isinstance(node, IsTrue):
        return f"({_column(node.field)} = {'1' if dialect == 'sqlite' else 'TRUE'})"
    if isinstance(node, OverdueAtAsOf):   # Case.is_overdue(as_of)
        return f"(e.status IN {_OPEN} AND e.stage_deadline IS NOT NULL AND e.stage_deadline < :as_of)"
    if isinstance(node, (AllOf, AnyOf)):
        if not node.parts:
            return "(1 = 1)" if isinstance(node, AllOf) else "(1 = 0)"
        joiner = " AND " if isinstance(node, AllOf) else " OR "
        return "(" + joiner.join(_sql(p, dialect) for p in node.parts) + ")"
    if isinstance(node, One):
        return "1"
    if isinstance(node, Field):
        return _column(node.field)
    if isinstance(node, Growth):
        return f"({_column(node.field)} - COALESCE({_column(node.field, 'b')}, 0))"
    if isinstance(node, Seconds):
        seconds = _seconds(_column(node.since), _column(node.until), dialect)
        return f"(CASE WHEN {seconds} > 0 THEN {seconds} ELSE 0 END)"
    raise TypeError(f"not a KPI condition or value: {node!r}")


def kpi_query(by: str, dialect: str) -> str:
    check_grouping(by)
    sums = ", ".join(f"SUM(CASE WHEN {_sql(c.when, dialect)} THEN {_sql(c.adds, dialect)} ELSE 0 END) AS {c.name}"
                     for c in COUNTERS)
    key = _KEY_SQL[by]
    group_by = "" if by == "all" else f" GROUP BY {key}"
    # a state that ended its case (closed, rejected, cancelled) before the window adds nothing
    return (f"SELECT {key} AS group_key, {sums} FROM case_states e JOIN cases c ON c.id = e.case_id "
            f"LEFT JOIN case_states b ON b.case_id = e.case_id AND {_valid_at('b', ':start', dialect)} "
            f"WHERE {_valid_at('e', ':as_of', dialect)} AND (e.status IN {_OPEN} OR e.valid_from >= :start){group_by}")


def _param(value: datetime, sqlite: bool):
    value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value


def compute_in_db(store, start: datetime, end: datetime, by: str = "all",
                  now: datetime | None = None) -> dict[str, KpiValues]:
    """What :func:`commandcenter.kpi.compute` gives for the stored cases as they stood at
    min(end, now) (and at ``start``), counted in SQL."""
    dialect = store.engine.dialect.name
    sqlite = dialect == "sqlite"
    as_of = min(end, now) if now is not None else end
    params = {"start": _param(start, sqlite), "end": _param(end, sqlite), "as_of": _param(as_of, sqlite)}
    with store.engine.connect() as conn:
        rows = conn.execute(text(kpi_query(by, dialect)), params).all()
    out: dict[str, KpiValues] = {}
    for row in rows:
        values = KpiValues(**{c.name: int(row._mapping[c.name] or 0) for c in COUNTERS})
        if any(values.counts().values()):
            out[row.group_key if row.group_key is not None else "—"] = values
    return dict(sorted(out.items()))


def overdue_at(store, as_of: datetime) -> list:
    """The cases open and past their stage deadline at ``as_of``, as they stood then: their
    state rows valid at that moment (``case_states``), never a fold of the whole log."""
    from commandcenter.reports.evaluation import OverdueCase

    dialect = store.engine.dialect.name
    query = (f"SELECT c.number, c.class_code, c.street_code, e.department_code, e.status, e.stage_deadline "
             f"FROM case_states e JOIN cases c ON c.id = e.case_id WHERE {_valid_at('e', ':as_of', dialect)} "
             f"AND e.status IN {_OPEN} AND e.stage_deadline IS NOT NULL AND e.stage_deadline < :as_of")
    from .models import UtcDateTime

    with store.engine.connect() as conn:
        rows = conn.execute(text(query).columns(stage_deadline=UtcDateTime()),
                            {"as_of": _param(as_of, dialect == "sqlite")}).all()
    return [OverdueCase(*row) for row in rows]
