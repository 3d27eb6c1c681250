"""The shared database as a :class:`commandcenter.ports.Store`."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Collection, Iterable, Iterator

from sqlalchemy import Connection, Engine, func, insert, null, or_, select, text, update

from commandcenter.case import Case, CaseEvent
from commandcenter.case_search import CaseQuery
from commandcenter.chain import hash_of
from commandcenter.errors import ConflictError, NotFound, ValidationError
from commandcenter.ports import Department
from commandcenter.roles import Role, User

from .case_states import record_state
from .busy import begin_writing
from .convert import CASE_COLUMNS, EVENT_COLUMNS, case_from_row, case_to_values, event_from_row, payload_json
from .engine import writer
from .models import AttachmentBlobRow, CaseEventRow, CaseRow, DepartmentRow, FeedCounter, Meta, UserRow
from .roles import WALL_EVENTS

NOTIFY_CHANNEL = "case_events"
_PHONE_AT = [c.name for c in CASE_COLUMNS].index("reporter_phone")
_USER_COLUMNS = (UserRow.name, UserRow.display_name, UserRow.role, UserRow.department_code, UserRow.active,
                 UserRow.district_code)


def user_from_row(row) -> User:
    name, display_name, role, department_code, active, district_code = row
    return User(name, display_name, Role(role), department_code, bool(active), district_code)


class SqlTransaction:
    """One unit of work on one connection; see :class:`commandcenter.ports.Transaction`."""

    def __init__(self, conn: Connection):
        self._conn = conn
        self._departments: frozenset[str] | None = None

    def user(self, name: str) -> User:
        row = self._conn.execute(select(*_USER_COLUMNS).where(UserRow.name == name)).first()
        if row is None:
            raise ValidationError("user", name, "unknown user")
        return user_from_row(row)

    def case_for_update(self, case_id: int) -> Case:
        row = self._conn.execute(select(*CASE_COLUMNS).where(CaseRow.id == case_id)).first()
        if row is None:
            raise NotFound("case", case_id)
        return case_from_row(row)

    def insert_case(self, draft: Case) -> int:
        values = case_to_values(draft)
        values.pop("id")
        values["version"] = 0
        return self._conn.execute(insert(CaseRow).values(**values).returning(CaseRow.id)).scalar_one()

    def save_case(self, case: Case, expected_version: int) -> None:
        values = case_to_values(case)
        values.pop("id")
        result = self._conn.execute(
            update(CaseRow).where(CaseRow.id == case.id, CaseRow.version == expected_version).values(**values))
        if result.rowcount != 1:
            row = self._conn.execute(
                select(CaseRow.number, CaseRow.updated_by, CaseRow.updated_at, CaseRow.version)
                .where(CaseRow.id == case.id)).first()
            if row is None:
                raise NotFound("case", case.id)
            raise ConflictError(row.number, row.updated_by, row.updated_at, row.version)
        record_state(self._conn, case)

    def append_event(self, event: CaseEvent) -> int:
        # The counter row's lock is held to commit, so sequence order equals commit order, and
        # the previous hash read under it is the hash of the event just before this one.
        seq, prev_hash = self._conn.execute(
            update(FeedCounter).where(FeedCounter.id == 1).values(last_seq=FeedCounter.last_seq + 1)
            .returning(FeedCounter.last_seq, FeedCounter.last_hash)).one()
        digest = hash_of(replace(event, seq=seq), prev_hash)
        self._conn.execute(insert(CaseEventRow).values(
            seq=seq, case_id=event.case_id, type=event.type, actor=event.actor, role=event.role,
            at=event.at, payload=payload_json(event.payload), hash=digest))
        self._conn.execute(update(FeedCounter).where(FeedCounter.id == 1).values(last_hash=digest))
        if self._conn.dialect.name == "postgresql":
            self._conn.execute(text("SELECT pg_notify(:channel, :seq)"),
                               {"channel": NOTIFY_CHANNEL, "seq": str(seq)})
        return seq

    def department_codes(self) -> frozenset[str]:
        if self._departments is None:
            self._departments = frozenset(self._conn.execute(select(DepartmentRow.code)).scalars())
        return self._departments

    def is_sandbox(self) -> bool:
        value = self._conn.execute(select(Meta.value).where(Meta.key == "sandbox")).scalar()
        return value == "1"

    def put_blob(self, sha256: str, media_type: str, data: bytes, at: datetime, by: str) -> None:
        if self._conn.execute(select(AttachmentBlobRow.sha256).where(AttachmentBlobRow.sha256 == sha256)).first():
            return
        self._conn.execute(insert(AttachmentBlobRow).values(sha256=sha256, media_type=media_type, size=len(data),
                                                            data=data, stored_at=at, stored_by=by))

    def known_external_numbers(self, numbers) -> frozenset[str]:
        """Which of these external order numbers (12345 hotline) already have a case."""
        numbers = sorted(set(numbers))
        known: set[str] = set()
        for i in range(0, len(numbers), 500):
            known.update(self._conn.execute(select(CaseRow.external_number).where(
                CaseRow.external_number.in_(numbers[i:i + 500]))).scalars())
        return frozenset(known)


class SqlStore:
    """Reads and unit-of-work writes on the shared database."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._readable_case_columns: tuple | None = None
        self._readable_events = None

    def _case_columns(self) -> tuple:
        """The case columns this login may read: the wall's PostgreSQL role sees no reporter's
        name or phone (db.roles.PRIVATE_COLUMNS), and reads them as empty."""
        if self._readable_case_columns is None:
            hidden: set[str] = set()
            if self.engine.dialect.name == "postgresql":
                with self.engine.connect() as conn:
                    hidden = {name for name in ("reporter_name", "reporter_phone") if not conn.execute(
                        text("SELECT has_column_privilege('cases', :c, 'SELECT')"), {"c": name}).scalar()}
            self._readable_case_columns = tuple(
                null().label(c.name) if c.name in hidden else c for c in CASE_COLUMNS)
        return self._readable_case_columns

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[SqlTransaction]:
        conn = begin_writing(self.engine)
        try:
            yield SqlTransaction(conn)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()

    # Cases and events -------------------------------------------------------------------
    def load_cases(self) -> list[Case]:
        with self.engine.connect() as conn:
            return [case_from_row(r) for r in conn.execute(select(*self._case_columns()).order_by(CaseRow.id))]

    def load_snapshot(self, progress=None, admit=None) -> tuple[list[Case], int]:
        """All cases and the last sequence number they include, read in one transaction;
        ``progress(rows_done, rows_total)`` hears every batch, and every case comes out through
        ``admit`` (a picture's; the personal-data mask is applied as the rows are read: db.snapshot)."""
        from commandcenter.collector import collector_paused

        from .snapshot import read_cases

        with collector_paused(), self.engine.connect() as conn, conn.begin():
            seq = conn.execute(select(FeedCounter.last_seq).where(FeedCounter.id == 1)).scalar_one()
            cases = read_cases(conn, self._case_columns(), progress, admit)
        return cases, seq

    def case(self, case_id: int) -> Case:
        with self.engine.connect() as conn:
            row = conn.execute(select(*self._case_columns()).where(CaseRow.id == case_id)).first()
        if row is None:
            raise NotFound("case", case_id)
        return case_from_row(row)

    def case_by_number(self, number: str) -> Case:
        with self.engine.connect() as conn:
            row = conn.execute(select(*self._case_columns()).where(CaseRow.number == number)).first()
        if row is None:
            raise NotFound("case", number)
        return case_from_row(row)

    def search_cases(self, query: CaseQuery) -> list[Case]:
        """:meth:`CaseQuery.matches` as one statement: substrings by LIKE, names as code lists,
        newest first by the primary key so a page stops reading as soon as it is full."""
        if query.is_empty:
            return []
        columns = self._case_columns()
        pattern = "%" + query.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # ILIKE folds case row by row (slow outside the C locale); text without letters that have
        # a case (Chinese, digits) needs no folding, and SQLite's LIKE already ignores ASCII case
        cased = query.text != query.text.upper()
        fold = "ilike" if cased and self.engine.dialect.name == "postgresql" else "like"
        texts = [CaseRow.number, CaseRow.description, CaseRow.grid_code, CaseRow.external_number]
        if query.with_phone and columns[_PHONE_AT] is CASE_COLUMNS[_PHONE_AT]:   # the wall's login reads no phone
            texts.append(CaseRow.reporter_phone)
        conditions = [getattr(column, fold)(pattern, escape="\\") for column in texts]
        for column, codes in ((CaseRow.street_code, query.street_codes),
                              (CaseRow.community_code, query.community_codes),
                              (CaseRow.class_code, query.class_codes)):
            if codes:
                conditions.append(column.in_(sorted(codes)))
        statement = select(*columns).where(or_(*conditions))
        if query.statuses:
            # status || '': not through the status index (every closed case, then a sort), but backwards
            # along the primary key, stopping at the page's last match
            statement = statement.where((CaseRow.status + "").in_(sorted(s.value for s in query.statuses)))
        if query.before_id is not None:
            statement = statement.where(CaseRow.id < query.before_id)
        statement = statement.order_by(CaseRow.id.desc()).limit(query.limit)
        with self.engine.connect() as conn:
            return [case_from_row(r) for r in conn.execute(statement)]

    def _event_table(self):
        """Where this login reads events from: the log itself, or for the wall's PostgreSQL role
        a view of it whose payloads carry no reporter's name or phone (db.roles)."""
        if self._readable_events is None:
            self._readable_events = CaseEventRow.__table__
            if self.engine.dialect.name == "postgresql":
                with self.engine.connect() as conn:
                    if not conn.execute(text("SELECT has_column_privilege('case_events', 'payload', 'SELECT')")).scalar():
                        self._readable_events = WALL_EVENTS
        return self._readable_events

    def _select_events(self):
        t = self._event_table()
        return t, select(t.c.seq, t.c.case_id, t.c.type, t.c.actor, t.c.role, t.c.at, t.c.payload)

    def events_after(self, seq: int, limit: int = 5000) -> list[CaseEvent]:
        t, query = self._select_events()
        with self.engine.connect() as conn:
            rows = conn.execute(query.where(t.c.seq > seq).order_by(t.c.seq).limit(limit))
            return [event_from_row(r) for r in rows]

    def events_of_case(self, case_id: int) -> list[CaseEvent]:
        t, query = self._select_events()
        with self.engine.connect() as conn:
            rows = conn.execute(query.where(t.c.case_id == case_id).order_by(t.c.seq))
            return [event_from_row(r) for r in rows]

    def events_between(self, start: datetime | None, end: datetime | None,
                       types: Collection[str] | None = None) -> list[CaseEvent]:
        t, query = self._select_events()
        query = query.order_by(t.c.seq)
        if start is not None:
            query = query.where(t.c.at >= start)
        if end is not None:
            query = query.where(t.c.at < end)
        if types is not None:
            query = query.where(t.c.type.in_(sorted(types)))
        with self.engine.connect() as conn:
            return [event_from_row(r) for r in conn.execute(query)]

    #: case ids per statement of :meth:`last_events` (well inside SQLite's bound parameters)
    IDS_PER_READ = 5000

    def last_events(self, case_ids: Iterable[int], event_type: str) -> dict[int, CaseEvent]:
        t, query = self._select_events()
        ids, found = sorted(set(case_ids)), {}
        with self.engine.connect() as conn:
            for at in range(0, len(ids), self.IDS_PER_READ):
                chunk = ids[at:at + self.IDS_PER_READ]
                rows = conn.execute(query.where(t.c.type == event_type, t.c.case_id.in_(chunk)).order_by(t.c.seq))
                for row in rows:
                    found[row.case_id] = row      # in sequence order: the last one stays
        return {case_id: event_from_row(row) for case_id, row in found.items()}

    def last_seq(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(FeedCounter.last_seq).where(FeedCounter.id == 1)).scalar_one()

    def blob(self, sha256: str) -> bytes | None:
        with self.engine.connect() as conn:
            data = conn.execute(select(AttachmentBlobRow.data).where(AttachmentBlobRow.sha256 == sha256)).scalar()
        return bytes(data) if data is not None else None

    # The hash chain (commandcenter.chain, checked by replay --verify) ----------------------
    def event_links(self, seq: int, limit: int = 5000) -> list[tuple[CaseEvent, str]]:
        """Events after ``seq`` with the hash each was stored with, in sequence order."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(*EVENT_COLUMNS, CaseEventRow.hash).where(CaseEventRow.seq > seq)
                                .order_by(CaseEventRow.seq).limit(limit))
            return [(event_from_row(r[:-1]), r[-1]) for r in rows]

    def log_head(self) -> tuple[int, str]:
        """The last sequence number handed out and the hash of that event."""
        with self.engine.connect() as conn:
            return tuple(conn.execute(select(FeedCounter.last_seq, FeedCounter.last_hash)
                                      .where(FeedCounter.id == 1)).one())

    # People and departments ---------------------------------------------------------------
    def departments(self) -> list[Department]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(DepartmentRow.code, DepartmentRow.name, DepartmentRow.name_en)
                                .order_by(DepartmentRow.code))
            return [Department(*r) for r in rows]

    def users(self) -> list[User]:
        with self.engine.connect() as conn:
            return [user_from_row(r) for r in conn.execute(select(*_USER_COLUMNS).order_by(UserRow.name))]

    def password_hash(self, name: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(UserRow.password_hash).where(UserRow.name == name)).scalar()

    @property
    def accounts(self):
        """Sign-in, lockout and the identity audit log (:class:`db.accounts.SqlAccounts`)."""
        from .accounts import SqlAccounts

        return SqlAccounts(self.engine)

    # Facts about this database ------------------------------------------------------------
    def history_identity(self, seqs=()) -> tuple:
        """Which history this database holds (see :mod:`db.history_identity`): the wall's check
        that it was not restored or recreated under it."""
        from .history_identity import history_identity

        return history_identity(self.engine, seqs)

    def meta(self, key: str, default: str | None = None) -> str | None:
        with self.engine.connect() as conn:
            value = conn.execute(select(Meta.value).where(Meta.key == key)).scalar()
        return default if value is None else value

    def set_meta(self, key: str, value: str) -> None:
        with writer(self.engine).begin() as conn:
            if conn.execute(select(func.count()).select_from(Meta).where(Meta.key == key)).scalar():
                conn.execute(update(Meta).where(Meta.key == key).values(value=value))
            else:
                conn.execute(insert(Meta).values(key=key, value=value))
