"""SQLAlchemy 2.0 models: the shared database's schema. Only ``db`` imports this module."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator):
    """Aware UTC in and out, whatever the backend keeps (SQLite keeps naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to the database; the domain stores aware UTC")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Key/value facts about this database: datum, sandbox flag, calendar settings."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DistrictRow(Base):
    __tablename__ = "districts"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    datum: Mapped[str] = mapped_column(String(16))
    boundary_json: Mapped[str] = mapped_column(Text)
    area_m2: Mapped[float] = mapped_column(Float)


class StreetRow(Base):
    __tablename__ = "streets"
    code: Mapped[str] = mapped_column(String(9), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    district_code: Mapped[str] = mapped_column(ForeignKey("districts.code"))
    derived: Mapped[bool] = mapped_column(Boolean)


class CommunityRow(Base):
    __tablename__ = "communities"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    street_code: Mapped[str] = mapped_column(ForeignKey("streets.code"))
    derived: Mapped[bool] = mapped_column(Boolean)


class GridRow(Base):
    __tablename__ = "grids"
    code: Mapped[str] = mapped_column(String(15), primary_key=True)
    community_code: Mapped[str] = mapped_column(ForeignKey("communities.code"), index=True)
    street_code: Mapped[str] = mapped_column(ForeignKey("streets.code"))
    rings_json: Mapped[str] = mapped_column(Text)
    area_m2: Mapped[float] = mapped_column(Float)
    centroid_lon: Mapped[float] = mapped_column(Float)
    centroid_lat: Mapped[float] = mapped_column(Float)
    # migration 0007_data: when this version of the grid came into force (None: the first import)
    valid_from: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DistrictCacheRow(Base):
    """What is slow to derive from the stored geography, kept for the next start (migration
    0010_district, ``db.district_load``): one row per kind, valid only for the geography whose
    ``fingerprint`` it carries."""
    __tablename__ = "district_cache"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class GridHistoryRow(Base):
    """A version of a unit grid a later survey replaced or removed (migration 0007_data)."""

    __tablename__ = "grid_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(15), index=True)
    community_code: Mapped[str] = mapped_column(String(12))
    street_code: Mapped[str] = mapped_column(String(9))
    rings_json: Mapped[str] = mapped_column(Text)
    area_m2: Mapped[float] = mapped_column(Float)
    centroid_lon: Mapped[float] = mapped_column(Float)
    centroid_lat: Mapped[float] = mapped_column(Float)
    valid_from: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    valid_to: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class ComponentRow(Base):
    __tablename__ = "components"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    class_code: Mapped[str] = mapped_column(String(8))
    grid_code: Mapped[str] = mapped_column(ForeignKey("grids.code"), index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    # migration 0007_data: the CJ/T 214 attributes of a surveyed component (None in the demo's)
    name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    main_dept_code: Mapped[str | None] = mapped_column(String(32), nullable=True)      # 主管部门
    main_dept_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    owner_dept_code: Mapped[str | None] = mapped_column(String(32), nullable=True)     # 权属单位
    owner_dept_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    upkeep_dept_code: Mapped[str | None] = mapped_column(String(32), nullable=True)    # 养护单位
    upkeep_dept_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    state: Mapped[str | None] = mapped_column(String(32), nullable=True)
    initial_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    change_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    data_source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    note: Mapped[str | None] = mapped_column(String(200), nullable=True)


class DepartmentRow(Base):
    __tablename__ = "departments"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")


class UserRow(Base):
    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    department_code: Mapped[str | None] = mapped_column(ForeignKey("departments.code"), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: consecutive failed sign-ins, and until when the account refuses sign-in (back-off)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    #: removed users stay (disabled) so the event log's names keep pointing at someone
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    #: the one district (6 digits) a user works for; None: every district of the city
    district_code: Mapped[str | None] = mapped_column(String(6), nullable=True)


class AuthEventRow(Base):
    """The audit log of identity: sign-ins, failures, lockouts, account and password changes,
    local-administrator runs. Append-only by convention of the code that writes it."""

    __tablename__ = "auth_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    account: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text, default="")


class AuthSessionRow(Base):
    """A short-lived CLI session (``commandcenter signin``); only the token's SHA-256 is kept."""

    __tablename__ = "auth_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class HolidayRow(Base):
    """Admin-editable holiday table; overrides the official calendar (and fills its gaps)."""

    __tablename__ = "holidays"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")


class HolidayYearRow(Base):
    """A year whose published arrangement an administrator has entered and confirmed: its
    statutory holidays are no longer estimated."""

    __tablename__ = "holiday_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    confirmed_by: Mapped[str] = mapped_column(String(100))
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CaseRow(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), index=True)
    source: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    class_code: Mapped[str] = mapped_column(String(8))
    tier: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    grid_code: Mapped[str] = mapped_column(String(15), index=True)
    community_code: Mapped[str] = mapped_column(String(12))
    street_code: Mapped[str] = mapped_column(String(9))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    stage_started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stage_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str] = mapped_column(String(64))
    component_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    reporter_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    reporter_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reported_by: Mapped[str] = mapped_column(String(64))
    department_code: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    dispatched_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pending_request: Mapped[str | None] = mapped_column(String(16), nullable=True)
    pending_detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    registered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    handled_on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    overdue_stages: Mapped[int] = mapped_column(Integer, default=0)
    rework_count: Mapped[int] = mapped_column(Integer, default=0)
    return_count: Mapped[int] = mapped_column(Integer, default=0)
    unjustified_returns: Mapped[int] = mapped_column(Integer, default=0)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    dispatch_count: Mapped[int] = mapped_column(Integer, default=0)
    returned_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # migration 0005: orders from another platform (12345 hotline)
    external_number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    external_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    needs_placement: Mapped[bool] = mapped_column(Boolean, default=False)
    # migration 0007_loop: urging and escalation (催办/督办)
    urge_count: Mapped[int] = mapped_column(Integer, default=0)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    last_reminder: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # migration 0007_intake: duplicates (重复件) and merges (合并)
    duplicate_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    merged_into: Mapped[int | None] = mapped_column(Integer, nullable=True)
    merged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # migration 0008_badge: evidence files added (附件), for the board cards' badge
    attachment_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxRow(Base):
    """Outbound messages (短信/邮件) waiting to be sent, sent, or failed (migration 0007_loop);
    ``key`` (event seq and address) keeps one message per event and recipient."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(8))
    address: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    given_up: Mapped[bool] = mapped_column(Boolean, default=False)


class AddressRow(Base):
    """The address gazetteer (地址库, migration 0005a): WGS84 point of an address text."""

    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    address: Mapped[str] = mapped_column(Text)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    precision: Mapped[str] = mapped_column(String(16))


class CaseEventRow(Base):
    """The append-only event log. ``seq`` is handed out under the feed counter's row lock,
    so sequence order is commit order and a desk reading "after N" never skips one. The
    database refuses UPDATE and DELETE on it (triggers, migration 0003)."""

    __tablename__ = "case_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    type: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    payload: Mapped[str] = mapped_column(Text)
    #: SHA-256 over this event and the previous event's hash (commandcenter.chain)
    hash: Mapped[str] = mapped_column(String(64))


class CaseStateRow(Base):
    """Each case's state history (案件状态历史): what one event left of the fields the KPIs read,
    valid from that event until the case's next one (``valid_to`` None: still so). KPIs of a past
    window read the states valid at its end, not what the cases became later. Written with each
    case row (db.case_states); derived from the log, so migration 0006 backfills it by folding."""

    __tablename__ = "case_states"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    valid_from: Mapped[datetime] = mapped_column(UtcDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    stage_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    department_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    returned_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    dispatched_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    registered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    handled_on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    overdue_stages: Mapped[int] = mapped_column(Integer)
    rework_count: Mapped[int] = mapped_column(Integer)
    return_count: Mapped[int] = mapped_column(Integer)
    unjustified_returns: Mapped[int] = mapped_column(Integer)
    extension_count: Mapped[int] = mapped_column(Integer)
    # migration 0007_loop: urging and escalation (催办/督办)
    urge_count: Mapped[int] = mapped_column(Integer, default=0)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # migration 0007_intake
    duplicate_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    merged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # migration 0009_kpiasof: dispatch → report-done in whole seconds (db.case_states.DERIVED)
    handling_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AttachmentBlobRow(Base):
    """Evidence files (附件), stored once per SHA-256 of their bytes (migration 0007_intake); the
    ``attach`` events of the log point at them by hash."""

    __tablename__ = "attachment_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stored_by: Mapped[str] = mapped_column(String(64))


class FeedCounter(Base):
    """The log's head: the last sequence number handed out and that event's hash. Its row lock
    serialises appends, so the chain is built in sequence order."""

    __tablename__ = "feed_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


Index("ix_cases_open", CaseRow.status, CaseRow.stage_deadline)
Index("ux_cases_external_number", CaseRow.external_number, unique=True)
# migration 0009_kpiasof: the states valid at a moment (db.kpi_sql), from the index alone
Index("ix_case_states_now", CaseStateRow.valid_to, CaseStateRow.valid_from, CaseStateRow.status)
Index("ix_case_states_open", CaseStateRow.valid_to, CaseStateRow.status, CaseStateRow.valid_from)
