"""The video wall's read-only PostgreSQL role, so even a bug in the wall cannot write.

``commandcenter_wall_ro`` is a NOLOGIN group role with SELECT on every table of the schema
(and, through default privileges, on tables later migrations create). Wall users are LOGIN
roles in that group whose sessions also default to read-only transactions. Roles are global to
the PostgreSQL server; the grants are per database. SQLite has no roles: the wall opens the
file with ``PRAGMA query_only``.
"""
from __future__ import annotations

import re

from sqlalchemy import Connection, text

from commandcenter.errors import DomainError, ValidationError

from .engine import writer

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
