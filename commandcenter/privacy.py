"""Masking of citizens' personal data (reporter names and phone numbers) for the wall and
for anyone whose role does not need them."""
from __future__ import annotations

import re


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    if "*" in phone:   # masked at the source (12345 exports): dropping the stars would join the digits
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
