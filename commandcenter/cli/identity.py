"""Who runs a command (命令行身份认证).

A command that acts as a user (``case report``, ``case act``) or needs an administrator
(``user …`` changes, ``holiday set/import/confirm``, ``db basemap``/``grant-wall``, imports,
``simulate``) names the user with ``--as USER`` and proves it with the password, taken from,
in order: ``--password-env VAR``; the session ``commandcenter signin`` opened (a random token in
a 0600 file in the user's runtime folder, valid 30 minutes, only its hash in the database);
a prompt when a terminal is attached. Otherwise the command stops and says how to sign in.

Two ways to run administrator commands without an account, both written to the identity log:

* local administrator mode (``--local-admin`` or ``COMMANDCENTER_LOCAL_ADMIN=1``): the owner of
  the machine in scripts; off by default; acts as ``local-admin`` (logged with the OS user).
* bootstrap: a database with no users at all has nobody to sign in as, so building the demo,
  importing a district and adding the first administrator work on it (logged as ``bootstrap``).
"""
from __future__ import annotations

import getpass
import json
import os
import secrets
import sys
import warnings
from datetime import timedelta
from hashlib import sha256
from pathlib import Path

from ..auth import require_admin, sign_in
from ..clock import utc_now
from ..errors import DomainError, ValidationError
from ..roles import User

LOCAL_ADMIN_ENV = "COMMANDCENTER_LOCAL_ADMIN"
LOCAL_ADMIN = "local-admin"
BOOTSTRAP = "bootstrap"
SESSION_LIFETIME = timedelta(minutes=30)

MESSAGES: dict[str, tuple[str, str]] = {
    "sign_in_needed": ("“{command}” acts as a user: give --as USER and the password (--password-env VAR, "
                       "a session from `commandcenter signin`, or a terminal to type it in).",
                       "“{command}”需要以用户身份执行：请给出 --as 用户名和密码（--password-env 变量、"
                       "`commandcenter signin` 打开的会话，或在终端中输入）。"),
    "sign_in_needed_admin": ("“{command}” needs an administrator: give --as ADMIN and the password "
                             "(--password-env VAR, a session from `commandcenter signin`, or a terminal to type "
                             "it in); scripts on the owner's machine may use --local-admin.",
                             "“{command}”需要管理员身份：请给出 --as 管理员用户名和密码（--password-env 变量、"
                             "`commandcenter signin` 打开的会话，或在终端中输入）；本机所有者的脚本可使用 "
                             "--local-admin。"),
    # problems named by a ValidationError's reason
    "env_not_set": ("environment variable is not set", "环境变量未设置"),
    "passwords_differ": ("the two entries differ", "两次输入不一致"),
    "new_password_needed": ("no terminal to type the new password in", "没有终端可输入新密码"),
    "own_account": ("an administrator cannot disable or remove their own account", "管理员不能停用或删除自己的账号"),
}


class SignInNeeded(DomainError):
    code = "sign_in_needed"

    def __init__(self, command: str, admin: bool):
        if admin:
            self.code = "sign_in_needed_admin"
            text = (f"{command!r} needs an administrator: give --as ADMIN and the password (--password-env VAR, "
                    "a session from `commandcenter signin`, or a terminal to type it in); scripts on the "
                    "owner's machine may use --local-admin")
        else:
            text = (f"{command!r} acts as a user: give --as USER and the password (--password-env VAR, "
                    "a session from `commandcenter signin`, or a terminal to type it in)")
        super().__init__(text, command=command)


def add_identity_options(parser, *, admin: bool) -> None:
    parser.add_argument("--as", dest="actor", default=None, metavar="USER",
                        help="the user who runs this" + (" (an administrator)" if admin else ""))
    parser.add_argument("--password-env", dest="password_env", default=None, metavar="VAR",
                        help="read --as's password from this environment variable (never on the command line)")
    if admin:
        parser.add_argument("--local-admin", action="store_true",
                            help=f"local administrator mode for the machine's owner (also {LOCAL_ADMIN_ENV}=1); "
                                 "logged")


def signed_in_user(args, store, command: str) -> User:
    """The user ``--as`` names, signed in; or the user of the open session."""
    name = args.actor or _session_user(store)
    if not name:
        raise SignInNeeded(command, admin=False)
    return _sign_in(args, store, name, command)


def admin_actor(args, store, command: str) -> str:
    """The name an administrator command is done (and logged) under: a signed-in admin,
    ``local-admin`` or ``bootstrap``."""
    accounts = store.accounts
    if args.actor is None and local_admin_requested(args):
        accounts.audit("local_admin", LOCAL_ADMIN, f"{LOCAL_ADMIN}:{_os_user()}", command, utc_now())
        return LOCAL_ADMIN
    if args.actor is None and not accounts.has_users():
        accounts.audit("bootstrap", BOOTSTRAP, f"{BOOTSTRAP}:{_os_user()}", command, utc_now())
        return BOOTSTRAP
    name = args.actor or _session_user(store)
    if not name:
        raise SignInNeeded(command, admin=True)
    return require_admin(_sign_in(args, store, name, command), command).name


def local_admin_requested(args) -> bool:
    return bool(getattr(args, "local_admin", False)) or os.environ.get(LOCAL_ADMIN_ENV, "") == "1"


def password_of(args, name: str) -> str | None:
    """The password from --password-env, or typed at a prompt; None without either."""
    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise ValidationError("--password-env", args.password_env, "environment variable is not set",
                                  reason="env_not_set")
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(f"password for {name}: ")
    return None


# Sessions ---------------------------------------------------------------------------------

def open_session(args, store) -> User:
    """``commandcenter signin``: sign in once, keep a token for SESSION_LIFETIME."""
    if not args.actor:
        raise SignInNeeded("signin", admin=False)
    password = password_of(args, args.actor)
    if password is None:
        raise SignInNeeded("signin", admin=False)
    user = sign_in(store.accounts, args.actor, password, how="cli signin")
    token, now = secrets.token_urlsafe(32), utc_now()
    store.accounts.open_session(user.name, token, now + SESSION_LIFETIME, now)
    path = _session_file(store)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump({"user": user.name, "token": token}, out)
    return user


def close_session(store) -> str | None:
    path = _session_file(store)
    saved = _read_session(path)
    if saved is None:
        return None
    store.accounts.close_session(saved["token"], utc_now())
    path.unlink(missing_ok=True)
    return saved["user"]


def _session_user(store) -> str | None:
    saved = _read_session(_session_file(store))
    if saved is None:
        return None
    return store.accounts.session_user(saved["token"], utc_now())


def _sign_in(args, store, name: str, command: str) -> User:
    if not args.password_env:
        saved = _read_session(_session_file(store))
        if saved is not None and saved.get("user") == name:
            session_name = store.accounts.session_user(saved["token"], utc_now())
            if session_name == name:
                user = next((u for u in store.users() if u.name == name and u.active), None)
                if user is not None:
                    return user
    password = password_of(args, name)
    if password is None:
        raise SignInNeeded(command, admin=command_needs_admin(command))
    return sign_in(store.accounts, name, password, how=f"cli {command}")


def command_needs_admin(command: str) -> bool:
    return not command.startswith("case")


def _session_file(store) -> Path:
    from platformdirs import user_runtime_dir

    key = sha256(str(store.url).encode()).hexdigest()[:16]
    with warnings.catch_warnings():
        # Without $XDG_RUNTIME_DIR (ssh, cron) platformdirs warns and uses a per-user folder in
        # /tmp, which serves as well; the warning would be noise on every command.
        warnings.simplefilter("ignore")
        folder = user_runtime_dir("commandcenter")
    return Path(folder) / f"session-{key}.json"


def _read_session(path: Path) -> dict | None:
    try:
        saved = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return saved if isinstance(saved, dict) and "token" in saved and "user" in saved else None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())

