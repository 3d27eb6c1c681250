"""``db grant-wall``: a PostgreSQL login for the video wall that can only read; and the
administrator sign-in of commands other modules define (imports, ``simulate``)."""
from __future__ import annotations

import argparse
import os

from ..errors import ValidationError
from . import add_db_option
from .identity import add_identity_options, admin_actor

#: commands registered elsewhere that change the centre's reference data (the geography, the
#: address gazetteer, the components inventory) or act as every member of staff (simulate), so
#: need an administrator
GUARDED = ("import-district", "import-grids", "import-divisions", "import-addresses", "import-components",
           "simulate")


def register(sub) -> None:
    for command in GUARDED:
        if command in sub.choices:
            parser = sub.choices[command]
            add_identity_options(parser, admin=True)
            parser.set_defaults(handler=_needs_admin(parser.get_default("handler"), command))
    db_actions = _subcommands(sub.choices["db"])
    p = db_actions.add_parser(
        "grant-wall", help="create or update a read-only PostgreSQL user for the video wall",
        description="Creates the role commandcenter_wall_ro (SELECT only) if needed and a LOGIN user in it. "
                    "Run it with a --db URL of a user allowed to create roles; then start the wall with "
                    "--db postgresql://USER:PASSWORD@HOST/DB.")
    add_db_option(p)
    p.add_argument("--user", required=True, metavar="NAME", help="the wall's PostgreSQL user name")
    p.add_argument("--wall-password-env", required=True, metavar="VAR",
                   help="environment variable holding the new user's password (never on the command line)")
    add_identity_options(p, admin=True)
    p.set_defaults(handler=cmd_grant_wall)


def _subcommands(parser: argparse.ArgumentParser):
    """The ACTION sub-parsers of a command another module created (``db``), to add one more."""
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def cmd_grant_wall(args) -> int:
    password = os.environ.get(args.wall_password_env)
    if password is None:
        raise ValidationError("--wall-password-env", args.wall_password_env, "environment variable is not set",
                              reason="env_not_set")
    store = args.backend.open_store(args.db)
    admin_actor(args, store, "db grant-wall")
    args.backend.grant_wall(store, args.user, password)
    print(f"user {args.user} can now read (and only read) {store.url}; start the wall with "
          f"--db postgresql://{args.user}:…@HOST/DATABASE")
    return 0


def _needs_admin(handler, command: str):
    """``handler`` signed in as an administrator at the moment it opens the database: it still
    reads and checks its input files first, so a bad file never reaches the sign-in."""
    def run(args) -> int:
        args.backend = _SigningInBackend(args.backend, args, command)
        return handler(args)

    return run


class _SigningInBackend:
    """The backend, except that the first ``open_store`` also signs the administrator in."""

    def __init__(self, backend, args, command: str):
        self._backend, self._args, self._command = backend, args, command
        self._signed_in = False

    def open_store(self, *args, **kwargs):
        store = self._backend.open_store(*args, **kwargs)
        if not self._signed_in:
            admin_actor(self._args, store, self._command)
            self._signed_in = True
        return store

    def __getattr__(self, name):
        return getattr(self._backend, name)
