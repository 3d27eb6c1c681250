"""``db grant-login``: a PostgreSQL login in the desk or the admin role (``db grant-wall`` makes
the wall's). Desks then connect as that login: they append events and update case rows but
cannot delete anything or change the log."""
from __future__ import annotations

import os

from ..errors import ValidationError
from . import add_db_option
from .admin import _subcommands
from .identity import add_identity_options, admin_actor

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
    p.add_argument("--login-password-env", required=True, metavar="VAR",
                   help="environment variable holding the new login's password (never on the command line)")
    add_identity_options(p, admin=True)
    p.set_defaults(handler=cmd_grant_login)


def cmd_grant_login(args) -> int:
    password = os.environ.get(args.login_password_env)
    if password is None:
        raise ValidationError("--login-password-env", args.login_password_env, "environment variable is not set",
                              reason="env_not_set")
    store = args.backend.open_store(args.db)
    admin_actor(args, store, "db grant-login")
    args.backend.grant_login(store, ROLES[args.role], args.user, password)
    print(f"user {args.user} is now a {args.role} login of {store.url}")
    return 0
