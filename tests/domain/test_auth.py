"""Signing in as the domain sees it: salted hashes, password rules, lockout with back-off,
and the roles that never write to production."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from commandcenter.auth import (Account, AccountDisabled, AccountLocked, ProductionWriteRefused, SignInFailed,
                                check_password_rules, hash_password, lock_duration, sign_in, verify_password)
from commandcenter.errors import ValidationError
from commandcenter.roles import Role, User
from tests.world import build_world, cell_point

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)


class Accounts:
    """The sign-in port over a dict, recording what it is asked to log."""

    def __init__(self, *users: tuple[User, str]):
        self.rows = {u.name: Account(u, hash_password(p, cost=2**10)) for u, p in users}
        self.log: list[tuple[str, str]] = []

    def account(self, name):
        return self.rows.get(name)

    def record_failure(self, name, at, lock_for):
        row = self.rows[name]
        count = row.failed_logins + 1
        duration = lock_for(count)
        self.rows[name] = Account(row.user, row.password_hash, count, at + duration if duration else None)
        self.log.append(("locked" if duration else "sign_in_failed", name))
        return count

    def record_sign_in(self, name, at, how):
        row = self.rows[name]
        self.rows[name] = Account(row.user, row.password_hash)
        self.log.append(("sign_in", name))

    def audit(self, kind, account, actor, detail, at):
        self.log.append((kind, account))


def test_every_hash_has_its_own_salt():
    a, b = hash_password("same-pass-1"), hash_password("same-pass-1")
    assert a != b and verify_password("same-pass-1", a) and verify_password("same-pass-1", b)
    assert not verify_password("other-pass", a)


def test_the_demo_staff_get_a_salt_each_at_the_cheaper_cost():
    from commandcenter.demo import DEMO_PASSWORD, demo_password_hashes

    users = [User(f"u{i}", f"u{i}", Role.SUPERVISOR) for i in range(5)]
    hashes = demo_password_hashes(users)
    assert len(set(hashes.values())) == 5
    assert all(h.startswith("scrypt$4096$") and verify_password(DEMO_PASSWORD, h) for h in hashes.values())


@pytest.mark.parametrize("password, reason", [
    ("short1", "password_too_short"), ("zhangwei", "password_is_name"), ("12345678", "password_too_common"),
    ("aaaaaaaaaa", "password_too_common"), ("password", "password_too_common"),
])
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    with pytest.raises(ValidationError) as err:
        check_password_rules(password, "zhangwei")
    assert err.value.reason == reason


def test_good_passwords_pass_the_rules():
    for password in ("demo1234", "correct horse", "城管指挥2027"):
        check_password_rules(password, "zhangwei")


def test_five_failures_lock_with_a_doubling_back_off_and_every_attempt_is_logged():
    disp = User("disp", "disp", Role.DISPATCHER)
    accounts = Accounts((disp, "right-pass-1"))
    for attempt in range(4):
        with pytest.raises(SignInFailed):
            sign_in(accounts, "disp", "wrong", now=NOW)
    with pytest.raises(AccountLocked) as locked:
        sign_in(accounts, "disp", "wrong", now=NOW)
    assert locked.value.params["seconds"] == 30
    with pytest.raises(AccountLocked):
        sign_in(accounts, "disp", "right-pass-1", now=NOW + timedelta(seconds=29))
    later = NOW + timedelta(seconds=31)
    with pytest.raises(AccountLocked) as again:                        # the sixth failure: 60 s
        sign_in(accounts, "disp", "wrong", now=later)
    assert again.value.params["seconds"] == 60
    assert sign_in(accounts, "disp", "right-pass-1", now=later + timedelta(seconds=61)) == disp
    assert accounts.rows["disp"].failed_logins == 0
    kinds = [kind for kind, _ in accounts.log]
    assert kinds.count("sign_in_failed") == 4 and kinds.count("locked") == 2
    assert "sign_in_locked" in kinds and kinds[-1] == "sign_in"
    assert lock_duration(30) == timedelta(minutes=15)


def test_unknown_names_and_disabled_accounts_are_refused_and_logged():
    off = User("gone", "gone", Role.DISPATCHER, active=False)
    accounts = Accounts((off, "right-pass-1"))
    with pytest.raises(SignInFailed) as unknown:
        sign_in(accounts, "nobody", "whatever", now=NOW)
    assert str(unknown.value).endswith("unknown user or wrong password")
    with pytest.raises(AccountDisabled):
        sign_in(accounts, "gone", "right-pass-1", now=NOW)
    with pytest.raises(SignInFailed) as wrong:                         # a wrong password says nothing more
        sign_in(accounts, "gone", "wrong", now=NOW)
    assert not isinstance(wrong.value, AccountDisabled)
    assert ("sign_in_failed", "nobody") in accounts.log and ("sign_in_disabled", "gone") in accounts.log


def test_trainers_and_leaders_never_write_to_production(sqlite_url):
    rt = build_world(sqlite_url)
    lon, lat = cell_point(0)
    with pytest.raises(ProductionWriteRefused) as refused:
        rt.service.report("coach", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="练习")
    assert refused.value.params["role"] == "trainer"
    case = rt.service.report("sup", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="真实")
    with pytest.raises(ProductionWriteRefused):
        rt.service.act("boss", case.id, "accept")
    assert len(rt.store.load_cases()) == 1


def test_a_trainer_reports_in_a_sandbox(sqlite_url):
    rt = build_world(sqlite_url)
    rt.store.set_meta("sandbox", "1")
    lon, lat = cell_point(0)
    case = rt.service.report("coach", source="supervisor", class_code="E0102", lon=lon, lat=lat, description="练习")
    assert case.reported_by == "coach"
