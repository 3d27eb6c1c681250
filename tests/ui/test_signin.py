"""Signing in: the stored scrypt hash decides, the dialog shows the role, kiosk starts read the
password from the environment."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from commandcenter.errors import ValidationError  # noqa: E402
from commandcenter.roles import Role  # noqa: E402
from tests.world import PASSWORD, build_world  # noqa: E402
from ui.signin import SignInDialog, authenticate, password_from_env  # noqa: E402


@pytest.fixture
def store(sqlite_url):
    return build_world(sqlite_url).store


def test_the_right_password_signs_the_user_in_with_its_role(store):
    user = authenticate(store, "disp", PASSWORD)
    assert user.name == "disp" and user.role is Role.DISPATCHER


@pytest.mark.parametrize("name, password", [("disp", "wrong"), ("nobody", PASSWORD), ("", "")])
def test_a_wrong_password_or_unknown_user_is_refused_without_saying_which(store, name, password):
    with pytest.raises(ValidationError) as refused:
        authenticate(store, name, password)
    assert refused.value.problem == "unknown user or wrong password"


def test_the_kiosk_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CC_KIOSK_PASSWORD", "s3cret")
    assert password_from_env("CC_KIOSK_PASSWORD") == "s3cret"
    monkeypatch.delenv("CC_KIOSK_PASSWORD")
    with pytest.raises(ValidationError):
        password_from_env("CC_KIOSK_PASSWORD")


@pytest.mark.gui
def test_the_dialog_shows_the_role_and_signs_in_off_the_gui_thread(qtbot, store):
    dialog = SignInDialog(lambda n, p: authenticate(store, n, p), store.users())
    qtbot.addWidget(dialog)
    dialog.set_credentials("disp", "wrong")
    assert dialog._role.text() == "Dispatcher"
    dialog.submit()
    qtbot.waitUntil(lambda: "wrong password" in dialog._error.text())
    assert dialog.user is None
    dialog.set_credentials("disp", PASSWORD)
    with qtbot.waitSignal(dialog.sig_signed_in) as signed_in:
        dialog.submit()
    assert signed_in.args[0].name == "disp" and dialog.result() == dialog.DialogCode.Accepted


@pytest.mark.gui
def test_a_kiosk_start_with_a_wrong_password_stops_with_a_message(qtbot, sqlite_url, monkeypatch, capsys):
    from main import main

    build_world(sqlite_url)
    monkeypatch.setenv("CC_KIOSK_PASSWORD", "wrong")
    code = main(["desk", "--db", sqlite_url, "--lang", "en", "--user", "disp", "--password-env", "CC_KIOSK_PASSWORD"])
    assert code == 2
    assert "unknown user or wrong password" in capsys.readouterr().err
