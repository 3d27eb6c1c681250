"""``db grant-wall``: a PostgreSQL login for the video wall that can only read."""
from __future__ import annotations

import argparse
import os

from ..errors import ValidationError
from . import add_db_option


def register(sub) -> None:
    db_actions = _subcommands(sub.choices["db"])
    p = db_actions.add_parser(
        "grant-wall", help="create or update a read-only PostgreSQL user for the video wall",
        description="Creates the role commandcenter_wall_ro (SELECT only) if needed and a LOGIN user in it. "
                    "Run it with a --db URL of a user allowed to create roles; then start the wall with "
                    "--db postgresql://USER:PASSWORD@HOST/DB.")
    add_db_option(p)
    p.add_argument("--user", required=True, metavar="NAME", help="the wall's PostgreSQL user name")
    p.add_argument("--password-env", required=True, metavar="VAR",
                   help="environment variable holding the new user's password (never on the command line)")
    p.set_defaults(handler=cmd_grant_wall)


def _subcommands(parser: argparse.ArgumentParser):
    """The ACTION sub-parsers of a command another module created (``db``), to add one more."""
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def cmd_grant_wall(args) -> int:
    password = os.environ.get(args.password_env)
    if password is None:
        raise ValidationError("--password-env", args.password_env, "environment variable is not set")
    store = args.backend.open_store(args.db)
    args.backend.grant_wall(store, args.user, password)
    print(f"user {args.user} can now read (and only read) {store.url}; start the wall with "
          f"--db postgresql://{args.user}:…@HOST/DATABASE")
    return 0
