"""The video wall's read-only PostgreSQL role, so even a bug in the wall cannot write.

``commandcenter_wall_ro`` is a NOLOGIN group role with SELECT on every table of the schema
(and, through default privileges, on tables later migrations create). Wall users are LOGIN
roles in that group whose sessions also default to read-only transactions. Roles are global to
the PostgreSQL server; the grants are per database. SQLite has no roles: the wall opens the
file with ``PRAGMA query_only``.
"""
from __future__ import annotations

import re

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text, text

from commandcenter.errors import DomainError, ValidationError

from .engine import writer
from .models import UtcDateTime

WALL_ROLE = "commandcenter_wall_ro"
_USER_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def _execute_formatted(conn: Connection, template: str, *values: str) -> None:
    """Run ``format(template, values…)`` as the server renders it (%I identifiers, %L literals):
    role DDL takes no bind parameters, and nothing is quoted by hand here."""
    args = "".join(f", CAST(:v{i} AS text)" for i in range(len(values)))
    statement = conn.execute(text(f"SELECT format(CAST(:template AS text){args})"),
                             {"template": template, **{f"v{i}": v for i, v in enumerate(values)}}).scalar_one()
    # as the driver's text, untouched: a password may contain ':' or '%'
    conn.exec_driver_sql(statement)


def _schema(conn: Connection) -> str:
    return conn.execute(text("SELECT current_schema()")).scalar_one()


def ensure_wall_role(conn: Connection) -> bool:
    """Create the group role if missing and grant it SELECT in this database's current schema.
    False (nothing done) on SQLite, or when the role is missing and this user may not create it."""
    if conn.dialect.name != "postgresql":
        return False
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": WALL_ROLE}).scalar()
    if not exists:
        may_create = conn.execute(text(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar()
        if not may_create:
            return False
        # another database's migration may create it at the same moment
        conn.execute(text(f"DO $$ BEGIN CREATE ROLE {WALL_ROLE} NOLOGIN; "
                          "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"))
    schema = _schema(conn)
    _execute_formatted(conn, "GRANT USAGE ON SCHEMA %I TO %I", schema, WALL_ROLE)
    _execute_formatted(conn, "GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I", schema, WALL_ROLE)
    _execute_formatted(conn, "ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO %I", schema, WALL_ROLE)
    hide_private_columns(conn, WALL_ROLE)
    return True


def revoke_wall_role(conn: Connection) -> None:
    """Undo this database's grants (the role itself may serve other databases and stays)."""
    if conn.dialect.name != "postgresql":
        return
    if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": WALL_ROLE}).scalar():
        return
    schema = _schema(conn)
    _execute_formatted(conn, "ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM %I",
                       schema, WALL_ROLE)
    _execute_formatted(conn, "REVOKE SELECT ON ALL TABLES IN SCHEMA %I FROM %I", schema, WALL_ROLE)
    _execute_formatted(conn, "REVOKE USAGE ON SCHEMA %I FROM %I", schema, WALL_ROLE)


def grant_wall_user(store, name: str, password: str) -> None:
    """Create or update the LOGIN user ``name`` as a member of the wall's read-only role.

    Refuses a name that could write anyway (a superuser, a role owning tables here, the user
    running this command): the wall's connection must be read-only at the database."""
    engine = store.engine
    if engine.dialect.name != "postgresql":
        raise ValidationError("--db", store.url, "database users exist on PostgreSQL only; on SQLite the wall "
                                                 "opens the file read-only (PRAGMA query_only)")
    if not _USER_NAME.match(name or ""):
        raise ValidationError("--user", name, "a PostgreSQL user name: lower-case letters, digits and _, "
                                              "not starting with a digit, at most 63 characters")
    if len(password or "") < 8:
        raise ValidationError("password", "******", "at least 8 characters")
    with writer(engine).begin() as conn:
        if not ensure_wall_role(conn):
            raise DomainError(f"the user in --db may not create the role {WALL_ROLE}: run this command as a "
                              "PostgreSQL user with CREATEROLE (or a superuser)")
        row = conn.execute(text("SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = :n"),
                           {"n": name}).first()
        if row is not None:
            owns = conn.execute(text("SELECT 1 FROM pg_tables WHERE tableowner = :n LIMIT 1"), {"n": name}).scalar()
            if row[0] or row[1] or owns:
                raise ValidationError("--user", name, "this user can write (superuser, owner of tables or the "
                                                      "user running this command); pick a new name for the wall")
            _execute_formatted(conn, "ALTER ROLE %I WITH LOGIN NOCREATEDB NOCREATEROLE PASSWORD %L", name, password)
        else:
            _execute_formatted(conn, "CREATE ROLE %I WITH LOGIN PASSWORD %L", name, password)
        _execute_formatted(conn, "GRANT %I TO %I", WALL_ROLE, name)
        _execute_formatted(conn, "ALTER ROLE %I SET default_transaction_read_only = on", name)


# The append-only log and the desk/admin roles (migration 0003) --------------------------------
DESK_ROLE = "commandcenter_desk"
ADMIN_ROLE = "commandcenter_admin"
#: columns the wall's role may not read: secrets and reporters' personal data
PRIVATE_COLUMNS = {"users": ("password_hash",), "cases": ("reporter_name", "reporter_phone"),
                   "case_events": ("payload",)}

_SQLITE_TRIGGERS = {
    "case_events_no_update": "BEFORE UPDATE ON case_events BEGIN "
                             "SELECT RAISE(ABORT, 'case_events is append-only: an event cannot be changed'); END",
    "case_events_no_delete": "BEFORE DELETE ON case_events BEGIN "
                             "SELECT RAISE(ABORT, 'case_events is append-only: an event cannot be deleted'); END",
}
_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_events is append-only: %% refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$"""


def install_append_only(conn: Connection) -> None:
    """Make the database itself refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE) of events,
    whoever asks: triggers fire for table owners and superusers too."""
    if conn.dialect.name == "sqlite":
        for name, body in _SQLITE_TRIGGERS.items():
            conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        return
    conn.exec_driver_sql(_PG_FUNCTION)
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS case_events_append_only ON case_events")
    conn.exec_driver_sql("CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events "
                         "FOR EACH ROW EXECUTE FUNCTION case_events_append_only()")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS case_events_no_truncate ON case_events")
    conn.exec_driver_sql("CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events "
                         "FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only()")


def drop_append_only(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        return
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS case_events_append_only ON case_events")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS case_events_no_truncate ON case_events")
    conn.exec_driver_sql("DROP FUNCTION IF EXISTS case_events_append_only()")
    conn.exec_driver_sql("DROP VIEW IF EXISTS wall_case_events")


def _create_role(conn: Connection, role: str) -> bool:
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).scalar():
        return True
    may_create = conn.execute(text(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar()
    if not may_create:
        return False
    _execute_formatted(conn, "DO $$ BEGIN CREATE ROLE %I NOLOGIN; "
                             "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$", role)
    return True


def _columns(conn: Connection, table: str) -> list[str]:
    return list(conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = :t ORDER BY ordinal_position"), {"t": table}).scalars())


def _grant_columns(conn: Connection, privilege: str, table: str, role: str, columns: list[str]) -> None:
    if columns:
        listed = ", ".join(["%I"] * len(columns))
        _execute_formatted(conn, f"GRANT {privilege} ({listed}) ON %I TO %I", *columns, table, role)


#: the log as the wall reads it: report payloads without the reporter's name and phone
WALL_EVENTS = Table("wall_case_events", MetaData(), Column("seq", Integer), Column("case_id", Integer),
                    Column("type", String), Column("actor", String), Column("role", String),
                    Column("at", UtcDateTime), Column("payload", Text), Column("hash", String))
_WALL_EVENTS_VIEW = ("CREATE OR REPLACE VIEW wall_case_events AS SELECT seq, case_id, type, actor, role, at, "
                     "(payload::jsonb - 'reporter_name' - 'reporter_phone')::text AS payload, hash "
                     "FROM case_events")


def hide_private_columns(conn: Connection, role: str) -> None:
    """Take table-wide SELECT on users, cases and events from ``role`` and give it back column
    by column, without the password hashes and the reporters' names and phones; the events'
    payloads it reads through a view that leaves those out."""
    for table, private in PRIVATE_COLUMNS.items():
        _execute_formatted(conn, "REVOKE SELECT ON %I FROM %I", table, role)
        _grant_columns(conn, "SELECT", table, role, [c for c in _columns(conn, table) if c not in private])
    if _exists(conn, "case_events") and "hash" in _columns(conn, "case_events"):
        conn.exec_driver_sql(_WALL_EVENTS_VIEW)
        _execute_formatted(conn, "GRANT SELECT ON wall_case_events TO %I", role)
    for table in _WALL_HIDDEN_TABLES:
        if _exists(conn, table):
            _execute_formatted(conn, "REVOKE SELECT ON %I FROM %I", table, role)


#: reference data only an administrator changes (the desk reads it)
_DESK_READS_ONLY = ("meta", "districts", "streets", "communities", "grids", "grid_history", "components", "departments",
                    "holidays", "holiday_years", "users")
#: what sign-in writes on a desk's behalf (lockout counters, its own session tokens)
_DESK_USER_COLUMNS = ("failed_logins", "locked_until")
_DESK_MAY_DELETE = ("auth_sessions",)
#: tables the wall may not read at all (session token hashes)
_WALL_HIDDEN_TABLES = ("auth_sessions",)


def _exists(conn: Connection, table: str) -> bool:
    return conn.execute(text("SELECT to_regclass(:t) IS NOT NULL"), {"t": table}).scalar()


def ensure_roles(conn: Connection) -> bool:
    """The desk role (reads everything, appends events, updates case rows, deletes nothing but
    its own sign-in tokens) and the admin role (everything except changing events), in this
    database's schema, also for tables later migrations create. False on SQLite or when the
    migrating user may not create roles."""
    if conn.dialect.name != "postgresql":
        return False
    if not (_create_role(conn, DESK_ROLE) and _create_role(conn, ADMIN_ROLE)):
        return False
    schema = _schema(conn)
    for role, privileges in ((DESK_ROLE, "SELECT, INSERT, UPDATE"), (ADMIN_ROLE, "ALL PRIVILEGES")):
        _execute_formatted(conn, "GRANT USAGE ON SCHEMA %I TO %I", schema, role)
        _execute_formatted(conn, f"GRANT {privileges} ON ALL TABLES IN SCHEMA %I TO %I", schema, role)
        _execute_formatted(conn, f"ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT {privileges} ON TABLES TO %I",
                           schema, role)
        _execute_formatted(conn, "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I", schema, role)
        _execute_formatted(conn, "ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I",
                           schema, role)
        _execute_formatted(conn, "REVOKE UPDATE, DELETE, TRUNCATE ON case_events FROM %I", role)
    for table in _DESK_READS_ONLY:
        if _exists(conn, table):
            _execute_formatted(conn, "REVOKE INSERT, UPDATE ON %I FROM %I", table, DESK_ROLE)
    _grant_columns(conn, "UPDATE", "users", DESK_ROLE,
                   [c for c in _columns(conn, "users") if c in _DESK_USER_COLUMNS])
    _execute_formatted(conn, "REVOKE UPDATE ON cases FROM %I", DESK_ROLE)
    _grant_columns(conn, "UPDATE", "cases", DESK_ROLE, [c for c in _columns(conn, "cases") if c != "id"])
    for table in _DESK_MAY_DELETE:
        if _exists(conn, table):
            _execute_formatted(conn, "GRANT DELETE ON %I TO %I", table, DESK_ROLE)
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": WALL_ROLE}).scalar():
        hide_private_columns(conn, WALL_ROLE)
    return True


def revoke_roles(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        return
    schema = _schema(conn)
    for role in (DESK_ROLE, ADMIN_ROLE):
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar():
            _execute_formatted(conn, "REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I", schema, role)
            _execute_formatted(conn, "REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM %I", schema, role)
            _execute_formatted(conn, "REVOKE USAGE ON SCHEMA %I FROM %I", schema, role)


def grant_login(store, group: str, name: str, password: str) -> None:
    """Create or update the LOGIN user ``name`` as a member of the desk or admin role
    (``db grant-wall`` makes wall logins)."""
    if group not in (DESK_ROLE, ADMIN_ROLE):
        raise ValidationError("role", group, f"one of {DESK_ROLE}, {ADMIN_ROLE}")
    engine = store.engine
    if engine.dialect.name != "postgresql":
        raise ValidationError("--db", store.url, "database users exist on PostgreSQL only")
    if not _USER_NAME.match(name or ""):
        raise ValidationError("--user", name, "a PostgreSQL user name: lower-case letters, digits and _")
    if len(password or "") < 8:
        raise ValidationError("password", "******", "at least 8 characters")
    with writer(engine).begin() as conn:
        if not ensure_roles(conn):
            raise DomainError(f"the user in --db may not create the role {group}: run this command as a "
                              "PostgreSQL user with CREATEROLE (or a superuser)")
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar()
        verb = "ALTER" if exists else "CREATE"
        _execute_formatted(conn, f"{verb} ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L",
                           name, password)
        _execute_formatted(conn, "GRANT %I TO %I", group, name)


def refresh_grants(conn: Connection) -> None:
    """After migrations: give the roles their privileges on what the migrations added (new
    tables, and new columns of the tables the wall reads column by column)."""
    if conn.dialect.name != "postgresql":
        return
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": DESK_ROLE}).scalar():
        ensure_roles(conn)
    elif conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": WALL_ROLE}).scalar():
        hide_private_columns(conn, WALL_ROLE)
