"""user add/list/passwd/disable/enable/remove/log, and signin/signout for a terminal session."""
from __future__ import annotations

import getpass
import os
import sys

from ..auth import check_password_rules, hash_password
from ..clock import local, utc_now
from ..errors import ValidationError
from . import add_db_option
from .identity import add_identity_options, admin_actor, close_session, open_session, signed_in_user


def register(sub) -> None:
    p = sub.add_parser("user", help="users and roles")
    usub = p.add_subparsers(dest="user_command", metavar="ACTION")
    add = usub.add_parser("add", help="add a user (an administrator's command)")
    _common(add)
    add.add_argument("name")
    add.add_argument("--role", required=True)
    add.add_argument("--department", default=None, help="department code, for the department role")
    add.add_argument("--display-name", default=None)
    add.add_argument("--district", default=None, metavar="CODE",
                     help="the one district (6-digit code) the user works for: sees and acts on its cases only")
    _new_password_option(add)
    add.set_defaults(handler=cmd_user_add)

    ls = usub.add_parser("list", help="list users")
    add_db_option(ls)
    ls.set_defaults(handler=cmd_user_list)

    pw = usub.add_parser("passwd", help="change a password: your own (signed in as yourself) or, as an "
                                        "administrator, anyone's")
    _common(pw)
    pw.add_argument("name")
    _new_password_option(pw)
    pw.set_defaults(handler=cmd_user_passwd)

    for action, what in (("disable", "refuse the user's sign-in until enabled again"),
                         ("enable", "allow a disabled user to sign in again"),
                         ("remove", "remove a user for good: disabled, the name stays in the history")):
        cmd = usub.add_parser(action, help=what)
        _common(cmd)
        cmd.add_argument("name")
        cmd.set_defaults(handler=cmd_user_state, action=action)

    log = usub.add_parser("log", help="the identity audit log: sign-ins, failures, lockouts, changes")
    _common(log)
    log.add_argument("name", nargs="?", default=None, help="only this account")
    log.add_argument("--limit", type=int, default=50)
    log.set_defaults(handler=cmd_user_log)

    p = sub.add_parser("signin", help="sign in once for this terminal: later commands need no password "
                                      "for 30 minutes")
    add_db_option(p)
    add_identity_options(p, admin=False)
    p.set_defaults(handler=cmd_signin)
    p = sub.add_parser("signout", help="end the session of `signin`")
    add_db_option(p)
    p.set_defaults(handler=cmd_signout)


def _common(parser) -> None:
    add_db_option(parser)
    add_identity_options(parser, admin=True)


def _new_password_option(parser) -> None:
    parser.add_argument("--new-password-env", default=None, metavar="VAR",
                        help="read the new password from this environment variable instead of a prompt")


def new_password(args, name: str) -> str:
    if args.new_password_env:
        password = os.environ.get(args.new_password_env)
        if password is None:
            raise ValidationError("--new-password-env", args.new_password_env, "environment variable is not set",
                                  reason="env_not_set")
    elif sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass(f"new password for {name}: ")
        if getpass.getpass("again: ") != password:
            raise ValidationError("password", "", "the two entries differ", reason="passwords_differ")
    else:
        raise ValidationError("--new-password-env", None, "no terminal to type the new password in",
                              reason="new_password_needed")
    check_password_rules(password, name)
    return password


def cmd_user_add(args) -> int:
    store = args.backend.open_store(args.db)
    actor = admin_actor(args, store, "user add")
    password = new_password(args, args.name)
    args.backend.add_user(store, args.name, args.role, password, display_name=args.display_name,
                          department=args.department, actor=actor,
                          **({"district": args.district} if args.district else {}))
    print(f"user {args.name} added with role {args.role}" + (f" for district {args.district}" if args.district else ""))
    return 0


def cmd_user_list(args) -> int:
    store = args.backend.open_store(args.db)
    removed = store.accounts.removed_users()
    for user in store.users():
        state = "removed" if user.name in removed else "" if user.active else "disabled"
        print(f"{user.name:20} {user.role.value:14} {user.department_code or '':10} {user.display_name}"
              + (f"  [{state}]" if state else "")
              + (f"  (district {user.district_code})" if getattr(user, "district_code", None) else ""))
    return 0


def cmd_user_passwd(args) -> int:
    store = args.backend.open_store(args.db)
    if args.actor == args.name:
        # Changing one's own password: the old one proves it, whatever the role.
        actor = signed_in_user(args, store, "user passwd").name
    else:
        actor = admin_actor(args, store, "user passwd")
    password = new_password(args, args.name)
    store.accounts.set_password(args.name, hash_password(password), actor, utc_now())
    print(f"password of {args.name} changed")
    return 0


def cmd_user_state(args) -> int:
    store = args.backend.open_store(args.db)
    actor = admin_actor(args, store, f"user {args.action}")
    if args.action != "enable" and args.name == actor:
        raise ValidationError("name", args.name, "an administrator cannot disable or remove their own account",
                              reason="own_account")
    store.accounts.set_active(args.name, args.action == "enable", actor, utc_now(), remove=args.action == "remove")
    done = {"disable": "disabled", "enable": "enabled", "remove": "removed (disabled; the name stays in the "
                                                                  "history)"}[args.action]
    print(f"user {args.name} {done}")
    return 0


def cmd_user_log(args) -> int:
    store = args.backend.open_store(args.db)
    admin_actor(args, store, "user log")
    for at, kind, account, actor, detail in store.accounts.events(args.name, args.limit):
        print(f"{local(at):%Y-%m-%d %H:%M:%S}  {kind:18} {account:16} by {actor:20} {detail}")
    return 0


def cmd_signin(args) -> int:
    store = args.backend.open_store(args.db)
    user = open_session(args, store)
    print(f"signed in as {user.name} ({user.role.value}) for 30 minutes; `commandcenter signout` ends it")
    return 0


def cmd_signout(args) -> int:
    store = args.backend.open_store(args.db)
    name = close_session(store)
    print(f"signed out {name}" if name else "no session was open")
    return 0

