"""What a desk keeps per operator between sessions, under their own name in the desk's settings:
the departments they pinned on the linkage board, their queue columns' widths and order, and
whether the urgent chime sounds (the dock arrangement is ``ui.desk.docks``' own)."""
from __future__ import annotations

from PySide6.QtCore import QSettings


class OperatorPreferences:
    def __init__(self, settings: QSettings):
        self.settings = settings

    def pinned_departments(self, user) -> list[str]:
        if user is None:
            return []
        saved = self.settings.value(self._board_key(user), [])
        return [saved] if isinstance(saved, str) else list(saved or [])

    def save_pinned_departments(self, user, codes: list[str]) -> None:
        if user is not None:
            self.settings.setValue(self._board_key(user), list(codes))

    def queue_columns(self, user, queues) -> dict:
        """Queue key → the header state saved for ``user`` (only the queues that have one)."""
        states = {}
        if user is not None:
            for queue in queues:
                state = self.settings.value(f"{self._columns_key(user)}/{queue}")
                if state is not None:
                    states[queue] = state
        return states

    def save_queue_columns(self, user, states: dict) -> None:
        if user is not None:
            for queue, state in states.items():
                self.settings.setValue(f"{self._columns_key(user)}/{queue}", state)

    def sound_enabled(self, key: str) -> bool:
        return str(self.settings.value(key, "true")).lower() not in ("false", "0")

    def save_sound(self, key: str, enabled: bool) -> None:
        self.settings.setValue(key, enabled)

    @staticmethod
    def _board_key(user) -> str:
        return f"desk/users/{user.name}/board_pinned"

    @staticmethod
    def _columns_key(user) -> str:
        return f"desk/users/{user.name}/queue_columns"
