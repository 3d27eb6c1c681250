"""``db grant-login``: a PostgreSQL login in the desk or the admin role (``db grant-wall`` makes
the wall's). Desks then connect as that login: they append events and update case rows but
cannot delete anything or change the log."""
from __future__ import annotations

import os

from ..errors import ValidationError
from . import add_db_option
from .admin import _subcommands

ROLES = {"desk": "commandcenter_desk", "admin": "commandcenter_admin"}


def register(sub) -> None:
    p = _subcommands(sub.choices["db"]).add_parser(
        "grant-login", help="create or update a PostgreSQL login for desks or administrators",
        description="Creates the roles commandcenter_desk / commandcenter_admin if needed and a LOGIN user in "
                    "one. Run it with a --db URL of a user allowed to create roles (the schema's owner).")
    add_db_option(p)
    p.add_argument("--role", required=True, choices=tuple(ROLES), help="desk: the service's writes only; admin: "
                                                                       "everything but changing the event log")
    p.add_argument("--user", required=True, metavar="NAME", help="the PostgreSQL user name")
    p.add_argument("--password-env", required=True, metavar="VAR",
                   help="environment variable holding the new user's password (never on the command line)")
    p.set_defaults(handler=cmd_grant_login)


def cmd_grant_login(args) -> int:
    password = os.environ.get(args.password_env)
    if password is None:
        raise ValidationError("--password-env", args.password_env, "environment variable is not set")
    store = args.backend.open_store(args.db)
    args.backend.grant_login(store, ROLES[args.role], args.user, password)
    print(f"user {args.user} is now a {args.role} login of {store.url}")
    return 0
