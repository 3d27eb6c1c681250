"""Citizens' personal data (reporters' names and phone numbers): who may see it, and how it is
masked for everyone else — the wall, the trainer, and any role that does not need it.

The rule is applied where a situation picture is filled (:func:`case_view_for`), so no widget
ever holds data its viewer may not see."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from .case import Case
from .roles import Role

#: the posts that call citizens back: intake (受理) and the shift leader (值班长)
PERSONAL_DATA_ROLES = frozenset({Role.CALL_TAKER, Role.SHIFT_LEADER})


def may_see_personal_data(role: Role | None) -> bool:
    return role in PERSONAL_DATA_ROLES


def mask_name(name: str | None) -> str:
    """The family name and a star per other character (``张**``); a masked name stays as it is."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


#: numbers shorter than this (positions holding a digit or a star) show no digit at all
_SHORTEST_SHOWN = 7
#: digits a masked number may still show: the last ones, which people quote to recognise it
KEPT_DIGITS = 4


def mask_phone(phone: str | None) -> str:
    """Every digit but the last four replaced by ``*``, the rest of the text kept as written:
    ``13912345678`` → ``*******5678``, ``010-6512-3456`` → ``***-****-3456``, ``6512345`` →
    ``***2345``. Applying it again changes nothing (``139****5678`` → ``*******5678`` →
    ``*******5678``): stars count as positions, so masked digits are never joined up."""
    if not phone:
        return ""
    if phone.isdigit():   # digits alone (most numbers): the same, without a look at each character
        keep = KEPT_DIGITS if len(phone) >= _SHORTEST_SHOWN else 0
        return "*" * (len(phone) - keep) + phone[len(phone) - keep:]
    positions = [i for i, ch in enumerate(phone) if ch.isdigit() or ch == "*"]
    keep = KEPT_DIGITS if len(positions) >= _SHORTEST_SHOWN else 0
    shown = set(positions[len(positions) - keep:]) if keep else set()
    return "".join("*" if (ch.isdigit() and i not in shown) else ch for i, ch in enumerate(phone))


#: a mainland mobile number or a landline with its area code, and an 18-digit identity card number,
#: written anywhere in a free text (digits not part of a longer number)
_CONTACT_IN_TEXT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{17}[\dXx])(?!\d)")


def mask_contacts(text: str | None) -> str:
    """``text`` with phone and identity-card numbers masked: a citizen often writes their number
    into the complaint itself, so a description leaving the centre is scrubbed too."""
    if not text:
        return ""
    return _CONTACT_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


def masked_reporter(name: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """A reporter's name and phone as :func:`masked_case` leaves them (for a reader that masks
    the rows as it reads them, without building each case twice)."""
    if not name and not phone:
        return name, phone
    return mask_name(name) or None, mask_phone(phone) or None


def masked_case(case: Case) -> Case:
    """``case`` with its reporter's name and phone masked (already masked data stays as is)."""
    if not case.reporter_name and not case.reporter_phone:
        return case
    name, phone = masked_reporter(case.reporter_name, case.reporter_phone)
    return replace(case, reporter_name=name, reporter_phone=phone)


def case_view_for(role: Role | None, *, public: bool = False) -> Callable[[Case], Case] | None:
    """How a picture admits cases for a viewer: None (as stored) for a role that may see
    personal data, else masking. ``public`` screens (wall, trainer) always mask."""
    if not public and may_see_personal_data(role):
        return None
    return masked_case
