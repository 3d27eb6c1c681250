"""Who acts (身份认证): password hashing, password rules, and signing in with lockout.

Passwords are stored only as scrypt hashes with a random salt per user. Signing in counts
consecutive failures: from the fifth on, the account refuses every attempt for a back-off
that doubles with each further failure (30 s, 1 min, 2 min … at most 15 min). Every outcome —
signed in, failed, refused while locked, refused while disabled — is written to the identity
audit log by the :class:`Accounts` port, so nobody signs in or guesses unseen.

The desk's dialog, the CLI and any other front end sign in through :func:`sign_in`.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Callable, Protocol

from .clock import utc_now
from .errors import DomainError, PermissionDenied, ValidationError
from .roles import Role, User

#: scrypt cost for real accounts: 16 MiB and ~60 ms per check on this class of machine
SCRYPT_N = 2**14
#: scrypt cost for the demo's ~190 generated accounts, whose documented password protects
#: nothing: 4 MiB and ~15 ms each, so a demo build spends ~3 s hashing instead of ~12 s.
#: The hash string records its cost, so both verify the same way.
DEMO_SCRYPT_N = 2**12
_R, _P = 8, 1

MIN_PASSWORD_LENGTH = 8
LOCK_AFTER_FAILURES = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
#: passwords that the first guesser tries; refused whatever their length
_COMMON = frozenset({"password", "password1", "12345678", "123456789", "1234567890", "qwerty123",
                     "qwertyui", "11111111", "88888888", "abc12345", "admin123", "admin1234",
                     "iloveyou", "woaini1314", "a1234567", "aa123456", "1qaz2wsx", "zxcvbnm1"})

MESSAGES: dict[str, tuple[str, str]] = {
    "sign_in_failed": ("Sign-in refused: unknown user or wrong password.", "登录被拒绝：用户名或密码错误。"),
    "account_locked": ("Too many failed sign-ins for {name}: try again in {seconds} s.",
                       "{name} 登录失败次数过多，请 {seconds} 秒后再试。"),
    "account_disabled": ("The account {name} is disabled; ask an administrator.",
                         "账号 {name} 已停用，请联系管理员。"),
    "admin_required": ("{user} ({role}) is not an administrator; “{command}” needs one.",
                       "{user}（{role_zh}）不是管理员，“{command}”需要管理员身份。"),
    "production_write_refused": ("{user} ({role}) may not write to the production database; "
                                 "use a training sandbox.",
                                 "{user}（{role_zh}）不能写入生产数据库，请使用培训沙箱。"),
    "password_too_short": ("at least {minimum} characters", "至少 {minimum} 个字符"),
    "password_is_name": ("must not be the user name", "不能与用户名相同"),
    "user_removed": ("this user was removed; add a new user instead", "该用户已删除，请新建用户"),
    "password_too_common": ("too common or too simple (e.g. only digits or one repeated character)",
                            "过于常见或简单（例如全是数字或同一个字符）"),
}


class SignInFailed(ValidationError):
    """Unknown user or wrong password; deliberately never says which."""

    code = "sign_in_failed"

    def __init__(self, name: str):
        super().__init__("password", name, "unknown user or wrong password", reason="sign_in_failed")


class AccountDisabled(SignInFailed):
    code = "account_disabled"

    def __init__(self, name: str):
        ValidationError.__init__(self, "user", name, "this account is disabled", reason="account_disabled",
                                 name=name)


class AccountLocked(DomainError):
    """Sign-in refused during the back-off after repeated failures."""

    code = "account_locked"

    def __init__(self, name: str, until: datetime, now: datetime):
        self.until = until
        seconds = max(1, int((until - now).total_seconds() + 0.999))
        super().__init__(f"too many failed sign-ins for {name!r}: try again in {seconds} s",
                         name=name, seconds=seconds, until=until)


class AdminRequired(PermissionDenied):
    code = "admin_required"

    def __init__(self, user: User, command: str):
        PermissionDenied.__init__(self, user.name, user.role.value, command, (Role.ADMIN.value,))
        self.params = _who(user, command)


class ProductionWriteRefused(PermissionDenied):
    """Trainers and leaders never write to production, only to a training sandbox."""

    code = "production_write_refused"

    def __init__(self, user: User, command: str):
        PermissionDenied.__init__(self, user.name, user.role.value, command)
        self.params = _who(user, command)
        self.args = (f"user {user.name!r} with role {user.role.value!r} may not {command} in the production "
                     "database; use a training sandbox",)


def _who(user: User, command: str) -> dict:
    from .vocabulary import role_name

    return {"user": user.name, "role": user.role.value, "role_zh": role_name(user.role.value, "zh"),
            "command": command}


#: roles that read production and practise in sandboxes, but never write production
SANDBOX_ONLY_ROLES = frozenset({Role.TRAINER, Role.LEADER})


# Hashing -----------------------------------------------------------------------------------

def hash_password(password: str, *, cost: int = SCRYPT_N) -> str:
    """``scrypt$N$r$p$salt$digest`` with a fresh 16-byte salt."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=cost, r=_R, p=_P, dklen=32)
    return "scrypt${}${}${}${}${}".format(
        cost, _R, _P, base64.b64encode(salt).decode(), base64.b64encode(digest).decode()
    )


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(
        password.encode(), salt=base64.b64decode(salt_b64), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """Checked against for unknown names, so they cost as much time as a wrong password."""
    return hash_password(os.urandom(12).hex())


def check_password_rules(password: str, name: str) -> None:
    """Refuse a password a guesser would find quickly."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("password", "", f"at least {MIN_PASSWORD_LENGTH} characters",
                              reason="password_too_short", minimum=MIN_PASSWORD_LENGTH)
    if password.strip().lower() == (name or "").strip().lower():
        raise ValidationError("password", "", "must not be the user name", reason="password_is_name")
    if password.lower() in _COMMON or password.isdigit() or len(set(password)) <= 2:
        raise ValidationError("password", "", "too common or too simple (e.g. only digits or one repeated "
                              "character)", reason="password_too_common")


# Signing in --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Account:
    """What signing in needs to know about a user."""

    user: User
    password_hash: str
    failed_logins: int = 0
    locked_until: datetime | None = None


class Accounts(Protocol):
    """The database side of identity; implemented by ``db.accounts.SqlAccounts``."""

    def account(self, name: str) -> Account | None: ...

    def record_failure(self, name: str, at: datetime, lock_for) -> int:
        """Count one more failure, lock until ``at + lock_for(count)`` if that is not None, log it;
        return the count."""

    def record_sign_in(self, name: str, at: datetime, how: str) -> None:
        """Reset the failure count and log the sign-in."""

    def audit(self, kind: str, account: str, actor: str, detail: str, at: datetime) -> None: ...


def lock_duration(failures: int) -> timedelta | None:
    """The back-off after ``failures`` consecutive failures (None: not locked yet)."""
    if failures < LOCK_AFTER_FAILURES:
        return None
    return min(FIRST_LOCK * 2 ** (failures - LOCK_AFTER_FAILURES), LONGEST_LOCK)


def sign_in(accounts: Accounts, name: str, password: str, *, how: str = "password",
            now: datetime | None = None) -> User:
    """The active user ``name`` if ``password`` is right; raises SignInFailed, AccountLocked or
    AccountDisabled, and logs the outcome either way. ``how`` says where (desk, cli …)."""
    now = now or utc_now()
    name = (name or "").strip()
    account = accounts.account(name) if name else None
    if account is not None and account.locked_until is not None and now < account.locked_until:
        accounts.audit("sign_in_locked", name, name, how, now)
        raise AccountLocked(name, account.locked_until, now)
    matches = verify_password(password or "", account.password_hash if account else _decoy_hash())
    if account is None or not matches:
        if account is None:
            accounts.audit("sign_in_failed", name[:64] or "?", name[:100] or "?", f"{how}: unknown user", now)
        else:
            count = accounts.record_failure(name, now, lock_duration)
            locked_for = lock_duration(count)
            if locked_for is not None:
                raise AccountLocked(name, now + locked_for, now)
        raise SignInFailed(name)
    if not account.user.active:
        accounts.audit("sign_in_disabled", name, name, how, now)
        raise AccountDisabled(name)
    accounts.record_sign_in(name, now, how)
    return account.user


def require_admin(user: User, command: str) -> User:
    if user.role is not Role.ADMIN:
        raise AdminRequired(user, command)
    return user


def refuse_production_write(user: User, command: str, is_sandbox: Callable[[], bool]) -> None:
    """Trainers and leaders may write only to a training sandbox (asked only for them)."""
    if user.role in SANDBOX_ONLY_ROLES and not is_sandbox():
        raise ProductionWriteRefused(user, command)


__all__ = ["Account", "Accounts", "AccountDisabled", "AccountLocked", "AdminRequired",
                      "ProductionWriteRefused", "SignInFailed", "check_password_rules", "hash_password",
                      "lock_duration", "refuse_production_write", "require_admin", "sign_in",
                      "verify_password"]
