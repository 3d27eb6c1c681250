"""Canned phrases (惯用语): sentences an operator types again and again into reason, note and
urging fields ("已电话联系责任单位", "请尽快到场处置"). The centre keeps one list, edited by an
administrator; every user may keep a list of their own. A form offers the user's own phrases
first, then the centre's.

The lists live in the shared database's settings (``Store.meta``), one JSON list per owner, so
every desk of the centre sees the same centre list."""
from __future__ import annotations

import json
from dataclasses import dataclass

from .auth import require_admin
from .errors import ValidationError
from .roles import User
from .text_input import clean_text

CENTRE_KEY = "phrases:centre"
MAX_PHRASES = 50
MAX_LENGTH = 200

#: code → (English, 中文): problems of a phrase list
MESSAGES: dict[str, tuple[str, str]] = {
    "too_many_phrases": ("more than {limit} phrases", "惯用语超过 {limit} 条"),
}


def user_key(name: str) -> str:
    return f"phrases:user:{name}"


@dataclass(frozen=True)
class Phrases:
    """A user's phrases and the centre's, as a form offers them."""

    own: tuple[str, ...] = ()
    centre: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        """Own first, then the centre's, each phrase once."""
        return tuple(dict.fromkeys(self.own + self.centre))


class PhraseBook:
    """Reads and edits the canned phrases of ``store``; the editor's role is checked against the
    stored user, never taken from the screen."""

    def __init__(self, store):
        self._store = store

    # Public API -----------------------------------------------------------------------------
    def for_user(self, name: str) -> Phrases:
        return Phrases(self._read(user_key(name)), self._read(CENTRE_KEY))

    def set_centre(self, actor: str, phrases) -> tuple[str, ...]:
        """The centre's list (administrators only)."""
        require_admin(self._user(actor), "phrases centre")
        cleaned = clean_phrases(phrases)
        self._store.set_meta(CENTRE_KEY, json.dumps(list(cleaned), ensure_ascii=False))
        return cleaned

    def set_own(self, actor: str, phrases) -> tuple[str, ...]:
        """``actor``'s own list."""
        user = self._user(actor)
        cleaned = clean_phrases(phrases)
        self._store.set_meta(user_key(user.name), json.dumps(list(cleaned), ensure_ascii=False))
        return cleaned

    # Private API ----------------------------------------------------------------------------
    def _user(self, name: str) -> User:
        user = next((u for u in self._store.users() if u.name == name and u.active), None)
        if user is None:
            raise ValidationError("user", name, "no such user", reason="unknown_user")
        return user

    def _read(self, key: str) -> tuple[str, ...]:
        text = self._store.meta(key)
        if not text:
            return ()
        try:
            value = json.loads(text)
        except ValueError:
            return ()
        return tuple(str(p) for p in value if isinstance(p, str) and p.strip()) if isinstance(value, list) else ()


def clean_phrases(phrases) -> tuple[str, ...]:
    """Trimmed, blank lines dropped, each phrase once; too long or too many is an error naming it."""
    out: list[str] = []
    for i, raw in enumerate(phrases, start=1):
        text = clean_text(str(raw)).strip()
        if not text:
            continue
        if len(text) > MAX_LENGTH:
            raise ValidationError("phrase", f"{i}: {text[:40]}…", f"longer than {MAX_LENGTH} characters",
                                  reason="too_long", limit=MAX_LENGTH)
        if text not in out:
            out.append(text)
    if len(out) > MAX_PHRASES:
        raise ValidationError("phrase", len(out), f"more than {MAX_PHRASES} phrases",
                              reason="too_many_phrases", limit=MAX_PHRASES)
    return tuple(out)
