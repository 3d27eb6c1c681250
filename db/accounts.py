"""Accounts in the shared database: the :class:`commandcenter.auth.Accounts` port (sign-in
failures, lockout, the identity audit log), account changes by an administrator, and the
short-lived sessions of ``commandcenter signin``."""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Callable

from sqlalchemy import Engine, delete, insert, select, update

from commandcenter.auth import Account
from commandcenter.errors import ValidationError
from commandcenter.roles import Role, User

from .engine import writer
from .models import AuthEventRow, AuthSessionRow, UserRow

_ACCOUNT_COLUMNS = (UserRow.name, UserRow.display_name, UserRow.role, UserRow.department_code, UserRow.active,
                    UserRow.password_hash, UserRow.failed_logins, UserRow.locked_until)


def _audit(conn, kind: str, account: str, actor: str, detail: str, at: datetime) -> None:
    conn.execute(insert(AuthEventRow).values(at=at, kind=kind, account=account[:64], actor=actor[:100],
                                             detail=detail))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SqlAccounts:
    """Identity on one database; every change is written together with its audit entry."""

    def __init__(self, engine: Engine):
        self._engine = engine

    # The sign-in port ---------------------------------------------------------------------
    def account(self, name: str) -> Account | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(*_ACCOUNT_COLUMNS).where(UserRow.name == name)).first()
        if row is None:
            return None
        user = User(row.name, row.display_name, Role(row.role), row.department_code, bool(row.active))
        return Account(user, row.password_hash, int(row.failed_logins or 0), row.locked_until)

    def record_failure(self, name: str, at: datetime, lock_for: Callable) -> int:
        with writer(self._engine).begin() as conn:
            # Counted in the database, so two desks guessing at once both count.
            count = conn.execute(update(UserRow).where(UserRow.name == name)
                                 .values(failed_logins=UserRow.failed_logins + 1)
                                 .returning(UserRow.failed_logins)).scalar_one()
            duration = lock_for(count)
            if duration is not None:
                conn.execute(update(UserRow).where(UserRow.name == name).values(locked_until=at + duration))
                _audit(conn, "locked", name, name, f"{count} failed sign-ins; locked for "
                       f"{int(duration.total_seconds())} s", at)
            else:
                _audit(conn, "sign_in_failed", name, name, f"wrong password ({count} in a row)", at)
            return count

    def record_sign_in(self, name: str, at: datetime, how: str) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(update(UserRow).where(UserRow.name == name).values(failed_logins=0, locked_until=None))
            _audit(conn, "sign_in", name, name, how, at)

    def audit(self, kind: str, account: str, actor: str, detail: str, at: datetime) -> None:
        with writer(self._engine).begin() as conn:
            _audit(conn, kind, account, actor, detail, at)

    # Administration -----------------------------------------------------------------------
    def set_password(self, name: str, password_hash: str, actor: str, at: datetime) -> None:
        with writer(self._engine).begin() as conn:
            self._require(conn, name)
            conn.execute(update(UserRow).where(UserRow.name == name).values(
                password_hash=password_hash, password_changed_at=at, failed_logins=0, locked_until=None))
            _audit(conn, "password_changed", name, actor, "", at)

    def set_active(self, name: str, active: bool, actor: str, at: datetime, *, remove: bool = False) -> None:
        """Enable or disable ``name``; ``remove`` disables for good (the name stays in history)."""
        with writer(self._engine).begin() as conn:
            row = self._require(conn, name)
            if active and row.removed_at is not None:
                raise ValidationError("user", name, "this user was removed; add a new user instead",
                                      reason="user_removed")
            values: dict = {"active": active}
            if remove:
                values["removed_at"] = at
            if active:
                values.update(failed_logins=0, locked_until=None)
            conn.execute(update(UserRow).where(UserRow.name == name).values(**values))
            conn.execute(delete(AuthSessionRow).where(AuthSessionRow.user_name == name))
            _audit(conn, "removed" if remove else "enabled" if active else "disabled", name, actor, "", at)

    def removed_users(self) -> set[str]:
        with self._engine.connect() as conn:
            return set(conn.execute(select(UserRow.name).where(UserRow.removed_at.is_not(None))).scalars())

    def events(self, account: str | None = None, limit: int = 200) -> list[tuple]:
        """(at, kind, account, actor, detail), newest first."""
        query = select(AuthEventRow.at, AuthEventRow.kind, AuthEventRow.account, AuthEventRow.actor,
                       AuthEventRow.detail).order_by(AuthEventRow.id.desc()).limit(limit)
        if account is not None:
            query = query.where(AuthEventRow.account == account)
        with self._engine.connect() as conn:
            return [tuple(r) for r in conn.execute(query)]

    def has_users(self) -> bool:
        with self._engine.connect() as conn:
            return conn.execute(select(UserRow.name).limit(1)).first() is not None

    # CLI sessions -------------------------------------------------------------------------
    def open_session(self, name: str, token: str, expires_at: datetime, at: datetime) -> None:
        with writer(self._engine).begin() as conn:
            conn.execute(delete(AuthSessionRow).where(AuthSessionRow.expires_at <= at))
            conn.execute(insert(AuthSessionRow).values(token_hash=token_digest(token), user_name=name,
                                                       expires_at=expires_at))
            _audit(conn, "session_opened", name, name, f"until {expires_at.isoformat(timespec='minutes')}", at)

    def session_user(self, token: str, at: datetime) -> str | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(AuthSessionRow.user_name, AuthSessionRow.expires_at)
                               .where(AuthSessionRow.token_hash == token_digest(token))).first()
        return row.user_name if row is not None and row.expires_at > at else None

    def close_session(self, token: str, at: datetime) -> None:
        with writer(self._engine).begin() as conn:
            name = conn.execute(select(AuthSessionRow.user_name)
                                .where(AuthSessionRow.token_hash == token_digest(token))).scalar()
            conn.execute(delete(AuthSessionRow).where(AuthSessionRow.token_hash == token_digest(token)))
            if name:
                _audit(conn, "session_closed", name, name, "", at)

    @staticmethod
    def _require(conn, name: str):
        row = conn.execute(select(UserRow.name, UserRow.removed_at).where(UserRow.name == name)).first()
        if row is None:
            raise ValidationError("user", name, "unknown user", reason="unknown_user")
        return row
