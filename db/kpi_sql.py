"""The KPIs of :mod:`commandcenter.kpi`, counted by the database as of their time.

The query is rendered from the same :data:`~commandcenter.kpi.COUNTERS` table the Python
counting is rendered from, over each case's state valid at as_of (``case_states``, e = "at
as_of") joined to its fixed facts (``cases``, c) and to its state at the window's start (b, for
what grew in the window). Loading 100,000 cases' histories into Python costs far more than the
counting, so the database counts.

The states counted are those valid at as_of that are open, or began at or after the window's
start (a case finished before the window adds nothing). They are found in three disjoint parts,
each an index range (migration 0009_kpiasof), never a walk over every state that ended after
as_of: the current states that began in the window, the current states open since before it,
and the states of cases that changed after as_of. On SQLite each part is counted with its own
GROUP BY and the parts are added up in the same statement (one snapshot); PostgreSQL ORs them
in one pass."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import text

from commandcenter.kpi import (COUNTERS, AllOf, AnyOf, Field, Growth, Inside, IsTrue, KpiValues, Known, One,
                               OverdueAtAsOf, Positive, Seconds, Zero, check_grouping)

from .case_states import DERIVED, STATE_FIELDS

_STORED = {times: name for name, times in DERIVED.items()}

_KEY_SQL = {
    "all": "'all'", "district": "substr(c.street_code, 1, 6)", "street": "c.street_code", "community": "c.community_code", "grid": "c.grid_code",
    "department": "COALESCE(e.department_code, e.returned_by)", "dispatcher": "e.dispatched_by",
    "supervisor": "c.reported_by", "class": "c.class_code", "source": "c.source",
}
_OPEN = "('reported','verifying','registering','dispatching','handling','checking','closing','suspended')"


def _valid_at(alias: str, moment: str, dialect: str) -> str:
    """The state row ``alias`` is the one its case was in at ``moment`` (events at it included);
    used with the case fixed (``alias``.case_id = …), so SQLite must not pick a time index."""
    plus = "+" if dialect == "sqlite" else ""
    return (f"{plus}{alias}.valid_from <= {moment} AND "
            f"({plus}{alias}.valid_to IS NULL OR {plus}{alias}.valid_to > {moment})")


def _state_parts(dialect: str, s: str = "s") -> tuple[str, ...]:
    """Conditions on a state row (alias ``s``) whose union is "valid at :as_of, and open or began at or
    after :start", in three disjoint parts that are each one range of a 0009_kpiasof index."""
    # "+": SQLite would otherwise range over valid_from and test the status row by row
    plus = "+" if dialect == "sqlite" else ""
    return (
        # current states that began in the window (up to as_of): ix_case_states_now
        f"{s}.valid_to IS NULL AND {s}.valid_from >= :start AND {s}.valid_from <= :as_of",
        # current states open since before the window: ix_case_states_open
        f"{s}.valid_to IS NULL AND {s}.status IN {_OPEN} AND {plus}{s}.valid_from < :start "
        f"AND {plus}{s}.valid_from <= :as_of",
        # cases that changed after as_of: their state then, found in ix_case_states_now alone
        f"{s}.valid_to > :as_of AND {s}.valid_from <= :as_of "
        f"AND ({s}.status IN {_OPEN} OR {s}.valid_from >= :start)",
    )


def _picked(dialect: str) -> tuple[str, ...]:
    """The parts of :func:`_state_parts` as conditions on the state row ``e``. SQLite reads the
    rows in table order (the sorted rowids of each index range), not in index order, which
    would jump around the file; PostgreSQL's bitmap scans do the same by themselves."""
    if dialect == "sqlite":
        return tuple(f"e.rowid IN (SELECT s.rowid FROM case_states s WHERE {part})" for part in _state_parts(dialect))
    return _state_parts(dialect, "e")


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
        if (node.since, node.until) in _STORED:   # worked out when the state was written
            return f"e.{_STORED[node.since, node.until]}"
        seconds = _seconds(_column(node.since), _column(node.until), dialect)
        return f"(CASE WHEN {seconds} > 0 THEN {seconds} ELSE 0 END)"
    raise TypeError(f"not a KPI condition or value: {node!r}")


def _aggregate(counter, dialect: str) -> str:
    """``counter`` summed over the rows (NULL when no row meets it; the caller reads 0). FILTER
    instead of SUM(CASE …): SQLite skips the value for rows that do not count."""
    when = _sql(counter.when, dialect)
    if isinstance(counter.adds, One):
        return f"COUNT(*) FILTER (WHERE {when})"
    return f"SUM({_sql(counter.adds, dialect)}) FILTER (WHERE {when})"


def kpi_query(by: str, dialect: str) -> str:
    check_grouping(by)
    sums = ", ".join(f"{_aggregate(c, dialect)} AS {c.name}" for c in COUNTERS)
    key = _KEY_SQL[by]
    group_by = "" if by == "all" else f" GROUP BY {key}"
    if dialect != "sqlite":
        # PostgreSQL: one pass, the parts OR-ed (bitmap scans of the indexes, or a parallel scan
        # when the moment is far back), and the state at start hashed in parallel
        picked = " OR ".join(f"({part})" for part in _picked(dialect))
        return (f"SELECT {key} AS group_key, {sums} FROM case_states e JOIN cases c ON c.id = e.case_id "
                f"LEFT JOIN case_states b ON b.case_id = e.case_id AND {_valid_at('b', ':start', dialect)} "
                f"WHERE {picked}{group_by}")
    # SQLite: each part one index range read in table order, counted with its own GROUP BY, the
    # parts added up; the state at start exists only for a case reported by then, and the
    # others skip its lookup
    at_start = (f"b.case_id = CASE WHEN c.created_at <= :start THEN e.case_id END "
                f"AND {_valid_at('b', ':start', dialect)}")
    parts = " UNION ALL ".join(
        f"SELECT {key} AS group_key, {sums} FROM case_states e JOIN cases c ON c.id = e.case_id "
        f"LEFT JOIN case_states b ON {at_start} WHERE {part}{group_by}"
        for part in _picked(dialect))
    added = ", ".join(f"SUM({c.name}) AS {c.name}" for c in COUNTERS)
    return f"SELECT group_key, {added} FROM ({parts}) parts GROUP BY group_key"


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
    query = " UNION ALL ".join(
        f"SELECT c.number, c.class_code, c.street_code, e.department_code, e.status, e.stage_deadline "
        f"FROM case_states e JOIN cases c ON c.id = e.case_id WHERE {part} "
        f"AND e.status IN {_OPEN} AND e.stage_deadline IS NOT NULL AND e.stage_deadline < :as_of"
        for part in _picked(dialect))
    from .models import UtcDateTime

    moment = _param(as_of, dialect == "sqlite")
    with store.engine.connect() as conn:   # start = as_of: the states valid at as_of that are open
        rows = conn.execute(text(query).columns(stage_deadline=UtcDateTime()),
                            {"as_of": moment, "start": moment}).all()
    return [OverdueCase(*row) for row in rows]


def changes_since(store, seq: int | None) -> tuple[int | None, datetime | None]:
    """The log's newest ``seq`` (None: empty), and the earliest time of the events appended after
    ``seq`` (None: none, or ``seq`` None). Seqs are handed out under a lock in commit order, so
    "after seq" misses no event; only the new events are read (the primary key's range)."""
    from .models import UtcDateTime

    with store.engine.connect() as conn:
        if seq is None:
            return conn.execute(text("SELECT MAX(seq) FROM case_events")).scalar(), None
        # one round trip; an emptied or replaced log shows as a smaller newest seq
        newest, earliest = conn.execute(
            text("SELECT (SELECT MAX(seq) FROM case_events) AS newest, "
                 "(SELECT MIN(at) FROM case_events WHERE seq > :seq) AS earliest")
            .columns(earliest=UtcDateTime()), {"seq": seq}).one()
        return newest, earliest
