"""Training sandboxes on PostgreSQL: a new, empty database on the same server as production.
(A SQLite sandbox is just a new file, which opening the store creates.)"""
from __future__ import annotations

import re

from sqlalchemy.engine import make_url

from commandcenter.errors import ValidationError

from .engine import normalise_url

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def create_database(url: str) -> None:
    """Create the PostgreSQL database ``url`` names, through the server's ``postgres`` database."""
    import psycopg

    target = make_url(normalise_url(url))
    if not target.drivername.startswith("postgresql"):
        raise ValidationError("url", url, "only a PostgreSQL database needs creating")
    name = target.database or ""
    if not _NAME.match(name):
        raise ValidationError("database", name, "a sandbox name is lower-case letters, digits and _")
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            raise ValidationError("database", name, "exists already; a sandbox starts from an empty database")
        conn.execute(f'CREATE DATABASE "{name}"')
