"""The trainer's roster (学员名单): who is expected at a training session. The trainer picks the
trainees from the staff list (in the trainer window, or ``trainer --trainees u1,u2``); the roster
is kept in the sandbox with the session (``meta`` training_roster), so the debrief and its exports
list every expected trainee — one who never signed in or never acted as absent (未参加) with 0 —
besides anyone else who acted."""
from __future__ import annotations

import json
from typing import Iterable

from .errors import ValidationError
from .roles import Role, User

ROSTER_KEY = "training_roster"
MESSAGES = {
    "not_a_trainee": ("not an active trainee account (staff who can be expected: {known})",
                      "不是在岗的学员账号（可选学员：{known}）"),
}


def trainee_candidates(users: Iterable[User]) -> list[User]:
    """The staff a trainer may expect at a session: every active user but trainers, by name."""
    return sorted((u for u in users if u.active and u.role is not Role.TRAINER), key=lambda u: u.name)


def check_roster(names: Iterable[str], users: Iterable[User], option: str = "trainees") -> tuple[str, ...]:
    """The roster as given (order kept, repeats dropped), every name an active non-trainer user;
    an unknown name is refused naming it and who could be expected."""
    candidates = {u.name: u for u in trainee_candidates(users)}
    roster: list[str] = []
    for raw in names:
        name = raw.strip()
        if not name or name in roster:
            continue
        if name not in candidates:
            shown = ", ".join(list(candidates)[:12]) + (" …" if len(candidates) > 12 else "")
            raise ValidationError(option, name, f"not an active trainee account (staff who can be expected: "
                                                f"{shown or 'none'})", reason="not_a_trainee", known=shown or "—")
        roster.append(name)
    return tuple(roster)


def parse_roster(text: str | None, users: Iterable[User], option: str = "--trainees") -> tuple[str, ...]:
    """``u1,u2`` (commas or spaces) → the checked roster; None or empty → no roster."""
    if not text:
        return ()
    return check_roster(text.replace(",", " ").split(), users, option)


def save_roster(store, names: Iterable[str]) -> None:
    store.set_meta(ROSTER_KEY, json.dumps(list(names), ensure_ascii=False))


def load_roster(store) -> tuple[str, ...]:
    text = store.meta(ROSTER_KEY)
    if not text:
        return ()
    try:
        names = json.loads(text)
    except ValueError:
        return ()
    return tuple(str(n) for n in names) if isinstance(names, list) else ()


__all__ = ["ROSTER_KEY", "check_roster", "load_roster", "parse_roster", "save_roster", "trainee_candidates"]
