"""Signing in (登录): a user name and password checked against the stored scrypt hash, from a
dialog or, for kiosk starts and tests, from ``--user NAME --password-env VAR``.

The check reads the database and runs scrypt, so the dialog runs it off the GUI thread."""
from __future__ import annotations

import os
from typing import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from commandcenter.auth import sign_in
from commandcenter.errors import ValidationError
from commandcenter import vocabulary
from commandcenter.roles import Role, User
from widgets.ops import CommandRunner

def role_name(role: Role) -> str:
    from ui.app import current_language

    return vocabulary.role_name(role, current_language())


def authenticate(store, name: str, password: str) -> User:
    """The stored, active user ``name`` if ``password`` matches its hash. Reads the database:
    call it off the GUI thread. The error never says which of the two was wrong."""
    return sign_in(store.accounts, name, password, how="desk")


def password_from_env(variable: str) -> str:
    """The password of an unattended start, from the environment (never from the command line,
    where every other user of the machine could read it)."""
    value = os.environ.get(variable)
    if value is None:
        raise ValidationError("--password-env", variable, "environment variable is not set")
    return value


class SignInDialog(QDialog):
    """User name, password, and the role the name holds; verified off the GUI thread."""

    sig_signed_in = Signal(object)
    """The verified :class:`User`; the dialog then accepts."""

    def __init__(self, check: Callable[[str, str], User], users: Sequence[User] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in — Command Centre"))
        self.user: User | None = None
        self._check = check
        self._users = {u.name: u for u in users if u.active}
        self._runner = CommandRunner(self)

        self._name = QLineEdit(self)
        self._name.setObjectName("signin_name")
        completer = QCompleter(sorted(self._users), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._name.setCompleter(completer)
        self._password = QLineEdit(self)
        self._password.setObjectName("signin_password")
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self._role = QLabel("—", self)
        self._error = QLabel(self)
        self._error.setObjectName("signin_error")
        self._error.setStyleSheet("color: #d93025;")
        self._error.setWordWrap(True)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))

        form = QFormLayout()
        form.addRow(self.tr("User"), self._name)
        form.addRow(self.tr("Password"), self._password)
        form.addRow(self.tr("Role"), self._role)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._error)
        layout.addWidget(self._buttons)

        self._name.textChanged.connect(self._on_name_changed)
        self._buttons.accepted.connect(self._on_sign_in)
        self._buttons.rejected.connect(self.reject)

    # Public API ---------------------------------------------------------------------------
    def set_credentials(self, name: str, password: str) -> None:
        self._name.setText(name)
        self._password.setText(password)

    def submit(self) -> None:
        self._on_sign_in()

    # Private API --------------------------------------------------------------------------
    def _on_name_changed(self, text: str) -> None:
        user = self._users.get(text.strip())
        self._role.setText(role_name(user.role) if user else "—")

    def _on_sign_in(self) -> None:
        name, password = self._name.text(), self._password.text()
        self._buttons.setEnabled(False)
        self._error.setText(self.tr("Checking…"))
        self._runner.run(lambda: self._check(name, password), self._on_checked)

    def _on_checked(self, user: User | None, error: Exception | None) -> None:
        self._buttons.setEnabled(True)
        if error is not None:
            self._error.setText(self.tr("Unknown user or wrong password.")
                                if isinstance(error, ValidationError) else str(error))
            self._password.selectAll()
            self._password.setFocus()
            return
        self.user = user
        self._error.clear()
        self._role.setText(role_name(user.role))
        self.sig_signed_in.emit(user)
        self.accept()


def ask_sign_in(check: Callable[[str, str], User], users: Sequence[User] = (), name: str = "",
                parent: QWidget | None = None) -> User | None:
    """Show the sign-in dialog (user name filled in when known); the signed-in user, or None when
    cancelled. Module-level so tests can replace it."""
    dialog = SignInDialog(check, users, parent)
    dialog.set_credentials(name, "")
    return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None
