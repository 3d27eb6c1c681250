"""Roles of the people who use the system, and the users who hold them."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Role(str, Enum):
    """A post in the closed loop (监督员, 受理员, 值班长, 派遣员, 专业部门, 领导, 培训员, 管理员)."""

    SUPERVISOR = "supervisor"
    CALL_TAKER = "call_taker"
    SHIFT_LEADER = "shift_leader"
    DISPATCHER = "dispatcher"
    DEPARTMENT = "department"
    LEADER = "leader"
    TRAINER = "trainer"
    ADMIN = "admin"

    @classmethod
    def parse(cls, text: str) -> "Role":
        from .errors import ValidationError

        try:
            return cls(text)
        except ValueError:
            allowed = ", ".join(r.value for r in cls)
            raise ValidationError("role", text, f"unknown role (one of: {allowed})") from None


@dataclass(frozen=True, slots=True)
class User:
    """Someone who signs in. ``department_code`` is set for department operators."""

    name: str
    display_name: str
    role: Role
    department_code: str | None = None
    active: bool = True
    #: the one district (6-digit code) the user works for; None: every district of the city
    district_code: str | None = None
