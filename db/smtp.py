"""The e-mail gateway (``ports.MessageGateway``) over SMTP, with the standard library's smtplib.

Its settings are stored in the database (meta ``outbox:smtp``: JSON with host, port, sender and
optionally user, password_env — the name of an environment variable holding the password — and
starttls), so every desk of a centre sends the same way and no password is kept in the table."""
from __future__ import annotations

import json
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

SETTINGS_KEY = "outbox:smtp"


@dataclass(frozen=True)
class SmtpGateway:
    host: str
    port: int = 25
    sender: str = "commandcenter@localhost"
    user: str | None = None
    password_env: str | None = None
    starttls: bool = False
    timeout_s: float = 10.0

    @classmethod
    def from_settings(cls, text: str | None) -> "SmtpGateway | None":
        """The gateway the stored settings describe, or None when none (or no host) is set."""
        if not text:
            return None
        try:
            raw = json.loads(text)
        except ValueError:
            return None
        if not isinstance(raw, dict) or not raw.get("host"):
            return None
        return cls(str(raw["host"]), int(raw.get("port", 25)), str(raw.get("sender", cls.sender)),
                   raw.get("user"), raw.get("password_env"), bool(raw.get("starttls", False)),
                   float(raw.get("timeout_s", 10.0)))

    def send(self, message) -> None:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.address
        mail["Subject"] = message.subject
        if message.urgent:
            mail["X-Priority"] = "1"
        mail.set_content(message.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, os.environ.get(self.password_env or "", ""))
            smtp.send_message(mail)


def gateways_for(store) -> dict:
    """Channel → gateway of ``store``'s settings (only e-mail has a real one so far)."""
    gateway = SmtpGateway.from_settings(store.meta(SETTINGS_KEY))
    return {"email": gateway} if gateway is not None else {}
